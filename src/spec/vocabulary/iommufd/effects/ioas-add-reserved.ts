import { int, type EffectDefinition } from '../../define.ts';
import { must, rangeOf, type IommufdState } from '../state.ts';

export const ioasAddReserved: EffectDefinition<IommufdState> = {
  name: 'ioas-add-reserved',
  doc: 'A reserved region [start, start+length-1] added by the test operation.',
  args: { ioas: 'expression', start: 'expression', length: 'expression' },
  apply: (s, a) => {
    const r = rangeOf(int(a, 'start'), int(a, 'length'));
    must(s, int(a, 'ioas'), 'ioas').reserved.push({ ...r, owner: 0n });
  },
};
