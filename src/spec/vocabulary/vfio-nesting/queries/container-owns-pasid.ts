import { int, type QueryDefinition } from '../../define.ts';
import { type VfioNestingState } from '../state.ts';

export const containerOwnsPasid: QueryDefinition<VfioNestingState> = {
  name: 'container-owns-pasid',
  doc: 'True when the container allocated the PASID through PASID_REQUEST and has not freed it.',
  args: { container: 'expression', pasid: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => s.containers.get(int(a, 'container'))?.pasids.has(int(a, 'pasid')) ?? false,
};
