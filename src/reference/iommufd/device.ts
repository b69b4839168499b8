/**
 * Devices and their attachments (drivers/iommu/iommufd/device.c): bind/unbind, attach, replace and detach of
 * a device to a HWPT or (through an automatic domain) to an IOAS, and IOMMU_GET_HW_INFO.
 */
import { EFAULT, EINVAL, EOPNOTSUPP } from '../kernel/errno.ts';
import { clear_user, copy_to_user, getU32, getU64, getU8, putU32, putU64, putU8 } from '../kernel/user-memory.ts';
import { autoResponseFaults, iopfDisable, iopfEnable } from './fault.ts';
import { hwptAbort, hwptPagingAlloc, hwptPut } from './hw-pagetable.ts';
import { type Ucmd, ucmdRespond } from './ucmd.ts';
import type { IommuDriver } from './driver.ts';
import type { Device, Hwpt, HwptPaging, Ioas, IommufdCtx } from './objects.ts';
import { HW_INFO, IOMMU_HW_CAP_DIRTY_TRACKING } from './uapi.ts';

/** iommufd_device_bind(): a new device object, finalized at once (the calling driver holds a reference). */
export function deviceBind(ctx: IommufdCtx, driver: IommuDriver, flags: number): Device {
  const idev = ctx.objectAlloc<Device>({
    kind: 'device',
    driver,
    flags,
    hwpt: null,
    handle: null,
    iopfEnabled: 0,
    // Stryker disable next-line ArrayDeclaration: an entry that is not a request matches no grpid, so it is never delivered
    partial: [],
  });
  ctx.finalize(idev);
  return idev;
}

/** iommufd_device_unbind(): removes the device object (its attachment must be gone). */
export function deviceUnbind(ctx: IommufdCtx, idev: Device): void {
  ctx.release(idev);
}

/** iommu_attach_group_handle() / iommu_replace_group_handle(): the domain must belong to the device's driver. */
function groupSetDomain(hwpt: Hwpt, idev: Device): number {
  if (idev.driver !== hwpt.domain.driver) return -EINVAL;
  return idev.driver.attachDev(hwpt.domain, idev);
}

/** iommufd_hw_pagetable_attach() */
export function hwPagetableAttach(hwpt: Hwpt, idev: Device): number {
  /* One device per group, attached once when the mock device is made: idev.hwpt is always null here. */
  // Stryker disable next-line ConditionalExpression,EqualityOperator,UnaryOperator: the device is never attached yet
  if (idev.hwpt !== null && idev.hwpt !== hwpt) return -EINVAL;
  /* iommufd_device_attach_reserved_iova(): mock devices report no reserved regions. */
  // Stryker disable next-line ConditionalExpression: the device is never attached yet
  if (idev.hwpt === null) {
    /* iommufd_hwpt_attach_device() */
    if (hwpt.fault) {
      const rc = iopfEnable(idev);
      // Stryker disable next-line ConditionalExpression: iopfEnable cannot fail in the model
      if (rc) return rc;
    }
    const rc = groupSetDomain(hwpt, idev);
    if (rc) {
      // Stryker disable next-line ConditionalExpression: a device whose first attach fails is unbound at once, or the HWPT was automatic (never fault-capable)
      if (hwpt.fault) iopfDisable(idev);
      return rc;
    }
    idev.hwpt = hwpt;
    idev.handle = { idev, hwpt };
  }
  hwpt.devices.add(idev);
  return 0;
}

/** iommufd_hw_pagetable_detach() + iommufd_hwpt_detach_device(): the caller puts the returned HWPT. */
export function hwPagetableDetach(ctx: IommufdCtx, idev: Device): Hwpt | null {
  const hwpt = idev.hwpt;
  // Stryker disable next-line ConditionalExpression: a device stays attached from its mock_domain to its destruction
  if (!hwpt) return null;
  hwpt.devices.delete(idev);
  const handle = idev.handle;
  idev.hwpt = null;
  idev.handle = null;
  if (hwpt.fault) {
    autoResponseFaults(ctx, hwpt.fault, handle);
    iopfDisable(idev);
  }
  return hwpt;
}

/**
 * iommufd_device_do_replace() + iommufd_hwpt_replace_device(): moves the device to `hwpt`; the groups of
 * the old attachment are answered INVALID. Returns the old HWPT for the caller to put, null when nothing
 * changed, or -errno.
 */
function deviceDoReplace(ctx: IommufdCtx, idev: Device, hwpt: Hwpt): Hwpt | null | number {
  const old = idev.hwpt;
  // Stryker disable next-line ConditionalExpression,UnaryOperator: a device stays attached from its mock_domain to its destruction
  if (old === null) return -EINVAL;
  if (hwpt === old) return null;
  if (hwpt.fault && !old.fault) {
    const rc = iopfEnable(idev);
    // Stryker disable next-line ConditionalExpression: iopfEnable cannot fail in the model
    if (rc) return rc;
  }
  const rc = groupSetDomain(hwpt, idev);
  if (rc) {
    if (hwpt.fault && !old.fault) iopfDisable(idev);
    return rc;
  }
  const oldHandle = idev.handle;
  idev.hwpt = hwpt;
  idev.handle = { idev, hwpt };
  if (old.fault) {
    autoResponseFaults(ctx, old.fault, oldHandle);
    if (!hwpt.fault) iopfDisable(idev);
  }
  old.devices.delete(idev);
  hwpt.devices.add(idev);
  return old;
}

type AttachFn = (ctx: IommufdCtx, idev: Device, hwpt: Hwpt) => Hwpt | null | number;

const deviceDoAttach: AttachFn = (_ctx, idev, hwpt) => {
  const rc = hwPagetableAttach(hwpt, idev);
  return rc ? rc : null;
};

/**
 * iommufd_device_auto_get_domain(): reuses the first automatic domain of the IOAS the device can attach to
 * (EINVAL means incompatible: try the next), else allocates a new automatic paging HWPT.
 */
function deviceAutoGetDomain(
  ctx: IommufdCtx,
  idev: Device,
  ioas: Ioas,
  doAttach: AttachFn,
): { hwptId: number; destroy: Hwpt | null } | number {
  // Stryker disable next-line ConditionalExpression: attaching a fresh automatic domain of the device's own driver cannot fail, before or after it joins the IOAS
  const immediateAttach = doAttach === deviceDoAttach;
  for (const hp of ioas.hwptList) {
    if (!hp.autoDomain || !ctx.isLive(hp)) continue;
    const r = doAttach(ctx, idev, hp);
    if (typeof r === 'number') {
      // Stryker disable next-line ConditionalExpression: attach and replace fail only with EINVAL
      if (r === -EINVAL) continue;
      return r;
    }
    return { hwptId: hp.id, destroy: r };
  }
  const hp = hwptPagingAlloc(ctx, ioas, idev, 0, immediateAttach, null);
  if (typeof hp === 'number') return hp;
  let destroy: Hwpt | null = null;
  // Stryker disable next-line ConditionalExpression: attaching again to the HWPT the device is on changes nothing
  if (!immediateAttach) {
    const r = doAttach(ctx, idev, hp);
    // Stryker disable next-line ConditionalExpression,StringLiteral,BlockStatement: moving onto a fresh automatic domain of the device's own driver cannot fail
    if (typeof r === 'number') {
      hwptAbort(ctx, hp);
      return r;
    }
    destroy = r;
  }
  hp.autoDomain = true;
  ctx.finalize(hp);
  return { hwptId: hp.id, destroy };
}

/** Takes a paging HWPT out of its IOAS: hwpt_list and the io_pagetable's domains. */
export function ioasRemoveHwpt(hp: HwptPaging): void {
  const list = hp.ioas.hwptList;
  const i = list.indexOf(hp);
  // Stryker disable next-line ConditionalExpression: a paging HWPT is in its IOAS's list from allocation to destruction
  if (i >= 0) {
    list.splice(i, 1);
    hp.ioas.iopt.tableRemoveDomain(hp.domain);
  }
}

/** iommufd_device_change_pt(): pt_id names a HWPT (attach to it) or an IOAS (automatic domain). */
function deviceChangePt(ctx: IommufdCtx, idev: Device, ptId: number, doAttach: AttachFn): number | { hwptId: number } {
  const pt = ctx.getObject(ptId);
  if (typeof pt === 'number') return pt;
  let hwptId: number;
  let destroy: Hwpt | null;
  switch (pt.kind) {
    case 'hwpt_nested':
    case 'hwpt_paging': {
      const r = doAttach(ctx, idev, pt);
      if (typeof r === 'number') return r;
      hwptId = pt.id;
      destroy = r;
      break;
    }
    case 'ioas': {
      const r = deviceAutoGetDomain(ctx, idev, pt, doAttach);
      if (typeof r === 'number') return r;
      hwptId = r.hwptId;
      destroy = r.destroy;
      break;
    }
    default:
      return -EINVAL;
  }
  if (destroy) hwptPut(ctx, destroy);
  return { hwptId };
}

/** iommufd_device_attach(): returns the id of the HWPT attached to. */
export function deviceAttach(ctx: IommufdCtx, idev: Device, ptId: number): number | { hwptId: number } {
  return deviceChangePt(ctx, idev, ptId, deviceDoAttach);
}

/** iommufd_device_replace() */
export function deviceReplace(ctx: IommufdCtx, idev: Device, ptId: number): number | { hwptId: number } {
  return deviceChangePt(ctx, idev, ptId, deviceDoReplace);
}

/** iommufd_device_detach() */
export function deviceDetach(ctx: IommufdCtx, idev: Device): void {
  const hwpt = hwPagetableDetach(ctx, idev);
  // Stryker disable next-line ConditionalExpression: a device stays attached from its mock_domain to its destruction
  if (hwpt) hwptPut(ctx, hwpt);
}

/**
 * iommufd_get_hw_info() (IOMMU_GET_HW_INFO). The kernel copies min(data_len, its length) bytes of driver
 * data, zeroes the rest of a larger user buffer and reports its own length in data_len.
 */
export function iommufdGetHwInfo(ucmd: Ucmd): number {
  const { ctx, cmd } = ucmd;
  const version = ctx.cfg.hwInfoVersion;
  const flags = getU32(cmd, HW_INFO.flags);
  const reserved =
    version >= 3
      ? getU8(cmd, HW_INFO.__reserved_v3) |
        getU8(cmd, HW_INFO.__reserved_v3 + 1) |
        getU8(cmd, HW_INFO.__reserved_v3 + 2)
      : getU32(cmd, HW_INFO.__reserved_v1);
  const userPtr = getU64(cmd, HW_INFO.data_uptr);
  const userLen = getU32(cmd, HW_INFO.data_len);

  if (flags || (reserved && !ctx.defect('ignores-reserved')) /* MUTANT: VALID-006 */) return -EOPNOTSUPP;

  const idev = ctx.getDevice(getU32(cmd, HW_INFO.dev_id));
  if (typeof idev === 'number') return idev;

  const info = idev.driver.hwInfo(idev);
  const dataLen = info.data.length;
  const copyLen = Math.min(userLen, dataLen);
  if (copy_to_user(ctx.mem, userPtr, info.data, copyLen)) return -EFAULT;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: clearing zero bytes touches no memory and cannot fault
  if (copyLen < userLen) {
    if (clear_user(ctx.mem, userPtr + BigInt(copyLen), BigInt(userLen - copyLen))) return -EFAULT;
  }
  putU32(cmd, HW_INFO.data_len, dataLen);
  putU32(cmd, HW_INFO.out_data_type, info.type);
  // Stryker disable next-line ConditionalExpression: in a v1 kernel copy (32 bytes) the write at offset 32 falls outside it
  if (version >= 2) {
    putU64(
      cmd,
      HW_INFO.out_capabilities,
      idev.driver.capableDirtyTracking(idev) ? BigInt(IOMMU_HW_CAP_DIRTY_TRACKING) : 0n,
    );
  }
  /* The mock devices report no PASID support (dev->iommu->max_pasids == 0). */
  // Stryker disable next-line ConditionalExpression: before v3 byte 28 is __reserved, already checked to be zero
  if (version >= 3) putU8(cmd, HW_INFO.out_max_pasid_log2, 0);
  /* The kernel copy is sizeof the struct version the kernel knows. */
  return ucmdRespond(ucmd, cmd.length);
}
