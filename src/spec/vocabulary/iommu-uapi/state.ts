import type { ProfileConfig } from '../../../adapters/call.ts';

/** A page request reported by the device and not yet answered. */
export interface PendingFault {
  grpid: bigint;
  pasid: bigint;
  flags: bigint;
}

/** The oracle's picture of one domain and device under the argsz-era IOMMU API (Linux 5.10). */
export interface IommuUapiState {
  vendor: 'vtd' | 'smmuv3';
  ops: Set<string>;
  domainNested: boolean;
  ssidBits: bigint;
  /** Guest PASID bindings: host PASID → guest PASID (0 when the guest PASID was not given). */
  bound: Map<bigint, bigint>;
  pending: PendingFault[];
  /** Config of the attached PASID table; 0 when none is attached. */
  pasidTableConfig: bigint;
}

/**
 * The operations each vendor's driver had in the series that proposed them: VT-d implemented guest PASID
 * bind, SMMUv3 the PASID-table attach; both cache invalidation and page responses.
 */
const VENDOR_OPS = {
  vtd: ['cache_invalidate', 'bind_gpasid', 'page_response'],
  smmuv3: ['cache_invalidate', 'attach_pasid_table', 'page_response'],
};

export function initialState(config: ProfileConfig): IommuUapiState {
  const vendor = config.vendor === 'smmuv3' ? 'smmuv3' : 'vtd';
  return {
    vendor,
    ops: new Set(Array.isArray(config.ops) ? config.ops : VENDOR_OPS[vendor]),
    domainNested: config.domainNested !== false,
    ssidBits: BigInt(typeof config.ssidBits === 'number' ? config.ssidBits : 20),
    bound: new Map(),
    pending: [],
    pasidTableConfig: 0n,
  };
}

export function clone(s: IommuUapiState): IommuUapiState {
  return { ...s, ops: new Set(s.ops), bound: new Map(s.bound), pending: s.pending.map((p) => ({ ...p })) };
}

/** What an adapter reports of this profile's state (schemas/snapshot.schema.json). */
export function snapshot(s: IommuUapiState) {
  return {
    profile: 'iommu-uapi' as const,
    bound: [...s.bound].sort(([a], [b]) => (a < b ? -1 : 1)).map(([hpasid, gpasid]) => ({ hpasid: String(hpasid), gpasid: String(gpasid) })),
    pending: s.pending.map((p) => String(p.grpid)),
    pasidTable: String(s.pasidTableConfig),
  };
}

export function findPending(s: IommuUapiState, grpid: bigint): PendingFault | undefined {
  return s.pending.find((p) => p.grpid === grpid);
}
