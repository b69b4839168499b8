import { int, type QueryDefinition } from '../../define.ts';
import type { VfioNestingState } from '../state.ts';

export const pasidAvailable: QueryDefinition<VfioNestingState> = {
  name: 'pasid-available',
  doc: 'True when some PASID in [min, max] is allocated to no container (PASIDs are system-wide).',
  args: { min: 'expression', max: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => {
    const [min, max] = [int(a, 'min'), int(a, 'max')];
    if (max < min) return false;
    let taken = 0n;
    for (const c of s.containers.values()) for (const p of c.pasids) if (p >= min && p <= max) taken++;
    return taken < max - min + 1n;
  },
};
