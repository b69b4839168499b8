import { int, type QueryDefinition } from '../../define.ts';
import { domainsOf, type IommufdState } from '../state.ts';

export const ioasHasDomain: QueryDefinition<IommufdState> = {
  name: 'ioas-has-domain',
  doc: 'True when a paging HWPT (a domain) is attached to the IOAS.',
  args: { ioas: 'expression' },
  returns: 'bool',
  evaluate: (s, a) => domainsOf(s, int(a, 'ioas')).length > 0,
};
