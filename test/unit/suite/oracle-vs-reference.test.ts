import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReferenceAdapter } from '../../../src/adapters/reference.ts';
import { loadCheckedSpec } from '../../../src/spec/checked-spec.ts';
import { Oracle } from '../../../src/spec/oracle/oracle.ts';
import { vocabularies } from '../../../src/spec/vocabulary/index.ts';
import { executeCase } from '../../../src/suite/execute.ts';
import { casesFromTemplate } from '../../../src/suite/generate.ts';
import { loadCaseSources } from '../../../src/suite/load-cases.ts';
import { targetFor } from '../../../src/suite/run.ts';

// The oracle (an interpreter of the rule tables) and the reference (a model written like the kernel)
// share no code. On random inputs they must agree; a disagreement is a bug in one of them.
const { spec } = loadCheckedSpec();
const sources = loadCaseSources();
const oracle = new Oracle(spec, vocabularies);
const adapter = new ReferenceAdapter();
const runs = Number(process.env.IOMMU_CROSSCHECK_RUNS ?? 3000);

describe('oracle and reference agree', () => {
  it(`on ${runs} random calls in random scenarios`, async () => {
    const description = await adapter.describe();
    let executed = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(sources.templates.length - 1), fc.nat(), fc.integer({ min: 1, max: 2 ** 30 }), async (t, s, seed) => {
        const template = sources.templates[t]!;
        const scenario = template.scenarios[s % template.scenarios.length]!;
        const cases = casesFromTemplate(spec, sources, { ...template, scenarios: [scenario] }, { random: 1, seed }).filter((c) => c.variation.startsWith('random-'));
        for (const c of cases) {
          executed++;
          const result = await executeCase(spec, oracle, adapter, targetFor(description, c.profile), c, true);
          expect(result.status, `${c.id}: ${result.problems.map((p) => p.message).join('; ')}`).toBe('pass');
        }
      }),
      { numRuns: runs },
    );
    // Templates whose argument is a plain buffer have no random struct cases; most have.
    expect(executed).toBeGreaterThan(runs / 2);
  }, 120_000);
});
