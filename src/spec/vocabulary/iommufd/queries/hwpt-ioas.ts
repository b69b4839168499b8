import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const hwptIoas: QueryDefinition<IommufdState> = {
  name: 'hwpt-ioas',
  doc: 'The IOAS of a paging HWPT; 0 for anything else.',
  args: { id: 'expression' },
  returns: 'int',
  evaluate: (s, a) => get(s, int(a, 'id'), 'hwpt_paging')?.ioas ?? 0n,
};
