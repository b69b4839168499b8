/* Generated from schemas/layout.schema.json by scripts/generate-types.ts. Do not edit; run npm run gen:types. */

/**
 * A non-negative integer: a JSON number up to 2^53, or a hex string for wider values.
 */
export type Integer = number | string;
/**
 * What a field is for: size (argsz or size word), flags, version, selector (chooses a union member or a data type), reserved and padding (must be zero), payload (an input value), pointer (a user address), length (the length of what a pointer points at), output (written by the implementation), inout (read, then written back), union.
 */
export type Role =
  | 'size'
  | 'flags'
  | 'version'
  | 'selector'
  | 'reserved'
  | 'padding'
  | 'payload'
  | 'pointer'
  | 'length'
  | 'output'
  | 'inout'
  | 'union';

/**
 * One C struct of the uAPI and every version of it that the facts know, byte by byte (x86-64, little-endian).
 */
export interface Layout {
  $schema?: string;
  /**
   * The C struct tag, without 'struct'.
   */
  name: string;
  profile: 'iommu-uapi' | 'vfio-nesting' | 'iommufd';
  /**
   * How the struct crosses the boundary: an ioctl or call argument that starts with its size word, a record the kernel hands out, a member of another struct, or driver-specific data reached through a pointer and length.
   */
  usage: 'argument' | 'record' | 'response' | 'member' | 'driver-data';
  description: string;
  /**
   * Where the struct can be read in a real, installable header; absent when it never reached one (unmerged proposals).
   */
  header?: {
    /**
     * Include path, as in #include <linux/iommufd.h>.
     */
    path: string;
    /**
     * Debian package that ships it.
     */
    package: string;
    /**
     * Which of the versions below that header holds.
     */
    version?: number;
  };
  /**
   * Named numeric constants that belong to the struct (version numbers, limits).
   */
  constants?: {
    [k: string]: Integer;
  };
  /**
   * Enumerations used by fields of the struct, each a map from name to value.
   */
  enums?: {
    [k: string]: {
      [k: string]: Integer;
    };
  };
  /**
   * Flag sets used by fields of the struct, each a map from name to its bit value.
   */
  flagSets?: {
    [k: string]: {
      [k: string]: Integer;
    };
  };
  /**
   * @minItems 1
   */
  versions: [Version, ...Version[]];
}
export interface Version {
  /**
   * 1 for the first layout, counting up.
   */
  version: number;
  label: string;
  /**
   * Kernel version, or the proposal, that introduced this layout.
   */
  since: string;
  /**
   * Last kernel version or proposal with this layout.
   */
  until?: string;
  /**
   * @minItems 1
   */
  sources: [ThreadSource | KernelSource | DocumentSource, ...(ThreadSource | KernelSource | DocumentSource)[]];
  /**
   * sizeof the struct, in bytes.
   */
  size: number;
  /**
   * Smallest size word the implementation accepts (offsetofend of the last field at introduction). Arguments only.
   */
  minSize?: number;
  /**
   * Alignment of the struct.
   */
  align: 1 | 2 | 4 | 8;
  /**
   * Layout requirements this historical version breaks; the layout lint expects exactly these and reports any other.
   */
  defects?: string[];
  /**
   * @minItems 1
   */
  fields: [Field, ...Field[]];
}
export interface ThreadSource {
  kind: 'thread';
  author: string;
  subject: string;
  date: string;
  messageId?: string;
  /**
   * The file in shared/seeds holding this message, by its number.
   */
  seed?: string;
  /**
   * What the source says that supports the requirement, paraphrased.
   */
  says: string;
}
export interface KernelSource {
  kind: 'kernel';
  /**
   * Path in the Linux tree, optionally with #function.
   */
  path: string;
  /**
   * Kernel version or commit the statement holds for.
   */
  version: string;
  commit?: string;
  /**
   * What the source says that supports the requirement, paraphrased.
   */
  says: string;
}
export interface DocumentSource {
  kind: 'document';
  title: string;
  url?: string;
  /**
   * What the source says that supports the requirement, paraphrased.
   */
  says: string;
}
export interface Field {
  /**
   * Absent only for an anonymous union, shown as (union).
   */
  name?: string;
  /**
   * The C type as declared, e.g. __u32, __aligned_u64, __u8[6], struct iommu_inv_pasid_info, union.
   */
  ctype: string;
  offset: number;
  size: number;
  /**
   * Element count of an array field.
   */
  count?: number;
  role: Role;
  /**
   * The layout of a struct-typed field.
   */
  struct?: string;
  /**
   * Name of an enum of this layout that the field takes values from.
   */
  enum?: string;
  /**
   * Name of a flag set of this layout that the field holds.
   */
  flagSet?: string;
  /**
   * The flags (or enum names) valid in this version.
   */
  valid?: string[];
  /**
   * Members of a union field.
   *
   * @minItems 1
   */
  members?: [Member, ...Member[]];
  /**
   * The version of this layout that added the field, when later than 1.
   */
  since?: number;
  gate?: Gate;
  description?: string;
}
export interface Member {
  name: string;
  ctype: string;
  size: number;
  /**
   * The layout of the member when it is a struct.
   */
  struct?: string;
  /**
   * The selector value(s) under which this member is the meaningful one.
   */
  selectedBy?: {
    field: string;
    /**
     * @minItems 1
     */
    values: [string, ...string[]];
  };
}
/**
 * What tells an implementation that a field added in a later version carries meaning: a flag bit, another field's type value, or the field's own zero value meaning 'absent'.
 */
export interface Gate {
  flag?: string;
  selector?: string;
  zeroIsAbsent?: true;
  note?: string;
}
