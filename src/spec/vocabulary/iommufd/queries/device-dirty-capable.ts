import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const deviceDirtyCapable: QueryDefinition<IommufdState> = {
  name: 'device-dirty-capable',
  doc: 'True when the device supports dirty tracking (made without MOCK_FLAGS_DEVICE_NO_DIRTY).',
  args: { id: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => get(s, int(a, 'id'), 'device')?.noDirty === false,
};
