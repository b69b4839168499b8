import { int, type EffectDefinition } from '../../define.ts';
import { get, must, type IommufdState } from '../state.ts';

/** IOMMU_PGFAULT_FLAGS_LAST_PAGE: the request closes its group. */
const LAST_PAGE = 2n;

export const raiseFault: EffectDefinition<IommufdState> = {
  name: 'raise-fault',
  doc: 'The device raised a page request. Without LAST_PAGE it waits in the device\'s partial list; with LAST_PAGE it closes its group: the waiting requests of the same group id and it form one group, queued on the fault object of the nested HWPT the device is attached to (and answered by the core, so lost to userspace, when there is none).',
  args: { dev: 'expression', pasid: 'expression', grpid: 'expression', perm: 'expression', addr: 'expression', flags: 'expression' },
  apply: (s, a) => {
    const device = must(s, int(a, 'dev'), 'device');
    const record = { flags: int(a, 'flags'), dev_id: device.id, pasid: int(a, 'pasid'), grpid: int(a, 'grpid'), perm: int(a, 'perm'), addr: int(a, 'addr') };
    if ((record.flags & LAST_PAGE) === 0n) {
      device.partial.push(record);
      return;
    }
    const records = [...device.partial.filter((r) => r.grpid === record.grpid), record];
    device.partial = device.partial.filter((r) => r.grpid !== record.grpid);
    const hwpt = get(s, device.hwpt, 'hwpt_nested');
    const fault = hwpt && hwpt.fault ? get(s, hwpt.fault, 'fault') : undefined;
    fault?.queue.push({ dev: device.id, hwpt: device.hwpt, records });
  },
};
