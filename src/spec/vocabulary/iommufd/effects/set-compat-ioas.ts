import { int, type EffectDefinition } from '../../define.ts';
import { type IommufdState } from '../state.ts';

export const setCompatIoas: EffectDefinition<IommufdState> = {
  name: 'set-compat-ioas',
  doc: 'The VFIO compatibility layer now uses this IOAS (0: none).',
  args: { ioas: 'expression' },
  apply: (s, a) => {
    s.compat = int(a, 'ioas');
  },
};
