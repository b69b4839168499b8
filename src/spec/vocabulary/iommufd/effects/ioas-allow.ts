import { readUint } from '../../../../layout/codec.ts';
import { int, type EffectDefinition } from '../../define.ts';
import { must, type IommufdState } from '../state.ts';

export const ioasAllow: EffectDefinition<IommufdState> = {
  name: 'ioas-allow',
  doc: 'The IOAS\'s allowed ranges are now exactly the count iommu_iova_range entries at address in the caller\'s memory.',
  args: { ioas: 'expression', address: 'expression', count: 'expression' },
  apply: (s, a, { before }) => {
    const allowed: { start: bigint; last: bigint }[] = [];
    for (let i = 0n; i < int(a, 'count'); i++) {
      const bytes = before.read(int(a, 'address') + i * 16n, 16);
      allowed.push({ start: readUint(bytes, 0, 8), last: readUint(bytes, 8, 8) });
    }
    must(s, int(a, 'ioas'), 'ioas').allowed = allowed;
  },
};
