import { type QueryDefinition } from '../../define.ts';
import { type IommufdState } from '../state.ts';

export const compatIoas: QueryDefinition<IommufdState> = {
  name: 'compat-ioas',
  doc: 'The IOAS the VFIO compatibility layer uses; 0 when none is set.',
  args: {},
  returns: 'int',
  evaluate: (s) => s.compat,
};
