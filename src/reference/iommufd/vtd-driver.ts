/**
 * The VT-d-flavoured device of the vocabulary: a mock device whose driver speaks Intel VT-d's iommufd
 * payloads (drivers/iommu/intel/iommu.c intel_iommu_domain_alloc_user, nested.c intel_nested_domain_alloc
 * and intel_nested_cache_invalidate_user, iommu.c intel_iommu_hw_info). Its paging domains have the mock
 * driver's geometry and page size, so that IOAS behaviour does not depend on the device flavour.
 */
import { EINVAL, EOPNOTSUPP } from '../kernel/errno.ts';
import { getU32, getU64, putU64, U64_MAX, ULONG_MAX } from '../kernel/user-memory.ts';
import {
  type Domain,
  type HwInfo,
  type IommuDriver,
  iommu_copy_struct_from_user,
  iommu_copy_struct_from_user_array,
  type UserData,
  type UserDataArray,
} from './driver.ts';
import { mockAttachDev, mockPagingDomain } from './mock-driver.ts';
import { type Device, type IommufdCtx, MOCK_FLAGS_DEVICE_NO_DIRTY } from './objects.ts';
import {
  HW_INFO_VTD,
  HWPT_VTD_S1,
  HWPT_VTD_S1_INVALIDATE,
  IOMMU_HW_INFO_TYPE_INTEL_VTD,
  IOMMU_HWPT_ALLOC_DIRTY_TRACKING,
  IOMMU_HWPT_ALLOC_NEST_PARENT,
  IOMMU_HWPT_DATA_VTD_S1,
  IOMMU_HWPT_INVALIDATE_DATA_VTD_S1,
  IOMMU_VTD_INV_FLAGS_LEAF,
} from './uapi.ts';

/** VTD_PAGE_SIZE: stage-1 invalidation addresses are 4 KiB aligned. */
const VTD_PAGE_SIZE = 4096n;

/**
 * The capability and extended capability registers the VT-d-flavoured device reports through
 * IOMMU_GET_HW_INFO (iommu_hw_info_vtd.cap_reg / ecap_reg). The device is a construct of the model, not
 * a real unit, and the model fixes them at zero so every implementation of the model reports the same.
 */
export const VTD_CAP_REG = 0n;
export const VTD_ECAP_REG = 0n;

export const vtdDriver: IommuDriver = {
  name: 'vtd',

  /* intel_iommu_hw_info() */
  hwInfo(): HwInfo {
    const data = new Uint8Array(HW_INFO_VTD.SIZE);
    putU64(data, HW_INFO_VTD.cap_reg, VTD_CAP_REG);
    putU64(data, HW_INFO_VTD.ecap_reg, VTD_ECAP_REG);
    return { type: IOMMU_HW_INFO_TYPE_INTEL_VTD, data };
  },

  /* intel_iommu_capable(IOMMU_CAP_DIRTY_TRACKING): ssads_supported(); the device flag stands for it */
  capableDirtyTracking(dev: Device): boolean {
    return !(dev.flags & MOCK_FLAGS_DEVICE_NO_DIRTY);
  },

  /* intel_iommu_domain_alloc_user() */
  domainAllocUser(ctx: IommufdCtx, dev: Device, flags: number, parent: Domain | null, userData: UserData | null) {
    if (parent) {
      /* Must be a nesting domain (nested translation is supported by this unit). */
      // Stryker disable next-line ConditionalExpression,UnaryOperator: the core strips FAULT_ID_VALID and refuses every other flag first
      if (flags) return -EOPNOTSUPP;
      return intelNestedDomainAlloc(ctx, parent, userData);
    }
    // Stryker disable next-line ConditionalExpression,UnaryOperator: the core accepts no other flags
    if (flags & ~(IOMMU_HWPT_ALLOC_NEST_PARENT | IOMMU_HWPT_ALLOC_DIRTY_TRACKING)) return -EOPNOTSUPP;
    // Stryker disable next-line ConditionalExpression: the core refuses DIRTY_TRACKING for a device without it first
    const dirtyTracking = (flags & IOMMU_HWPT_ALLOC_DIRTY_TRACKING) !== 0;
    // Stryker disable next-line ConditionalExpression: the core refuses DIRTY_TRACKING for a device without it first
    if (userData || (dirtyTracking && !vtdDriver.capableDirtyTracking(dev))) return -EOPNOTSUPP;
    return mockPagingDomain(vtdDriver, dev, flags);
  },

  /* intel_iommu_attach_device(): a dirty-tracking domain needs SSADS on the device's unit */
  attachDev: mockAttachDev,

  /* intel_nested_cache_invalidate_user() */
  cacheInvalidateUser(ctx: IommufdCtx, _domain: Domain, array: UserDataArray) {
    let processed = 0;
    if (array.type !== IOMMU_HWPT_INVALIDATE_DATA_VTD_S1) return { rc: -EINVAL, processed };
    for (let index = 0; index < array.entryNum; index++) {
      const inv = new Uint8Array(HWPT_VTD_S1_INVALIDATE.SIZE);
      const rc = iommu_copy_struct_from_user_array(
        ctx,
        inv,
        array,
        IOMMU_HWPT_INVALIDATE_DATA_VTD_S1,
        index,
        HWPT_VTD_S1_INVALIDATE.MIN,
      );
      if (rc) return { rc, processed };
      const addr = getU64(inv, HWPT_VTD_S1_INVALIDATE.addr);
      const npages = getU64(inv, HWPT_VTD_S1_INVALIDATE.npages);
      const flags = getU32(inv, HWPT_VTD_S1_INVALIDATE.flags);
      const reserved = getU32(inv, HWPT_VTD_S1_INVALIDATE.__reserved);
      if (flags & ~IOMMU_VTD_INV_FLAGS_LEAF || reserved) return { rc: -EOPNOTSUPP, processed };
      if (addr % VTD_PAGE_SIZE !== 0n || (npages === U64_MAX && addr !== 0n)) return { rc: -EINVAL, processed };
      /* cache_tag_flush_range(): nothing the model observes. */
      processed++;
    }
    return { rc: 0, processed };
  },
};

/* intel_nested_domain_alloc(): no check of the stage-1 fields here; the hardware setup at attach time does them. */
function intelNestedDomainAlloc(ctx: IommufdCtx, parent: Domain, userData: UserData | null): Domain | number {
  if (!userData || userData.type !== IOMMU_HWPT_DATA_VTD_S1) return -EOPNOTSUPP;
  /* The core passes only the paging domain of a NEST_PARENT HWPT of the same driver. */
  // Stryker disable next-line ConditionalExpression,LogicalOperator,UnaryOperator: pre-empted by the core's parent checks
  if (parent.driver !== vtdDriver || parent.type !== 'paging' || !parent.nestParent) return -EINVAL;
  const vtd = new Uint8Array(HWPT_VTD_S1.SIZE);
  const rc = iommu_copy_struct_from_user(ctx, vtd, userData, IOMMU_HWPT_DATA_VTD_S1, HWPT_VTD_S1.MIN);
  if (rc) return rc;
  return {
    driver: vtdDriver,
    type: 'nested',
    apertureStart: 0n,
    apertureEnd: ULONG_MAX,
    pgsizeBitmap: 0n,
    dirtyOps: false,
    // Stryker disable next-line BooleanLiteral: a nested domain is never anyone's parent
    nestParent: false,
    parent,
    iotlb: null,
    // Stryker disable next-line BooleanLiteral: a fault is queued only with hwpt.fault too, which is set with this flag
    iopfHandler: false,
  };
}
