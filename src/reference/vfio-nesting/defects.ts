/**
 * The deliberate bugs (mutants) of the vfio-nesting reference, each with the requirement it breaks. Each is
 * a small, clearly marked condition at the one place where the bug would live in vfio_iommu_type1.c.
 */
export const VFIO_NESTING_DEFECTS = {
  /** A nesting container accepts a second group (no singleton rule in attach_group). */
  'multi-group-nesting': 'NEST-001',
  /** A failed bind leaves the devices bound before the failing one bound (no rollback). */
  'keeps-partial-bind': 'NEST-003',
  /** Bind and unbind accept a PASID the container did not allocate. */
  'binds-unowned-pasid': 'NEST-005',
  /** Detaching a group from a nesting container leaves its PASID bindings in place. */
  'detach-keeps-binds': 'NEST-006',
  /** PASID_REQUEST with both ALLOC and FREE set is taken as ALLOC. */
  'accepts-both-alloc-free': 'VALID-010',
  /** GET_INFO with a buffer too small for the capability chain fails with EINVAL instead of reporting the size. */
  'info-fails-small-buffer': 'SIZE-009',
} as const satisfies Record<string, string>;

export type VfioNestingDefect = keyof typeof VFIO_NESTING_DEFECTS;
