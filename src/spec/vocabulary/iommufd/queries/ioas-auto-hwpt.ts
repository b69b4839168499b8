import { int, type QueryDefinition } from '../../define.ts';
import { domainsOf, ascending, type IommufdState } from '../state.ts';

export const ioasAutoHwpt: QueryDefinition<IommufdState> = {
  name: 'ioas-auto-hwpt',
  doc: 'The oldest automatic paging HWPT of the IOAS made for a device of this driver; 0 when there is none.',
  args: { ioas: 'expression', driver: 'expression' },
  returns: 'int',
  evaluate: (s, a) => domainsOf(s, int(a, 'ioas')).filter((h) => h.auto && h.driver === int(a, 'driver')).sort((x, y) => ascending(x.id, y.id))[0]?.id ?? 0n,
};
