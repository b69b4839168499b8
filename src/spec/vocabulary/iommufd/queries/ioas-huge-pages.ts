import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const ioasHugePages: QueryDefinition<IommufdState> = {
  name: 'ioas-huge-pages',
  doc: '1 when the IOAS may use huge pages (the default), 0 after OPTION HUGE_PAGES=0.',
  args: { ioas: 'expression' },
  returns: 'int',
  evaluate: (s, a) => (get(s, int(a, 'ioas'), 'ioas')?.hugePages === false ? 0n : 1n),
};
