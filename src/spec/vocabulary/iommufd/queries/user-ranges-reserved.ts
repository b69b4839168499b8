import { readUint } from '../../../../layout/codec.ts';
import { int, type QueryDefinition } from '../../define.ts';
import { get, overlaps, type IommufdState } from '../state.ts';

export const userRangesReserved: QueryDefinition<IommufdState> = {
  name: 'user-ranges-reserved',
  doc: 'True when some iommu_iova_range of the user array meets a reserved region of the IOAS.',
  args: { ioas: 'expression', address: 'expression', count: 'expression' },
  returns: 'bool',
  evaluate: (s, a, { mem }) => {
    const reserved = get(s, int(a, 'ioas'), 'ioas')?.reserved ?? [];
    for (let i = 0n; i < int(a, 'count'); i++) {
      const bytes = mem.read(int(a, 'address') + i * 16n, 16);
      const r = { start: readUint(bytes, 0, 8), last: readUint(bytes, 8, 8) };
      if (reserved.some((x) => overlaps(x, r))) return true;
    }
    return false;
  },
};
