/**
 * Page faults delivered to userspace (drivers/iommu/iommufd/fault.c, ≈v6.11–6.12) and the part of the IOMMU
 * core that groups page requests (drivers/iommu/io-pgfault.c, iommu_report_device_fault).
 */
import { EFAULT, EINVAL, ESPIPE } from '../kernel/errno.ts';
import { copy_from_user, copy_to_user, getU32, putU32, putU64 } from '../kernel/user-memory.ts';
import type { AttachHandle, Device, FaultObj, Hwpt, IommufdCtx, IopfFault, IopfGroup } from './objects.ts';
import {
  HWPT_PAGE_RESPONSE,
  HWPT_PGFAULT,
  IOMMU_PGFAULT_FLAGS_LAST_PAGE,
  IOMMU_PGFAULT_FLAGS_PASID_VALID,
  IOMMUFD_PAGE_RESP_INVALID,
  IOMMUFD_PAGE_RESP_SUCCESS,
} from './uapi.ts';

const FAULT_SIZE = BigInt(HWPT_PGFAULT.SIZE);
const RESPONSE_SIZE = BigInt(HWPT_PAGE_RESPONSE.SIZE);

/** iopf_group_response() + iopf_free_group(): the device receives its answer; nothing the model observes. */
function iopfGroupResponse(_group: IopfGroup, _code: number): void {}

/**
 * iommufd_auto_response_faults(): every group of this attachment, queued or delivered and unanswered, is
 * answered INVALID and freed; its cookie stops being outstanding.
 */
export function autoResponseFaults(ctx: IommufdCtx, fault: FaultObj, handle: AttachHandle | null): void {
  if (ctx.defect('no-auto-response')) return; /* MUTANT: FAULT-008 */
  for (const group of fault.deliver.filter((g) => g.handle === handle)) {
    fault.deliver.splice(fault.deliver.indexOf(group), 1);
    iopfGroupResponse(group, IOMMUFD_PAGE_RESP_INVALID);
  }
  for (const [cookie, group] of fault.response) {
    if (group.handle !== handle) continue;
    fault.response.delete(cookie);
    iopfGroupResponse(group, IOMMUFD_PAGE_RESP_INVALID);
  }
}

/** iommufd_fault_destroy(): every queued and every delivered-but-unanswered group is answered INVALID. */
// Stryker disable next-line BlockStatement: the fault object is gone (no fd, no HWPT): no call reaches its lists again
export function faultDestroy(fault: FaultObj): void {
  for (const group of fault.deliver) iopfGroupResponse(group, IOMMUFD_PAGE_RESP_INVALID);
  // Stryker disable next-line ArrayDeclaration: the fault object is gone: no call reaches its lists again
  fault.deliver = [];
  for (const group of fault.response.values()) iopfGroupResponse(group, IOMMUFD_PAGE_RESP_INVALID);
  fault.response.clear();
}

/** iommufd_fault_iopf_enable(): the device's IOPF is on while it is attached to a fault-capable HWPT. */
export function iopfEnable(idev: Device): number {
  idev.iopfEnabled++;
  return 0;
}

/** iommufd_fault_iopf_disable(): the last user turns IOPF off, which drops the pending partial requests. */
export function iopfDisable(idev: Device): void {
  if (idev.iopfEnabled === 0) return;
  // Stryker disable next-line ArrayDeclaration: an entry that is not a request matches no grpid, so it is never delivered
  if (--idev.iopfEnabled === 0) idev.partial = [];
}

/**
 * iommu_report_device_fault() for a page request raised by the mock device, then
 * iommufd_fault_iopf_handler(): a request without LAST_PAGE waits in the device's partial list; the last
 * request of a group takes the partial requests of the same grpid with it (in the order they came) and
 * the group is queued on the fault object of the attached HWPT. A device whose attachment has no fault
 * handler answers the request itself (INVALID) and nothing is queued.
 */
export function reportDeviceFault(idev: Device, fault: IopfFault): void {
  const handle = idev.handle;
  const hwpt = idev.hwpt;
  /* find_fault_handler(): a PASID-tagged request goes to the domain attached to that PASID; with a
   * user-managed PASID table (the mock driver) that is the nested domain attached to the RID. */
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a device stays attached from its mock_domain to its destruction
  if (!handle || !hwpt) return;
  if (fault.flags & IOMMU_PGFAULT_FLAGS_PASID_VALID && hwpt.domain.type !== 'nested') return;
  // Stryker disable next-line LogicalOperator: iopf_handler and hwpt.fault are set together (hwptSetFault)
  if (!hwpt.domain.iopfHandler || !hwpt.fault) return;

  if (!(fault.flags & IOMMU_PGFAULT_FLAGS_LAST_PAGE)) {
    idev.partial.push(fault);
    return;
  }
  const faults = idev.partial.filter((p) => p.grpid === fault.grpid);
  idev.partial = idev.partial.filter((p) => p.grpid !== fault.grpid);
  faults.push(fault);
  hwpt.fault.deliver.push({ faults, handle, cookie: 0 });
}

/** xa_alloc(&fault->response, ..., xa_limit_32b) on an XA_FLAGS_ALLOC1 xarray: the lowest free cookie from 1. */
function allocCookie(fault: FaultObj): number {
  let cookie = 1;
  while (fault.response.has(cookie)) cookie++;
  return cookie;
}

/** iommufd_compose_fault_message() */
function composeFaultMessage(fault: IopfFault, devId: number, cookie: number): Uint8Array {
  const rec = new Uint8Array(HWPT_PGFAULT.SIZE);
  putU32(rec, HWPT_PGFAULT.flags, fault.flags);
  putU32(rec, HWPT_PGFAULT.dev_id, devId);
  putU32(rec, HWPT_PGFAULT.pasid, fault.pasid);
  putU32(rec, HWPT_PGFAULT.grpid, fault.grpid);
  putU32(rec, HWPT_PGFAULT.perm, fault.perm);
  putU64(rec, HWPT_PGFAULT.addr, fault.addr);
  putU32(rec, HWPT_PGFAULT.length, 0);
  putU32(rec, HWPT_PGFAULT.cookie, cookie);
  return rec;
}

/**
 * iommufd_fault_fops_read(): hands out whole groups, each under a fresh cookie. A group that does not fit
 * in what is left of count ends the read and stays at the head of the queue; with nothing copied that is
 * EINVAL (the 6.12 stable series), while an empty queue returns 0 (the fd never blocks). Returns bytes
 * copied, or -errno when nothing was.
 */
export function faultRead(ctx: IommufdCtx, fault: FaultObj, buf: bigint, count: bigint, pos: bigint): bigint | number {
  /* No rule table declares a file position: callers read at 0. */
  // Stryker disable next-line ConditionalExpression: the position is always 0 (the count test is killed)
  if (pos !== 0n || count % FAULT_SIZE !== 0n) return -ESPIPE;
  let done = 0n;
  let rc = 0;
  for (;;) {
    const group = fault.deliver.shift();
    if (!group) break;
    let records = group.faults;
    /* done >= count is the kernel's loop test; a group has a record, so the size test covers it. */
    // Stryker disable next-line ConditionalExpression,EqualityOperator: with done = count the size test holds too
    if (done >= count || BigInt(group.faults.length) * FAULT_SIZE > count - done) {
      // Stryker disable next-line ArithmeticOperator: room is read only by the splits-fault-group mutant adapter
      const room = Number((count - done) / FAULT_SIZE);
      // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: the defect lookup is false in the reference
      if (ctx.defect('splits-fault-group') && room > 0) {
        // Stryker disable next-line MethodExpression: only the splits-fault-group mutant adapter gets here
        records = group.faults.slice(0, room); /* MUTANT: FAULT-001 hands out the part that fits */
      } else {
        fault.deliver.unshift(group);
        /* Read count doesn't fit the first fault group: EINVAL in the 6.12 stable series (Debian's 6.12.117,
         * fault.c, and the real kernel: docs/kernel-findings.md); 6.12.0 returned 0. FAULT-001 allows both. */
        if (done === 0n) rc = -EINVAL;
        break;
      }
    }

    group.cookie = allocCookie(fault);
    fault.response.set(group.cookie, group);
    fault.issued.add(group.cookie);

    let groupDone = done;
    for (const f of records) {
      const rec = composeFaultMessage(f, group.handle.idev.id, group.cookie);
      if (copy_to_user(ctx.mem, buf + groupDone, rec)) {
        fault.response.delete(group.cookie);
        fault.deliver.unshift(group);
        rc = -EFAULT;
        break;
      }
      groupDone += FAULT_SIZE;
    }
    if (rc) break;
    done = groupDone;
    // Stryker disable next-line ConditionalExpression: records is the whole group except in the splits-fault-group mutant adapter
    if (records !== group.faults) break;
  }
  return done === 0n ? rc : done;
}

/**
 * iommufd_fault_fops_write(): 8-byte responses, handled in order until the first bad one. The code is
 * checked before the cookie; a cookie that is not outstanding is EINVAL. Returns bytes consumed, or the
 * error of the first record.
 */
export function faultWrite(ctx: IommufdCtx, fault: FaultObj, buf: bigint, count: bigint, pos: bigint): bigint | number {
  // Stryker disable next-line ConditionalExpression: the position is always 0 (the count test is killed)
  if (pos !== 0n || count % RESPONSE_SIZE !== 0n) return -ESPIPE;
  let done = 0n;
  let rc = 0;
  while (count > done) {
    const response = new Uint8Array(HWPT_PAGE_RESPONSE.SIZE);
    if (copy_from_user(ctx.mem, response, buf + done)) {
      rc = -EFAULT;
      break;
    }
    const cookie = getU32(response, HWPT_PAGE_RESPONSE.cookie);
    const code = getU32(response, HWPT_PAGE_RESPONSE.code);
    if (
      code !== IOMMUFD_PAGE_RESP_SUCCESS &&
      code !== IOMMUFD_PAGE_RESP_INVALID &&
      !ctx.defect('accepts-bad-response-code') /* MUTANT: FAULT-006 */
    ) {
      rc = -EINVAL;
      break;
    }
    const group = fault.response.get(cookie);
    if (!group) {
      if (ctx.defect('answers-unraised-fault') && !fault.issued.has(cookie)) {
        done += RESPONSE_SIZE; /* MUTANT: FAULT-004 acknowledges a fault that was never raised */
        continue;
      }
      rc = -EINVAL;
      break;
    }
    if (!ctx.defect('accepts-double-response')) fault.response.delete(cookie); /* MUTANT: FAULT-005 keeps it */
    iopfGroupResponse(group, code);
    done += RESPONSE_SIZE;
  }
  return done === 0n ? rc : done;
}
