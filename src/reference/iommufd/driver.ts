/**
 * What iommufd needs from an IOMMU driver (struct iommu_ops / struct iommu_domain_ops in
 * include/linux/iommu.h), and the strict copy of driver-specific user data (__iommu_copy_struct_from_user
 * and its array variant, include/linux/iommu.h).
 */
import { E2BIG, EINVAL } from '../kernel/errno.ts';
import { copy_struct_from_user, u64 } from '../kernel/user-memory.ts';
import type { Device, IommufdCtx } from './objects.ts';

/** struct iommu_domain, reduced to what the model observes. */
export interface Domain {
  driver: IommuDriver;
  type: 'paging' | 'nested';
  /** domain->geometry.aperture_start / aperture_end */
  apertureStart: bigint;
  apertureEnd: bigint;
  pgsizeBitmap: bigint;
  /** domain->dirty_ops is set (allocated with IOMMU_HWPT_ALLOC_DIRTY_TRACKING). */
  dirtyOps: boolean;
  /** Allocated with IOMMU_HWPT_ALLOC_NEST_PARENT (dmar_domain->nested_parent). */
  nestParent: boolean;
  /** A nested domain's parent (stage-2) domain. */
  parent: Domain | null;
  /** The mock nested domain's IOTLB (MOCK_NESTED_DOMAIN_IOTLB_NUM entries); null for other domains. */
  iotlb: number[] | null;
  /** domain->iopf_handler is set: page faults are delivered to a fault object. */
  iopfHandler: boolean;
}

/** struct iommu_user_data */
export interface UserData {
  type: number;
  uptr: bigint;
  len: number;
}

/** struct iommu_user_data_array */
export interface UserDataArray {
  type: number;
  uptr: bigint;
  entryLen: number;
  entryNum: number;
}

export interface HwInfo {
  type: number;
  data: Uint8Array;
}

/** The driver side: struct iommu_ops plus the domain ops iommufd calls. */
export interface IommuDriver {
  readonly name: 'mock' | 'vtd';
  /** ops->hw_info */
  hwInfo(dev: Device): HwInfo;
  /** device_iommu_capable(dev, IOMMU_CAP_DIRTY_TRACKING) */
  capableDirtyTracking(dev: Device): boolean;
  /** ops->domain_alloc_user: a paging domain (parent null) or a nested domain on `parent`. */
  domainAllocUser(
    ctx: IommufdCtx,
    dev: Device,
    flags: number,
    parent: Domain | null,
    userData: UserData | null,
  ): Domain | number;
  /** domain->ops->attach_dev */
  attachDev(domain: Domain, dev: Device): number;
  /** domain->ops->cache_invalidate_user: handles entries in order; `processed` is written back as entry_num. */
  cacheInvalidateUser(ctx: IommufdCtx, domain: Domain, array: UserDataArray): { rc: number; processed: number };
}

/**
 * __iommu_copy_struct_from_user(): the strict copy of a driver payload into `dst` (the kernel struct,
 * dst.length bytes). Type mismatch, len < min_len and len > sizeof → EINVAL (never E2BIG); then
 * copy_struct_from_user, which zero-extends a len between min_len and sizeof.
 */
export function iommu_copy_struct_from_user(
  ctx: IommufdCtx,
  dst: Uint8Array,
  userData: UserData,
  dataType: number,
  minLen: number,
): number {
  // Stryker disable next-line ConditionalExpression,UnaryOperator: every caller has checked the type already (nested alloc, the array's type)
  if (userData.type !== dataType) return -EINVAL;
  if (userData.len > dst.length && ctx.defect('e2big-for-driver-data')) return -E2BIG; /* MUTANT: SIZE-011 */
  if (userData.len < minLen || dst.length < userData.len) return -EINVAL;
  return copy_struct_from_user(ctx.mem, dst, userData.uptr, userData.len);
}

/** __iommu_copy_struct_from_user_array(): entry `index` of a user array, each entry_len bytes. */
export function iommu_copy_struct_from_user_array(
  ctx: IommufdCtx,
  dst: Uint8Array,
  array: UserDataArray,
  dataType: number,
  index: number,
  minLen: number,
): number {
  /* The drivers' loops stay below entry_num. */
  // Stryker disable next-line ConditionalExpression,EqualityOperator,UnaryOperator: index < entry_num in every caller
  if (index >= array.entryNum) return -EINVAL;
  // Stryker disable next-line ConditionalExpression,UnaryOperator: index < entry_num in every caller
  if (!array.entryNum) return -EINVAL;
  const entry: UserData = {
    uptr: u64(array.uptr + BigInt(array.entryLen) * BigInt(index)),
    len: array.entryLen,
    type: array.type,
  };
  return iommu_copy_struct_from_user(ctx, dst, entry, dataType, minLen);
}
