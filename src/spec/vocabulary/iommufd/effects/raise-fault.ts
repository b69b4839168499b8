import { int, type EffectDefinition } from '../../define.ts';
import { get, must, type IommufdState } from '../state.ts';

export const raiseFault: EffectDefinition<IommufdState> = {
  name: 'raise-fault',
  doc: 'The device raised a one-record page-request group; it is queued on the fault object of the nested HWPT the device is attached to (and lost when there is none).',
  args: { dev: 'expression', pasid: 'expression', grpid: 'expression', perm: 'expression', addr: 'expression', flags: 'expression' },
  apply: (s, a) => {
    const device = must(s, int(a, 'dev'), 'device');
    const hwpt = get(s, device.hwpt, 'hwpt_nested');
    const fault = hwpt && hwpt.fault ? get(s, hwpt.fault, 'fault') : undefined;
    if (!fault) return;
    const record = { flags: int(a, 'flags'), dev_id: device.id, pasid: int(a, 'pasid'), grpid: int(a, 'grpid'), perm: int(a, 'perm'), addr: int(a, 'addr') };
    fault.queue.push({ dev: device.id, hwpt: device.hwpt, records: [record] });
  },
};
