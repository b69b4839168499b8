/**
 * include/uapi/linux/iommufd.h as the reference kernel declares it: command numbers, flags and the byte
 * offsets of every field, kernel-header style. Declared from the project facts (§4) and checked against the
 * Linux 6.12 header used as documentation; the reference never reads spec/layouts at run time.
 *
 * Structs that grew carry one size per layout version (the version the implementation "knows" is chosen by
 * options.structs); the offsets of a field never change between versions.
 */

export const IOMMUFD_TYPE = 0x3b; /* ';' */
export const IOMMUFD_CMD_BASE = 0x80;

/** _IO(type, nr): no direction and no size bits. */
export function _IO(type: number, nr: number): number {
  return ((type & 0xff) << 8) | (nr & 0xff);
}
export function _IOC_NR(cmd: number): number {
  return cmd & 0xff;
}

export const IOMMUFD_CMD_DESTROY = 0x80;
export const IOMMUFD_CMD_IOAS_ALLOC = 0x81;
export const IOMMUFD_CMD_IOAS_ALLOW_IOVAS = 0x82;
export const IOMMUFD_CMD_IOAS_COPY = 0x83;
export const IOMMUFD_CMD_IOAS_IOVA_RANGES = 0x84;
export const IOMMUFD_CMD_IOAS_MAP = 0x85;
export const IOMMUFD_CMD_IOAS_UNMAP = 0x86;
export const IOMMUFD_CMD_OPTION = 0x87;
export const IOMMUFD_CMD_VFIO_IOAS = 0x88;
export const IOMMUFD_CMD_HWPT_ALLOC = 0x89;
export const IOMMUFD_CMD_GET_HW_INFO = 0x8a;
export const IOMMUFD_CMD_HWPT_SET_DIRTY_TRACKING = 0x8b;
export const IOMMUFD_CMD_HWPT_GET_DIRTY_BITMAP = 0x8c;
export const IOMMUFD_CMD_HWPT_INVALIDATE = 0x8d;
export const IOMMUFD_CMD_FAULT_QUEUE_ALLOC = 0x8e;

export const IOMMU_DESTROY = _IO(IOMMUFD_TYPE, IOMMUFD_CMD_DESTROY);
export const IOMMU_IOAS_ALLOC = _IO(IOMMUFD_TYPE, IOMMUFD_CMD_IOAS_ALLOC);
export const IOMMU_IOAS_ALLOW_IOVAS = _IO(IOMMUFD_TYPE, IOMMUFD_CMD_IOAS_ALLOW_IOVAS);
export const IOMMU_IOAS_COPY = _IO(IOMMUFD_TYPE, IOMMUFD_CMD_IOAS_COPY);
export const IOMMU_IOAS_IOVA_RANGES = _IO(IOMMUFD_TYPE, IOMMUFD_CMD_IOAS_IOVA_RANGES);
export const IOMMU_IOAS_MAP = _IO(IOMMUFD_TYPE, IOMMUFD_CMD_IOAS_MAP);
export const IOMMU_IOAS_UNMAP = _IO(IOMMUFD_TYPE, IOMMUFD_CMD_IOAS_UNMAP);
export const IOMMU_OPTION = _IO(IOMMUFD_TYPE, IOMMUFD_CMD_OPTION);
export const IOMMU_VFIO_IOAS = _IO(IOMMUFD_TYPE, IOMMUFD_CMD_VFIO_IOAS);
export const IOMMU_HWPT_ALLOC = _IO(IOMMUFD_TYPE, IOMMUFD_CMD_HWPT_ALLOC);
export const IOMMU_GET_HW_INFO = _IO(IOMMUFD_TYPE, IOMMUFD_CMD_GET_HW_INFO);
export const IOMMU_HWPT_SET_DIRTY_TRACKING = _IO(IOMMUFD_TYPE, IOMMUFD_CMD_HWPT_SET_DIRTY_TRACKING);
export const IOMMU_HWPT_GET_DIRTY_BITMAP = _IO(IOMMUFD_TYPE, IOMMUFD_CMD_HWPT_GET_DIRTY_BITMAP);
export const IOMMU_HWPT_INVALIDATE = _IO(IOMMUFD_TYPE, IOMMUFD_CMD_HWPT_INVALIDATE);
export const IOMMU_FAULT_QUEUE_ALLOC = _IO(IOMMUFD_TYPE, IOMMUFD_CMD_FAULT_QUEUE_ALLOC);

/* struct iommu_destroy { __u32 size; __u32 id; } */
export const DESTROY = { SIZE: 8, id: 4 } as const;

/* struct iommu_ioas_alloc { __u32 size; __u32 flags; __u32 out_ioas_id; } */
export const IOAS_ALLOC = { SIZE: 12, flags: 4, out_ioas_id: 8 } as const;

/* struct iommu_iova_range { __aligned_u64 start; __aligned_u64 last; } */
export const IOVA_RANGE = { SIZE: 16, start: 0, last: 8 } as const;

/* struct iommu_ioas_iova_ranges */
export const IOAS_IOVA_RANGES = {
  SIZE: 32,
  ioas_id: 4,
  num_iovas: 8,
  __reserved: 12,
  allowed_iovas: 16,
  out_iova_alignment: 24,
} as const;

/* struct iommu_ioas_allow_iovas */
export const IOAS_ALLOW_IOVAS = { SIZE: 24, ioas_id: 4, num_iovas: 8, __reserved: 12, allowed_iovas: 16 } as const;

/* enum iommufd_ioas_map_flags */
export const IOMMU_IOAS_MAP_FIXED_IOVA = 1 << 0;
export const IOMMU_IOAS_MAP_WRITEABLE = 1 << 1;
export const IOMMU_IOAS_MAP_READABLE = 1 << 2;

/* struct iommu_ioas_map */
export const IOAS_MAP = { SIZE: 40, flags: 4, ioas_id: 8, __reserved: 12, user_va: 16, length: 24, iova: 32 } as const;

/* struct iommu_ioas_copy */
export const IOAS_COPY = {
  SIZE: 40,
  flags: 4,
  dst_ioas_id: 8,
  src_ioas_id: 12,
  length: 16,
  dst_iova: 24,
  src_iova: 32,
} as const;

/* struct iommu_ioas_unmap */
export const IOAS_UNMAP = { SIZE: 24, ioas_id: 4, iova: 8, length: 16 } as const;

/* enum iommufd_option, enum iommufd_option_ops */
export const IOMMU_OPTION_RLIMIT_MODE = 0;
export const IOMMU_OPTION_HUGE_PAGES = 1;
export const IOMMU_OPTION_OP_SET = 0;
export const IOMMU_OPTION_OP_GET = 1;

/* struct iommu_option { size; option_id; __u16 op; __u16 __reserved; object_id; __aligned_u64 val64; } */
export const OPTION = { SIZE: 24, option_id: 4, op: 8, __reserved: 10, object_id: 12, val64: 16 } as const;

/* enum iommufd_vfio_ioas_op */
export const IOMMU_VFIO_IOAS_GET = 0;
export const IOMMU_VFIO_IOAS_SET = 1;
export const IOMMU_VFIO_IOAS_CLEAR = 2;

/* struct iommu_vfio_ioas { size; ioas_id; __u16 op; __u16 __reserved; } */
export const VFIO_IOAS = { SIZE: 12, ioas_id: 4, op: 8, __reserved: 10 } as const;

/* enum iommufd_hwpt_alloc_flags */
export const IOMMU_HWPT_ALLOC_NEST_PARENT = 1 << 0;
export const IOMMU_HWPT_ALLOC_DIRTY_TRACKING = 1 << 1;
export const IOMMU_HWPT_FAULT_ID_VALID = 1 << 2;

/* enum iommu_hwpt_data_type */
export const IOMMU_HWPT_DATA_NONE = 0;
export const IOMMU_HWPT_DATA_VTD_S1 = 1;

/*
 * struct iommu_hwpt_alloc: v1 (6.6) ends at __reserved (24 bytes); v2 (6.7) adds data_type, data_len and
 * data_uptr (40); v3 (6.11) adds fault_id and __reserved2 (48). min_size stays 24.
 */
export const HWPT_ALLOC = {
  flags: 4,
  dev_id: 8,
  pt_id: 12,
  out_hwpt_id: 16,
  __reserved: 20,
  data_type: 24,
  data_len: 28,
  data_uptr: 32,
  fault_id: 40,
  __reserved2: 44,
} as const;
export const HWPT_ALLOC_SIZE: Readonly<Record<number, number>> = { 1: 24, 2: 40, 3: 48 };
export const HWPT_ALLOC_NEWEST = 3;

/* enum iommu_hw_info_type, enum iommufd_hw_capabilities */
export const IOMMU_HW_INFO_TYPE_NONE = 0;
export const IOMMU_HW_INFO_TYPE_INTEL_VTD = 1;
export const IOMMU_HW_CAP_DIRTY_TRACKING = 1 << 0;

/*
 * struct iommu_hw_info: v1 (6.6) 32 bytes with a __u32 __reserved at 28; v2 (6.7) adds out_capabilities
 * (40); v3 (6.12.31 stable / 6.15) turns byte 28 into out_max_pasid_log2 and keeps __u8 __reserved[3] at 29.
 */
export const HW_INFO = {
  flags: 4,
  dev_id: 8,
  data_len: 12,
  data_uptr: 16,
  out_data_type: 24,
  out_max_pasid_log2: 28,
  __reserved_v1: 28 /* __u32 in v1 and v2 */,
  __reserved_v3: 29 /* __u8[3] in v3 */,
  out_capabilities: 32,
} as const;
export const HW_INFO_SIZE: Readonly<Record<number, number>> = { 1: 32, 2: 40, 3: 40 };
export const HW_INFO_NEWEST = 3;

/* struct iommu_hw_info_vtd { __u32 flags; __u32 __reserved; __aligned_u64 cap_reg; __aligned_u64 ecap_reg; } */
export const HW_INFO_VTD = { SIZE: 24, flags: 0, __reserved: 4, cap_reg: 8, ecap_reg: 16 } as const;

/* enum iommufd_hwpt_set_dirty_tracking_flags; struct iommu_hwpt_set_dirty_tracking */
export const IOMMU_HWPT_DIRTY_TRACKING_ENABLE = 1;
export const HWPT_SET_DIRTY_TRACKING = { SIZE: 16, flags: 4, hwpt_id: 8, __reserved: 12 } as const;

/* enum iommufd_hwpt_get_dirty_bitmap_flags; struct iommu_hwpt_get_dirty_bitmap */
export const IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR = 1;
export const HWPT_GET_DIRTY_BITMAP = {
  SIZE: 48,
  hwpt_id: 4,
  flags: 8,
  __reserved: 12,
  iova: 16,
  length: 24,
  page_size: 32,
  data: 40,
} as const;

/* struct iommu_hwpt_vtd_s1 { __aligned_u64 flags; __aligned_u64 pgtbl_addr; __u32 addr_width; __u32 __reserved; } */
export const HWPT_VTD_S1 = { SIZE: 24, MIN: 24, flags: 0, pgtbl_addr: 8, addr_width: 16, __reserved: 20 } as const;

/* enum iommu_hwpt_invalidate_data_type */
export const IOMMU_HWPT_INVALIDATE_DATA_VTD_S1 = 0;

/* enum iommu_hwpt_vtd_s1_invalidate_flags; struct iommu_hwpt_vtd_s1_invalidate */
export const IOMMU_VTD_INV_FLAGS_LEAF = 1 << 0;
export const HWPT_VTD_S1_INVALIDATE = { SIZE: 24, MIN: 24, addr: 0, npages: 8, flags: 16, __reserved: 20 } as const;

/* struct iommu_hwpt_invalidate */
export const HWPT_INVALIDATE = {
  SIZE: 32,
  hwpt_id: 4,
  data_uptr: 8,
  data_type: 16,
  entry_len: 20,
  entry_num: 24,
  __reserved: 28,
} as const;

/* enum iommu_hwpt_pgfault_flags, enum iommu_hwpt_pgfault_perm */
export const IOMMU_PGFAULT_FLAGS_PASID_VALID = 1 << 0;
export const IOMMU_PGFAULT_FLAGS_LAST_PAGE = 1 << 1;

/* struct iommu_hwpt_pgfault (40 bytes, read from the fault fd) */
export const HWPT_PGFAULT = {
  SIZE: 40,
  flags: 0,
  dev_id: 4,
  pasid: 8,
  grpid: 12,
  perm: 16,
  __reserved: 20,
  addr: 24,
  length: 32,
  cookie: 36,
} as const;

/* enum iommufd_page_response_code; struct iommu_hwpt_page_response (8 bytes, written to the fault fd) */
export const IOMMUFD_PAGE_RESP_SUCCESS = 0;
export const IOMMUFD_PAGE_RESP_INVALID = 1;
export const HWPT_PAGE_RESPONSE = { SIZE: 8, cookie: 0, code: 4 } as const;

/* struct iommu_fault_alloc { size; flags; out_fault_id; out_fault_fd; } */
export const FAULT_ALLOC = { SIZE: 16, flags: 4, out_fault_id: 8, out_fault_fd: 12 } as const;
