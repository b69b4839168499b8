import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const ioasMappingLast: QueryDefinition<IommufdState> = {
  name: 'ioas-mapping-last',
  doc: 'The last IOVA of the mapping holding iova (iova itself when it is not mapped).',
  args: { ioas: 'expression', iova: 'expression' },
  returns: 'int',
  evaluate: (s, a) => {
    const iova = int(a, 'iova');
    const m = (get(s, int(a, 'ioas'), 'ioas')?.mappings ?? []).find((x) => x.iova <= iova && iova < x.iova + x.length);
    return m ? m.iova + m.length - 1n : iova;
  },
};
