import { int, type EffectDefinition } from '../../define.ts';
import { attachDevice, type IommufdState } from '../state.ts';

export const mockDomain: EffectDefinition<IommufdState> = {
  name: 'mock-domain',
  doc: 'A new selftest device object with its mock device (of the driver, without dirty tracking when flags has bit 0), attached to hwpt: an existing HWPT, or a new automatic paging HWPT on the IOAS ioas.',
  args: { ioas: 'expression', stdev: 'expression', dev: 'expression', hwpt: 'expression', flags: 'expression', driver: 'expression' },
  apply: (s, a) => {
    const [stdev, dev] = [int(a, 'stdev'), int(a, 'dev')];
    const device = { kind: 'device' as const, id: dev, driver: int(a, 'driver'), noDirty: (int(a, 'flags') & 1n) !== 0n, stdev, hwpt: 0n, partial: [] };
    s.objects.set(stdev, { kind: 'stdev', id: stdev, dev });
    s.objects.set(dev, device);
    attachDevice(s, device, int(a, 'ioas'), int(a, 'hwpt'));
  },
};
