/* Generated from schemas/case-template.schema.json by scripts/generate-types.ts. Do not edit; run npm run gen:types. */

/**
 * An integer (number or 0x string), a named constant of the profile's layouts, the address of a buffer, the length of a buffer, a name bound by an earlier step, or a sum.
 */
export type Value =
  | number
  | string
  | {
      const: string;
    }
  | {
      buffer: string;
      offset?: number;
    }
  | {
      lengthOf: string;
    }
  | {
      ref: string;
    }
  | {
      or: Value[];
    }
  | {
      unmapped: true;
    };

/**
 * How the suite calls one operation: a well-formed call (the baseline) in each of the profile's scenarios it makes sense in. The generator varies the baseline along every boundary the layout and the rule table imply, and the oracle says what each variation must do.
 */
export interface CaseTemplate {
  $schema?: string;
  operation: string;
  description?: string;
  /**
   * Names of scenarios (from the profile's scenario file) to run the operation in.
   *
   * @minItems 1
   */
  scenarios: [string, ...string[]];
  call?: Call;
  /**
   * Extra values to try, beyond the automatic boundaries: for a struct field ("flags"), a buffer's field ("data.iotlb") or an argument ("args.count").
   */
  vary?: {
    /**
     * @minItems 1
     */
    [k: string]: [Value, ...Value[]];
  };
  /**
   * Fields and arguments the generator must not vary automatically (their variations make no sense or are covered by 'vary').
   */
  fixed?: string[];
  /**
   * Baseline overrides per scenario (the id of an object that only that scenario has).
   */
  perScenario?: {
    [k: string]: Call;
  };
}
/**
 * A call: its argument struct (at argp), integer arguments, and the other user buffers it points at.
 */
export interface Call {
  op?: unknown;
  bind?: unknown;
  struct?: {
    /**
     * Layout of the struct at argp; by default the rule table's struct.
     */
    name?: string;
    /**
     * The size word and the bytes mapped: 'known' (the default) or a number.
     */
    size?: 'known' | number;
    fields?: {
      [k: string]: Value;
    };
    /**
     * A struct that follows the argument struct directly in memory (the data[] after VFIO_IOMMU_NESTING_OP's header); the size word then covers both.
     */
    payload?: {
      struct: string;
      fields?: {
        [k: string]: Value;
      };
    };
  };
  /**
   * An integer (number or 0x string), a named constant of the profile's layouts, the address of a buffer, the length of a buffer, a name bound by an earlier step, or a sum.
   */
  argp?:
    | number
    | string
    | {
        const: string;
      }
    | {
        buffer: string;
        offset?: number;
      }
    | {
        lengthOf: string;
      }
    | {
        ref: string;
      }
    | {
        or: Value[];
      }
    | {
        unmapped: true;
      };
  args?: {
    [k: string]: Value;
  };
  buffers?: {
    [k: string]: Buffer;
  };
}
/**
 * A user buffer, mapped on its own pages and followed by an unmapped guard page.
 */
export interface Buffer {
  /**
   * Bytes mapped; defaults to the struct's size times count.
   */
  length?: number;
  writable?: boolean;
  /**
   * Byte every unset byte holds.
   */
  fill?: number;
  /**
   * Place the buffer's start at this alignment instead of against the guard page.
   */
  align?: number;
  /**
   * Lay the buffer out as entries of this layout.
   */
  struct?: string;
  /**
   * Number of entries.
   */
  count?: number;
  /**
   * Field values of each entry (the last one repeats).
   */
  entries?: {
    [k: string]: Value;
  }[];
}
