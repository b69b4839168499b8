import { int, type QueryDefinition } from '../../define.ts';
import { get, rangeOf, type IommufdState } from '../state.ts';

export const ioasMappedBytesIn: QueryDefinition<IommufdState> = {
  name: 'ioas-mapped-bytes-in',
  doc: 'The total length of the mappings lying wholly inside [iova, iova+length-1].',
  args: { ioas: 'expression', iova: 'expression', length: 'expression' },
  returns: 'int',
  evaluate: (s, a) => {
    const r = rangeOf(int(a, 'iova'), int(a, 'length'));
    return (get(s, int(a, 'ioas'), 'ioas')?.mappings ?? []).filter((m) => m.iova >= r.start && m.iova + m.length - 1n <= r.last).reduce((n, m) => n + m.length, 0n);
  },
};
