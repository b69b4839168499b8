import { str, type QueryDefinition } from '../../define.ts';
import type { IommuUapiState } from '../state.ts';

export const driverHas: QueryDefinition<IommuUapiState> = {
  name: 'driver-has',
  doc: 'True when the vendor driver implements the named operation (cache_invalidate, bind_gpasid — which also stands for unbind —, attach_pasid_table — also detach —, page_response).',
  args: { op: 'literal' },
  returns: 'bool',
  evaluate: (s, args) => s.ops.has(str(args, 'op')),
};
