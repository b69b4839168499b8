import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const ioasUva: QueryDefinition<IommufdState> = {
  name: 'ioas-uva',
  doc: 'The user VA that backs a mapped IOVA (0 when it is not mapped).',
  args: { ioas: 'expression', iova: 'expression' },
  returns: 'int',
  evaluate: (s, a) => {
    const iova = int(a, 'iova');
    const m = (get(s, int(a, 'ioas'), 'ioas')?.mappings ?? []).find((x) => x.iova <= iova && iova < x.iova + x.length);
    return m ? m.uva + (iova - m.iova) : 0n;
  },
};
