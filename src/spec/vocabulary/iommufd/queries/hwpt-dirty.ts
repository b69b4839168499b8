import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const hwptDirty: QueryDefinition<IommufdState> = {
  name: 'hwpt-dirty',
  doc: 'True for a paging HWPT allocated with DIRTY_TRACKING.',
  args: { id: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => get(s, int(a, 'id'), 'hwpt_paging')?.dirty ?? false,
};
