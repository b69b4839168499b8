import type { EffectDefinition } from '../../define.ts';
import type { IommuUapiState } from '../state.ts';

export const detachPasidTable: EffectDefinition<IommuUapiState> = {
  name: 'detach-pasid-table',
  doc: 'No PASID table is attached any more.',
  args: {},
  apply: (s) => void (s.pasidTableConfig = 0n),
};
