import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const hwptDriver: QueryDefinition<IommufdState> = {
  name: 'hwpt-driver',
  doc: 'The driver (0 mock, 1 VT-d-flavoured) of the device a HWPT was allocated for.',
  args: { id: 'expression' },
  returns: 'int',
  evaluate: (s, a) => get(s, int(a, 'id'), 'hwpt_paging', 'hwpt_nested')?.driver ?? 0n,
};
