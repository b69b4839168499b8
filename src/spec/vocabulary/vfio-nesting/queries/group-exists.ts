import { int, type QueryDefinition } from '../../define.ts';
import { type VfioNestingState } from '../state.ts';

export const groupExists: QueryDefinition<VfioNestingState> = {
  name: 'group-exists',
  doc: 'True when the group exists.',
  args: { group: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => s.groups.has(int(a, 'group')),
};
