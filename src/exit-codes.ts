/** Exit codes of the command line; documented in README.md. */
export const EXIT = {
  /** Everything passed (SHOULD-level warnings allowed). */
  ok: 0,
  /** The implementation broke a MUST requirement. */
  nonConformant: 1,
  /** Bad usage, or a malformed or inconsistent spec file. */
  usageOrSpec: 2,
  /** The adapter crashed, hung or spoke nonsense. */
  brokenAdapter: 3,
} as const;
