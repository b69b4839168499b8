import { int, type EffectDefinition } from '../../define.ts';
import { type IommufdState } from '../state.ts';

export const createFault: EffectDefinition<IommufdState> = {
  name: 'create-fault',
  doc: 'A new fault object with its file descriptor open and nothing queued.',
  args: { id: 'expression' },
  apply: (s, a) => {
    const id = int(a, 'id');
    s.objects.set(id, { kind: 'fault', id, fdOpen: true, queue: [], outstanding: new Map() });
  },
};
