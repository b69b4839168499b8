import { int, type EffectDefinition } from '../../define.ts';
import { must, MOCK_IOTLB_ENTRIES, type IommufdState } from '../state.ts';

export const createHwptNested: EffectDefinition<IommufdState> = {
  name: 'create-hwpt-nested',
  doc: 'A new nested HWPT on the parent, for the device\'s driver, delivering faults to the fault object (0 for none); a mock one has 4 IOTLB entries set to iotlb.',
  args: { id: 'expression', parent: 'expression', dev: 'expression', fault: 'expression', iotlb: 'expression' },
  apply: (s, a) => {
    const id = int(a, 'id');
    const driver = must(s, int(a, 'dev'), 'device').driver;
    s.objects.set(id, { kind: 'hwpt_nested', id, parent: int(a, 'parent'), driver, fault: int(a, 'fault'), iotlb: Array.from({ length: MOCK_IOTLB_ENTRIES }, () => int(a, 'iotlb')) });
  },
};
