import { int, type EffectDefinition } from '../../define.ts';
import { must, type IommufdState } from '../state.ts';

export const respondFault: EffectDefinition<IommufdState> = {
  name: 'respond-fault',
  doc: 'The group the cookie names is answered and no longer outstanding.',
  args: { fault: 'expression', cookie: 'expression' },
  apply: (s, a) => {
    must(s, int(a, 'fault'), 'fault').outstanding.delete(int(a, 'cookie'));
  },
};
