import { int, type EffectDefinition } from '../../define.ts';
import { group, type VfioNestingState } from '../state.ts';

export const setContainer: EffectDefinition<VfioNestingState> = {
  name: 'set-container',
  doc: 'The group is now in the container.',
  args: { group: 'expression', container: 'expression' },
  apply: (s, a) => {
    group(s, int(a, 'group')).container = int(a, 'container');
  },
};
