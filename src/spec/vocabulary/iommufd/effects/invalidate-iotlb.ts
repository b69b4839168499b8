import { int, type EffectDefinition } from '../../define.ts';
import { must, type IommufdState } from '../state.ts';

export const invalidateIotlb: EffectDefinition<IommufdState> = {
  name: 'invalidate-iotlb',
  doc: 'Mock IOTLB entry id of the nested HWPT is cleared, or every entry when all is nonzero.',
  args: { hwpt: 'expression', id: 'expression', all: 'expression' },
  apply: (s, a) => {
    const h = must(s, int(a, 'hwpt'), 'hwpt_nested');
    if (int(a, 'all') !== 0n) h.iotlb = h.iotlb.map(() => 0n);
    else h.iotlb[Number(int(a, 'id'))] = 0n;
  },
};
