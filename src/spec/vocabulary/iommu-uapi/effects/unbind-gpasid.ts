import { int, type EffectDefinition } from '../../define.ts';
import type { IommuUapiState } from '../state.ts';

export const unbindGpasid: EffectDefinition<IommuUapiState> = {
  name: 'unbind-gpasid',
  doc: 'Nothing is bound at host PASID hpasid any more.',
  args: { hpasid: 'expression' },
  apply: (s, args) => void s.bound.delete(int(args, 'hpasid')),
};
