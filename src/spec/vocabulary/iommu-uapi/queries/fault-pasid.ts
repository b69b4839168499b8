import { int, type QueryDefinition } from '../../define.ts';
import { findPending, type IommuUapiState } from '../state.ts';

export const faultPasid: QueryDefinition<IommuUapiState> = {
  name: 'fault-pasid',
  doc: 'The PASID of the pending page request of group grpid (0 when there is none).',
  args: { grpid: 'expression' },
  returns: 'int',
  evaluate: (s, args) => findPending(s, int(args, 'grpid'))?.pasid ?? 0n,
};
