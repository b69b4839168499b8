import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const deviceDriver: QueryDefinition<IommufdState> = {
  name: 'device-driver',
  doc: 'The driver of a device: 0 mock, 1 VT-d-flavoured.',
  args: { id: 'expression' },
  returns: 'int',
  evaluate: (s, a) => get(s, int(a, 'id'), 'device')?.driver ?? 0n,
};
