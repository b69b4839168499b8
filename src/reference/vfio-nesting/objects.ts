/**
 * The objects of the vfio-nesting model: containers (struct vfio_container with its type1 backend,
 * struct vfio_iommu), groups (struct vfio_group), the devices of a group, and the system-wide PASID
 * allocator (the IOASID allocator behind the vSVA series' vfio_mm).
 */
import type { IommuDevice, UapiCtx } from '../iommu-uapi/iommu-core.ts';
import type { SmmuDomain } from '../iommu-uapi/smmuv3.ts';

/** What a device's IOMMU lacks (create_group's `lacks` bitmask). */
export const LACKS_BIND_GPASID = 1 << 0;
export const LACKS_ATTACH_PASID_TABLE = 1 << 1;
export const LACKS_CACHE_INVALIDATE = 1 << 2;

export interface VfioDevice extends IommuDevice {
  group: VfioGroup;
  /** Index in the group. */
  index: number;
  /** Ops its IOMMU lacks (LACKS_* bits). */
  lacks: number;
}

export interface VfioGroup {
  id: number;
  devices: VfioDevice[];
  /** group->container */
  container: VfioContainer | null;
}

/** struct vfio_domain: one per attached group in this model, with the SMMUv3-style stage-1 state. */
export interface Type1Domain {
  group: VfioGroup;
  smmu: SmmuDomain;
}

/** struct vfio_iommu: the type1 backend, present once VFIO_SET_IOMMU succeeded. */
export interface Type1Iommu {
  /** The VFIO IOMMU type it was opened with (1, 3 or 6). */
  type: number;
  /** iommu->nesting (VFIO_TYPE1_NESTING_IOMMU) */
  nesting: boolean;
  /** iommu->domain_list, in attach order. */
  domains: Type1Domain[];
}

export interface VfioContainer {
  id: number;
  /** container->group_list, in the order the groups joined. */
  groups: VfioGroup[];
  /** container->iommu_driver / iommu_data: null until VFIO_SET_IOMMU, and again when the last group leaves. */
  iommu: Type1Iommu | null;
  /** PASIDs this container allocated with PASID_REQUEST ALLOC and has not freed (its vfio_mm's ioasid set). */
  pasids: Set<number>;
  /** Guest page-table binds made through the container: PASID -> devices holding the bind. */
  binds: Map<bigint, Set<VfioDevice>>;
}

export interface VfioState {
  containers: Map<number, VfioContainer>;
  groups: Map<number, VfioGroup>;
  /** Containers and groups are file descriptors of one process: they share one number space. */
  nextFd: number;
  /** System-wide PASID allocator: PASID -> owning container. */
  pasidOwner: Map<number, VfioContainer>;
}

/** What every vfio-nesting handler needs: the IOMMU-core context (user memory, known sizes, defects) and the state. */
export interface VfioCtx extends UapiCtx {
  state: VfioState;
  /** sizeof(struct vfio_iommu_type1_info) of the version the implementation knows. */
  infoSize: number;
}

export function newVfioState(): VfioState {
  return { containers: new Map(), groups: new Map(), nextFd: 1, pasidOwner: new Map() };
}

/** The devices of every group attached to the backend, domain by domain (vfio_iommu_for_each_dev). */
export function containerDevices(iommu: Type1Iommu): VfioDevice[] {
  return iommu.domains.flatMap((d) => d.group.devices);
}

/** The container has a domain: its IOMMU type is set and some group is attached. */
export function hasDomain(container: VfioContainer): boolean {
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: only handlers VFIO reaches with a backend ask, and a backend always has a domain
  return container.iommu !== null && container.iommu.domains.length > 0;
}

/** The vSVA series' iommu->vmm: a PASID context exists for a nesting container with a domain. */
export function hasVmm(container: VfioContainer): boolean {
  return hasDomain(container) && container.iommu!.nesting;
}
