import type { ProfileConfig } from '../adapters/call.ts';
import type { Call as CallSpec, Step } from '../spec/generated/scenarios.ts';
import type { Profile } from '../spec/generated/requirement.ts';

export type { CallSpec };

/** One call of a case, as data: what to pass, and which of its results later calls refer to. */
export interface StepPlan {
  op: string;
  call: CallSpec;
  bind?: Step['bind'];
  /** Bytes of the argument struct actually mapped, when fewer than its size word (a struct cut by a guard page). */
  mapped?: number;
  /** Put a nonzero byte at the end of the bytes past the known size (the E2BIG probe). */
  dirtyTail?: boolean;
  /** Raw bytes overwritten in the argument struct after it is built (fuzzing: any byte, any value). */
  patch?: { offset: number; value: number }[];
  /** Layout version of the argument struct the caller was built against (newest when absent). */
  callerVersion?: number;
}

/** A test case: a scenario's setup calls, then the call under test. */
export interface Case {
  /** Stable: operation/scenario/variation. The same inputs keep the same id when other cases are added. */
  id: string;
  profile: Profile;
  operation: string;
  scenario: string;
  variation: string;
  config: ProfileConfig;
  setup: StepPlan[];
  step: StepPlan;
  /** Requirements the case checks besides those of the row that decides it (VALID-017 for precedence pairs). */
  tags: string[];
}
