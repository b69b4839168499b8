import { int, type QueryDefinition } from '../../define.ts';
import { type VfioNestingState } from '../state.ts';

export const containerExists: QueryDefinition<VfioNestingState> = {
  name: 'container-exists',
  doc: 'True when the container exists.',
  args: { container: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => s.containers.has(int(a, 'container')),
};
