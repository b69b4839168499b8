import { int, type EffectDefinition } from '../../define.ts';
import { must, type IommufdState } from '../state.ts';

export const ioasUnmapAll: EffectDefinition<IommufdState> = {
  name: 'ioas-unmap-all',
  doc: 'Every mapping of the IOAS is gone.',
  args: { ioas: 'expression' },
  apply: (s, a) => {
    must(s, int(a, 'ioas'), 'ioas').mappings = [];
  },
};
