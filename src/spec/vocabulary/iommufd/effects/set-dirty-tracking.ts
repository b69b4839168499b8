import { int, type EffectDefinition } from '../../define.ts';
import { must, type IommufdState } from '../state.ts';

export const setDirtyTracking: EffectDefinition<IommufdState> = {
  name: 'set-dirty-tracking',
  doc: 'Dirty tracking of the paging HWPT is now on (enable nonzero) or off.',
  args: { hwpt: 'expression', enable: 'expression' },
  apply: (s, a) => {
    must(s, int(a, 'hwpt'), 'hwpt_paging').dirtyEnabled = int(a, 'enable') !== 0n;
  },
};
