/**
 * The mock IOMMU driver of CONFIG_IOMMUFD_TEST (drivers/iommu/iommufd/selftest.c, mock_ops), as the project
 * facts and vocabulary describe it. Its private header (iommufd_test.h) is GPL-2.0 and not exported: the
 * constants below are declared here from the facts, not copied.
 */
import { EINVAL, EOPNOTSUPP } from '../kernel/errno.ts';
import { getU32, putU32, ULONG_MAX } from '../kernel/user-memory.ts';
import {
  type Domain,
  type HwInfo,
  type IommuDriver,
  iommu_copy_struct_from_user,
  iommu_copy_struct_from_user_array,
  type UserData,
  type UserDataArray,
} from './driver.ts';
import { type Device, type IommufdCtx, MOCK_FLAGS_DEVICE_HUGE_IOVA, MOCK_FLAGS_DEVICE_NO_DIRTY } from './objects.ts';
import { IOMMU_HWPT_ALLOC_DIRTY_TRACKING, IOMMU_HWPT_ALLOC_NEST_PARENT } from './uapi.ts';

export const PAGE_SIZE = 4096n;
/** MOCK_IO_PAGE_SIZE = PAGE_SIZE / 2 */
export const MOCK_IO_PAGE_SIZE = PAGE_SIZE / 2n;
export const MOCK_HUGE_PAGE_SIZE = 512n * MOCK_IO_PAGE_SIZE;
export const MOCK_APERTURE_START = 1n << 24n;
export const MOCK_APERTURE_LAST = (1n << 31n) - 1n;
export const MOCK_NESTED_DOMAIN_IOTLB_ID_MAX = 3;
export const MOCK_NESTED_DOMAIN_IOTLB_NUM = 4;

/** IOMMU_HWPT_DATA_SELFTEST and struct iommu_hwpt_selftest { __u32 iotlb; } */
export const IOMMU_HWPT_DATA_SELFTEST = 0xdead;
export const HWPT_SELFTEST = { SIZE: 4, MIN: 4, iotlb: 0 } as const;

/** IOMMU_HWPT_INVALIDATE_DATA_SELFTEST and struct iommu_hwpt_invalidate_selftest { __u32 flags; __u32 iotlb_id; } */
export const IOMMU_HWPT_INVALIDATE_DATA_SELFTEST = 0xdeadbeef;
export const HWPT_INVALIDATE_SELFTEST = { SIZE: 8, MIN: 8, flags: 0, iotlb_id: 4 } as const;
export const IOMMU_TEST_INVALIDATE_FLAG_ALL = 1 << 0;

/** IOMMU_HW_INFO_TYPE_SELFTEST and struct iommu_test_hw_info { __u32 flags; __u32 test_reg; } */
export const IOMMU_HW_INFO_TYPE_SELFTEST = 0xfeedbeef;
export const IOMMU_HW_INFO_SELFTEST_REGVAL = 0xdeadbeef;
export const TEST_HW_INFO = { SIZE: 8, flags: 0, test_reg: 4 } as const;

/** mock_domain_alloc_paging(): the mock paging domain's geometry and page sizes. */
export function mockPagingDomain(driver: IommuDriver, dev: Device, flags: number): Domain {
  return {
    driver,
    type: 'paging',
    apertureStart: MOCK_APERTURE_START,
    apertureEnd: MOCK_APERTURE_LAST,
    pgsizeBitmap: MOCK_IO_PAGE_SIZE | (dev.flags & MOCK_FLAGS_DEVICE_HUGE_IOVA ? MOCK_HUGE_PAGE_SIZE : 0n),
    dirtyOps: (flags & IOMMU_HWPT_ALLOC_DIRTY_TRACKING) !== 0,
    // Stryker disable next-line ConditionalExpression: read only by the VT-d nested check, which the core's NEST_PARENT check pre-empts
    nestParent: (flags & IOMMU_HWPT_ALLOC_NEST_PARENT) !== 0,
    parent: null,
    iotlb: null,
    // Stryker disable next-line BooleanLiteral: a fault is queued only with hwpt.fault too, which is set with this flag
    iopfHandler: false,
  };
}

/** mock_domain_nop_attach(): a device without dirty tracking cannot use a dirty-tracking domain. */
export function mockAttachDev(domain: Domain, dev: Device): number {
  if (domain.dirtyOps && dev.flags & MOCK_FLAGS_DEVICE_NO_DIRTY) return -EINVAL;
  return 0;
}

export const mockDriver: IommuDriver = {
  name: 'mock',

  /* mock_domain_hw_info() */
  hwInfo(): HwInfo {
    const data = new Uint8Array(TEST_HW_INFO.SIZE);
    putU32(data, TEST_HW_INFO.test_reg, IOMMU_HW_INFO_SELFTEST_REGVAL);
    return { type: IOMMU_HW_INFO_TYPE_SELFTEST, data };
  },

  /* mock_domain_capable(IOMMU_CAP_DIRTY_TRACKING) */
  capableDirtyTracking(dev: Device): boolean {
    return !(dev.flags & MOCK_FLAGS_DEVICE_NO_DIRTY);
  },

  /* mock_domain_alloc_user() */
  domainAllocUser(ctx: IommufdCtx, dev: Device, flags: number, parent: Domain | null, userData: UserData | null) {
    if (!parent) {
      /* The core refuses other flags, and DIRTY_TRACKING for a device without it, first (same errno). */
      // Stryker disable next-line ConditionalExpression: pre-empted by the core's check of the same flag
      const hasDirtyFlag = (flags & IOMMU_HWPT_ALLOC_DIRTY_TRACKING) !== 0;
      // Stryker disable next-line ConditionalExpression: pre-empted by the core's check of the same flag
      const noDirtyOps = (dev.flags & MOCK_FLAGS_DEVICE_NO_DIRTY) !== 0;
      // Stryker disable next-line ConditionalExpression,UnaryOperator: the core accepts no other flags
      if (flags & ~(IOMMU_HWPT_ALLOC_NEST_PARENT | IOMMU_HWPT_ALLOC_DIRTY_TRACKING)) return -EOPNOTSUPP;
      // Stryker disable next-line ConditionalExpression: pre-empted by the core's dirty-tracking check
      if (userData || (hasDirtyFlag && noDirtyOps)) return -EOPNOTSUPP;
      return mockPagingDomain(mockDriver, dev, flags);
    }

    /* must be mock_domain_nested */
    if (!userData || userData.type !== IOMMU_HWPT_DATA_SELFTEST || flags) return -EOPNOTSUPP;
    /* The core passes only the paging domain of a parent of the same driver. */
    // Stryker disable next-line ConditionalExpression,LogicalOperator,UnaryOperator: pre-empted by the core's parent checks
    if (parent.driver !== mockDriver || parent.type !== 'paging') return -EINVAL;
    const cfg = new Uint8Array(HWPT_SELFTEST.SIZE);
    const rc = iommu_copy_struct_from_user(ctx, cfg, userData, IOMMU_HWPT_DATA_SELFTEST, HWPT_SELFTEST.MIN);
    if (rc) return rc;
    const iotlb = getU32(cfg, HWPT_SELFTEST.iotlb);
    return {
      driver: mockDriver,
      type: 'nested',
      apertureStart: 0n,
      apertureEnd: ULONG_MAX,
      pgsizeBitmap: 0n,
      dirtyOps: false,
      // Stryker disable next-line BooleanLiteral: a nested domain is never anyone's parent
      nestParent: false,
      parent,
      iotlb: Array.from({ length: MOCK_NESTED_DOMAIN_IOTLB_NUM }, () => iotlb),
      // Stryker disable next-line BooleanLiteral: a fault is queued only with hwpt.fault too, which is set with this flag
      iopfHandler: false,
    };
  },

  attachDev: mockAttachDev,

  /* mock_domain_cache_invalidate_user() */
  cacheInvalidateUser(ctx: IommufdCtx, domain: Domain, array: UserDataArray) {
    let processed = 0;
    if (array.type !== IOMMU_HWPT_INVALIDATE_DATA_SELFTEST) return { rc: -EINVAL, processed };
    const iotlb = domain.iotlb;
    // Stryker disable next-line ConditionalExpression,ObjectLiteral,UnaryOperator: a mock nested domain always has its IOTLB
    if (!iotlb) return { rc: -EINVAL, processed };
    for (let i = 0; i < array.entryNum; i++) {
      const inv = new Uint8Array(HWPT_INVALIDATE_SELFTEST.SIZE);
      const rc = iommu_copy_struct_from_user_array(
        ctx,
        inv,
        array,
        IOMMU_HWPT_INVALIDATE_DATA_SELFTEST,
        i,
        HWPT_INVALIDATE_SELFTEST.MIN,
      );
      if (rc) return { rc, processed };
      const flags = getU32(inv, HWPT_INVALIDATE_SELFTEST.flags);
      const iotlbId = getU32(inv, HWPT_INVALIDATE_SELFTEST.iotlb_id);
      if (flags & ~IOMMU_TEST_INVALIDATE_FLAG_ALL) return { rc: -EOPNOTSUPP, processed };
      if (iotlbId > MOCK_NESTED_DOMAIN_IOTLB_ID_MAX) return { rc: -EINVAL, processed };
      if (flags & IOMMU_TEST_INVALIDATE_FLAG_ALL) iotlb.fill(0);
      else iotlb[iotlbId] = 0;
      processed++;
    }
    return { rc: 0, processed };
  },
};
