/**
 * The vfio-nesting reference kernel: VFIO containers, groups and devices with the type1 backend and the
 * 2020 nesting proposals (see type1.ts). No reset configuration.
 *
 * Operations "vfio-nesting.<op>":
 * - fixtures create_container (out container) and create_group (args devices 1..4, lacking, lacks; out group);
 * - set_container (group, container), unset_container (group), set_iommu (container, type);
 * - get_info, pasid_request (ALLOC returns the PASID), nesting_op, set_pasid_table, cache_invalidate
 *   (container; argp = the argument struct);
 * - ioctl (container, cmd; argp passed as the ioctl's argument).
 */
import { unsupported, type Unsupported } from '../../adapters/adapter.ts';
import type { Call, CallResult, ProfileConfig } from '../../adapters/call.ts';
import { EINVAL } from '../kernel/errno.ts';
import { callArg, callResult, knownStructVersion, type ProfileKernel, type ReferenceOptions } from '../kernel/profile-kernel.ts';
import { UserMemory } from '../kernel/user-memory.ts';
import { iommuUapiKnownSizes } from '../iommu-uapi/index.ts';
import type { KnownSizes } from '../iommu-uapi/iommu-core.ts';
import { newVfioState, type VfioContainer, type VfioCtx, type VfioDevice, type VfioGroup, type VfioState } from './objects.ts';
import { type1_cache_invalidate, type1_pasid_request, type1_nesting_op, type1_set_pasid_table } from './type1.ts';
import { TYPE1_INFO_KNOWN_SIZES } from './uapi.ts';
import {
  container_get_info,
  containerFd,
  groupFd,
  passthrough,
  vfio_fops_unl_ioctl,
  vfio_group_set_container,
  vfio_group_unset_container,
  vfio_ioctl_set_iommu,
} from './vfio.ts';

const MAX_GROUP_DEVICES = 4;

class VfioNestingKernel implements ProfileKernel {
  private state: VfioState = newVfioState();
  private readonly known: KnownSizes;
  private readonly infoSize: number;

  constructor(private readonly options: ReferenceOptions) {
    this.known = iommuUapiKnownSizes(options);
    this.infoSize = TYPE1_INFO_KNOWN_SIZES[knownStructVersion(options, 'vfio_iommu_type1_info', 2)]!;
  }

  reset(_config: ProfileConfig): void {
    this.state = newVfioState();
  }

  call(call: Call): CallResult | Unsupported {
    const mem = new UserMemory(call.memory);
    const ctx: VfioCtx = { mem, defects: this.options.defects, known: this.known, state: this.state, infoSize: this.infoSize };

    switch (call.op) {
      case 'vfio-nesting.create_container': {
        const id = this.state.nextFd++;
        this.state.containers.set(id, { id, groups: [], iommu: null, pasids: new Set(), binds: new Map() });
        return callResult(mem, 0, { out: { container: BigInt(id) } });
      }
      case 'vfio-nesting.create_group': {
        const group = this.createGroup(call);
        if (typeof group === 'number') return callResult(mem, group);
        return callResult(mem, 0, { out: { group: BigInt(group.id) } });
      }
      case 'vfio-nesting.set_container': {
        const group = groupFd(ctx, callArg(call, 'group'));
        const rc = typeof group === 'number' ? group : vfio_group_set_container(ctx, group, callArg(call, 'container'));
        return callResult(mem, rc);
      }
      case 'vfio-nesting.unset_container': {
        const group = groupFd(ctx, callArg(call, 'group'));
        const rc = typeof group === 'number' ? group : vfio_group_unset_container(ctx, group);
        return callResult(mem, rc);
      }
      case 'vfio-nesting.set_iommu':
        return this.onContainer(call, mem, ctx, (c) => vfio_ioctl_set_iommu(ctx, c, callArg(call, 'type')));
      case 'vfio-nesting.get_info':
        return this.onContainer(call, mem, ctx, (c) => container_get_info(ctx, c, call.argp));
      case 'vfio-nesting.pasid_request':
        // ALLOC returns the PASID as the ioctl's value; FREE returns 0.
        return this.onContainer(call, mem, ctx, (c) => passthrough(c, () => type1_pasid_request(ctx, c, call.argp)));
      case 'vfio-nesting.nesting_op':
        return this.onContainer(call, mem, ctx, (c) => passthrough(c, () => type1_nesting_op(ctx, c, call.argp)));
      case 'vfio-nesting.set_pasid_table':
        return this.onContainer(call, mem, ctx, (c) => passthrough(c, () => type1_set_pasid_table(ctx, c, call.argp)));
      case 'vfio-nesting.cache_invalidate':
        return this.onContainer(call, mem, ctx, (c) => passthrough(c, () => type1_cache_invalidate(ctx, c, call.argp)));
      case 'vfio-nesting.ioctl':
        return this.onContainer(call, mem, ctx, (c) => vfio_fops_unl_ioctl(ctx, c, callArg(call, 'cmd'), call.argp));
      // Stryker disable next-line ConditionalExpression,StringLiteral: only operations of the profile's rule tables reach a kernel
      default: return unsupported(`vfio-nesting has no operation ${call.op}`);
    }
  }

  /**
   * Runs a container ioctl on the container named by args.container (EBADF when it names none). The ioctl's
   * value is the result: 0 for most commands (the same as no value), a PASID, an API version or an extension.
   */
  private onContainer(call: Call, mem: UserMemory, ctx: VfioCtx, fn: (c: VfioContainer) => number): CallResult {
    const container = containerFd(ctx, callArg(call, 'container'));
    const rc = typeof container === 'number' ? container : fn(container);
    return callResult(mem, rc, { ret: BigInt(rc) });
  }

  /** Fixture create_group: a group of 1..4 devices, the one at index `lacking` lacking the ops in `lacks`. */
  private createGroup(call: Call): VfioGroup | number {
    const devices = callArg(call, 'devices', 1n);
    if (devices < 1n || devices > BigInt(MAX_GROUP_DEVICES)) return -EINVAL;
    const count = Number(devices);
    const lacking = callArg(call, 'lacking', devices);
    const lacks = callArg(call, 'lacks', 0n);
    // Arguments are never negative (the protocol's integers are unsigned).
    if (lacking > devices || lacks > 7n) return -EINVAL;
    const group: VfioGroup = { id: this.state.nextFd++, devices: [], container: null };
    for (let index = 0; index < count; index++) {
      // Stryker disable next-line ArrayDeclaration: faults is read only by page responses, which this profile does not have
      const dev: VfioDevice = { group, index, lacks: BigInt(index) === lacking ? Number(lacks) : 0, faults: [] };
      group.devices.push(dev);
    }
    this.state.groups.set(group.id, group);
    return group;
  }

  observe(): unknown {
    // Containers are never removed and get ascending ids, so the map's insertion order is ascending by id.
    const containers = [...this.state.containers.values()].map((c) => ({
      id: c.id,
      iommu: c.iommu?.type ?? 0,
      groups: [...c.groups].sort((a, b) => a.id - b.id).map((g) => ({ id: g.id, devices: g.devices.length })),
      pasids: [...c.pasids].sort((a, b) => a - b).map(String),
      // A PASID keeps its (possibly empty) device set after an unbind; only PASIDs bound somewhere are listed.
      binds: [...c.binds.entries()]
        .filter(([, devs]) => devs.size > 0)
        .sort(([a], [b]) => Number(a - b))
        .map(([pasid, devs]) => ({ pasid: pasid.toString(), devices: devs.size })),
      // Stryker disable next-line MethodExpression: a PASID table is only set on a nesting container, whose one domain makes some() and every() agree
      pasidTable: c.iommu?.domains.some((d) => d.smmu.config !== 0) ?? false,
    }));
    return { profile: 'vfio-nesting', containers };
  }
}

export function createVfioNestingKernel(options: ReferenceOptions): ProfileKernel {
  return new VfioNestingKernel(options);
}
