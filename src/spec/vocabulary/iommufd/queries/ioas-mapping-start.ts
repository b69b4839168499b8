import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const ioasMappingStart: QueryDefinition<IommufdState> = {
  name: 'ioas-mapping-start',
  doc: 'The first IOVA of the mapping holding iova (iova itself when it is not mapped).',
  args: { ioas: 'expression', iova: 'expression' },
  returns: 'int',
  evaluate: (s, a) => {
    const iova = int(a, 'iova');
    return (get(s, int(a, 'ioas'), 'ioas')?.mappings ?? []).find((m) => m.iova <= iova && iova < m.iova + m.length)?.iova ?? iova;
  },
};
