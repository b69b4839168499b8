import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const hwInfoLength: QueryDefinition<IommufdState> = {
  name: 'hw-info-length',
  doc: 'The length of the device\'s hardware-info data: 8 for a mock device, 24 for a VT-d-flavoured one.',
  args: { dev: 'expression' },
  returns: 'int',
  evaluate: (s, a) => (get(s, int(a, 'dev'), 'device')?.driver === 1n ? 24n : 8n),
};
