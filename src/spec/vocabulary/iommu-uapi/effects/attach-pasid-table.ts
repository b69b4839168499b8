import { int, type EffectDefinition } from '../../define.ts';
import type { IommuUapiState } from '../state.ts';

export const attachPasidTable: EffectDefinition<IommuUapiState> = {
  name: 'attach-pasid-table',
  doc: 'A PASID table with this config is attached to the domain, replacing any earlier one.',
  args: { config: 'expression' },
  apply: (s, args) => void (s.pasidTableConfig = int(args, 'config')),
};
