import { int, type EffectDefinition } from '../../define.ts';
import { container, type VfioNestingState } from '../state.ts';

export const unbind: EffectDefinition<VfioNestingState> = {
  name: 'unbind',
  doc: 'Nothing is bound at the PASID on the devices of the container any more.',
  args: { container: 'expression', pasid: 'expression' },
  apply: (s, a) => {
    container(s, int(a, 'container')).bound.delete(int(a, 'pasid'));
  },
};
