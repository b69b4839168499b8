import type { Requirement } from '../spec/generated/requirement.ts';
import type { CaseResult } from './execute.ts';

export type Verdict = 'pass' | 'fail' | 'warn' | 'skip' | 'untested' | 'broken' | 'xfail' | 'xpass';

export interface RequirementVerdict {
  id: string;
  level: Requirement['level'];
  critical: boolean;
  verdict: Verdict;
  /** Cases that checked the requirement, and those that found it broken. */
  cases: number;
  failedCases: string[];
  /** Where the verdict comes from when no case decides it (a layout check). */
  note?: string;
  /** Why an expected-failures list names it. */
  expectedReason?: string;
}

/**
 * Turns case results into one verdict per requirement: broken by any case → fail (MUST) or warn (SHOULD,
 * MAY); checked and never broken → pass; only skipped → skip; never reached → untested.
 */
export function requirementVerdicts(
  requirements: Requirement[],
  results: CaseResult[],
  staticChecks: Map<string, { ok: boolean; note: string }>,
  /** The operations whose tables encode each requirement, to tell "skipped" from "never reached". */
  operationsOf: Map<string, Set<string>>,
  /** Profiles the implementation does not claim: their requirements are skipped. */
  unclaimed: Set<string>,
  /** The adapter broke part way: requirements no finished case reached are 'broken', not 'untested'. */
  broken = false,
): RequirementVerdict[] {
  const checked = new Map<string, number>();
  const failed = new Map<string, string[]>();
  const skippedOps = new Set<string>();
  const expectedFailed = new Set<string>();
  for (const r of results) {
    if (r.status === 'skip') skippedOps.add(r.operation);
    for (const id of r.requirements) checked.set(id, (checked.get(id) ?? 0) + 1);
    if (r.status === 'fail') for (const id of r.failed) failed.set(id, [...(failed.get(id) ?? []), r.id]);
    if (r.status === 'xfail') for (const id of r.failed) expectedFailed.add(id);
  }
  return requirements.map((req) => {
    const base = { id: req.id, level: req.level, critical: req.critical, cases: checked.get(req.id) ?? 0, failedCases: failed.get(req.id) ?? [] };
    const fixed = staticChecks.get(req.id);
    if (base.failedCases.length > 0) return { ...base, verdict: req.level === 'MUST' ? 'fail' : 'warn' };
    if (expectedFailed.has(req.id)) return { ...base, verdict: 'xfail' };
    if (fixed && base.cases === 0) return { ...base, verdict: fixed.ok ? 'pass' : req.level === 'MUST' ? 'fail' : 'warn', note: fixed.note };
    if (base.cases > 0) return { ...base, verdict: 'pass' };
    const skipped = req.profiles.every((p) => unclaimed.has(p)) || [...(operationsOf.get(req.id) ?? [])].some((op) => skippedOps.has(op));
    return { ...base, verdict: skipped ? 'skip' : broken ? 'broken' : 'untested' };
  });
}
