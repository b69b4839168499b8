import { int, type QueryDefinition } from '../../define.ts';
import { get, rangeOf, type IommufdState } from '../state.ts';

export const ioasAllowedMiss: QueryDefinition<IommufdState> = {
  name: 'ioas-allowed-miss',
  doc: 'True when the IOAS has allowed ranges and [iova, iova+length-1] is not inside one of them.',
  args: { ioas: 'expression', iova: 'expression', length: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => {
    const allowed = get(s, int(a, 'ioas'), 'ioas')?.allowed ?? [];
    const r = rangeOf(int(a, 'iova'), int(a, 'length'));
    return allowed.length > 0 && !allowed.some((x) => x.start <= r.start && r.last <= x.last);
  },
};
