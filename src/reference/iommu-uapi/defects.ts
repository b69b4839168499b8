/**
 * The deliberate bugs (mutants) of the iommu-uapi reference, each with the requirement it breaks. Each is
 * a small, clearly marked condition at the one place where the bug would live in drivers/iommu/iommu.c
 * (or the vendor driver). The vfio-nesting profile runs the same IOMMU-core code for its payloads, so these
 * conditions apply there too when a caller turns them on.
 */
export const IOMMU_UAPI_DEFECTS = {
  /** The core copies the whole known struct whatever argsz says. */
  'reads-fixed-size': 'SIZE-002',
  /** No argsz < minsz check. */
  'accepts-short-argsz': 'SIZE-003',
  /** No granularity- or format-specific argsz check (cache PASID/ADDR, VT-d bind, SMMUv3 PASID table). */
  'skips-selector-size': 'SIZE-007',
  /** No padding check of iommu_cache_invalidate_info and iommu_gpasid_bind_data. */
  'ignores-padding': 'VALID-005',
  /** The core accepts any version field. */
  'accepts-unknown-version': 'VALID-001',
  /** The core accepts unknown flag bits (bind flags, pasid_info/addr_info flags, page-response flags). */
  'accepts-unknown-flags': 'VALID-002',
  /** iommu_check_bind_data masks flags as a u32 (the v5.10-rc bug fixed by 4dd6ce478003). */
  'u32-flags-mask': 'VALID-004',
  /** No cache type × granularity combination check. */
  'accepts-bad-cache-granularity': 'VALID-008',
  /** The driver does not check the PASID-table base pointer alignment. */
  'accepts-unaligned-pasid-table': 'LAYOUT-006',
  /** The core writes its struct size back into the user's argsz. */
  'clobbers-argsz': 'SIZE-008',
  /** A page response matches a NEEDS_PASID request by grpid alone. */
  'ignores-pasid-match': 'FAULT-012',
  /** A page response that matches no pending request succeeds. */
  'responds-to-unraised-fault': 'FAULT-011',
} as const satisfies Record<string, string>;

export type IommuUapiDefect = keyof typeof IOMMU_UAPI_DEFECTS;
