import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const faultOutstanding: QueryDefinition<IommufdState> = {
  name: 'fault-outstanding',
  doc: 'True when the cookie names a group of the fault object handed out by read() and not answered yet.',
  args: { fault: 'expression', cookie: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => get(s, int(a, 'fault'), 'fault')?.outstanding.has(int(a, 'cookie')) ?? false,
};
