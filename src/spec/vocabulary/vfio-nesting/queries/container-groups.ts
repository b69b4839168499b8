import { int, type QueryDefinition } from '../../define.ts';
import { groupsOf, type VfioNestingState } from '../state.ts';

export const containerGroups: QueryDefinition<VfioNestingState> = {
  name: 'container-groups',
  doc: 'The number of groups in the container.',
  args: { container: 'expression' },
  returns: 'int',
  evaluate: (s, a) => BigInt(groupsOf(s, int(a, 'container')).length),
};
