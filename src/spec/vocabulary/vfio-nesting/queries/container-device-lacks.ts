import { int, str, type QueryDefinition } from '../../define.ts';
import { groupsOf, LACKS, type VfioNestingState } from '../state.ts';

export const containerDeviceLacks: QueryDefinition<VfioNestingState> = {
  name: 'container-device-lacks',
  doc: 'True when some device of the container\'s groups lacks the named operation (bind_gpasid, attach_pasid_table, cache_invalidate).',
  args: { container: 'expression', op: 'literal' },
  returns: 'bool',
  evaluate: (s, a) =>
    groupsOf(s, int(a, 'container')).some((g) => g.lacking < g.devices && (g.lacks & (LACKS[str(a, 'op')] ?? 0n)) !== 0n),
};
