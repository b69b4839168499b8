/* Generated from schemas/expected-failures.schema.json by scripts/generate-types.ts. Do not edit; run npm run gen:types. */

/**
 * Requirements or cases an implementation is known to fail, each with the reason (as test262 and wpt harnesses keep them). A listed failure is reported as expected and does not fail the run; a listed item that passes is reported so the list can be pruned.
 */
export interface ExpectedFailures {
  $schema?: string;
  /**
   * The implementation the list is for (informative).
   */
  adapter?: string;
  expected: (
    | {
        requirement: string;
        reason: string;
      }
    | {
        case: string;
        reason: string;
      }
  )[];
}
