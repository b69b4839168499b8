import { readUint } from '../../../../layout/codec.ts';
import { int, type QueryDefinition } from '../../define.ts';
import { overlaps, type IommufdState } from '../state.ts';

export const userRangesFirstBad: QueryDefinition<IommufdState> = {
  name: 'user-ranges-first-bad',
  doc: 'The index of the first iommu_iova_range of the user array that cannot be read, has start >= last, or overlaps an earlier entry; count when every entry is good.',
  args: { address: 'expression', count: 'expression' },
  returns: 'int',
  evaluate: (_s, a, { mem }) => {
    const seen: { start: bigint; last: bigint }[] = [];
    const count = int(a, 'count');
    for (let i = 0n; i < count; i++) {
      const at = int(a, 'address') + i * 16n;
      if (mem.faults(at, 16n)) return i;
      const bytes = mem.read(at, 16);
      const r = { start: readUint(bytes, 0, 8), last: readUint(bytes, 8, 8) };
      if (r.start >= r.last || seen.some((x) => overlaps(x, r))) return i;
      seen.push(r);
    }
    return count;
  },
};
