import { int, type EffectDefinition } from '../../define.ts';
import { container, group, groupsOf, type VfioNestingState } from '../state.ts';

export const unsetContainer: EffectDefinition<VfioNestingState> = {
  name: 'unset-container',
  doc: 'The group left its container. Every PASID bound through the container was unbound first (NEST-006); when the last group leaves, the container loses its IOMMU type, domain and PASID table.',
  args: { group: 'expression' },
  apply: (s, a) => {
    const g = group(s, int(a, 'group'));
    const c = container(s, g.container);
    c.bound.clear();
    g.container = 0n;
    if (groupsOf(s, c.id).length === 0) {
      c.iommu = 0n;
      c.pasidTable = 0n;
    }
  },
};
