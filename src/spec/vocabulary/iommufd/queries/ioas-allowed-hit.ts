import { int, type QueryDefinition } from '../../define.ts';
import { get, overlaps, rangeOf, type IommufdState } from '../state.ts';

export const ioasAllowedHit: QueryDefinition<IommufdState> = {
  name: 'ioas-allowed-hit',
  doc: 'True when [iova, iova+length-1] meets an allowed range of the IOAS.',
  args: { ioas: 'expression', iova: 'expression', length: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => {
    const r = rangeOf(int(a, 'iova'), int(a, 'length'));
    return (get(s, int(a, 'ioas'), 'ioas')?.allowed ?? []).some((x) => overlaps(x, r));
  },
};
