/* Generated from schemas/report.schema.json by scripts/generate-types.ts. Do not edit; run npm run gen:types. */

export type Verdict = 'pass' | 'fail' | 'warn' | 'skip' | 'untested' | 'broken' | 'xfail' | 'xpass';

/**
 * What a conformance run writes as report.json: the spec it ran, the requirements with their traceability, and per adapter the verdict of every requirement, every case and the rows the cases reached. Several runs (adapters, or shards of one run) merge into one report.
 */
export interface Report {
  format: 'iommu-uapi-conformance/report@1';
  generated: string;
  spec: {
    /**
     * The package version of the suite.
     */
    version: string;
    /**
     * SHA-256 of every spec file, so two reports can tell whether they ran the same rules.
     */
    digest: string;
  };
  requirements: Requirement[];
  runs: Run[];
  /**
   * With --against: every case where the two adapters answered differently (errno or success, step by step) or got different verdicts.
   */
  differences?: {
    caseId: string;
    step: number;
    a: string;
    b: string;
    /**
     * @minItems 2
     * @maxItems 2
     */
    verdicts: [string, string];
  }[];
}
export interface Requirement {
  id: string;
  revision: number;
  level: 'MUST' | 'SHOULD' | 'MAY';
  title: string;
  statement: string;
  profiles: string[];
  critical: boolean;
  sources: {}[];
  checkedBy?: {};
  /**
   * The rule rows that encode it, each with the revision it was written against; suspect when that is older than the requirement's.
   */
  rows: {
    table: string;
    row: string;
    revision: number;
    suspect: boolean;
  }[];
}
export interface Run {
  /**
   * The adapter spec as given on the command line.
   */
  adapter: string;
  /**
   * The implementation's describe answer.
   */
  description: {};
  seed: number;
  profiles: string[];
  shard?: string;
  started: string;
  ms: number;
  broken?: {
    message: string;
    stderrTail: string;
    caseId: string;
  };
  verdicts: {
    id: string;
    level: 'MUST' | 'SHOULD' | 'MAY';
    critical: boolean;
    verdict: Verdict;
    cases: number;
    failedCases: string[];
    note?: string;
    /**
     * Why the expected-failures list names it.
     */
    expectedReason?: string;
  }[];
  cases: Case[];
  /**
   * For every rule row of the run's profiles, how many cases reached it; rows with 0 are uncovered.
   */
  coverage: {
    table: string;
    row: string;
    cases: number;
  }[];
}
export interface Case {
  id: string;
  profile: string;
  operation: string;
  status: 'pass' | 'fail' | 'skip' | 'broken' | 'xfail' | 'xpass';
  requirements: string[];
  failed: string[];
  decidedBy?: RowRef;
  rowsReached: string[];
  /**
   * The deciding row was written against an older revision of one of its requirements.
   */
  suspect?: boolean;
  expected?: string[];
  actual?: string;
  problems?: {
    aspect: string;
    message: string;
  }[];
  input?: {
    op: string;
    struct?: string;
    fields: {
      path: string;
      offset: number;
      size: number;
      hex: string;
    }[];
    args: {
      [k: string]: string;
    };
  };
  reason?: string;
  replay?: string;
  ms: number;
}
export interface RowRef {
  table: string;
  row: string;
}
