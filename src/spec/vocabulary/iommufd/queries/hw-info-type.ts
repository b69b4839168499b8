import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const hwInfoType: QueryDefinition<IommufdState> = {
  name: 'hw-info-type',
  doc: 'The hardware-info data type of the device: IOMMU_HW_INFO_TYPE_SELFTEST (0xfeedbeef) for a mock device, IOMMU_HW_INFO_TYPE_INTEL_VTD (1) for a VT-d-flavoured one.',
  args: { dev: 'expression' },
  returns: 'int',
  evaluate: (s, a) => (get(s, int(a, 'dev'), 'device')?.driver === 1n ? 1n : 0xfeedbeefn),
};
