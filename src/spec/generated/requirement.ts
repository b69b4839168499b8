/* Generated from schemas/requirement.schema.json by scripts/generate-types.ts. Do not edit; run npm run gen:types. */

export type Profile = 'iommu-uapi' | 'vfio-nesting' | 'iommufd';
export type Source = ThreadSource | KernelSource | DocumentSource;
/**
 * What the source says that supports the requirement, paraphrased.
 */
export type Says = string;

/**
 * One normative requirement of the IOMMU uAPI, with its level, the profiles it applies to and the public sources it was taken from.
 */
export interface Requirement {
  $schema?: string;
  /**
   * Stable identifier: an area prefix and three digits.
   */
  id: string;
  /**
   * Goes up by one whenever the statement changes; rule rows and cases record the revision they were written against.
   */
  revision: number;
  /**
   * RFC 2119 level. Breaking a MUST is a failure; missing a SHOULD is a warning.
   */
  level: 'MUST' | 'SHOULD' | 'MAY';
  title: string;
  /**
   * The requirement, in the project's own words.
   */
  statement: string;
  /**
   * Why the rule exists.
   */
  rationale: string;
  /**
   * @minItems 1
   */
  profiles: [Profile, ...Profile[]];
  /**
   * True where breaking the requirement breaks isolation, or reads or writes user memory the caller did not hand over.
   */
  critical: boolean;
  /**
   * Where upstream Linux behaves differently from the statement, what it does.
   */
  upstream?: string;
  /**
   * @minItems 1
   */
  sources: [Source, ...Source[]];
  /**
   * For a requirement that no rule row encodes: where it is checked instead.
   */
  checkedBy?: {
    kind: 'layout-lint' | 'layout-diff' | 'suite';
    /**
     * The check that enforces it, as module#name.
     */
    place: string;
    note?: string;
  };
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
  says: Says;
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
  says: Says;
}
export interface DocumentSource {
  kind: 'document';
  title: string;
  url?: string;
  says: Says;
}
