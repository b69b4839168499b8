import { int, type EffectDefinition } from '../../define.ts';
import type { IommuUapiState } from '../state.ts';

export const bindGpasid: EffectDefinition<IommuUapiState> = {
  name: 'bind-gpasid',
  doc: 'The guest page table is now bound at host PASID hpasid, for guest PASID gpasid (0 when none was given).',
  args: { hpasid: 'expression', gpasid: 'expression' },
  apply: (s, args) => void s.bound.set(int(args, 'hpasid'), int(args, 'gpasid')),
};
