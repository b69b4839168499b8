import type { QueryDefinition } from '../../define.ts';
import type { IommuUapiState } from '../state.ts';

export const ssidBits: QueryDefinition<IommuUapiState> = {
  name: 'ssid-bits',
  doc: "The device's PASID (substream id) width in bits.",
  args: {},
  returns: 'int',
  evaluate: (s) => s.ssidBits,
};
