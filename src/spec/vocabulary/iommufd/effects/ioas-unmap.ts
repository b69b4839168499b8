import { int, type EffectDefinition } from '../../define.ts';
import { must, rangeOf, type IommufdState } from '../state.ts';

export const ioasUnmap: EffectDefinition<IommufdState> = {
  name: 'ioas-unmap',
  doc: 'Every mapping lying wholly inside [iova, iova+length-1] is gone.',
  args: { ioas: 'expression', iova: 'expression', length: 'expression' },
  apply: (s, a) => {
    const ioas = must(s, int(a, 'ioas'), 'ioas');
    const r = rangeOf(int(a, 'iova'), int(a, 'length'));
    ioas.mappings = ioas.mappings.filter((m) => !(m.iova >= r.start && m.iova + m.length - 1n <= r.last));
  },
};
