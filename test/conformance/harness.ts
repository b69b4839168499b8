import { describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.ts';
import { resolveAdapter } from '../../src/adapters/resolve.ts';
// Loaded with the test file, not by the first test: under mutation testing the reference's module-level
// code then counts as static (run by every test), not as covered by whichever test came first.
import '../../src/adapters/reference.ts';
import { loadCheckedSpec } from '../../src/spec/checked-spec.ts';
import type { Profile } from '../../src/spec/generated/requirement.ts';
import { Oracle } from '../../src/spec/oracle/oracle.ts';
import { operationsByRequirement } from '../../src/spec/requirement-index.ts';
import { vocabularies } from '../../src/spec/vocabulary/index.ts';
import { executeCaseSafely, type CaseResult } from '../../src/suite/execute.ts';
import { generateCases } from '../../src/suite/generate.ts';
import { loadCaseSources } from '../../src/suite/load-cases.ts';
import { targetFor } from '../../src/suite/run.ts';
import { requirementVerdicts } from '../../src/suite/verdicts.ts';
import { replayCommand } from '../../src/report/console.ts';

/**
 * The conformance suite as vitest tests: one test per case, grouped by operation, run against the adapter
 * named by IOMMU_CONFORMANCE_ADAPTER (default: the reference). The seed of the random cases comes from
 * IOMMU_CONFORMANCE_SEED (default 1, so `npm test` is repeatable) and is printed with every failure.
 */
export function conformanceSuite(profile: Profile): void {
  const adapterSpec = process.env.IOMMU_CONFORMANCE_ADAPTER ?? 'reference';
  const complete = adapterSpec === 'reference' || adapterSpec.startsWith('mutant:');
  const seed = Number(process.env.IOMMU_CONFORMANCE_SEED ?? 1);
  const random = Number(process.env.IOMMU_CONFORMANCE_RANDOM ?? 10);
  const { spec } = loadCheckedSpec();
  const sources = loadCaseSources();
  const cases = generateCases(spec, sources, { seed, random, profiles: [profile] });
  const byRequirement = operationsByRequirement(spec);
  const oracle = new Oracle(spec, vocabularies);
  const results: CaseResult[] = [];
  let adapter: Adapter | undefined;
  const connect = async () => (adapter ??= await resolveAdapter(adapterSpec));

  const operations = [...new Set(cases.map((c) => c.operation))];
  for (const operation of operations) {
    const encoded = [...byRequirement].filter(([, ops]) => ops.has(operation)).map(([id]) => id).sort();
    describe(`${operation} [${encoded.join(' ')}]`, () => {
      it.each(cases.filter((c) => c.operation === operation).map((c) => [c.id, c] as const))('%s', async (_id, c, ...rest) => {
        const ctx = rest.at(-1) as { skip: (reason?: string) => void; task: { meta: Record<string, unknown> } } | undefined;
        const a = await connect();
        const result = await executeCaseSafely(spec, oracle, a, targetFor(await a.describe(), profile), c, true);
        results.push(result);
        if (ctx) ctx.task.meta.requirements = result.requirements;
        // The reference and its mutants implement every operation of their profiles: a case they skip is
        // an operation that went missing, not one an implementation may leave out.
        if (result.status === 'skip' && !complete) return ctx?.skip(result.reason);
        const detail = [
          `requirements: ${result.failed.join(', ') || result.requirements.join(', ')}`,
          `decided by: ${result.decidedBy?.table} row ${result.decidedBy?.row}`,
          ...result.problems.map((p) => `${p.aspect}: ${p.message}`),
          ...(result.status === 'skip' ? [`skipped: ${result.reason}`] : []),
          `replay: ${replayCommand(adapterSpec, seed, c.id)}`,
        ].join('\n');
        expect(result.status, detail).toBe('pass');
      });
    });
  }

  it(`every ${profile} requirement has a test, and none is broken`, () => {
    const requirements = [...spec.requirements.values()].map((r) => r.doc).filter((r) => r.profiles.includes(profile));
    const staticChecks = new Map(requirements.filter((r) => r.checkedBy && r.checkedBy.kind !== 'suite').map((r) => [r.id, { ok: true, note: r.checkedBy!.place }]));
    const verdicts = requirementVerdicts(requirements, results, staticChecks, byRequirement, new Set());
    const notPassed = verdicts.filter((v) => v.verdict !== 'pass').map((v) => `${v.id}: ${v.verdict}`);
    expect(notPassed).toEqual([]);
  });
}
