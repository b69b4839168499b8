import { int, type EffectDefinition } from '../../define.ts';
import { must, overlaps, rangeOf, ascending, type IommufdState } from '../state.ts';

export const ioasCopy: EffectDefinition<IommufdState> = {
  name: 'ioas-copy',
  doc: 'The source range\'s mappings are mapped again in the destination IOAS at dst_iova, one mapping per source piece, each keeping the user VA it came from.',
  args: { dst: 'expression', dst_iova: 'expression', src: 'expression', src_iova: 'expression', length: 'expression', writable: 'expression' },
  apply: (s, a) => {
    const src = must(s, int(a, 'src'), 'ioas');
    const dst = must(s, int(a, 'dst'), 'ioas');
    const r = rangeOf(int(a, 'src_iova'), int(a, 'length'));
    const shift = int(a, 'dst_iova') - r.start;
    const pieces = src.mappings.filter((m) => overlaps(rangeOf(m.iova, m.length), r)).sort((x, y) => ascending(x.iova, y.iova));
    for (const m of pieces) {
      const start = m.iova > r.start ? m.iova : r.start;
      const last = m.iova + m.length - 1n < r.last ? m.iova + m.length - 1n : r.last;
      dst.mappings.push({ iova: start + shift, length: last - start + 1n, uva: m.uva + (start - m.iova), writable: int(a, 'writable') !== 0n });
    }
  },
};
