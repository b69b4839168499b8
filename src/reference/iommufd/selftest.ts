/**
 * The fixture operations: the IOMMU_TEST_CMD ops of the mock driver (drivers/iommu/iommufd/selftest.c)
 * that the suite uses, called directly rather than through the test ioctl.
 */
import { EINVAL, EOVERFLOW } from '../kernel/errno.ts';
import { ULONG_MAX, u64 } from '../kernel/user-memory.ts';
import { deviceAttach, deviceBind, deviceDetach, deviceReplace, deviceUnbind } from './device.ts';
import type { IommuDriver } from './driver.ts';
import { reportDeviceFault } from './fault.ts';
import { mockDriver } from './mock-driver.ts';
import { type IommufdCtx, MOCK_FLAGS_DEVICE_HUGE_IOVA, MOCK_FLAGS_DEVICE_NO_DIRTY, type Stdev } from './objects.ts';
import { IOMMU_PGFAULT_FLAGS_LAST_PAGE, IOMMU_PGFAULT_FLAGS_PASID_VALID } from './uapi.ts';
import { vtdDriver } from './vtd-driver.ts';

/** The device flavours of the mock_domain fixture's `driver` argument. */
const DRIVERS: readonly IommuDriver[] = [mockDriver, vtdDriver];

/**
 * iommufd_test_mock_domain() (IOMMU_TEST_OP_MOCK_DOMAIN / _FLAGS): creates a mock device, binds it and
 * attaches it to pt (an IOAS: its automatic paging HWPT, reused when one exists; or a HWPT).
 */
export function testMockDomain(
  ctx: IommufdCtx,
  ptId: number,
  devFlags: number,
  driverIndex: bigint,
): { stdevId: number; hwptId: number; devId: number } | number {
  const driver = DRIVERS[Number(driverIndex)];
  if (!driver) return -EINVAL;
  /* mock_dev_create() */
  if (devFlags & ~(MOCK_FLAGS_DEVICE_NO_DIRTY | MOCK_FLAGS_DEVICE_HUGE_IOVA)) return -EINVAL;
  const sobj = ctx.objectAlloc<Stdev>({ kind: 'stdev', idev: null });
  const idev = deviceBind(ctx, driver, devFlags);
  sobj.idev = idev;
  const r = deviceAttach(ctx, idev, ptId);
  if (typeof r === 'number') {
    deviceUnbind(ctx, idev);
    ctx.release(sobj);
    return r;
  }
  ctx.finalize(sobj);
  return { stdevId: sobj.id, hwptId: r.hwptId, devId: idev.id };
}

/** iommufd_test_mock_domain_replace() (IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE) */
export function testMockDomainReplace(ctx: IommufdCtx, stdevId: number, ptId: number): { hwptId: number } | number {
  const sobj = ctx.getObject(stdevId, 'stdev');
  if (typeof sobj === 'number') return sobj;
  /* The kernel's sobj->type != TYPE_IDEV: the lookup already asked for a stdev, and a live one has its device. */
  // Stryker disable next-line ConditionalExpression,LogicalOperator,UnaryOperator: pre-empted by the typed lookup; a finalized stdev has its device
  if (sobj.kind !== 'stdev' || !sobj.idev) return -EINVAL;
  return deviceReplace(ctx, sobj.idev, ptId);
}

/** iommufd_test_add_reserved() (IOMMU_TEST_OP_ADD_RESERVED) */
export function testAddReserved(ctx: IommufdCtx, ioasId: number, start: bigint, length: bigint): number {
  if (!length) return -EINVAL;
  const last = start + length - 1n;
  if (last > ULONG_MAX) return -EOVERFLOW;
  const ioas = ctx.getIoas(ioasId);
  if (typeof ioas === 'number') return ioas;
  return ioas.iopt.reserveIova(start, last, null);
}

/**
 * iommufd_test_trigger_iopf() (IOMMU_TEST_OP_TRIGGER_IOPF): the device raises one page request. 6.12's
 * test op always sets LAST_PAGE, and PASID_VALID for a nonzero PASID, which is what an absent `flags`
 * gives. The model also takes the flags as given (only PASID_VALID and LAST_PAGE; anything else is
 * EINVAL), so a group of several requests can be built: the ones without LAST_PAGE wait for the last.
 */
export function testTriggerIopf(
  ctx: IommufdCtx,
  devId: number,
  pasid: number,
  grpid: number,
  perm: number,
  addr: bigint,
  flags: number | undefined,
): number {
  const idev = ctx.getDevice(devId);
  if (typeof idev === 'number') return idev;
  // Stryker disable next-line ConditionalExpression: undefined & mask is 0
  if (flags !== undefined && flags & ~(IOMMU_PGFAULT_FLAGS_PASID_VALID | IOMMU_PGFAULT_FLAGS_LAST_PAGE)) return -EINVAL;
  const prmFlags = flags ?? IOMMU_PGFAULT_FLAGS_LAST_PAGE | (pasid !== 0 ? IOMMU_PGFAULT_FLAGS_PASID_VALID : 0);
  reportDeviceFault(idev, { flags: prmFlags, pasid, grpid, perm, addr: u64(addr) });
  return 0;
}

/** iommufd_selftest_destroy(): detaches the device (answering its faults), unbinds it, removes the mock device. */
export function selftestDestroy(ctx: IommufdCtx, sobj: Stdev): void {
  // Stryker disable next-line ConditionalExpression: a finalized stdev has its device (set before finalize)
  if (!sobj.idev) return;
  deviceDetach(ctx, sobj.idev);
  deviceUnbind(ctx, sobj.idev);
}
