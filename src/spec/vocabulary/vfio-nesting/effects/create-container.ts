import { int, type EffectDefinition } from '../../define.ts';
import { type VfioNestingState } from '../state.ts';

export const createContainer: EffectDefinition<VfioNestingState> = {
  name: 'create-container',
  doc: 'A new container exists, with no IOMMU type, group or PASID.',
  args: { id: 'expression' },
  apply: (s, a) => {
    const id = int(a, 'id');
    s.containers.set(id, { id, iommu: 0n, pasids: new Set(), bound: new Set(), pasidTable: 0n });
  },
};
