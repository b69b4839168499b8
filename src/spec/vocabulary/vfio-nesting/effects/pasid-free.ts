import { int, type EffectDefinition } from '../../define.ts';
import { container, type VfioNestingState } from '../state.ts';

export const pasidFree: EffectDefinition<VfioNestingState> = {
  name: 'pasid-free',
  doc: 'The container\'s PASIDs in [min, max] are freed (unbound first when bound).',
  args: { container: 'expression', min: 'expression', max: 'expression' },
  apply: (s, a) => {
    const c = container(s, int(a, 'container'));
    const [min, max] = [int(a, 'min'), int(a, 'max')];
    for (const p of [...c.pasids]) {
      if (p < min || p > max) continue;
      c.pasids.delete(p);
      c.bound.delete(p);
    }
  },
};
