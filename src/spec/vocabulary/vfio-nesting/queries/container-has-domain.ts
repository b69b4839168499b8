import { int, type QueryDefinition } from '../../define.ts';
import { groupsOf, type VfioNestingState } from '../state.ts';

export const containerHasDomain: QueryDefinition<VfioNestingState> = {
  name: 'container-has-domain',
  doc: 'True when the container has an IOMMU type set and at least one group attached, so a domain exists.',
  args: { container: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => (s.containers.get(int(a, 'container'))?.iommu ?? 0n) !== 0n && groupsOf(s, int(a, 'container')).length > 0,
};
