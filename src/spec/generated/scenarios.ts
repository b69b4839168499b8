/* Generated from schemas/scenarios.schema.json by scripts/generate-types.ts. Do not edit; run npm run gen:types. */

/**
 * The named starting states of one profile: a reset configuration and the calls that build the objects a case needs, each result bound to a name later calls refer to.
 */
export type Scenarios = {
  [k: string]: unknown;
} & {
  $schema?: string;
  profile: 'iommu-uapi' | 'vfio-nesting' | 'iommufd';
  scenarios: {
    [k: string]: Scenario;
  };
};
export type Step = Call & {
  op: string;
  /**
   * Names for results of this step: a field the implementation wrote, a named output, the return value, or a field of a buffer after the call.
   */
  bind?: {
    [k: string]: {
      written?: string;
      out?: string;
      ret?: true;
      buffer?: string;
      field?: string;
    };
  };
};
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

export interface Scenario {
  description: string;
  /**
   * Run this scenario's steps first.
   */
  extends?: string;
  /**
   * Reset configuration of the profile.
   */
  config?: {};
  steps: Step[];
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
