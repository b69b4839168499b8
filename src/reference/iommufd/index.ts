/**
 * The iommufd reference kernel: Linux 6.12's drivers/iommu/iommufd with the mock IOMMU driver of
 * CONFIG_IOMMUFD_TEST, plus a VT-d-flavoured mock device for the VT-d payload rules.
 *
 * Operations ("iommufd.<name>"): ioctl (args.cmd is the raw ioctl number), the named ioctls (destroy,
 * ioas_alloc, ioas_allow_iovas, ioas_copy, ioas_iova_ranges, ioas_map, ioas_unmap, option, vfio_ioas,
 * hwpt_alloc, get_hw_info, hwpt_set_dirty_tracking, hwpt_get_dirty_bitmap, hwpt_invalidate,
 * fault_queue_alloc), the fault fd (fault_read, fault_write, fault_close) and the fixtures (mock_domain,
 * mock_domain_replace, add_reserved, trigger_iopf).
 */
import { type Unsupported, unsupported } from '../../adapters/adapter.ts';
import type { Call, CallResult } from '../../adapters/call.ts';
import { EBADF, ioctlReturn } from '../kernel/errno.ts';
import {
  callArg,
  callResult,
  kernelAtLeast,
  knownStructVersion,
  parseKernelVersion,
  type ProfileKernel,
  type ReferenceOptions,
  referenceOptions,
} from '../kernel/profile-kernel.ts';
import { u32, u64, UserMemory } from '../kernel/user-memory.ts';
import { IOMMUFD_DEFECTS, type IommufdDefect } from './defects.ts';
import { faultRead, faultWrite } from './fault.ts';
import { faultFile, iommufdFopsIoctl } from './main.ts';
import { type IommufdConfig, IommufdCtx } from './objects.ts';
import { testAddReserved, testMockDomain, testMockDomainReplace, testTriggerIopf } from './selftest.ts';
import { snapshot } from './snapshot.ts';
import {
  HWPT_ALLOC_NEWEST,
  HW_INFO_NEWEST,
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
  IOMMU_VFIO_IOAS,
} from './uapi.ts';

export { IOMMUFD_DEFECTS } from './defects.ts';

const PREFIX = 'iommufd.';

/** MAX_RW_COUNT (include/linux/fs.h): INT_MAX & PAGE_MASK, the most one read() or write() hands a file. */
const MAX_RW_COUNT = 0x7ffff000n;

/** The named operations that are one ioctl each. */
const IOCTLS: Readonly<Record<string, number>> = {
  destroy: IOMMU_DESTROY,
  ioas_alloc: IOMMU_IOAS_ALLOC,
  ioas_allow_iovas: IOMMU_IOAS_ALLOW_IOVAS,
  ioas_copy: IOMMU_IOAS_COPY,
  ioas_iova_ranges: IOMMU_IOAS_IOVA_RANGES,
  ioas_map: IOMMU_IOAS_MAP,
  ioas_unmap: IOMMU_IOAS_UNMAP,
  option: IOMMU_OPTION,
  vfio_ioas: IOMMU_VFIO_IOAS,
  hwpt_alloc: IOMMU_HWPT_ALLOC,
  get_hw_info: IOMMU_GET_HW_INFO,
  hwpt_set_dirty_tracking: IOMMU_HWPT_SET_DIRTY_TRACKING,
  hwpt_get_dirty_bitmap: IOMMU_HWPT_GET_DIRTY_BITMAP,
  hwpt_invalidate: IOMMU_HWPT_INVALIDATE,
  fault_queue_alloc: IOMMU_FAULT_QUEUE_ALLOC,
};

/** The configuration the options describe; throws on a malformed kernel version or struct version. */
export function iommufdConfig(options: ReferenceOptions): IommufdConfig {
  parseKernelVersion(options.kernel);
  const after612 = kernelAtLeast(options.kernel, '6.13');
  return {
    kernel: options.kernel,
    hwptAllocVersion: knownStructVersion(options, 'iommu_hwpt_alloc', HWPT_ALLOC_NEWEST),
    hwInfoVersion: knownStructVersion(options, 'iommu_hw_info', HW_INFO_NEWEST),
    invalidateLooksUpAny: after612,
    pagingFaultId: after612,
    defects: new Set([...options.defects].filter((d): d is IommufdDefect => d in IOMMUFD_DEFECTS)),
  };
}

export function createIommufdKernel(options: Partial<ReferenceOptions> = {}): ProfileKernel {
  const cfg = iommufdConfig(referenceOptions(options));
  let ctx = new IommufdCtx(cfg, new UserMemory());

  return {
    reset(): void {
      ctx = new IommufdCtx(cfg, new UserMemory());
    },

    call(call: Call): CallResult | Unsupported {
      if (!call.op.startsWith(PREFIX)) return unsupported(`not an iommufd operation: ${call.op}`);
      const name = call.op.slice(PREFIX.length);
      const mem = new UserMemory(call.memory);
      ctx.mem = mem;
      const argp = u64(call.argp);

      if (name === 'ioctl' || name in IOCTLS) {
        const cmd = name === 'ioctl' ? u32(callArg(call, 'cmd')) : (IOCTLS[name] as number);
        return callResult(mem, ioctlReturn(iommufdFopsIoctl(ctx, cmd, argp)));
      }

      switch (name) {
        case 'fault_read':
        case 'fault_write': {
          const fault = faultFile(ctx, u32(callArg(call, 'fault')));
          if (!fault) return callResult(mem, -EBADF);
          /* vfs_read()/vfs_write() (fs/read_write.c) cut the count to MAX_RW_COUNT before the fd sees it. */
          const requested = u64(callArg(call, 'count'));
          const count = requested > MAX_RW_COUNT ? MAX_RW_COUNT : requested;
          const pos = callArg(call, 'pos');
          const r =
            name === 'fault_read' ? faultRead(ctx, fault, argp, count, pos) : faultWrite(ctx, fault, argp, count, pos);
          /* read() and write() return a byte count (0 included) or -errno. */
          return r < 0 ? callResult(mem, r) : callResult(mem, 0, { ret: BigInt(r) });
        }
        case 'fault_close': {
          const fault = faultFile(ctx, u32(callArg(call, 'fault')));
          if (!fault || fault.fd === null) return callResult(mem, -EBADF);
          /* iommufd_fault_fops_release(): drops the file's reference on the object. */
          ctx.fds.delete(fault.fd);
          fault.fd = null;
          return callResult(mem, 0);
        }
        case 'mock_domain': {
          const r = testMockDomain(
            ctx,
            u32(callArg(call, 'ioas')),
            u32(callArg(call, 'flags')),
            u64(callArg(call, 'driver')),
          );
          if (typeof r === 'number') return callResult(mem, r);
          return callResult(mem, 0, {
            out: { stdev_id: BigInt(r.stdevId), hwpt_id: BigInt(r.hwptId), dev_id: BigInt(r.devId) },
          });
        }
        case 'mock_domain_replace': {
          const r = testMockDomainReplace(ctx, u32(callArg(call, 'stdev')), u32(callArg(call, 'pt')));
          if (typeof r === 'number') return callResult(mem, r);
          return callResult(mem, 0, { out: { hwpt_id: BigInt(r.hwptId) } });
        }
        case 'add_reserved':
          return callResult(
            mem,
            testAddReserved(ctx, u32(callArg(call, 'ioas')), u64(callArg(call, 'start')), u64(callArg(call, 'length'))),
          );
        case 'trigger_iopf': {
          return callResult(
            mem,
            testTriggerIopf(
              ctx,
              u32(callArg(call, 'dev')),
              u32(callArg(call, 'pasid')),
              u32(callArg(call, 'grpid')),
              u32(callArg(call, 'perm')),
              u64(callArg(call, 'addr')),
              call.args.flags === undefined ? undefined : u32(call.args.flags),
            ),
          );
        }
        default:
          return unsupported(`iommufd operation not implemented: ${name}`);
      }
    },

    observe(): unknown {
      return snapshot(ctx);
    },
  };
}
