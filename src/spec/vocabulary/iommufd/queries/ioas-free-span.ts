import { int, type QueryDefinition } from '../../define.ts';
import { alignmentOf, allowedSpans, get, holes, PAGE_SIZE, U64_MAX, type IommufdState } from '../state.ts';

/** The smallest power of two at least x (x > 0). */
function roundupPowOfTwo(x: bigint): bigint {
  let p = 1n;
  while (p < x) p <<= 1n;
  return p;
}

/** Where a block of `length` bytes would start inside [start, last], aligned and at the user VA's page offset. */
function fit(start: bigint, last: bigint, length: bigint, align: bigint, pageOffset: bigint): boolean {
  const aligned = (((start + align - 1n) / align) * align) | pageOffset;
  return aligned < last && last - aligned >= length - 1n;
}

export const ioasFreeSpan: QueryDefinition<IommufdState> = {
  name: 'ioas-free-span',
  doc:
    'True when the IOVA allocator finds room for an automatic mapping of this length backed by user_va: a block aligned to min(roundup_pow_of_two(length), the lowest set bit of user_va) (capped at PAGE_SIZE), at the page offset of user_va, inside an allowed span (touching allowed ranges join, as interval_tree_span_iter joins them) (or [PAGE_SIZE, 2^64-1-PAGE_SIZE] when none is set), meeting no reserved region and no mapping. Linux 6.12 iopt_alloc_iova, without transparent huge pages.',
  args: { ioas: 'expression', length: 'expression', user_va: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => {
    const ioas = get(s, int(a, 'ioas'), 'ioas');
    const [length, uva] = [int(a, 'length'), int(a, 'user_va')];
    if (!ioas || length === 0n) return false;
    const lowBit = uva & -uva;
    let align = uva === 0n ? roundupPowOfTwo(length) : roundupPowOfTwo(length) < lowBit ? roundupPowOfTwo(length) : lowBit;
    if (align >= PAGE_SIZE) align = PAGE_SIZE;
    if (align < alignmentOf(s, ioas)) return false;
    const pageOffset = uva % PAGE_SIZE;
    const full = { start: PAGE_SIZE, last: U64_MAX - PAGE_SIZE };
    const windows = ioas.allowed.length ? allowedSpans(ioas) : [full];
    const used = [...ioas.reserved, ...ioas.mappings.map((m) => ({ start: m.iova, last: m.iova + m.length - 1n }))];
    for (const w of windows) {
      const clipped = { start: w.start > full.start ? w.start : full.start, last: w.last < full.last ? w.last : full.last };
      if (clipped.start > clipped.last || !fit(clipped.start, clipped.last, length, align, pageOffset)) continue;
      if (holes(clipped, used).some((h) => fit(h.start, h.last, length, align, pageOffset))) return true;
    }
    return false;
  },
};
