/**
 * The iommufd object graph (drivers/iommu/iommufd/iommufd_private.h) and the context that owns it.
 *
 * Objects live in an xarray keyed by id; ids are allocated like xa_alloc(XA_FLAGS_ALLOC1, xa_limit_31b):
 * the lowest free id from 1. An object is reserved (its id taken) when allocated and visible to lookups only
 * once finalized, as iommufd_object_alloc / iommufd_object_finalize / iommufd_object_abort do.
 *
 * Reference counts are kept as explicit dependant sets instead of counters; an object is destroyable when
 * it has no dependants (iommufd_object_remove's refcount_dec_if_one).
 */
import { ENOENT } from '../kernel/errno.ts';
import type { UserMemory } from '../kernel/user-memory.ts';
import type { IommufdDefect } from './defects.ts';
import type { Domain, IommuDriver } from './driver.ts';
import type { IoPagetable } from './io-pagetable.ts';

export type ObjectKind = 'ioas' | 'hwpt_paging' | 'hwpt_nested' | 'device' | 'stdev' | 'fault';

interface ObjectBase {
  id: number;
  /** Visible to lookups (iommufd_object_finalize has run). */
  finalized: boolean;
}

/** struct iommufd_ioas */
export interface Ioas extends ObjectBase {
  kind: 'ioas';
  iopt: IoPagetable;
  /** The paging HWPTs whose domain is in iopt (ioas->hwpt_list), in creation order. */
  hwptList: HwptPaging[];
}

interface HwptCommon extends ObjectBase {
  domain: Domain;
  /** hwpt->fault: the fault object receiving this HWPT's page faults (IOMMU_HWPT_FAULT_ID_VALID). */
  fault: FaultObj | null;
  /** Devices whose group is attached to this HWPT (each holds a users reference). */
  devices: Set<Device>;
}

/** struct iommufd_hwpt_paging */
export interface HwptPaging extends HwptCommon {
  kind: 'hwpt_paging';
  ioas: Ioas;
  autoDomain: boolean;
  nestParent: boolean;
  /** Nested HWPTs built on this one (each holds a users reference). */
  children: Set<HwptNested>;
}

/** struct iommufd_hwpt_nested */
export interface HwptNested extends HwptCommon {
  kind: 'hwpt_nested';
  parent: HwptPaging;
}

export type Hwpt = HwptPaging | HwptNested;

/** struct iommufd_attach_handle: one attachment of a device to a HWPT; fault groups belong to it. */
export interface AttachHandle {
  idev: Device;
  hwpt: Hwpt;
}

/** MOCK_FLAGS_DEVICE_* of the selftest mock device. */
export const MOCK_FLAGS_DEVICE_NO_DIRTY = 1 << 0;
export const MOCK_FLAGS_DEVICE_HUGE_IOVA = 1 << 1;

/** struct iommufd_device (with its iommufd_group: every mock device is alone in its group). */
export interface Device extends ObjectBase {
  kind: 'device';
  driver: IommuDriver;
  /** mock_dev->flags */
  flags: number;
  /** igroup->hwpt */
  hwpt: Hwpt | null;
  handle: AttachHandle | null;
  /** idev->iopf_enabled */
  iopfEnabled: number;
  /** iommu_fault_param->partial: page requests without LAST_PAGE, waiting for the last one of their group. */
  partial: IopfFault[];
}

/** struct selftest_obj of type TYPE_IDEV: the test object that owns a mock device. */
export interface Stdev extends ObjectBase {
  kind: 'stdev';
  /** Set once the mock device is bound (sobj->idev.idev). */
  idev: Device | null;
}

/** One page request (struct iommu_fault_page_request fields iommufd reports). */
export interface IopfFault {
  flags: number;
  pasid: number;
  grpid: number;
  perm: number;
  addr: bigint;
}

/** struct iopf_group */
export interface IopfGroup {
  faults: IopfFault[];
  handle: AttachHandle;
  cookie: number;
}

/** struct iommufd_fault */
export interface FaultObj extends ObjectBase {
  kind: 'fault';
  /** fault->deliver: groups queued for read(). */
  deliver: IopfGroup[];
  /** fault->response: groups delivered by read() and not answered yet, by cookie. */
  response: Map<number, IopfGroup>;
  /** Every cookie this object ever issued (only the answers-unraised-fault mutant looks at it). */
  issued: Set<number>;
  /** The fd number while the fd is open (the open file holds a users reference). */
  fd: number | null;
  /** HWPTs referencing this fault object. */
  hwpts: Set<Hwpt>;
}

export type IommufdObject = Ioas | HwptPaging | HwptNested | Device | Stdev | FaultObj;

/** What the modelled kernel knows and which mutants are on. */
export interface IommufdConfig {
  kernel: string;
  /** Layout version of struct iommu_hwpt_alloc the kernel knows (1..3). */
  hwptAllocVersion: number;
  /** Layout version of struct iommu_hw_info the kernel knows (1..3). */
  hwInfoVersion: number;
  /** Up to 6.12 HWPT_INVALIDATE looks up a nested HWPT (ENOENT otherwise); from 6.13 any object, EINVAL if not nested. */
  invalidateLooksUpAny: boolean;
  /** From 6.13, IOMMU_HWPT_FAULT_ID_VALID is accepted when allocating a paging HWPT too. */
  pagingFaultId: boolean;
  defects: ReadonlySet<IommufdDefect>;
}

/** Largest id xa_limit_31b hands out. */
const ID_LIMIT = 0x7fff_ffff;

/** struct iommufd_ctx */
export class IommufdCtx {
  readonly objects = new Map<number, IommufdObject>();
  /** ictx->vfio_ioas: the VFIO compatibility IOAS (holds no reference). */
  vfioIoas: Ioas | null = null;
  /** ictx->account_mode == IOPT_PAGES_ACCOUNT_MM */
  accountModeMm = false;
  /** Open fault fds, by fd number. */
  readonly fds = new Map<number, FaultObj>();
  /** The user memory of the call being handled. */
  mem: UserMemory;

  constructor(
    readonly cfg: IommufdConfig,
    mem: UserMemory,
    // Stryker disable next-line BlockStatement: every call sets ctx.mem to its own memory before a handler runs
  ) {
    this.mem = mem;
  }

  // Stryker disable next-line BlockStatement: the reference has no defect switched on; undefined is false too
  defect(name: IommufdDefect): boolean {
    return this.cfg.defects.has(name);
  }

  /** iommufd_object_alloc: reserves the lowest free id for a new, not yet visible object. */
  objectAlloc<T extends IommufdObject>(obj: Omit<T, 'id' | 'finalized'>): T {
    let id = 1;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the limit needs 2^31 - 2 live objects first
    while (this.objects.has(id) && id < ID_LIMIT) id++;
    const full = { ...obj, id, finalized: false } as T;
    this.objects.set(id, full);
    return full;
  }

  /** iommufd_object_finalize */
  finalize(obj: IommufdObject): void {
    obj.finalized = true;
  }

  /** iommufd_object_abort: frees the id of an object that never became visible (or is being removed). */
  release(obj: IommufdObject): void {
    // Stryker disable next-line ConditionalExpression: every caller releases the object the map holds (only the destroy-busy mutant releases twice)
    if (this.objects.get(obj.id) === obj) this.objects.delete(obj.id);
  }

  /** True while the object is in the xarray and visible. */
  isLive(obj: IommufdObject): boolean {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: every object handed to isLive between calls is finalized, and a removed one is never handed to it (the `false` is killed)
    return obj.finalized && this.objects.get(obj.id) === obj;
  }

  /** iommufd_get_object(ictx, id, type): the visible object of that kind (any kind when omitted), or -ENOENT. */
  getObject(id: number, kind?: ObjectKind): IommufdObject | number {
    const obj = this.objects.get(id);
    if (!obj || !obj.finalized || (kind !== undefined && obj.kind !== kind)) return -ENOENT;
    return obj;
  }

  getIoas(id: number): Ioas | number {
    return this.getObject(id, 'ioas') as Ioas | number;
  }

  getDevice(id: number): Device | number {
    return this.getObject(id, 'device') as Device | number;
  }

  getHwptPaging(id: number): HwptPaging | number {
    return this.getObject(id, 'hwpt_paging') as HwptPaging | number;
  }

  getHwptNested(id: number): HwptNested | number {
    return this.getObject(id, 'hwpt_nested') as HwptNested | number;
  }

  getFault(id: number): FaultObj | number {
    return this.getObject(id, 'fault') as FaultObj | number;
  }

  /** Every visible object, by id ascending. */
  liveObjects(): IommufdObject[] {
    return [...this.objects.values()].filter((o) => o.finalized).sort((a, b) => a.id - b.id);
  }
}
