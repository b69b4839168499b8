/**
 * The iommu-uapi reference kernel: the argsz-era IOMMU uAPI of drivers/iommu/iommu.c (v5.10) on one
 * domain with one device, behind a VT-d or an SMMUv3 vendor driver chosen by the reset configuration.
 *
 * Reset configuration (ProfileConfig; its shape is checked by schemas/scenarios.schema.json, so it is
 * not checked again here):
 * - vendor: "vtd" | "smmuv3" (default "vtd");
 * - ops: the driver ops present, among those the vendor's series implemented (the default: all of them):
 *   VT-d cache_invalidate, bind_gpasid and page_response; SMMUv3 cache_invalidate, attach_pasid_table and
 *   page_response. bind_gpasid also stands for the unbind op, attach_pasid_table for the detach op;
 * - domainNested: the SMMUv3 domain is a NESTED domain (default true);
 * - ssidBits: the device's SSID/PASID width (default 20).
 */
import { unsupported, type Unsupported } from '../../adapters/adapter.ts';
import type { Call, CallResult, ProfileConfig } from '../../adapters/call.ts';
import { EEXIST } from '../kernel/errno.ts';
import { callArg, callResult, knownStructVersion, type ProfileKernel, type ReferenceOptions } from '../kernel/profile-kernel.ts';
import { u32, UserMemory } from '../kernel/user-memory.ts';
import {
  iommu_detach_pasid_table,
  iommu_page_response,
  iommu_report_device_fault,
  iommu_uapi_attach_pasid_table,
  iommu_uapi_cache_invalidate,
  iommu_uapi_sva_bind_gpasid,
  iommu_uapi_sva_unbind_gpasid,
  type IommuDevice,
  type IommuDomain,
  type KnownSizes,
  type UapiCtx,
} from './iommu-core.ts';
import { smmuv3Ops, type SmmuState } from './smmuv3.ts';
import { IOMMU_FAULT_PAGE_REQUEST_LAST_PAGE, KNOWN_SIZES } from './uapi.ts';
import { vtdOps, type VtdState } from './vtd.ts';

export type IommuVendor = 'vtd' | 'smmuv3';

export interface IommuUapiConfig {
  vendor: IommuVendor;
  ops: Set<string>;
  domainNested: boolean;
  ssidBits: number;
}

/** The reset configuration with its defaults filled in. */
export function parseIommuUapiConfig(config: ProfileConfig): IommuUapiConfig {
  const vendor = (config.vendor ?? 'vtd') as IommuVendor;
  // The ops each vendor's series implemented: VT-d the guest PASID bind, SMMUv3 the PASID table.
  const vendorOps =
    vendor === 'vtd' ? ['cache_invalidate', 'bind_gpasid', 'page_response'] : ['cache_invalidate', 'attach_pasid_table', 'page_response'];
  return {
    vendor,
    ops: new Set((config.ops as string[] | undefined) ?? vendorOps),
    domainNested: (config.domainNested ?? true) as boolean,
    ssidBits: (config.ssidBits ?? 20) as number,
  };
}

/** The struct sizes an implementation with these options copies at most (options.structs, default newest). */
export function iommuUapiKnownSizes(options: ReferenceOptions): KnownSizes {
  const size = (struct: string): number => {
    const versions = KNOWN_SIZES[struct]!;
    const newest = Math.max(...Object.keys(versions).map(Number));
    return versions[knownStructVersion(options, struct, newest)]!;
  };
  return {
    cacheInfo: size('iommu_cache_invalidate_info'),
    bindData: size('iommu_gpasid_bind_data'),
    pageResponse: size('iommu_page_response'),
    pasidTableConfig: size('iommu_pasid_table_config'),
  };
}

class IommuUapiKernel implements ProfileKernel {
  // All set by reset(), which the constructor calls.
  private known!: KnownSizes;
  private config!: IommuUapiConfig;
  private bound!: Map<bigint, bigint>;
  private vtd!: VtdState;
  private smmu!: SmmuState;
  private dev!: IommuDevice;
  private domain!: IommuDomain;

  // Stryker disable next-line BlockStatement: every user resets a kernel before its first call or observe (the reference adapter has no kernel before reset)
  constructor(private readonly options: ReferenceOptions) {
    this.reset({});
  }

  reset(config: ProfileConfig): void {
    this.known = iommuUapiKnownSizes(this.options);
    this.config = parseIommuUapiConfig(config);
    this.bound = new Map();
    this.dev = { faults: [] };
    this.vtd = { ssidBits: this.config.ssidBits, bound: this.bound };
    this.smmu = { domain: { nested: this.config.domainNested, config: 0 }, ssidBits: this.config.ssidBits };
    const defects = this.options.defects;
    this.domain = {
      ops: this.config.vendor === 'vtd' ? vtdOps(this.vtd, this.config.ops, defects) : smmuv3Ops(this.smmu, this.config.ops, defects),
    };
  }

  call(call: Call): CallResult | Unsupported {
    const mem = new UserMemory(call.memory);
    const ctx: UapiCtx = { mem, defects: this.options.defects, known: this.known };
    let rc: number;
    switch (call.op) {
      case 'iommu-uapi.cache_invalidate':
        rc = iommu_uapi_cache_invalidate(ctx, this.domain, this.dev, call.argp);
        break;
      case 'iommu-uapi.bind_gpasid':
        rc = iommu_uapi_sva_bind_gpasid(ctx, this.domain, this.dev, call.argp);
        break;
      case 'iommu-uapi.unbind_gpasid':
        rc = iommu_uapi_sva_unbind_gpasid(ctx, this.domain, this.dev, call.argp);
        break;
      case 'iommu-uapi.page_response':
        rc = iommu_page_response(ctx, this.domain, this.dev, call.argp);
        break;
      case 'iommu-uapi.attach_pasid_table':
        rc = iommu_uapi_attach_pasid_table(ctx, this.domain, call.argp);
        break;
      case 'iommu-uapi.detach_pasid_table':
        iommu_detach_pasid_table(this.domain);
        rc = 0;
        break;
      case 'iommu-uapi.report_fault':
        rc = this.reportFault(call);
        break;
      default:
        return unsupported(`iommu-uapi has no operation ${call.op}`);
    }
    return callResult(mem, rc);
  }

  /**
   * Fixture: the device raises a page request (iommu_report_device_fault). Only a request with LAST_PAGE
   * waits for a response; any other returns 0 without effect. A test-control restriction: a second pending
   * request with the grpid of one already pending is refused with EEXIST (faults are named by grpid).
   */
  private reportFault(call: Call): number {
    const evt = { grpid: u32(callArg(call, 'grpid')), pasid: u32(callArg(call, 'pasid')), flags: u32(callArg(call, 'flags')) };
    if (evt.flags & IOMMU_FAULT_PAGE_REQUEST_LAST_PAGE && this.dev.faults.some((f) => f.grpid === evt.grpid)) return -EEXIST;
    iommu_report_device_fault(this.dev, evt);
    return 0;
  }

  observe(): unknown {
    // Host PASIDs are distinct keys, so a - b is never 0 and its sign survives the conversion.
    const bound = [...this.bound.entries()]
      .sort(([a], [b]) => Number(a - b))
      .map(([hpasid, gpasid]) => ({ hpasid: hpasid.toString(), gpasid: gpasid.toString() }));
    return {
      profile: 'iommu-uapi',
      bound,
      pending: this.dev.faults.map((f) => f.grpid.toString()),
      // Only the SMMUv3 driver has a PASID-table op; on VT-d this stays 0.
      pasidTable: this.smmu.domain.config.toString(),
    };
  }
}

export function createIommuUapiKernel(options: ReferenceOptions): ProfileKernel {
  return new IommuUapiKernel(options);
}
