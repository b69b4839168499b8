import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const faultFdOpen: QueryDefinition<IommufdState> = {
  name: 'fault-fd-open',
  doc: 'True while the fault object\'s file descriptor is open.',
  args: { fault: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => get(s, int(a, 'fault'), 'fault')?.fdOpen ?? false,
};
