import type { Profile } from '../spec/generated/requirement.ts';
import type { Call, CallResult, Description, ProfileConfig } from './call.ts';

/** An implementation's answer for something it does not implement: reported as skipped, never as failed. */
export interface Unsupported {
  unsupported: true;
  reason?: string;
}

export const unsupported = (reason?: string): Unsupported => ({ unsupported: true, ...(reason ? { reason } : {}) });

export function isUnsupported(x: unknown): x is Unsupported {
  return typeof x === 'object' && x !== null && (x as Unsupported).unsupported === true;
}

/**
 * How the suite talks to an implementation: what it claims, a reset to a known state, each operation
 * with its user memory, the fixture controls (which are operations too: create a container, make a mock
 * domain, raise a page fault) and an optional view of its object state.
 */
export interface Adapter {
  readonly name: string;
  describe(): Promise<Description>;
  /** Back to an empty state for the profile, with the profile's configuration (the iommu-uapi driver...). */
  reset(profile: Profile, config: ProfileConfig): Promise<void>;
  call(call: Call): Promise<CallResult | Unsupported>;
  /** The object state, as schemas/snapshot.schema.json describes it. */
  observe(): Promise<unknown>;
  close(): Promise<void>;
}
