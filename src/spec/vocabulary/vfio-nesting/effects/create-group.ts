import { int, type EffectDefinition } from '../../define.ts';
import { type VfioNestingState } from '../state.ts';

export const createGroup: EffectDefinition<VfioNestingState> = {
  name: 'create-group',
  doc: 'A new group of `devices` devices exists, in no container; device number `lacking` (when below the count) lacks the ops in the `lacks` mask.',
  args: { id: 'expression', devices: 'expression', lacking: 'expression', lacks: 'expression' },
  apply: (s, a) => {
    const id = int(a, 'id');
    s.groups.set(id, { id, devices: Number(int(a, 'devices')), lacking: Number(int(a, 'lacking')), lacks: int(a, 'lacks'), container: 0n });
  },
};
