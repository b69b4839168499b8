/**
 * Hardware page tables (drivers/iommu/iommufd/hw_pagetable.c as in Linux 6.12): allocation of paging and
 * nested HWPTs, their destruction, dirty tracking and user cache invalidation.
 */
import { EFAULT, EINVAL, EOPNOTSUPP, EOVERFLOW } from '../kernel/errno.ts';
import { getU32, getU64, putU32, u64, ULONG_MAX } from '../kernel/user-memory.ts';
import { hwPagetableAttach, hwPagetableDetach, ioasRemoveHwpt } from './device.ts';
import type { UserData, UserDataArray } from './driver.ts';
import { PAGE_SIZE } from './mock-driver.ts';
import type { Device, FaultObj, Hwpt, HwptNested, HwptPaging, Ioas, IommufdConfig, IommufdCtx } from './objects.ts';
import { type Ucmd, ucmdRespond } from './ucmd.ts';
import {
  HWPT_ALLOC,
  HWPT_GET_DIRTY_BITMAP,
  HWPT_INVALIDATE,
  HWPT_SET_DIRTY_TRACKING,
  IOMMU_HWPT_ALLOC_DIRTY_TRACKING,
  IOMMU_HWPT_ALLOC_NEST_PARENT,
  IOMMU_HWPT_DATA_NONE,
  IOMMU_HWPT_DIRTY_TRACKING_ENABLE,
  IOMMU_HWPT_FAULT_ID_VALID,
  IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR,
} from './uapi.ts';

/** The flags a paging HWPT allocation accepts: none in 6.6 (struct v1); FAULT_ID_VALID too from 6.13. */
function pagingValidFlags(cfg: IommufdConfig): number {
  if (cfg.hwptAllocVersion < 2) return 0;
  let valid = IOMMU_HWPT_ALLOC_NEST_PARENT | IOMMU_HWPT_ALLOC_DIRTY_TRACKING;
  if (cfg.pagingFaultId && cfg.hwptAllocVersion >= 3) valid |= IOMMU_HWPT_FAULT_ID_VALID;
  return valid;
}

/** The flags a nested HWPT allocation accepts: FAULT_ID_VALID, which exists from struct v3 (6.11). */
function nestedValidFlags(cfg: IommufdConfig): number {
  return cfg.hwptAllocVersion >= 3 ? IOMMU_HWPT_FAULT_ID_VALID : 0;
}

/**
 * iommufd_hwpt_paging_alloc(): a paging HWPT on an IOAS. Its domain is added to the IOAS at once, which
 * reserves everything outside the domain's aperture and raises the IOAS's IOVA alignment. Returns the
 * HWPT not yet finalized; the caller finalizes or aborts it.
 */
export function hwptPagingAlloc(
  ctx: IommufdCtx,
  ioas: Ioas,
  idev: Device,
  flags: number,
  immediateAttach: boolean,
  userData: UserData | null,
): HwptPaging | number {
  if (flags & ~pagingValidFlags(ctx.cfg)) return -EOPNOTSUPP;
  // Stryker disable next-line ConditionalExpression: each driver refuses it too, with the same EOPNOTSUPP and nothing observable in between
  if (flags & IOMMU_HWPT_ALLOC_DIRTY_TRACKING && !idev.driver.capableDirtyTracking(idev)) return -EOPNOTSUPP;
  if (flags & IOMMU_HWPT_FAULT_ID_VALID && flags & IOMMU_HWPT_ALLOC_NEST_PARENT) return -EOPNOTSUPP;

  const domainFlags = ctx.cfg.pagingFaultId ? flags & ~IOMMU_HWPT_FAULT_ID_VALID : flags;
  const domain = idev.driver.domainAllocUser(ctx, idev, domainFlags, null, userData);
  if (typeof domain === 'number') return domain;

  const hp = ctx.objectAlloc<HwptPaging>({
    kind: 'hwpt_paging',
    ioas,
    domain,
    autoDomain: false,
    nestParent: (flags & IOMMU_HWPT_ALLOC_NEST_PARENT) !== 0,
    fault: null,
    devices: new Set(),
    children: new Set(),
  });
  if (immediateAttach) {
    const rc = hwPagetableAttach(hp, idev);
    // Stryker disable next-line ConditionalExpression,BlockStatement: a fresh automatic domain of the device's own driver always attaches
    if (rc) {
      ctx.release(hp);
      return rc;
    }
  }
  const rc = ioas.iopt.tableAddDomain(domain);
  if (rc) {
    // Stryker disable next-line ConditionalExpression: the device of a failed immediate attach (mock_domain) is unbound right after
    if (immediateAttach) hwPagetableDetach(ctx, idev);
    ctx.release(hp);
    return rc;
  }
  ioas.hwptList.push(hp);
  return hp;
}

/**
 * iommufd_hwpt_nested_alloc(): a nested HWPT on a NEST_PARENT paging HWPT of the same driver, described by
 * driver data. Returns the HWPT not yet finalized.
 */
function hwptNestedAlloc(
  ctx: IommufdCtx,
  parent: HwptPaging,
  idev: Device,
  flags: number,
  userData: UserData,
): HwptNested | number {
  if (flags & ~nestedValidFlags(ctx.cfg) || !userData.len) return -EOPNOTSUPP;
  if (
    parent.autoDomain ||
    (!parent.nestParent && !ctx.defect('nested-on-non-parent')) /* MUTANT: NEST-007 */ ||
    parent.domain.driver !== idev.driver
  ) {
    return -EINVAL;
  }
  const domain = idev.driver.domainAllocUser(ctx, idev, flags & ~IOMMU_HWPT_FAULT_ID_VALID, parent.domain, userData);
  if (typeof domain === 'number') return domain;
  const hn = ctx.objectAlloc<HwptNested>({ kind: 'hwpt_nested', parent, domain, fault: null, devices: new Set() });
  parent.children.add(hn);
  return hn;
}

/** The destroy op of a HWPT (iommufd_hwpt_paging_destroy / iommufd_hwpt_nested_destroy). */
export function hwptDestroy(hwpt: Hwpt): void {
  if (hwpt.kind === 'hwpt_paging') ioasRemoveHwpt(hwpt);
  else hwpt.parent.children.delete(hwpt);
  if (hwpt.fault) hwpt.fault.hwpts.delete(hwpt);
}

/** iommufd_object_abort_and_destroy() of a HWPT that was never finalized. */
export function hwptAbort(ctx: IommufdCtx, hwpt: Hwpt): void {
  hwptDestroy(hwpt);
  ctx.release(hwpt);
}

/**
 * iommufd_hw_pagetable_put(): drops a device's reference; an automatic domain goes away with its last user
 * (iommufd_object_put_and_try_destroy).
 */
export function hwptPut(ctx: IommufdCtx, hwpt: Hwpt): void {
  if (hwpt.kind !== 'hwpt_paging' || !hwpt.autoDomain) return;
  /* A user cannot destroy an automatic HWPT, and it never is a NEST_PARENT. */
  // Stryker disable next-line ConditionalExpression: an automatic HWPT is live while a device uses it
  if (!ctx.isLive(hwpt)) return;
  if (hwpt.devices.size > 0) return;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: an automatic HWPT has no nested children
  if (hwpt.children.size > 0) return;
  ctx.release(hwpt);
  hwptDestroy(hwpt);
}

/** iommufd_hwpt_alloc() (IOMMU_HWPT_ALLOC) */
export function iommufdHwptAlloc(ucmd: Ucmd): number {
  const { ctx, cmd } = ucmd;
  const version = ctx.cfg.hwptAllocVersion;
  const flags = getU32(cmd, HWPT_ALLOC.flags);
  const userData: UserData = {
    type: getU32(cmd, HWPT_ALLOC.data_type),
    uptr: getU64(cmd, HWPT_ALLOC.data_uptr),
    len: getU32(cmd, HWPT_ALLOC.data_len),
  };

  if (getU32(cmd, HWPT_ALLOC.__reserved) && !ctx.defect('ignores-reserved') /* MUTANT: VALID-006 */) {
    return -EOPNOTSUPP;
  }
  /* Stronger than 6.12 (VALID-012, SHOULD): __reserved2 must be zero too. */
  // Stryker disable next-line ConditionalExpression: before v3 __reserved2 lies past the kernel copy, which reads as 0
  if (version >= 3 && getU32(cmd, HWPT_ALLOC.__reserved2)) return -EOPNOTSUPP;
  if (
    (userData.type === IOMMU_HWPT_DATA_NONE && userData.len) ||
    (userData.type !== IOMMU_HWPT_DATA_NONE && !userData.len)
  ) {
    return -EINVAL;
  }

  const idev = ctx.getDevice(getU32(cmd, HWPT_ALLOC.dev_id));
  if (typeof idev === 'number') return idev;

  const pt = ctx.getObject(getU32(cmd, HWPT_ALLOC.pt_id));
  // Stryker disable next-line ConditionalExpression,StringLiteral: a number has no kind, so the else branch below answers the same EINVAL
  if (typeof pt === 'number') return -EINVAL;

  let hwpt: Hwpt;
  if (pt.kind === 'ioas') {
    const hp = hwptPagingAlloc(ctx, pt, idev, flags, false, userData.len ? userData : null);
    if (typeof hp === 'number') return hp;
    hwpt = hp;
  } else if (pt.kind === 'hwpt_paging') {
    const hn = hwptNestedAlloc(ctx, pt, idev, flags, userData);
    if (typeof hn === 'number') return hn;
    hwpt = hn;
  } else {
    return -EINVAL;
  }

  if (flags & IOMMU_HWPT_FAULT_ID_VALID) {
    const fault = ctx.getFault(getU32(cmd, HWPT_ALLOC.fault_id));
    if (typeof fault === 'number') {
      hwptAbort(ctx, hwpt);
      return fault;
    }
    hwptSetFault(hwpt, fault);
  }

  putU32(cmd, HWPT_ALLOC.out_hwpt_id, hwpt.id);
  /* The kernel copy is sizeof the struct version the kernel knows. */
  const rc = ucmdRespond(ucmd, cmd.length);
  if (rc) {
    hwptAbort(ctx, hwpt);
    return rc;
  }
  ctx.finalize(hwpt);
  return 0;
}

function hwptSetFault(hwpt: Hwpt, fault: FaultObj): void {
  hwpt.fault = fault;
  hwpt.domain.iopfHandler = true;
  fault.hwpts.add(hwpt);
}

/** iommufd_hwpt_set_dirty_tracking() (IOMMU_HWPT_SET_DIRTY_TRACKING) */
export function iommufdHwptSetDirtyTracking(ucmd: Ucmd): number {
  const { ctx, cmd } = ucmd;
  const flags = getU32(cmd, HWPT_SET_DIRTY_TRACKING.flags);
  if (flags & ~IOMMU_HWPT_DIRTY_TRACKING_ENABLE) return -EOPNOTSUPP;
  /* Stronger than 6.12, which never looks at this __reserved: VALID-006 names every __reserved field. */
  if (getU32(cmd, HWPT_SET_DIRTY_TRACKING.__reserved) && !ctx.defect('ignores-reserved') /* MUTANT: VALID-006 */) {
    return -EOPNOTSUPP;
  }
  const hp = ctx.getHwptPaging(getU32(cmd, HWPT_SET_DIRTY_TRACKING.hwpt_id));
  if (typeof hp === 'number') return hp;
  /* iopt_set_dirty_tracking(): the model has no DMA, so the tracking state itself is never seen. */
  if (!hp.domain.dirtyOps) return -EOPNOTSUPP;
  return 0;
}

/**
 * iommufd_hwpt_get_dirty_bitmap() (IOMMU_HWPT_GET_DIRTY_BITMAP). The model has no DMA, so no IOVA is ever
 * dirty and the bitmap receives no bit; 6.12 also ignores the result of the bitmap walk.
 */
export function iommufdHwptGetDirtyBitmap(ucmd: Ucmd): number {
  const { ctx, cmd } = ucmd;
  const flags = getU32(cmd, HWPT_GET_DIRTY_BITMAP.flags);
  if (
    flags & ~IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR ||
    (getU32(cmd, HWPT_GET_DIRTY_BITMAP.__reserved) && !ctx.defect('ignores-reserved')) /* MUTANT: VALID-006 */
  ) {
    return -EOPNOTSUPP;
  }
  const hp = ctx.getHwptPaging(getU32(cmd, HWPT_GET_DIRTY_BITMAP.hwpt_id));
  if (typeof hp === 'number') return hp;

  /* iommufd_check_iova_range() */
  const iova = getU64(cmd, HWPT_GET_DIRTY_BITMAP.iova);
  const length = getU64(cmd, HWPT_GET_DIRTY_BITMAP.length);
  const pageSize = getU64(cmd, HWPT_GET_DIRTY_BITMAP.page_size);
  const pgsize = hp.ioas.iopt.iovaAlignment;
  if (!length) return -EINVAL;
  const lastIova = iova + length - 1n;
  if (lastIova > ULONG_MAX) return -EOVERFLOW;
  const end = u64(lastIova + 1n);
  if (iova & (pgsize - 1n) || end & (pgsize - 1n)) return -EINVAL;
  /* With page_size 0 the next test masks with all ones: iova and end are never both 0. */
  // Stryker disable next-line ConditionalExpression: answered EINVAL by the next test as well
  if (!pageSize) return -EINVAL;
  if (iova & (pageSize - 1n) || end & (pageSize - 1n)) return -EINVAL;

  /* iommu_read_and_clear_dirty() */
  if (!hp.domain.dirtyOps) return -EOPNOTSUPP;
  return 0;
}

/** An arbitrary entry_num cap of the 6.12 stable handler (IOMMU_HWPT_INVALIDATE_ENTRY_NUM_MAX). */
const IOMMU_HWPT_INVALIDATE_ENTRY_NUM_MAX = 1 << 19;

/**
 * iommufd_hwpt_invalidate() (IOMMU_HWPT_INVALIDATE): the driver handles the entries in order and stops at
 * the first bad one; entry_num is written back as the number handled, on failure too.
 */
export function iommufdHwptInvalidate(ucmd: Ucmd): number {
  const { ctx, cmd } = ucmd;
  const array: UserDataArray = {
    type: getU32(cmd, HWPT_INVALIDATE.data_type),
    uptr: getU64(cmd, HWPT_INVALIDATE.data_uptr),
    entryLen: getU32(cmd, HWPT_INVALIDATE.entry_len),
    entryNum: getU32(cmd, HWPT_INVALIDATE.entry_num),
  };
  let doneNum = 0;
  let rc = 0;

  out: {
    if (getU32(cmd, HWPT_INVALIDATE.__reserved) && !ctx.defect('ignores-reserved') /* MUTANT: VALID-006 */) {
      rc = -EOPNOTSUPP;
      break out;
    }
    /* Bound entry_num and entry_len (the caps are in Debian's 6.12.117 handler). */
    if (
      array.entryNum &&
      (!array.uptr ||
        !array.entryLen ||
        BigInt(array.entryLen) > PAGE_SIZE ||
        array.entryNum > IOMMU_HWPT_INVALIDATE_ENTRY_NUM_MAX)
    ) {
      rc = -EINVAL;
      break out;
    }
    const id = getU32(cmd, HWPT_INVALIDATE.hwpt_id);
    let hwpt: HwptNested;
    if (ctx.cfg.invalidateLooksUpAny) {
      /* From the vIOMMU rework (6.13): any object, and EINVAL when it is not a nested HWPT. */
      const obj = ctx.getObject(id);
      if (typeof obj === 'number') {
        rc = obj;
        break out;
      }
      if (obj.kind !== 'hwpt_nested') {
        rc = -EINVAL;
        break out;
      }
      hwpt = obj;
    } else {
      /* Up to 6.12: iommufd_get_hwpt_nested(), ENOENT for anything else. */
      const obj = ctx.getHwptNested(id);
      if (typeof obj === 'number') {
        rc = obj;
        break out;
      }
      hwpt = obj;
    }
    const r = hwpt.domain.driver.cacheInvalidateUser(ctx, hwpt.domain, array);
    rc = r.rc;
    doneNum = r.processed;
  }

  if (rc && ctx.defect('invalidate-no-progress')) return rc; /* MUTANT: NEST-010 leaves entry_num as it was */
  putU32(cmd, HWPT_INVALIDATE.entry_num, doneNum);
  if (ucmdRespond(ucmd, HWPT_INVALIDATE.SIZE)) return -EFAULT;
  return rc;
}
