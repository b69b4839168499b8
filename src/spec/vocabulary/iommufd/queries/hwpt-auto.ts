import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const hwptAuto: QueryDefinition<IommufdState> = {
  name: 'hwpt-auto',
  doc: 'True for an automatic paging HWPT (made by attaching a device to an IOAS).',
  args: { id: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => get(s, int(a, 'id'), 'hwpt_paging')?.auto ?? false,
};
