import { int, type QueryDefinition } from '../../define.ts';
import { type VfioNestingState } from '../state.ts';

export const groupContainer: QueryDefinition<VfioNestingState> = {
  name: 'group-container',
  doc: 'The container the group is in; 0 when it is in none.',
  args: { group: 'expression' },
  returns: 'int',
  evaluate: (s, a) => s.groups.get(int(a, 'group'))?.container ?? 0n,
};
