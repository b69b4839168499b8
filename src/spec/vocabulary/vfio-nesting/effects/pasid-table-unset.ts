import { int, type EffectDefinition } from '../../define.ts';
import { container, type VfioNestingState } from '../state.ts';

export const pasidTableUnset: EffectDefinition<VfioNestingState> = {
  name: 'pasid-table-unset',
  doc: 'No PASID table is set on the container any more.',
  args: { container: 'expression' },
  apply: (s, a) => {
    container(s, int(a, 'container')).pasidTable = 0n;
  },
};
