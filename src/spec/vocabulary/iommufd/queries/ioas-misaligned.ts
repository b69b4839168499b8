import { int, type QueryDefinition } from '../../define.ts';
import { get, PAGE_SIZE, type IommufdState } from '../state.ts';

export const ioasMisaligned: QueryDefinition<IommufdState> = {
  name: 'ioas-misaligned',
  doc: 'True when some mapping of the IOAS has an IOVA, a length or a user-VA page offset that is not a multiple of alignment.',
  args: { ioas: 'expression', alignment: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => {
    const align = int(a, 'alignment');
    return (get(s, int(a, 'ioas'), 'ioas')?.mappings ?? []).some((m) => m.iova % align !== 0n || m.length % align !== 0n || (m.uva % PAGE_SIZE) % align !== 0n);
  },
};
