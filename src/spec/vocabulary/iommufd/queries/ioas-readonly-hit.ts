import { int, type QueryDefinition } from '../../define.ts';
import { get, overlaps, rangeOf, type IommufdState } from '../state.ts';

export const ioasReadonlyHit: QueryDefinition<IommufdState> = {
  name: 'ioas-readonly-hit',
  doc: 'True when part of [iova, iova+length-1] is mapped without WRITEABLE.',
  args: { ioas: 'expression', iova: 'expression', length: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => {
    const r = rangeOf(int(a, 'iova'), int(a, 'length'));
    return (get(s, int(a, 'ioas'), 'ioas')?.mappings ?? []).some((m) => !m.writable && overlaps(rangeOf(m.iova, m.length), r));
  },
};
