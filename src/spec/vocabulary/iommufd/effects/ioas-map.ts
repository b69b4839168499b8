import { int, type EffectDefinition } from '../../define.ts';
import { must, type IommufdState } from '../state.ts';

export const ioasMap: EffectDefinition<IommufdState> = {
  name: 'ioas-map',
  doc: 'A new mapping of the IOAS, backed by the user VA.',
  args: { ioas: 'expression', iova: 'expression', length: 'expression', writable: 'expression', user_va: 'expression' },
  apply: (s, a) => {
    must(s, int(a, 'ioas'), 'ioas').mappings.push({ iova: int(a, 'iova'), length: int(a, 'length'), uva: int(a, 'user_va'), writable: int(a, 'writable') !== 0n });
  },
};
