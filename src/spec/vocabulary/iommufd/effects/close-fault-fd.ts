import { int, type EffectDefinition } from '../../define.ts';
import { must, type IommufdState } from '../state.ts';

export const closeFaultFd: EffectDefinition<IommufdState> = {
  name: 'close-fault-fd',
  doc: 'The fault object\'s file descriptor is closed (the object stays until destroyed).',
  args: { fault: 'expression' },
  apply: (s, a) => {
    must(s, int(a, 'fault'), 'fault').fdOpen = false;
  },
};
