import type { QueryDefinition } from '../../define.ts';
import type { IommuUapiState } from '../state.ts';

export const pasidTableConfig: QueryDefinition<IommuUapiState> = {
  name: 'pasid-table-config',
  doc: 'The config (TRANSLATE 1, BYPASS 2, ABORT 3) of the attached PASID table; 0 when none is attached.',
  args: {},
  returns: 'int',
  evaluate: (s) => s.pasidTableConfig,
};
