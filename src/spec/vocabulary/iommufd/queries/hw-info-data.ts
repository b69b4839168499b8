import { writeUint } from '../../../../layout/codec.ts';
import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const hwInfoData: QueryDefinition<IommufdState> = {
  name: 'hw-info-data',
  doc: 'The device\'s hardware-info data: {flags 0, test_reg 0xdeadbeef} for a mock device; 24 zero bytes (flags, cap_reg and ecap_reg all 0: the model\'s VT-d device has no capabilities) for a VT-d-flavoured one.',
  args: { dev: 'expression' },
  returns: 'bytes',
  evaluate: (s, a) => {
    if (get(s, int(a, 'dev'), 'device')?.driver === 1n) return new Uint8Array(24);
    const data = new Uint8Array(8);
    writeUint(data, 4, 4, 0xdeadbeefn);
    return data;
  },
};
