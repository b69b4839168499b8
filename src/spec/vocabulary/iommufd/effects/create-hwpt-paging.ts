import { int, type EffectDefinition } from '../../define.ts';
import { must, reserveAperture, type IommufdState } from '../state.ts';

export const createHwptPaging: EffectDefinition<IommufdState> = {
  name: 'create-hwpt-paging',
  doc: 'A new paging HWPT on the IOAS for the device, with its domain attached to the IOAS (the mock aperture reserves everything outside it).',
  args: { id: 'expression', ioas: 'expression', dev: 'expression', nestParent: 'expression', dirty: 'expression' },
  apply: (s, a) => {
    const id = int(a, 'id');
    const ioas = must(s, int(a, 'ioas'), 'ioas');
    const driver = must(s, int(a, 'dev'), 'device').driver;
    s.objects.set(id, { kind: 'hwpt_paging', id, ioas: ioas.id, driver, nestParent: int(a, 'nestParent') !== 0n, dirty: int(a, 'dirty') !== 0n, auto: false, dirtyEnabled: false });
    reserveAperture(ioas, id);
  },
};
