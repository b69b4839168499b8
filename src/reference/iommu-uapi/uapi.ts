/**
 * include/uapi/linux/iommu.h as the reference kernel declares it (v5.10 argsz layouts, plus the PASID-table
 * config of Eric Auger's SMMUv3 nested series, v14+ layout). Offsets and sizes are constants, kernel-header
 * style, from the facts (§1.1); the reference never reads spec/layouts at run time.
 */

/* ---- struct iommu_cache_invalidate_info (v5.10: 56 bytes) ---- */
export const IOMMU_CACHE_INVALIDATE_INFO_VERSION_1 = 1;
export const IOMMU_CACHE_INV_TYPE_IOTLB = 1 << 0;
export const IOMMU_CACHE_INV_TYPE_DEV_IOTLB = 1 << 1;
export const IOMMU_CACHE_INV_TYPE_PASID = 1 << 2;
export const IOMMU_CACHE_INV_TYPE_NR = 3;
export const IOMMU_INV_GRANU_DOMAIN = 0;
export const IOMMU_INV_GRANU_PASID = 1;
export const IOMMU_INV_GRANU_ADDR = 2;
export const IOMMU_INV_GRANU_NR = 3;
export const IOMMU_INV_PASID_FLAGS_PASID = 1 << 0;
export const IOMMU_INV_PASID_FLAGS_ARCHID = 1 << 1;
export const IOMMU_INV_ADDR_FLAGS_PASID = 1 << 0;
export const IOMMU_INV_ADDR_FLAGS_ARCHID = 1 << 1;
export const IOMMU_INV_ADDR_FLAGS_LEAF = 1 << 2;

export const CACHE_INFO = {
  argsz: 0,
  version: 4,
  cache: 8,
  granularity: 9,
  padding: 10,
  paddingSize: 6,
  granu: 16,
  /* granu.pasid_info: flags u32 @0, archid u32 @4, pasid u64 @8 (16 bytes) */
  pasidInfoFlags: 16,
  pasidInfoArchid: 20,
  pasidInfoPasid: 24,
  /* granu.addr_info: flags u32 @0, archid u32 @4, pasid u64 @8, addr @16, granule_size @24, nb_granules @32 */
  addrInfoFlags: 16,
  addrInfoArchid: 20,
  addrInfoPasid: 24,
  addrInfoAddr: 32,
  addrInfoGranuleSize: 40,
  addrInfoNbGranules: 48,
  /** minsz = offsetof(granu) */
  minsz: 16,
  /** offsetofend(granu.pasid_info) */
  endPasidInfo: 32,
  /** offsetofend(granu.addr_info) */
  endAddrInfo: 56,
  size: 56,
} as const;

/* ---- struct iommu_gpasid_bind_data (v5.10: 72 bytes) ---- */
export const IOMMU_GPASID_BIND_VERSION_1 = 1;
export const IOMMU_PASID_FORMAT_INTEL_VTD = 1;
export const IOMMU_PASID_FORMAT_LAST = 2;
export const IOMMU_SVA_GPASID_VAL = 1n << 0n;
/* struct iommu_gpasid_bind_data_vtd flags */
export const IOMMU_SVA_VTD_GPASID_SRE = 1n << 0n;
export const IOMMU_SVA_VTD_GPASID_EAFE = 1n << 1n;
export const IOMMU_SVA_VTD_GPASID_PCD = 1n << 2n;
export const IOMMU_SVA_VTD_GPASID_PWT = 1n << 3n;
export const IOMMU_SVA_VTD_GPASID_EMTE = 1n << 4n;
export const IOMMU_SVA_VTD_GPASID_CD = 1n << 5n;
export const IOMMU_SVA_VTD_GPASID_LAST = 1n << 6n;

export const BIND_DATA = {
  argsz: 0,
  version: 4,
  format: 8,
  addrWidth: 12,
  flags: 16,
  gpgd: 24,
  hpasid: 32,
  gpasid: 40,
  padding: 48,
  paddingSize: 8,
  vendor: 56,
  /* vendor.vtd: flags u64 @0, pat u32 @8, emt u32 @12 */
  vtdFlags: 56,
  vtdPat: 64,
  vtdEmt: 68,
  /** minsz = offsetof(vendor) */
  minsz: 56,
  /** offsetofend(vendor.vtd) */
  endVtd: 72,
  size: 72,
} as const;

/* ---- struct iommu_page_response (v5.10: 24 bytes) ---- */
export const IOMMU_PAGE_RESP_VERSION_1 = 1;
export const IOMMU_PAGE_RESP_PASID_VALID = 1 << 0;
export const IOMMU_PAGE_RESP_SUCCESS = 0;
export const IOMMU_PAGE_RESP_INVALID = 1;
export const IOMMU_PAGE_RESP_FAILURE = 2;

export const PAGE_RESPONSE = {
  argsz: 0,
  version: 4,
  flags: 8,
  pasid: 12,
  grpid: 16,
  code: 20,
  /** No union: the whole struct is the fixed part. */
  minsz: 24,
  size: 24,
} as const;

/* ---- struct iommu_fault_page_request flags (the in-kernel fault report) ---- */
export const IOMMU_FAULT_PAGE_REQUEST_PASID_VALID = 1 << 0;
export const IOMMU_FAULT_PAGE_REQUEST_LAST_PAGE = 1 << 1;
export const IOMMU_FAULT_PAGE_REQUEST_PRIV_DATA = 1 << 2;
export const IOMMU_FAULT_PAGE_RESPONSE_NEEDS_PASID = 1 << 3;

/* ---- struct iommu_pasid_table_config, v14+ layout (32 bytes) ---- */
export const PASID_TABLE_CFG_VERSION_1 = 1;
export const PASID_TABLE_SMMUV3_CFG_VERSION_1 = 1;
export const IOMMU_PASID_FORMAT_SMMUV3 = 1;
export const IOMMU_PASID_CONFIG_TRANSLATE = 1;
export const IOMMU_PASID_CONFIG_BYPASS = 2;
export const IOMMU_PASID_CONFIG_ABORT = 3;

export const PASID_TABLE_CONFIG = {
  argsz: 0,
  version: 4,
  basePtr: 8,
  format: 16,
  pasidBits: 20,
  config: 21,
  padding: 22,
  paddingSize: 2,
  vendorData: 24,
  /* vendor_data.smmuv3: version u32 @0, s1fmt u8 @4, s1dss u8 @5, padding[2] @6 */
  smmuv3Version: 24,
  smmuv3S1fmt: 28,
  smmuv3S1dss: 29,
  smmuv3Padding: 30,
  /** minsz = offsetof(vendor_data) */
  minsz: 24,
  /** offsetofend(vendor_data.smmuv3) */
  endSmmuv3: 32,
  size: 32,
} as const;

/**
 * Struct sizes per layout version (the numbering of the suite's layouts): what an implementation that
 * "knows version N" copies at most. Version 1 of the first three is the pre-argsz layout; the reference
 * still decodes with the argsz-era offsets and only bounds its copy by that size.
 */
export const KNOWN_SIZES: Record<string, Record<number, number>> = {
  iommu_cache_invalidate_info: { 1: 48, 2: 56 },
  iommu_gpasid_bind_data: { 1: 72, 2: 72 },
  iommu_page_response: { 1: 20, 2: 24 },
  iommu_pasid_table_config: { 1: 32, 2: 40, 3: 32 },
};

/** VT-d MAX_NR_PASID_BITS and PASID_MAX (drivers/iommu/intel/pasid.h). */
export const MAX_NR_PASID_BITS = 20;
export const PASID_MAX = 1n << 20n;
/** VT-d guest address widths accepted by intel_pasid_setup_nested. */
export const ADDR_WIDTH_4LEVEL = 48;
export const ADDR_WIDTH_5LEVEL = 57;
