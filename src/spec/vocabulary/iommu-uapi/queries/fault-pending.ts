import { int, type QueryDefinition } from '../../define.ts';
import { findPending, type IommuUapiState } from '../state.ts';

export const faultPending: QueryDefinition<IommuUapiState> = {
  name: 'fault-pending',
  doc: 'True when a reported page request of group grpid still waits for its response.',
  args: { grpid: 'expression' },
  returns: 'bool',
  evaluate: (s, args) => findPending(s, int(args, 'grpid')) !== undefined,
};
