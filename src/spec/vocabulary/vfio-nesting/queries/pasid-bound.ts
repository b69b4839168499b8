import { int, type QueryDefinition } from '../../define.ts';
import { type VfioNestingState } from '../state.ts';

export const pasidBound: QueryDefinition<VfioNestingState> = {
  name: 'pasid-bound',
  doc: 'True when the PASID is bound on the devices of the container.',
  args: { container: 'expression', pasid: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => s.containers.get(int(a, 'container'))?.bound.has(int(a, 'pasid')) ?? false,
};
