import { type QueryDefinition } from '../../define.ts';
import { type IommufdState } from '../state.ts';

export const rlimitMode: QueryDefinition<IommufdState> = {
  name: 'rlimit-mode',
  doc: '1 when pinned pages are accounted to the mm, 0 (the default) when to the user.',
  args: {},
  returns: 'int',
  evaluate: (s) => s.rlimitMode,
};
