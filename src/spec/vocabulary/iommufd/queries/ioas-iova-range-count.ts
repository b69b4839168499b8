import { int, type QueryDefinition } from '../../define.ts';
import { get, iovaRanges, type IommufdState } from '../state.ts';

export const ioasIovaRangeCount: QueryDefinition<IommufdState> = {
  name: 'ioas-iova-range-count',
  doc: 'How many usable IOVA ranges the IOAS has (the holes between its reserved regions).',
  args: { ioas: 'expression' },
  returns: 'int',
  evaluate: (s, a) => {
    const ioas = get(s, int(a, 'ioas'), 'ioas');
    return ioas ? BigInt(iovaRanges(ioas).length) : 0n;
  },
};
