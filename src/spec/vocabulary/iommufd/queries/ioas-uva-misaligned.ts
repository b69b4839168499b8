import { int, type QueryDefinition } from '../../define.ts';
import { get, rangeOf, PAGE_SIZE, type IommufdState } from '../state.ts';

export const ioasUvaMisaligned: QueryDefinition<IommufdState> = {
  name: 'ioas-uva-misaligned',
  doc: 'True when the user VA backing iova, or the user-VA page offset of a mapping that starts inside the range, is not a multiple of alignment.',
  args: { ioas: 'expression', iova: 'expression', length: 'expression', alignment: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => {
    const [iova, align] = [int(a, 'iova'), int(a, 'alignment')];
    const r = rangeOf(iova, int(a, 'length'));
    const mappings = get(s, int(a, 'ioas'), 'ioas')?.mappings ?? [];
    const first = mappings.find((m) => m.iova <= iova && iova < m.iova + m.length);
    if (first && (first.uva + (iova - first.iova)) % align !== 0n) return true;
    return mappings.some((m) => m.iova > r.start && m.iova <= r.last && (m.uva % PAGE_SIZE) % align !== 0n);
  },
};
