import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const hwptNestParent: QueryDefinition<IommufdState> = {
  name: 'hwpt-nest-parent',
  doc: 'True for a paging HWPT allocated with NEST_PARENT.',
  args: { id: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => get(s, int(a, 'id'), 'hwpt_paging')?.nestParent ?? false,
};
