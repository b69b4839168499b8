/** A group of devices; device i lacks the ops in `lacks` when i === lacking. */
export interface Group {
  id: bigint;
  devices: number;
  lacking: number;
  lacks: bigint;
  container: bigint;
}

export interface Container {
  id: bigint;
  /** VFIO IOMMU type set on the container; 0 when none. */
  iommu: bigint;
  pasids: Set<bigint>;
  /** PASIDs bound through the container, on every device of its groups. */
  bound: Set<bigint>;
  /** Config of the PASID table set on the container; 0 when none. */
  pasidTable: bigint;
}

/** The oracle's picture of the VFIO type1 nesting model: containers, groups and their devices. */
export interface VfioNestingState {
  containers: Map<bigint, Container>;
  groups: Map<bigint, Group>;
}

/** Bits of create_group's `lacks`: the operations a device's IOMMU may lack. */
export const LACKS: Record<string, bigint> = { bind_gpasid: 1n, attach_pasid_table: 2n, cache_invalidate: 4n };

export const VFIO_TYPE1_NESTING_IOMMU = 6n;

/** The model's SMMUv3-like devices have 20-bit substream ids. */
export const SSID_BITS = 20n;

export function initialState(): VfioNestingState {
  return { containers: new Map(), groups: new Map() };
}

export function clone(s: VfioNestingState): VfioNestingState {
  return {
    containers: new Map([...s.containers].map(([id, c]) => [id, { ...c, pasids: new Set(c.pasids), bound: new Set(c.bound) }])),
    groups: new Map([...s.groups].map(([id, g]) => [id, { ...g }])),
  };
}

export function group(s: VfioNestingState, id: bigint): Group {
  const g = s.groups.get(id);
  if (!g) throw new Error(`no group ${id}`);
  return g;
}

export function groupsOf(s: VfioNestingState, container: bigint): Group[] {
  return [...s.groups.values()].filter((g) => g.container === container);
}

export function container(s: VfioNestingState, id: bigint): Container {
  const c = s.containers.get(id);
  if (!c) throw new Error(`no container ${id}`);
  return c;
}

const ascending = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

export function snapshot(s: VfioNestingState) {
  return {
    profile: 'vfio-nesting' as const,
    containers: [...s.containers.values()]
      .sort((a, b) => ascending(a.id, b.id))
      .map((c) => {
        const groups = groupsOf(s, c.id).sort((a, b) => ascending(a.id, b.id));
        const devices = groups.reduce((n, g) => n + g.devices, 0);
        return {
          id: Number(c.id),
          iommu: Number(c.iommu),
          groups: groups.map((g) => ({ id: Number(g.id), devices: g.devices })),
          pasids: [...c.pasids].sort(ascending).map(String),
          binds: [...c.bound].sort(ascending).map((pasid) => ({ pasid: String(pasid), devices })),
          pasidTable: c.pasidTable !== 0n,
        };
      }),
  };
}

/** Container and group ids share one id space in the model, like file descriptors. */
export function isFreshId(s: VfioNestingState, id: bigint): boolean {
  return !s.containers.has(id) && !s.groups.has(id);
}
