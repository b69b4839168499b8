import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const stdevDev: QueryDefinition<IommufdState> = {
  name: 'stdev-dev',
  doc: 'The device (idev) of a selftest device object.',
  args: { stdev: 'expression' },
  returns: 'int',
  evaluate: (s, a) => get(s, int(a, 'stdev'), 'stdev')?.dev ?? 0n,
};
