import { type QueryDefinition } from '../../define.ts';
import { type VfioNestingState } from '../state.ts';

export const pasidTableConfig: QueryDefinition<VfioNestingState> = {
  name: 'pasid-table-config',
  doc: 'For the shared PASID-table checks: the config of the PASID table set on the call\'s container; 0 when none.',
  args: {},
  returns: 'int',
  evaluate: (s, _a, { call }) => s.containers.get(call.args.container ?? 0n)?.pasidTable ?? 0n,
};
