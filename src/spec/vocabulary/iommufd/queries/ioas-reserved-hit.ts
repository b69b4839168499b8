import { int, type QueryDefinition } from '../../define.ts';
import { get, overlaps, rangeOf, type IommufdState } from '../state.ts';

export const ioasReservedHit: QueryDefinition<IommufdState> = {
  name: 'ioas-reserved-hit',
  doc: 'True when [iova, iova+length-1] meets a reserved region of the IOAS.',
  args: { ioas: 'expression', iova: 'expression', length: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => {
    const r = rangeOf(int(a, 'iova'), int(a, 'length'));
    return (get(s, int(a, 'ioas'), 'ioas')?.reserved ?? []).some((x) => overlaps(x, r));
  },
};
