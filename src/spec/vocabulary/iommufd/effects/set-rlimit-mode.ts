import { int, type EffectDefinition } from '../../define.ts';
import { type IommufdState } from '../state.ts';

export const setRlimitMode: EffectDefinition<IommufdState> = {
  name: 'set-rlimit-mode',
  doc: 'Pinned pages are now accounted to the mm (1) or to the user (0).',
  args: { value: 'expression' },
  apply: (s, a) => {
    s.rlimitMode = int(a, 'value');
  },
};
