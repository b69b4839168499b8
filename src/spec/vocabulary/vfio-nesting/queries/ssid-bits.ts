import { type QueryDefinition } from '../../define.ts';
import { SSID_BITS, type VfioNestingState } from '../state.ts';

export const ssidBits: QueryDefinition<VfioNestingState> = {
  name: 'ssid-bits',
  doc: 'For the shared PASID-table checks: the substream id width of the model\'s devices.',
  args: {},
  returns: 'int',
  evaluate: () => SSID_BITS,
};
