import { int, type EffectDefinition } from '../../define.ts';
import { container, type VfioNestingState } from '../state.ts';

export const bind: EffectDefinition<VfioNestingState> = {
  name: 'bind',
  doc: 'The guest page table is bound at the PASID on every device of the container.',
  args: { container: 'expression', pasid: 'expression' },
  apply: (s, a) => {
    container(s, int(a, 'container')).bound.add(int(a, 'pasid'));
  },
};
