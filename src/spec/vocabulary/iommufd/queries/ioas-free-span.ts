import { int, type QueryDefinition } from '../../define.ts';
import { get, overlaps, rangeOf, alignmentOf, PAGE_SIZE, U64_MAX, ascending, type IommufdState } from '../state.ts';

export const ioasFreeSpan: QueryDefinition<IommufdState> = {
  name: 'ioas-free-span',
  doc: 'True when some span of that length, starting at a nonzero multiple of the IOAS alignment, lies inside the allowed ranges (or [PAGE_SIZE, 2^64-1-PAGE_SIZE] when none are set) and meets no reserved region and no mapping.',
  args: { ioas: 'expression', length: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => {
    const ioas = get(s, int(a, 'ioas'), 'ioas');
    const length = int(a, 'length');
    if (!ioas || length === 0n) return false;
    const align = alignmentOf(s, ioas);
    const windows = ioas.allowed.length ? ioas.allowed : [{ start: PAGE_SIZE, last: U64_MAX - PAGE_SIZE }];
    const used = [...ioas.reserved, ...ioas.mappings.map((m) => rangeOf(m.iova, m.length))].sort((x, y) => ascending(x.start, y.start));
    for (const w of windows) {
      let at = w.start;
      for (;;) {
        at = ((at + align - 1n) / align) * align || align;
        if (at + length - 1n > w.last) break;
        const blocker = used.find((u) => overlaps(u, rangeOf(at, length)));
        if (!blocker) return true;
        at = blocker.last + 1n;
      }
    }
    return false;
  },
};
