import type { QueryDefinition } from '../../define.ts';
import type { IommuUapiState } from '../state.ts';

export const domainNested: QueryDefinition<IommuUapiState> = {
  name: 'domain-nested',
  doc: 'True when the domain is a nested (two-stage) domain, as the SMMUv3 PASID-table attach requires.',
  args: {},
  returns: 'bool',
  evaluate: (s) => s.domainNested,
};
