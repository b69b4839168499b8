import { int, type EffectDefinition } from '../../define.ts';
import { must, type IommufdState } from '../state.ts';

export const setHugePages: EffectDefinition<IommufdState> = {
  name: 'set-huge-pages',
  doc: 'The IOAS may (1) or may not (0) use huge pages.',
  args: { ioas: 'expression', value: 'expression' },
  apply: (s, a) => {
    must(s, int(a, 'ioas'), 'ioas').hugePages = int(a, 'value') !== 0n;
  },
};
