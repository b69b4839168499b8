import { int, type EffectDefinition } from '../../define.ts';
import { container, type VfioNestingState } from '../state.ts';

export const setIommu: EffectDefinition<VfioNestingState> = {
  name: 'set-iommu',
  doc: 'The container now has this IOMMU type, and a domain for its groups.',
  args: { container: 'expression', type: 'expression' },
  apply: (s, a) => {
    container(s, int(a, 'container')).iommu = int(a, 'type');
  },
};
