import { int, type EffectDefinition } from '../../define.ts';
import { type IommufdState } from '../state.ts';

export const createIoas: EffectDefinition<IommufdState> = {
  name: 'create-ioas',
  doc: 'A new, empty IOAS (huge pages on).',
  args: { id: 'expression' },
  apply: (s, a) => {
    const id = int(a, 'id');
    s.objects.set(id, { kind: 'ioas', id, mappings: [], allowed: [], reserved: [], hugePages: true });
  },
};
