import { readFileSync } from 'node:fs';
import { UsageError } from '../commands/usage-error.ts';
import type { ExpectedFailures } from '../spec/generated/expected-failures.ts';
import { validateDocument } from '../spec/schemas.ts';
import { SpecErrors } from '../spec/spec-error.ts';
import type { CaseResult } from './execute.ts';
import type { RequirementVerdict } from './verdicts.ts';

export interface ExpectedList {
  requirements: Map<string, string>;
  cases: Map<string, string>;
}

export const NO_EXPECTED: ExpectedList = { requirements: new Map(), cases: new Map() };

/** Reads and validates an expected-failures file (schemas/expected-failures.schema.json). */
export function loadExpected(file: string): ExpectedList {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--expected ${file}: ${(e as Error).message}`);
  }
  const problems = validateDocument('expected-failures', doc, file);
  if (problems.length) throw new SpecErrors(problems);
  const list: ExpectedList = { requirements: new Map(), cases: new Map() };
  for (const item of (doc as ExpectedFailures).expected) {
    if ('requirement' in item) list.requirements.set(item.requirement, item.reason);
    else list.cases.set(item.case, item.reason);
  }
  return list;
}

/** Marks listed cases: a failure becomes xfail (not counted against the requirement), a pass becomes xpass. */
export function applyExpectedToCases(results: CaseResult[], list: ExpectedList): void {
  for (const r of results) {
    const reason = list.cases.get(r.id);
    if (reason === undefined) continue;
    if (r.status === 'fail') Object.assign(r, { status: 'xfail', reason });
    else if (r.status === 'pass') Object.assign(r, { status: 'xpass', reason: `listed as an expected failure (${reason}) but passed` });
  }
}

/** Marks listed requirements: fail or warn becomes xfail; pass becomes xpass, so the list can be pruned. */
export function applyExpectedToVerdicts(verdicts: RequirementVerdict[], list: ExpectedList): void {
  for (const v of verdicts) {
    const reason = list.requirements.get(v.id);
    if (reason === undefined) continue;
    v.expectedReason = reason;
    if (v.verdict === 'fail' || v.verdict === 'warn') v.verdict = 'xfail';
    else if (v.verdict === 'pass') v.verdict = 'xpass';
  }
}
