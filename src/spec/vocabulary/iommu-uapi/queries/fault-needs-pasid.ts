import { int, type QueryDefinition } from '../../define.ts';
import { findPending, type IommuUapiState } from '../state.ts';

// IOMMU_FAULT_PAGE_RESPONSE_NEEDS_PASID: the response must echo the request's PASID.
const NEEDS_PASID = 1n << 3n;

export const faultNeedsPasid: QueryDefinition<IommuUapiState> = {
  name: 'fault-needs-pasid',
  doc: 'True when the pending page request of group grpid was reported with NEEDS_PASID, so its response must carry the same PASID.',
  args: { grpid: 'expression' },
  returns: 'bool',
  evaluate: (s, args) => ((findPending(s, int(args, 'grpid'))?.flags ?? 0n) & NEEDS_PASID) !== 0n,
};
