import { int, type EffectDefinition } from '../../define.ts';
import { container, type VfioNestingState } from '../state.ts';

export const pasidTableSet: EffectDefinition<VfioNestingState> = {
  name: 'pasid-table-set',
  doc: 'A PASID table with this config is set on every domain of the container, replacing any earlier one.',
  args: { container: 'expression', config: 'expression' },
  apply: (s, a) => {
    container(s, int(a, 'container')).pasidTable = int(a, 'config');
  },
};
