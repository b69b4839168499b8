import { readUint } from '../../../../layout/codec.ts';
import { int, type QueryDefinition } from '../../define.ts';
import { type IommufdState } from '../state.ts';

export const userU32: QueryDefinition<IommufdState> = {
  name: 'user-u32',
  doc: 'The little-endian u32 at that address of the caller\'s user memory.',
  args: { address: 'expression' },
  returns: 'int',
  evaluate: (_s, a, { mem }) => readUint(mem.read(int(a, 'address'), 4), 0, 4),
};
