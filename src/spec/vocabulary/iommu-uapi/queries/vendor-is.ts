import { str, type QueryDefinition } from '../../define.ts';
import type { IommuUapiState } from '../state.ts';

export const vendorIs: QueryDefinition<IommuUapiState> = {
  name: 'vendor-is',
  doc: 'True when the IOMMU is of the named vendor ("vtd" or "smmuv3").',
  args: { vendor: 'literal' },
  returns: 'bool',
  evaluate: (s, args) => s.vendor === str(args, 'vendor'),
};
