import { int, type EffectDefinition } from '../../define.ts';
import type { IommuUapiState } from '../state.ts';

export const reportFault: EffectDefinition<IommuUapiState> = {
  name: 'report-fault',
  doc: 'The device reported a page request of group grpid (with its PASID and flags) that now waits for a response.',
  args: { grpid: 'expression', pasid: 'expression', flags: 'expression' },
  apply: (s, args) => void s.pending.push({ grpid: int(args, 'grpid'), pasid: int(args, 'pasid'), flags: int(args, 'flags') }),
};
