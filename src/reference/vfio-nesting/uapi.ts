/**
 * include/uapi/linux/vfio.h as the reference kernel declares it: mainline container ioctls and type1 INFO,
 * plus the never-merged nesting proposals (Liu Yi L's vSVA series v5–v8: PASID_REQUEST, NESTING_OP and
 * the nesting capability; Eric Auger's SMMUv3 nested series, VFIO part v12+: SET_PASID_TABLE and
 * CACHE_INVALIDATE). Offsets and sizes are constants, from the facts (§2).
 */

export const VFIO_TYPE = 0x3b; // ';'
export const VFIO_BASE = 100;
/** _IO(type, nr): no direction and no size bits. */
export const _IO = (type: number, nr: number): bigint => BigInt((type << 8) | nr);

export const VFIO_API_VERSION = 0;
export const VFIO_GET_API_VERSION = _IO(VFIO_TYPE, VFIO_BASE + 0);
export const VFIO_CHECK_EXTENSION = _IO(VFIO_TYPE, VFIO_BASE + 1);
export const VFIO_SET_IOMMU = _IO(VFIO_TYPE, VFIO_BASE + 2);
export const VFIO_IOMMU_GET_INFO = _IO(VFIO_TYPE, VFIO_BASE + 12);
// MAP_DMA (+13), UNMAP_DMA (+14) and DIRTY_PAGES (+17) are mainline's and outside this profile.
/** vSVA series v5+ numbering. */
export const VFIO_IOMMU_PASID_REQUEST = _IO(VFIO_TYPE, VFIO_BASE + 18);
export const VFIO_IOMMU_NESTING_OP = _IO(VFIO_TYPE, VFIO_BASE + 19);
/** Eric Auger's numbers from the series before they clashed with Yi Liu's (+22, +23). */
export const VFIO_IOMMU_SET_PASID_TABLE = _IO(VFIO_TYPE, VFIO_BASE + 22);
export const VFIO_IOMMU_CACHE_INVALIDATE = _IO(VFIO_TYPE, VFIO_BASE + 23);

/* Extensions / IOMMU types. */
export const VFIO_TYPE1_IOMMU = 1;
export const VFIO_SPAPR_TCE_IOMMU = 2;
export const VFIO_TYPE1v2_IOMMU = 3;
export const VFIO_DMA_CC_IOMMU = 4;
export const VFIO_EEH = 5;
export const VFIO_TYPE1_NESTING_IOMMU = 6;
export const VFIO_SPAPR_TCE_v2_IOMMU = 7;
export const VFIO_NOIOMMU_IOMMU = 8;

/* ---- struct vfio_iommu_type1_info (24 bytes; 16 before v5.4) ---- */
export const VFIO_IOMMU_INFO_PGSIZES = 1 << 0;
export const VFIO_IOMMU_INFO_CAPS = 1 << 1;
export const TYPE1_INFO = {
  argsz: 0,
  flags: 4,
  iovaPgsizes: 8,
  capOffset: 16,
  /** offsetofend(iova_pgsizes) */
  minsz: 16,
  /** offsetofend(cap_offset) */
  capsz: 20,
  size: 24,
} as const;
export const TYPE1_INFO_KNOWN_SIZES: Record<number, number> = { 1: 16, 2: 24 };

/* ---- struct vfio_info_cap_header + vfio_iommu_type1_info_cap_nesting (vSVA v8) ---- */
export const VFIO_IOMMU_TYPE1_INFO_CAP_NESTING = 4;
export const CAP_HEADER = { id: 0, version: 2, next: 4, size: 8 } as const;
/** struct iommu_nesting_info (64 bytes) with its VT-d vendor part, at offset 8 of the capability. */
export const NESTING_INFO = {
  argsz: 0,
  flags: 4,
  format: 8,
  features: 12,
  addrWidth: 16,
  pasidBits: 18,
  vendor: 32,
  vtdFlags: 32,
  vtdCapReg: 48,
  vtdEcapReg: 56,
  size: 64,
} as const;
export const IOMMU_NESTING_FEAT_SYSWIDE_PASID = 1 << 0;
export const IOMMU_NESTING_FEAT_BIND_PGTBL = 1 << 1;
export const IOMMU_NESTING_FEAT_CACHE_INVLD = 1 << 2;
export const IOMMU_NESTING_FEAT_PAGE_RESP = 1 << 3;

/* ---- struct vfio_iommu_type1_pasid_request (16 bytes) ---- */
export const VFIO_IOMMU_FLAG_ALLOC_PASID = 1 << 0;
export const VFIO_IOMMU_FLAG_FREE_PASID = 1 << 1;
export const VFIO_PASID_REQUEST_MASK = VFIO_IOMMU_FLAG_ALLOC_PASID | VFIO_IOMMU_FLAG_FREE_PASID;
export const PASID_REQUEST = { argsz: 0, flags: 4, min: 8, max: 12, minsz: 16 } as const;

/* ---- struct vfio_iommu_type1_nesting_op (8-byte header + data[]) ---- */
export const VFIO_NESTING_OP_MASK = 0xffff;
export const VFIO_IOMMU_NESTING_OP_BIND_PGTBL = 0;
export const VFIO_IOMMU_NESTING_OP_UNBIND_PGTBL = 1;
export const VFIO_IOMMU_NESTING_OP_CACHE_INVLD = 2;

/* ---- struct vfio_iommu_type1_set_pasid_table / _cache_invalidate: {argsz, flags} + payload at 8 ---- */
export const VFIO_PASID_TABLE_FLAG_SET = 1 << 0;
export const VFIO_PASID_TABLE_FLAG_UNSET = 1 << 1;
/** offsetofend(flags) of the three nesting ioctls whose payload follows the header. */
export const HDR = { argsz: 0, flags: 4, minsz: 8 } as const;

/** The largest PASID (VT-d PASID_MAX − 1, SMMUv3 SSIDSIZE 20). */
export const PASID_MAX_VALUE = 0xfffff;
