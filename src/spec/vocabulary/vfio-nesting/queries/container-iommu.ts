import { int, type QueryDefinition } from '../../define.ts';
import { type VfioNestingState } from '../state.ts';

export const containerIommu: QueryDefinition<VfioNestingState> = {
  name: 'container-iommu',
  doc: 'The VFIO IOMMU type set on the container; 0 when none is set.',
  args: { container: 'expression' },
  returns: 'int',
  evaluate: (s, a) => s.containers.get(int(a, 'container'))?.iommu ?? 0n,
};
