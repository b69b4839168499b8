import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const hwCapabilities: QueryDefinition<IommufdState> = {
  name: 'hw-capabilities',
  doc: 'The capability bits GET_HW_INFO reports: IOMMU_HW_CAP_DIRTY_TRACKING when the device supports dirty tracking.',
  args: { dev: 'expression' },
  returns: 'int',
  evaluate: (s, a) => (get(s, int(a, 'dev'), 'device')?.noDirty === false ? 1n : 0n),
};
