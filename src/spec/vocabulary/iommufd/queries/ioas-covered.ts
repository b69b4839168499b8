import { int, type QueryDefinition } from '../../define.ts';
import { get, rangeOf, ascending, type IommufdState } from '../state.ts';

export const ioasCovered: QueryDefinition<IommufdState> = {
  name: 'ioas-covered',
  doc: 'True when every byte of [iova, iova+length-1] is mapped.',
  args: { ioas: 'expression', iova: 'expression', length: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => {
    const mappings = [...(get(s, int(a, 'ioas'), 'ioas')?.mappings ?? [])].sort((x, y) => ascending(x.iova, y.iova));
    const r = rangeOf(int(a, 'iova'), int(a, 'length'));
    let next = r.start;
    for (const m of mappings) {
      if (m.iova > next) break;
      if (m.iova + m.length > next) next = m.iova + m.length;
      if (next > r.last) return true;
    }
    return false;
  },
};
