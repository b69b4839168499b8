import { int, strs, type QueryDefinition } from '../../define.ts';
import { get, type Kind, type IommufdState } from '../state.ts';

export const objectIs: QueryDefinition<IommufdState> = {
  name: 'object-is',
  doc: 'True when an object with this id exists (and, with kinds, is of one of them).',
  args: { id: 'expression', kinds: 'literals' },
  returns: 'bool',
  evaluate: (s, a) => get(s, int(a, 'id'), ...((strs(a, 'kinds') ?? []) as Kind[])) !== undefined,
};
