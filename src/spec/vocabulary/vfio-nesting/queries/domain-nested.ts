import { type QueryDefinition } from '../../define.ts';
import { VFIO_TYPE1_NESTING_IOMMU, type VfioNestingState } from '../state.ts';

export const domainNested: QueryDefinition<VfioNestingState> = {
  name: 'domain-nested',
  doc: 'For the shared PASID-table checks: the domain of the call\'s container is a nesting domain.',
  args: {},
  returns: 'bool',
  evaluate: (s, _a, { call }) => s.containers.get(call.args.container ?? 0n)?.iommu === VFIO_TYPE1_NESTING_IOMMU,
};
