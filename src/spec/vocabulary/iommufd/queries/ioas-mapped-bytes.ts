import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const ioasMappedBytes: QueryDefinition<IommufdState> = {
  name: 'ioas-mapped-bytes',
  doc: 'The total length of the mappings of the IOAS.',
  args: { ioas: 'expression' },
  returns: 'int',
  evaluate: (s, a) => (get(s, int(a, 'ioas'), 'ioas')?.mappings ?? []).reduce((n, m) => n + m.length, 0n),
};
