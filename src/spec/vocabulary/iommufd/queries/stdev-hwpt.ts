import { int, type QueryDefinition } from '../../define.ts';
import { get, type IommufdState } from '../state.ts';

export const stdevHwpt: QueryDefinition<IommufdState> = {
  name: 'stdev-hwpt',
  doc: 'The HWPT the device of a selftest device object is attached to.',
  args: { stdev: 'expression' },
  returns: 'int',
  evaluate: (s, a) => get(s, get(s, int(a, 'stdev'), 'stdev')?.dev ?? 0n, 'device')?.hwpt ?? 0n,
};
