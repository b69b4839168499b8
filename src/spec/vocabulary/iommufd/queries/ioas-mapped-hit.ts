import { int, type QueryDefinition } from '../../define.ts';
import { get, overlaps, rangeOf, type IommufdState } from '../state.ts';

export const ioasMappedHit: QueryDefinition<IommufdState> = {
  name: 'ioas-mapped-hit',
  doc: 'True when [iova, iova+length-1] meets an existing mapping of the IOAS.',
  args: { ioas: 'expression', iova: 'expression', length: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => {
    const r = rangeOf(int(a, 'iova'), int(a, 'length'));
    return (get(s, int(a, 'ioas'), 'ioas')?.mappings ?? []).some((m) => overlaps(rangeOf(m.iova, m.length), r));
  },
};
