import { int, type QueryDefinition } from '../../define.ts';
import { get, groupsThatFit, RECORD_SIZE, type IommufdState } from '../state.ts';

export const faultReadBytes: QueryDefinition<IommufdState> = {
  name: 'fault-read-bytes',
  doc: '40 times the number of records of the whole queued groups that fit, in order, in capacity bytes.',
  args: { fault: 'expression', capacity: 'expression' },
  returns: 'int',
  evaluate: (s, a) => {
    const fault = get(s, int(a, 'fault'), 'fault');
    return fault ? groupsThatFit(fault, int(a, 'capacity')).reduce((n, g) => n + BigInt(g.records.length) * RECORD_SIZE, 0n) : 0n;
  },
};
