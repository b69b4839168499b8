/* Generated from schemas/bench.schema.json by scripts/generate-types.ts. Do not edit; run npm run gen:types. */

/**
 * What npm run bench measured on one machine, so two runs can be compared. Every figure is the median of the repetitions.
 */
export interface Bench {
  generated: string;
  machine: {
    cpus: number;
    model: string;
    node: string;
    platform: string;
  };
  repetitions: number;
  /**
   * Cases in the full run.
   */
  cases?: number;
  /**
   * `iommu-conformance run --adapter reference`, all profiles: wall time from command start to exit.
   */
  fullRunSeconds: number;
  /**
   * Checked cases per second in process: build the bytes, the oracle, the reference, the comparison (observe on).
   */
  inProcessCasesPerSecond: number;
  /**
   * The same, counted in checked calls (a case is its setup calls and the call under test).
   */
  inProcessCallsPerSecond: number;
  /**
   * The reference served over the exec protocol.
   */
  execCasesPerSecond: number;
  /**
   * Cost per case over exec divided by the cost in process.
   */
  execOverheadRatio: number;
  /**
   * Cases per second of the compatibility matrix of one struct given 1, 2, 4 and 8 versions (synthetic versions beyond the real three).
   */
  matrixScaling: {
    versions: number;
    cases: number;
    casesPerSecond: number;
  }[];
  /**
   * Cases and cases per second when a run selects this many requirements.
   */
  requirementScaling: {
    requirements: number;
    cases: number;
    seconds: number;
    casesPerSecond: number;
  }[];
}
