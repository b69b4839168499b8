/**
 * The iommufd character device (drivers/iommu/iommufd/main.c): the ioctl dispatcher with its IOCTL_OP
 * table, object destruction (IOMMU_DESTROY), IOMMU_OPTION, and the handlers that live elsewhere in the
 * kernel but are small: IOMMU_VFIO_IOAS (vfio_compat.c) and IOMMU_FAULT_QUEUE_ALLOC (fault.c).
 */
import { E2BIG, EBUSY, EFAULT, EINVAL, ENODEV, ENOENT, ENOIOCTLCMD, EOPNOTSUPP } from '../kernel/errno.ts';
import {
  check_zeroed_user,
  copy_from_user,
  copy_struct_from_user,
  copy_to_user,
  get_user_u32,
  getU16,
  getU32,
  getU64,
  putU32,
  putU64,
} from '../kernel/user-memory.ts';
import { iommufdGetHwInfo } from './device.ts';
import { faultDestroy } from './fault.ts';
import {
  hwptDestroy,
  iommufdHwptAlloc,
  iommufdHwptGetDirtyBitmap,
  iommufdHwptInvalidate,
  iommufdHwptSetDirtyTracking,
} from './hw-pagetable.ts';
import {
  ioasDestroy,
  iommufdIoasAllocIoctl,
  iommufdIoasAllowIovas,
  iommufdIoasCopy,
  iommufdIoasIovaRanges,
  iommufdIoasMap,
  iommufdIoasOption,
  iommufdIoasUnmap,
} from './ioas.ts';
import type { FaultObj, IommufdConfig, IommufdCtx, IommufdObject } from './objects.ts';
import { selftestDestroy } from './selftest.ts';
import { type Ucmd, ucmdRespond } from './ucmd.ts';
import {
  _IOC_NR,
  DESTROY,
  FAULT_ALLOC,
  HWPT_ALLOC_SIZE,
  HWPT_GET_DIRTY_BITMAP,
  HWPT_INVALIDATE,
  HWPT_SET_DIRTY_TRACKING,
  HW_INFO_SIZE,
  IOAS_ALLOC,
  IOAS_ALLOW_IOVAS,
  IOAS_COPY,
  IOAS_IOVA_RANGES,
  IOAS_MAP,
  IOAS_UNMAP,
  IOMMU_DESTROY,
  IOMMU_FAULT_QUEUE_ALLOC,
  IOMMU_GET_HW_INFO,
  IOMMU_HWPT_ALLOC,
  IOMMU_HWPT_GET_DIRTY_BITMAP,
  IOMMU_HWPT_INVALIDATE,
  IOMMU_HWPT_SET_DIRTY_TRACKING,
  IOMMU_IOAS_ALLOC,
  IOMMU_IOAS_ALLOW_IOVAS,
  IOMMU_IOAS_COPY,
  IOMMU_IOAS_IOVA_RANGES,
  IOMMU_IOAS_MAP,
  IOMMU_IOAS_UNMAP,
  IOMMU_OPTION,
  IOMMU_OPTION_HUGE_PAGES,
  IOMMU_OPTION_OP_GET,
  IOMMU_OPTION_OP_SET,
  IOMMU_OPTION_RLIMIT_MODE,
  IOMMU_VFIO_IOAS,
  IOMMU_VFIO_IOAS_CLEAR,
  IOMMU_VFIO_IOAS_GET,
  IOMMU_VFIO_IOAS_SET,
  IOMMUFD_CMD_BASE,
  OPTION,
  VFIO_IOAS,
} from './uapi.ts';

/** struct iommufd_ioctl_op: the kernel struct size, min_size = offsetofend(last field at introduction). */
interface IoctlOp {
  ioctlNum: number;
  size: (cfg: IommufdConfig) => number;
  minSize: number;
  execute: (ucmd: Ucmd) => number;
}

const fixed = (n: number) => () => n;

/** nr of IOMMU_TEST_CMD, the last slot of the 6.12 table when CONFIG_IOMMUFD_TEST is set. */
const IOMMUFD_CMD_TEST = 0xa0;

/** IOCTL_OP table, indexed by nr - IOMMUFD_CMD_BASE (0x80 .. 0x8e: the 6.12 commands). */
const IOMMUFD_IOCTL_OPS: readonly IoctlOp[] = [
  { ioctlNum: IOMMU_DESTROY, size: fixed(DESTROY.SIZE), minSize: 8, execute: iommufdDestroy },
  { ioctlNum: IOMMU_IOAS_ALLOC, size: fixed(IOAS_ALLOC.SIZE), minSize: 12, execute: iommufdIoasAllocIoctl },
  { ioctlNum: IOMMU_IOAS_ALLOW_IOVAS, size: fixed(IOAS_ALLOW_IOVAS.SIZE), minSize: 24, execute: iommufdIoasAllowIovas },
  { ioctlNum: IOMMU_IOAS_COPY, size: fixed(IOAS_COPY.SIZE), minSize: 40, execute: iommufdIoasCopy },
  { ioctlNum: IOMMU_IOAS_IOVA_RANGES, size: fixed(IOAS_IOVA_RANGES.SIZE), minSize: 32, execute: iommufdIoasIovaRanges },
  { ioctlNum: IOMMU_IOAS_MAP, size: fixed(IOAS_MAP.SIZE), minSize: 40, execute: iommufdIoasMap },
  { ioctlNum: IOMMU_IOAS_UNMAP, size: fixed(IOAS_UNMAP.SIZE), minSize: 24, execute: iommufdIoasUnmap },
  { ioctlNum: IOMMU_OPTION, size: fixed(OPTION.SIZE), minSize: 24, execute: iommufdOption },
  { ioctlNum: IOMMU_VFIO_IOAS, size: fixed(VFIO_IOAS.SIZE), minSize: 12, execute: iommufdVfioIoas },
  {
    ioctlNum: IOMMU_HWPT_ALLOC,
    size: (cfg) => HWPT_ALLOC_SIZE[cfg.hwptAllocVersion] ?? 48,
    minSize: 24,
    execute: iommufdHwptAlloc,
  },
  {
    ioctlNum: IOMMU_GET_HW_INFO,
    size: (cfg) => HW_INFO_SIZE[cfg.hwInfoVersion] ?? 40,
    minSize: 32,
    execute: iommufdGetHwInfo,
  },
  {
    ioctlNum: IOMMU_HWPT_SET_DIRTY_TRACKING,
    size: fixed(HWPT_SET_DIRTY_TRACKING.SIZE),
    minSize: 16,
    execute: iommufdHwptSetDirtyTracking,
  },
  {
    ioctlNum: IOMMU_HWPT_GET_DIRTY_BITMAP,
    size: fixed(HWPT_GET_DIRTY_BITMAP.SIZE),
    minSize: 48,
    execute: iommufdHwptGetDirtyBitmap,
  },
  { ioctlNum: IOMMU_HWPT_INVALIDATE, size: fixed(HWPT_INVALIDATE.SIZE), minSize: 32, execute: iommufdHwptInvalidate },
  { ioctlNum: IOMMU_FAULT_QUEUE_ALLOC, size: fixed(FAULT_ALLOC.SIZE), minSize: 16, execute: iommufdFaultAlloc },
];

/**
 * iommufd_fops_ioctl(): an nr outside the table goes to the VFIO compatibility handler, which knows none of
 * the commands modelled here (-ENOIOCTLCMD). Then the u32 size word is fetched (EFAULT), the full command
 * value is compared (a known nr with direction or size bits: -ENOIOCTLCMD), size < min_size is EINVAL,
 * and copy_struct_from_user() zero-extends a shorter struct or demands a zero tail of a longer one (E2BIG).
 * Returns what the handler returns; the caller maps -ENOIOCTLCMD to ENOTTY as fs/ioctl.c does.
 */
export function iommufdFopsIoctl(ctx: IommufdCtx, cmd: number, arg: bigint): number {
  const nr = _IOC_NR(cmd);
  // With CONFIG_IOMMUFD_TEST the table runs up to the test command (0xa0); the slots between the last
  // real command and it are empty: the size word is still read first, then the command is unknown.
  if (nr < IOMMUFD_CMD_BASE || nr > IOMMUFD_CMD_TEST) return -ENOIOCTLCMD;
  const op = IOMMUFD_IOCTL_OPS[nr - IOMMUFD_CMD_BASE];

  const [err, userSize] = get_user_u32(ctx.mem, arg);
  if (err) return err;
  if (!op || op.ioctlNum !== cmd) return -ENOIOCTLCMD;
  if (userSize < op.minSize && !ctx.defect('accepts-short-size') /* MUTANT: SIZE-003 */) return -EINVAL;

  const buf = new Uint8Array(op.size(ctx.cfg));
  const rc = copyStructFromUser(ctx, buf, arg, userSize);
  if (rc) return rc;
  return op.execute({ ctx, ubuffer: arg, userSize, cmd: buf });
}

/** copy_struct_from_user() of the dispatcher, where two of the size mutants live. */
function copyStructFromUser(ctx: IommufdCtx, buf: Uint8Array, arg: bigint, userSize: number): number {
  const ksize = buf.length;
  if (ctx.defect('reads-past-size')) {
    /* MUTANT: SIZE-002 copies the whole known struct whatever the size word says. */
    if (copy_from_user(ctx.mem, buf, arg, ksize)) return -EFAULT;
    if (userSize > ksize && !ctx.defect('ignores-nonzero-tail')) {
      const ret = check_zeroed_user(ctx.mem, arg + BigInt(ksize), BigInt(userSize - ksize));
      if (ret <= 0) return ret || -E2BIG;
    }
    return 0;
  }
  if (userSize > ksize && ctx.defect('ignores-nonzero-tail')) {
    /* MUTANT: SIZE-005 never looks at the bytes past the known size. */
    return copy_from_user(ctx.mem, buf, arg, ksize) ? -EFAULT : 0;
  }
  return copy_struct_from_user(ctx.mem, buf, arg, userSize);
}

/** True while other objects depend on obj (its users count is above the xarray's own reference). */
function objectBusy(obj: IommufdObject): boolean {
  switch (obj.kind) {
    case 'ioas':
      return obj.hwptList.length > 0;
    case 'hwpt_paging':
      return obj.devices.size > 0 || obj.children.size > 0;
    case 'hwpt_nested':
      return obj.devices.size > 0;
    case 'device':
      /* The selftest driver that bound it holds a reference until the stdev object goes. */
      return true;
    // Stryker disable next-line StringLiteral: a kind no case names falls out of the switch with undefined, which is false as well
    case 'stdev':
      return false;
    case 'fault':
      return obj.fd !== null || obj.hwpts.size > 0;
  }
}

/** iommufd_object_ops[type].destroy */
export function objectDestroy(ctx: IommufdCtx, obj: IommufdObject): void {
  switch (obj.kind) {
    // Stryker disable next-line StringLiteral: ioasDestroy has no effect that can be seen (see its comment)
    case 'ioas':
      ioasDestroy(obj);
      return;
    case 'hwpt_paging':
    case 'hwpt_nested':
      hwptDestroy(obj);
      return;
    // Stryker disable next-line ConditionalExpression,StringLiteral: a device has no destroy op of its own; falling out of the switch does nothing too
    case 'device':
      return;
    case 'stdev':
      selftestDestroy(ctx, obj);
      return;
    // Stryker disable next-line ConditionalExpression,StringLiteral: only a closed fault with no HWPT is destroyed, and nothing reaches it afterwards
    case 'fault':
      faultDestroy(obj);
      return;
  }
}

/** iommufd_destroy() → iommufd_object_remove(): ENOENT for no object, EBUSY while it has users. */
function iommufdDestroy(ucmd: Ucmd): number {
  const { ctx, cmd } = ucmd;
  const obj = ctx.objects.get(getU32(cmd, DESTROY.id));
  if (!obj || !obj.finalized) return -ENOENT;
  if (objectBusy(obj) && !ctx.defect('destroy-busy') /* MUTANT: NEST-009 */) return -EBUSY;
  ctx.release(obj);
  // Stryker disable next-line ConditionalExpression: only GET reads vfioIoas, and it answers ENODEV for an IOAS that is no longer live as for none (the `true` is killed)
  if (ctx.vfioIoas === obj) ctx.vfioIoas = null;
  objectDestroy(ctx, obj);
  return 0;
}

/** iommufd_option_rlimit_mode(): the caller is root (CAP_SYS_RESOURCE); SET only while no object exists. */
function iommufdOptionRlimitMode(ctx: IommufdCtx, cmd: Uint8Array): number {
  if (getU32(cmd, OPTION.object_id)) return -EOPNOTSUPP;
  const op = getU16(cmd, OPTION.op);
  if (op === IOMMU_OPTION_OP_GET) {
    putU64(cmd, OPTION.val64, ctx.accountModeMm ? 1n : 0n);
    return 0;
  }
  if (op === IOMMU_OPTION_OP_SET) {
    if (ctx.objects.size > 0) return -EBUSY;
    const val64 = getU64(cmd, OPTION.val64);
    if (val64 === 0n) ctx.accountModeMm = false;
    else if (val64 === 1n) ctx.accountModeMm = true;
    else return -EINVAL;
    return 0;
  }
  return -EOPNOTSUPP;
}

/** iommufd_option() (IOMMU_OPTION): val64 is written back on success. */
function iommufdOption(ucmd: Ucmd): number {
  const { ctx, cmd } = ucmd;
  if (getU16(cmd, OPTION.__reserved) && !ctx.defect('ignores-reserved') /* MUTANT: VALID-006 */) return -EOPNOTSUPP;
  let rc: number;
  switch (getU32(cmd, OPTION.option_id)) {
    case IOMMU_OPTION_RLIMIT_MODE:
      rc = iommufdOptionRlimitMode(ctx, cmd);
      break;
    case IOMMU_OPTION_HUGE_PAGES:
      rc = iommufdIoasOption(ucmd);
      break;
    default:
      return -EOPNOTSUPP;
  }
  if (rc) return rc;
  if (copy_to_user(ctx.mem, ucmd.ubuffer + BigInt(OPTION.val64), cmd.subarray(OPTION.val64, OPTION.val64 + 8))) {
    return -EFAULT;
  }
  return 0;
}

/** iommufd_vfio_ioas() (IOMMU_VFIO_IOAS): GET, SET or CLEAR the VFIO compatibility IOAS. */
function iommufdVfioIoas(ucmd: Ucmd): number {
  const { ctx, cmd } = ucmd;
  if (getU16(cmd, VFIO_IOAS.__reserved) && !ctx.defect('ignores-reserved') /* MUTANT: VALID-006 */) return -EOPNOTSUPP;
  switch (getU16(cmd, VFIO_IOAS.op)) {
    case IOMMU_VFIO_IOAS_GET: {
      const ioas = ctx.vfioIoas;
      if (!ioas || !ctx.isLive(ioas)) return -ENODEV;
      putU32(cmd, VFIO_IOAS.ioas_id, ioas.id);
      return ucmdRespond(ucmd, VFIO_IOAS.SIZE);
    }
    case IOMMU_VFIO_IOAS_SET: {
      const ioas = ctx.getIoas(getU32(cmd, VFIO_IOAS.ioas_id));
      if (typeof ioas === 'number') return ioas;
      ctx.vfioIoas = ioas;
      return 0;
    }
    case IOMMU_VFIO_IOAS_CLEAR:
      ctx.vfioIoas = null;
      return 0;
    default:
      return -EOPNOTSUPP;
  }
}

/** The first fd number a fault queue gets: 0-2 are stdio and 3 is /dev/iommu itself. */
const FIRST_FAULT_FD = 4;

/** iommufd_fault_alloc() (IOMMU_FAULT_QUEUE_ALLOC): a fault object and an fd reading from it. */
function iommufdFaultAlloc(ucmd: Ucmd): number {
  const { ctx, cmd } = ucmd;
  if (getU32(cmd, FAULT_ALLOC.flags)) return -EOPNOTSUPP;
  const fault = ctx.objectAlloc<FaultObj>({
    kind: 'fault',
    deliver: [],
    response: new Map(),
    issued: new Set(),
    fd: null,
    hwpts: new Set(),
  });
  let fd = FIRST_FAULT_FD;
  while (ctx.fds.has(fd)) fd++;
  fault.fd = fd;
  ctx.fds.set(fd, fault);
  putU32(cmd, FAULT_ALLOC.out_fault_id, fault.id);
  putU32(cmd, FAULT_ALLOC.out_fault_fd, fd);
  const rc = ucmdRespond(ucmd, FAULT_ALLOC.SIZE);
  if (rc) {
    ctx.fds.delete(fd);
    ctx.release(fault);
    return rc;
  }
  ctx.finalize(fault);
  return 0;
}

/** The fault fd of a fault object id, as the fault_read / fault_write / fault_close operations name it. */
export function faultFile(ctx: IommufdCtx, faultId: number): FaultObj | undefined {
  let found: FaultObj | undefined;
  for (const f of ctx.fds.values()) {
    if (f.id !== faultId) continue;
    // Stryker disable next-line ConditionalExpression: without the destroy-busy mutant a fault id has at most one file, and its object is live
    if (ctx.isLive(f)) return f;
    // Stryker disable next-line AssignmentOperator: only the destroy-busy mutant leaves a file whose object is gone
    found ??= f; /* a file whose object the destroy-busy mutant already destroyed */
  }
  return found;
}
