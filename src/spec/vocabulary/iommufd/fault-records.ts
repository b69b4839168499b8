import { readUint } from '../../../layout/codec.ts';
import type { SpecialWriteback } from '../../oracle/writeback.ts';
import { groupsThatFit, must, RECORD_SIZE, type IommufdState } from './state.ts';

// struct iommu_hwpt_pgfault: flags, dev_id, pasid, grpid, perm, __reserved (u32 each), addr (u64), length, cookie (u32).
const FIELDS: [keyof import('./state.ts').FaultRecord | 'length', number, number][] = [
  ['flags', 0, 4],
  ['dev_id', 4, 4],
  ['pasid', 8, 4],
  ['grpid', 12, 4],
  ['perm', 16, 4],
  ['addr', 24, 8],
  ['length', 32, 4],
];
const COOKIE = 36;

/**
 * The records a fault read hands out: the whole queued groups that fit, each record as raised (length 0),
 * every record of a group carrying one nonzero cookie that no other outstanding group has.
 */
export const faultRecords: SpecialWriteback = (frame, args) => {
  const state = () => frame.run.state as IommufdState;
  const capacity = args.capacity!;
  return {
    regions: () => [{ address: args.address!, length: capacity }],
    verify: () => {
      const after = frame.run.after!;
      const fault = must(state(), args.fault!, 'fault');
      const problems: string[] = [];
      const taken = new Set(fault.outstanding.keys());
      let at = args.address!;
      for (const [gi, group] of groupsThatFit(fault, capacity).entries()) {
        let cookie: bigint | undefined;
        for (const [ri, record] of group.records.entries()) {
          const bytes = after.read(at, Number(RECORD_SIZE));
          for (const [name, offset, size] of FIELDS) {
            const want = name === 'length' ? 0n : record[name];
            const got = readUint(bytes, offset, size);
            if (got !== want) problems.push(`group ${gi} record ${ri}: ${name} is 0x${got.toString(16)}, expected 0x${want.toString(16)}`);
          }
          const c = readUint(bytes, COOKIE, 4);
          if (cookie === undefined) cookie = c;
          else if (c !== cookie) problems.push(`group ${gi} record ${ri}: cookie ${c} differs from the group's cookie ${cookie}`);
          at += RECORD_SIZE;
        }
        if (cookie === 0n) problems.push(`group ${gi}: cookie 0`);
        else if (cookie !== undefined && taken.has(cookie)) problems.push(`group ${gi}: cookie ${cookie} already names another outstanding group`);
        if (cookie !== undefined) taken.add(cookie);
      }
      return problems;
    },
  };
};
