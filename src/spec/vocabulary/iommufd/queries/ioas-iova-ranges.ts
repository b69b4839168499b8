import { int, type QueryDefinition } from '../../define.ts';
import { get, iovaRanges, type IommufdState } from '../state.ts';

export const ioasIovaRanges: QueryDefinition<IommufdState> = {
  name: 'ioas-iova-ranges',
  doc: 'The usable IOVA ranges of the IOAS, as {start, last} records in ascending order.',
  args: { ioas: 'expression' },
  returns: 'list',
  evaluate: (s, a) => {
    const ioas = get(s, int(a, 'ioas'), 'ioas');
    return ioas ? iovaRanges(ioas).map((r) => ({ start: r.start, last: r.last })) : [];
  },
};
