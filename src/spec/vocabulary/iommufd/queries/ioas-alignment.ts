import { int, type QueryDefinition } from '../../define.ts';
import { get, alignmentOf, type IommufdState } from '../state.ts';

export const ioasAlignment: QueryDefinition<IommufdState> = {
  name: 'ioas-alignment',
  doc: 'The IOVA alignment of the IOAS: 4096 with huge pages off, 2048 (the mock page size) with a domain attached, else 1.',
  args: { ioas: 'expression' },
  returns: 'int',
  evaluate: (s, a) => {
    const ioas = get(s, int(a, 'ioas'), 'ioas');
    return ioas ? alignmentOf(s, ioas) : 1n;
  },
};
