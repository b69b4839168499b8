import { int, type QueryDefinition } from '../../define.ts';
import { allowedSpans, get, rangeOf, type IommufdState } from '../state.ts';

export const ioasAllowedMiss: QueryDefinition<IommufdState> = {
  name: 'ioas-allowed-miss',
  doc: 'True when the IOAS has allowed ranges and [iova, iova+length-1] is not inside one allowed span (touching ranges join, as interval_tree_span_iter joins them).',
  args: { ioas: 'expression', iova: 'expression', length: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => {
    const ioas = get(s, int(a, 'ioas'), 'ioas');
    const r = rangeOf(int(a, 'iova'), int(a, 'length'));
    return !!ioas && ioas.allowed.length > 0 && !allowedSpans(ioas).some((x) => x.start <= r.start && r.last <= x.last);
  },
};
