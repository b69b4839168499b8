import { int, type EffectDefinition } from '../../define.ts';
import { get, must, removeHwpt, detachDevice, type IommufdState } from '../state.ts';

export const destroy: EffectDefinition<IommufdState> = {
  name: 'destroy',
  doc: 'The object is gone. Destroying a selftest device object detaches its device (answering its faults INVALID) and removes the device; a paging HWPT takes its domain\'s reservations with it.',
  args: { id: 'expression' },
  apply: (s, a) => {
    const id = int(a, 'id');
    const o = s.objects.get(id);
    if (o?.kind === 'stdev') {
      const device = must(s, o.dev, 'device');
      detachDevice(s, device);
      s.objects.delete(device.id);
    }
    if (o?.kind === 'hwpt_paging') removeHwpt(s, id);
    s.objects.delete(id);
  },
};
