/* Generated from schemas/rule-table.schema.json by scripts/generate-types.ts. Do not edit; run npm run gen:types. */

export type Predicate =
  | boolean
  | {
      /**
       * @minItems 1
       */
      all?: [Predicate, ...Predicate[]];
      /**
       * @minItems 1
       */
      any?: [Predicate, ...Predicate[]];
      not?: Predicate;
      eq?: ExpressionPair;
      ne?: ExpressionPair;
      lt?: ExpressionPair;
      le?: ExpressionPair;
      gt?: ExpressionPair;
      ge?: ExpressionPair;
      /**
       * @minItems 2
       * @maxItems 2
       */
      in?: [unknown, unknown];
      hasBits?: ExpressionPair;
      bitsOutside?: ExpressionPair;
      aligned?: ExpressionPair;
      addOverflows?: ExpressionPair;
      nonzero?: string;
      unreadable?: Range;
      unwritable?: Range;
      userNonzero?: Range;
    }
  | (Named & {
      query: string;
    });
/**
 * @minItems 2
 * @maxItems 2
 */
export type ExpressionPair = [Expression, Expression];
export type Expression =
  | Integer
  | {
      field?: string;
      outer?: string;
      arg?: string;
      index?: true;
      written?: string;
      out?: string;
      ret?: true;
      size?: true;
      const?: string;
      validFlags?: string;
      knownSize?: string;
      minSize?: string;
      offsetof?: string;
      offsetofend?: string;
      add?: ExpressionList;
      sub?: ExpressionPair;
      mul?: ExpressionPair;
      min?: ExpressionList;
      max?: ExpressionList;
      bitAnd?: ExpressionPair;
      bitOr?: ExpressionList;
      shr?: ExpressionPair;
      /**
       * A field of a struct of the named layout lying in user memory at address, as the caller left it (a payload past the table's own struct).
       */
      userField?: {
        address: Expression;
        struct: string;
        field: string;
      };
    }
  | (Named & {
      query: string;
    });
/**
 * A non-negative integer: a JSON number up to 2^53, or a hex string for wider values.
 */
export type Integer = number | string;
/**
 * @minItems 1
 */
export type ExpressionList = [Expression, ...Expression[]];
export type Outcome =
  | {
      errno: Errno | [Errno, Errno, ...Errno[]];
      writeback?: Writeback[];
      effects?: Effect[];
    }
  | {
      ok: Success;
    }
  | {
      /**
       * @minItems 2
       */
      anyOf: ['continue' | Outcome, 'continue' | Outcome, ...('continue' | Outcome)[]];
    }
  | {
      check:
        | string
        | {
            table: string;
            argp?: Expression;
            struct?: string;
            length?: Expression;
          };
    }
  | {
      forEach: {
        address: Expression;
        count: Expression;
        stride: Expression;
        length?: Expression;
        struct: string;
        check: string;
        progress:
          | {
              writeback: string;
            }
          | {
              returnBytes: true;
            };
      };
    }
  | {
      dispatch: Expression;
    };
export type Errno = string;
export type Writeback =
  | {
      field: string;
      value?: Expression;
      fresh?: string;
      satisfies?: Predicate;
    }
  | {
      array: {
        address: Expression;
        struct: string;
        count: Expression;
        items: Expression;
      };
    }
  | {
      bytes: {
        address: Expression;
        length: Expression;
        value: Expression;
      };
    }
  | {
      /**
       * A struct written at address; only the listed fields are compared, the rest of its bytes may hold anything.
       */
      struct: {
        address: Expression;
        name: string;
        length?: Expression;
        fields: {
          [k: string]: Expression;
        };
      };
    }
  | {
      zero: Range;
    }
  | {
      mayZero: Range1;
    }
  | {
      mayWrite: Range2;
    }
  | {
      faultRecords: {
        fault: Expression;
        address: Expression;
        capacity: Expression;
      };
    };
export type Effect = Named & {
  effect: string;
};
/**
 * What a returned value or a named output must be: an expression, a fresh object id of a kind, or any value satisfying a predicate.
 */
export type ValueSpec =
  | Expression
  | {
      fresh: string;
    }
  | {
      satisfies: Predicate;
    };

/**
 * A decision table for one operation of a profile (or a shared check): ordered rows, each a condition over the call, the struct and the object state, and the outcome a conformant implementation must produce. The language is described in spec/README.md.
 */
export interface RuleTable {
  $schema?: string;
  /**
   * <profile>.<name>: the operation (or check) this table decides.
   */
  operation: string;
  profile: 'iommu-uapi' | 'vfio-nesting' | 'iommufd';
  /**
   * operation: a uAPI entry point; fixture: a test control that sets up state (the mock driver's test operations); check: a shared sequence of checks that other tables run with a 'check' or 'forEach' outcome.
   */
  kind: 'operation' | 'fixture' | 'check';
  title: string;
  description?: string;
  /**
   * How the operation is reached in the real API.
   */
  entry?: {
    ioctl?: string;
    nr?: number;
    function?: string;
    fd?: 'read' | 'write' | 'close';
  };
  /**
   * Layout of the argument struct at argp (or of the entry a check table judges).
   */
  struct?: string;
  /**
   * Integer arguments of the call besides argp.
   */
  args?: {
    /**
     * What the argument is.
     */
    [k: string]: string;
  };
  /**
   * @minItems 1
   */
  sources: [ThreadSource | KernelSource | DocumentSource, ...(ThreadSource | KernelSource | DocumentSource)[]];
  /**
   * @minItems 1
   */
  rows: [Row, ...Row[]];
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
export interface Row {
  /**
   * Stable within the table; cases and reports refer to it.
   */
  id: string;
  /**
   * Requirement IDs this row encodes, each with the revision it was written against.
   *
   * @minItems 1
   */
  requirements: [string, ...string[]];
  description?: string;
  /**
   * Kernel versions the row holds for; rows without it hold for all.
   */
  kernel?: {
    from?: string;
    until?: string;
  };
  when: Predicate;
  then: Outcome;
}
/**
 * A query or effect: its name and its named arguments (expressions, or literal strings and string lists).
 */
export interface Named {
  [k: string]: Expression | string | string[];
}
export interface Range {
  address: Expression;
  length: Expression;
}
/**
 * The implementation may have zeroed any part of the range (a clear_user that stopped at a fault); anything else written there is a stray write.
 */
export interface Range1 {
  address: Expression;
  length: Expression;
}
/**
 * A copy to user memory that faulted part way: any of these bytes may have been written before the fault.
 */
export interface Range2 {
  address: Expression;
  length: Expression;
}
export interface Success {
  ret?: ValueSpec;
  out?: {
    [k: string]: ValueSpec;
  };
  writeback?: Writeback[];
  effects?: Effect[];
}
