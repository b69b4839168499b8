import type { Adapter } from '../adapters/adapter.ts';
import type { Description } from '../adapters/call.ts';
import type { Profile } from '../spec/generated/requirement.ts';
import type { Spec } from '../spec/load.ts';
import { Oracle } from '../spec/oracle/oracle.ts';
import type { Target } from '../spec/oracle/frame.ts';
import { operationsByRequirement } from '../spec/requirement-index.ts';
import { vocabularies } from '../spec/vocabulary/index.ts';
import type { Case } from './case.ts';
import { AdapterBroken } from '../adapters/adapter-broken.ts';
import { executeCaseSafely, type CaseResult } from './execute.ts';
import { generateCases, type CaseSources } from './generate.ts';
import { requirementVerdicts, type RequirementVerdict } from './verdicts.ts';
import { applyExpectedToCases, applyExpectedToVerdicts, type ExpectedList } from './expected.ts';

export const DEFAULT_KERNEL = '6.12';

export interface RunOptions {
  profiles?: Profile[];
  requirements?: string[];
  /** Seed of the random cases; printed so a run can be replayed. */
  seed: number;
  /** Random cases per template and scenario. */
  random: number;
  /** Compare the adapter's object state with the oracle's after every case. */
  observe: boolean;
  /** Only the case with this id (a replay). */
  caseId?: string;
  /** Known failures of the implementation (--expected). */
  expected?: ExpectedList;
  /** Run only shard k of n (1-based), for runs split over several machines. */
  shard?: { index: number; count: number };
  onProgress?: (done: number, total: number) => void;
}

export interface RunResult {
  adapter: Description;
  seed: number;
  profiles: Profile[];
  results: CaseResult[];
  verdicts: RequirementVerdict[];
  /** Set when the adapter broke: the run stopped there, and what it finished before is kept. */
  broken?: { message: string; stderrTail: string; caseId: string };
  ms: number;
}

export function targetFor(description: Description, profile: Profile): Target {
  const claim = description.profiles[profile];
  return { kernel: claim?.kernel ?? DEFAULT_KERNEL, structs: claim?.structs ?? {} };
}

/** Chooses the cases a run executes: by profile, by requirement (through the operations that reach it), by id. */
export function selectCases(spec: Spec, sources: CaseSources, options: RunOptions, claimed: Profile[]): Case[] {
  let cases = generateCases(spec, sources, { ...options, profiles: claimed });
  if (options.caseId) cases = cases.filter((c) => c.id === options.caseId);
  if (options.shard) {
    const { index, count } = options.shard;
    cases = cases.filter((_, i) => i % count === index - 1);
  }
  if (options.requirements?.length) {
    const byReq = operationsByRequirement(spec);
    const ops = new Set(options.requirements.flatMap((id) => [...(byReq.get(id) ?? [])]));
    cases = cases.filter((c) => ops.has(c.operation));
  }
  return cases;
}

/** Runs the suite against one adapter and returns every case result and a verdict per requirement. */
export async function runSuite(spec: Spec, sources: CaseSources, adapter: Adapter, options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const wanted: Profile[] = options.profiles?.length ? options.profiles : ['iommu-uapi', 'vfio-nesting', 'iommufd'];
  let description: Description;
  try {
    description = await adapter.describe();
  } catch (e) {
    if (!(e instanceof AdapterBroken)) throw e;
    // Broken before the first case (it never started, or a VM never booted): every requirement is 'broken'.
    const requirements = [...spec.requirements.values()].map((r) => r.doc).filter((r) => r.profiles.some((p) => wanted.includes(p)));
    const verdicts = requirementVerdicts(requirements, [], new Map(), operationsByRequirement(spec), new Set(), true);
    const broken = { message: e.message, stderrTail: e.stderrTail, caseId: '(describe)' };
    return { adapter: { name: adapter.name, profiles: {} }, seed: options.seed, profiles: wanted, results: [], verdicts, broken, ms: performance.now() - started };
  }
  const claimed = wanted.filter((p) => description.profiles[p] !== undefined);
  const cases = selectCases(spec, sources, options, claimed);
  const oracle = new Oracle(spec, vocabularies);
  const results: CaseResult[] = [];
  let broken: RunResult['broken'];
  for (const c of cases) {
    const started = performance.now();
    try {
      results.push(await executeCaseSafely(spec, oracle, adapter, targetFor(description, c.profile), c, options.observe));
    } catch (e) {
      if (!(e instanceof AdapterBroken)) throw e;
      // The adapter cannot be trusted any more: stop, keep every result so far, and report the case it broke on.
      broken = { message: e.message, stderrTail: e.stderrTail, caseId: c.id };
      const problem = { aspect: 'adapter' as const, message: e.message + (e.stderrTail ? `\nstderr: ${e.stderrTail}` : '') };
      results.push({ id: c.id, profile: c.profile, operation: c.operation, status: 'broken', requirements: [], failed: [], problems: [problem], expected: [], rowsReached: [], ms: performance.now() - started });
      break;
    }
    options.onProgress?.(results.length, cases.length);
  }
  const requirements = [...spec.requirements.values()]
    .map((r) => r.doc)
    .filter((r) => r.profiles.some((p) => wanted.includes(p)))
    .filter((r) => !options.requirements?.length || options.requirements.includes(r.id))
    // A replay of one case judges only what that case checked.
    .filter((r) => !options.caseId || results.some((c) => c.requirements.includes(r.id)))
    .sort((a, b) => a.id.localeCompare(b.id));
  const staticChecks = new Map(
    requirements.filter((r) => r.checkedBy && r.checkedBy.kind !== 'suite').map((r) => [r.id, { ok: true, note: `checked on the spec's layouts by ${r.checkedBy!.place}` }]),
  );
  const unclaimed = new Set<string>(wanted.filter((p) => !claimed.includes(p)));
  if (options.expected) applyExpectedToCases(results, options.expected);
  const verdicts = requirementVerdicts(requirements, results, staticChecks, operationsByRequirement(spec), unclaimed, broken !== undefined);
  if (options.expected) applyExpectedToVerdicts(verdicts, options.expected);
  return { adapter: description, seed: options.seed, profiles: wanted, results, verdicts, ...(broken ? { broken } : {}), ms: performance.now() - started };
}
