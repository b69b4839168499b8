/**
 * The data that crosses the adapter boundary: a call of one operation with its user memory, and what the
 * implementation did with it. The exec protocol carries exactly these, as JSON.
 */

/** One mapped range of user memory. Anything outside every segment is unmapped: touching it faults. */
export interface Segment {
  addr: bigint;
  bytes: Uint8Array;
  writable: boolean;
}

export interface Call {
  /** "<profile>.<operation>", e.g. "iommufd.ioas_alloc". */
  op: string;
  /** Address of the argument struct (or the buffer of a read/write); 0 is NULL. */
  argp: bigint;
  /** Integer arguments besides argp (ids of containers and groups, a read's count, a raw ioctl's cmd...). */
  args: Record<string, bigint>;
  memory: Segment[];
}

export interface CallResult {
  /** The errno name when the call failed ("EINVAL"); absent on success. */
  errno?: string;
  /** The return value on success, where the operation has one (a PASID, a byte count); absent means 0. */
  ret?: bigint;
  /** Named outputs of fixture calls (ids of the objects they made). */
  out?: Record<string, bigint>;
  /** The user memory after the call: the same segments, with whatever the implementation wrote. */
  memory: Segment[];
}

/** What an implementation is and which parts of the uAPI it claims. */
export interface Description {
  name: string;
  /** Per claimed profile: the struct versions it knows (newest when absent) and the kernel it models. */
  profiles: Partial<Record<string, { kernel?: string; structs?: Record<string, number> }>>;
}

/** Reset configuration of a profile (the driver of the iommu-uapi profile, for instance). */
export type ProfileConfig = Record<string, string | number | boolean | string[]>;
