import { readUint } from '../../../../layout/codec.ts';
import { int, type EffectDefinition } from '../../define.ts';
import { must, groupsThatFit, RECORD_SIZE, type IommufdState } from '../state.ts';

/** Offset of the cookie in struct iommu_hwpt_pgfault. */
const COOKIE_OFFSET = 36n;

export const deliverFaults: EffectDefinition<IommufdState> = {
  name: 'deliver-faults',
  doc: 'The whole queued groups that fit in capacity bytes leave the queue and become outstanding, under the cookies the implementation wrote into their records at address.',
  args: { fault: 'expression', address: 'expression', capacity: 'expression' },
  apply: (s, a, { after }) => {
    const fault = must(s, int(a, 'fault'), 'fault');
    const groups = groupsThatFit(fault, int(a, 'capacity'));
    let at = int(a, 'address');
    for (const g of groups) {
      fault.outstanding.set(readUint(after.read(at + COOKIE_OFFSET, 4), 0, 4), g);
      at += BigInt(g.records.length) * RECORD_SIZE;
    }
    fault.queue = fault.queue.slice(groups.length);
  },
};
