import { int, type EffectDefinition } from '../../define.ts';
import type { IommuUapiState } from '../state.ts';

export const completeFault: EffectDefinition<IommuUapiState> = {
  name: 'complete-fault',
  doc: 'The page request of group grpid got its response and no longer waits.',
  args: { grpid: 'expression' },
  apply: (s, args) => {
    const grpid = int(args, 'grpid');
    s.pending = s.pending.filter((p) => p.grpid !== grpid);
  },
};
