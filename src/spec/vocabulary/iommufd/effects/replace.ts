import { int, type EffectDefinition } from '../../define.ts';
import { get, must, ofKind, removeHwpt, answerGroupsOf, attachDevice, type IommufdState } from '../state.ts';

export const replace: EffectDefinition<IommufdState> = {
  name: 'replace',
  doc: 'The device of the selftest object moves to hwpt (an existing HWPT, or a new automatic one on the IOAS pt). The groups it raised through its old HWPT are answered INVALID, and an automatic HWPT left without devices goes away.',
  args: { stdev: 'expression', pt: 'expression', hwpt: 'expression' },
  apply: (s, a) => {
    const device = must(s, must(s, int(a, 'stdev'), 'stdev').dev, 'device');
    const hwpt = int(a, 'hwpt');
    const old = device.hwpt;
    answerGroupsOf(s, device.id, old);
    attachDevice(s, device, int(a, 'pt'), hwpt);
    const h = get(s, old, 'hwpt_paging');
    if (old !== hwpt && h?.auto && !ofKind(s, 'device').some((d) => d.hwpt === old)) removeHwpt(s, old);
  },
};
