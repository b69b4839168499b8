/**
 * The deliberate bugs (mutants) of the iommufd reference, each with the requirement it breaks. Each is a
 * small, clearly marked condition at the one place where the bug would live in the kernel.
 */
export const IOMMUFD_DEFECTS = {
  /** The dispatcher copies the whole known struct whatever `size` says. */
  'reads-past-size': 'SIZE-002',
  /** The dispatcher accepts a nonzero tail past the known struct size. */
  'ignores-nonzero-tail': 'SIZE-005',
  /** The dispatcher has no min_size check. */
  'accepts-short-size': 'SIZE-003',
  /** No handler checks its __reserved fields (__reserved2 of HWPT_ALLOC is VALID-012's and stays checked). */
  'ignores-reserved': 'VALID-006',
  /** IOAS_MAP and IOAS_ALLOC accept unknown flag bits. */
  'accepts-unknown-flags': 'VALID-003',
  /** IOAS_MAP skips its alignment checks (length, fixed IOVA, user_va page offset). */
  'accepts-unaligned-map': 'LAYOUT-007',
  /** A page response whose cookie was never issued is accepted. */
  'answers-unraised-fault': 'FAULT-004',
  /** A cookie stays outstanding after its response. */
  'accepts-double-response': 'FAULT-005',
  /** Any page response code is accepted. */
  'accepts-bad-response-code': 'FAULT-006',
  /** A nested HWPT may be allocated on a paging HWPT without NEST_PARENT. */
  'nested-on-non-parent': 'NEST-007',
  /** DESTROY ignores the object's users. */
  'destroy-busy': 'NEST-009',
  /** Driver data longer than the kernel struct fails with E2BIG instead of EINVAL. */
  'e2big-for-driver-data': 'SIZE-011',
  /** read() of the fault fd hands out the part of a group that fits. */
  'splits-fault-group': 'FAULT-001',
  /** Replacing or detaching a device keeps its fault groups queued and their cookies outstanding. */
  'no-auto-response': 'FAULT-008',
  /** HWPT_INVALIDATE does not write entry_num back when it fails. */
  'invalidate-no-progress': 'NEST-010',
} as const satisfies Record<string, string>;

export type IommufdDefect = keyof typeof IOMMUFD_DEFECTS;
