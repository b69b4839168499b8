import { int, type QueryDefinition } from '../../define.ts';
import { get, groupsThatFit, RECORD_SIZE, type IommufdState } from '../state.ts';

export const faultReadWritableBytes: QueryDefinition<IommufdState> = {
  name: 'fault-read-writable-bytes',
  doc: 'Like fault-read-bytes, but stops before the first group whose records cannot all be written to user memory at address (each record at its offset).',
  args: { fault: 'expression', address: 'expression', capacity: 'expression' },
  returns: 'int',
  evaluate: (s, a, { mem }) => {
    const fault = get(s, int(a, 'fault'), 'fault');
    if (!fault) return 0n;
    let used = 0n;
    for (const g of groupsThatFit(fault, int(a, 'capacity'))) {
      const size = BigInt(g.records.length) * RECORD_SIZE;
      if (mem.faults(int(a, 'address') + used, size, true)) break;
      used += size;
    }
    return used;
  },
};
