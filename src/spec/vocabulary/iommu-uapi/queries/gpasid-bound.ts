import { int, type QueryDefinition } from '../../define.ts';
import type { IommuUapiState } from '../state.ts';

export const gpasidBound: QueryDefinition<IommuUapiState> = {
  name: 'gpasid-bound',
  doc: 'True when the device has a guest page table bound at host PASID hpasid.',
  args: { hpasid: 'expression' },
  returns: 'bool',
  evaluate: (s, args) => s.bound.has(int(args, 'hpasid')),
};
