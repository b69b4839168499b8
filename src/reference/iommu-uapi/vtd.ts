/**
 * The VT-d vendor driver as far as the uAPI reaches it: intel_svm_bind_gpasid / intel_svm_unbind_gpasid
 * (drivers/iommu/intel/svm.c, v5.10 with [PATCH v12 6/6]) and intel_pasid_setup_nested
 * (drivers/iommu/intel/pasid.c). The modelled VT-d unit supports nested translation, 5-level first-stage
 * paging (with LA57), supervisor requests (SRS) and extended access flags (EAFS); its page-response and
 * cache-invalidation callbacks always succeed.
 */
import { EBUSY, EINVAL } from '../kernel/errno.ts';
import type { GpasidBindData, IommuDevice, IommuOps, PageResponse } from './iommu-core.ts';
import {
  ADDR_WIDTH_4LEVEL,
  ADDR_WIDTH_5LEVEL,
  BIND_DATA,
  IOMMU_PASID_FORMAT_INTEL_VTD,
  IOMMU_SVA_GPASID_VAL,
  IOMMU_SVA_VTD_GPASID_LAST,
  MAX_NR_PASID_BITS,
  PASID_MAX,
} from './uapi.ts';

/**
 * The checks intel_svm_bind_gpasid makes on the bind data itself, before it looks at the device:
 * the format, the vendor-specific argsz, the vendor flags.
 */
export function intel_svm_check_bind_data(data: GpasidBindData, defects: ReadonlySet<string>): number {
  if (data.format !== IOMMU_PASID_FORMAT_INTEL_VTD) return -EINVAL;

  // IOMMU core ensures argsz is more than the start of the union. DEFECT skips-selector-size (SIZE-007)
  if (!defects.has('skips-selector-size') && data.argsz < BIND_DATA.endVtd) return -EINVAL;

  // Make sure no undefined flags are used in vendor data.
  if (data.vtd.flags & ~(IOMMU_SVA_VTD_GPASID_LAST - 1n)) return -EINVAL;
  return 0;
}

/** The state of the VT-d domain of the iommu-uapi profile (one device). */
export interface VtdState {
  /** pci_max_pasids() of the device, as a bit count. */
  ssidBits: number;
  /** Guest PASID bindings of the device: hpasid -> gpasid (0 without IOMMU_SVA_GPASID_VAL). */
  bound: Map<bigint, bigint>;
}

/** intel_svm_bind_gpasid(domain, dev, data) */
export function intel_svm_bind_gpasid(state: VtdState, data: GpasidBindData, defects: ReadonlySet<string>): number {
  let ret = intel_svm_check_bind_data(data, defects);
  if (ret) return ret;

  // VT-d supports devices with full 20 bit PASIDs only.
  if (state.ssidBits !== MAX_NR_PASID_BITS) return -EINVAL;

  // We only check the host PASID range; the guest PASID range is unknown to us.
  if (data.hpasid <= 0n || data.hpasid >= PASID_MAX) return -EINVAL;

  // The PASID is already bound for this device.
  if (state.bound.has(data.hpasid)) return -EBUSY;

  ret = intel_pasid_setup_nested(data);
  if (ret) return ret;

  state.bound.set(data.hpasid, data.flags & IOMMU_SVA_GPASID_VAL ? data.gpasid : 0n);
  return 0;
}

/** intel_pasid_setup_nested(): the address-width check (the unit supports 5-level paging and every vendor flag). */
function intel_pasid_setup_nested(data: GpasidBindData): number {
  switch (data.addrWidth) {
    case ADDR_WIDTH_5LEVEL: // X86_FEATURE_LA57 and cap_5lp_support: both present in the model
    case ADDR_WIDTH_4LEVEL:
      break;
    default:
      return -EINVAL;
  }
  // intel_pasid_setup_bind_data(): SRE needs ecap_srs, EAFE needs ecap_eafs: both present in the model.
  return 0;
}

/** intel_svm_unbind_gpasid(dev, pasid): an unbound PASID is not an error (pasid_to_svm_sdev finds no sdev). */
export function intel_svm_unbind_gpasid(state: VtdState, pasid: bigint): number {
  if (pasid >= PASID_MAX) return -EINVAL;
  state.bound.delete(pasid);
  return 0;
}

/**
 * The VT-d domain ops of the iommu-uapi profile, restricted to the ops the configuration makes present.
 * The VT-d PASID-table attach of the 2018 series (seed 004) was never merged: there is no such op.
 */
export function vtdOps(state: VtdState, present: ReadonlySet<string>, defects: ReadonlySet<string>): IommuOps {
  const ops: IommuOps = {};
  // Stryker disable next-line ArrowFunction: the core passes the callback's 0 through, and an undefined result is a success too
  if (present.has('cache_invalidate')) ops.cache_invalidate = () => 0; // intel_iommu_sva_invalidate
  if (present.has('bind_gpasid')) {
    ops.sva_bind_gpasid = (_dev: IommuDevice, data: GpasidBindData) => intel_svm_bind_gpasid(state, data, defects);
    ops.sva_unbind_gpasid = (_dev: IommuDevice, pasid: bigint) => intel_svm_unbind_gpasid(state, pasid);
  }
  // Stryker disable next-line ArrowFunction: the core passes the callback's 0 through, and an undefined result is a success too
  if (present.has('page_response')) ops.page_response = (_d: IommuDevice, _e, _m: PageResponse) => 0; // intel_svm_page_response
  return ops;
}
