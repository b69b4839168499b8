import { int, type EffectDefinition } from '../../define.ts';
import { container, type VfioNestingState } from '../state.ts';

export const pasidAlloc: EffectDefinition<VfioNestingState> = {
  name: 'pasid-alloc',
  doc: 'The container now owns the PASID.',
  args: { container: 'expression', pasid: 'expression' },
  apply: (s, a) => {
    container(s, int(a, 'container')).pasids.add(int(a, 'pasid'));
  },
};
