import { describe, expect, it } from 'vitest';
import { ReferenceAdapter } from '../../../src/adapters/reference.ts';
import { loadCheckedSpec } from '../../../src/spec/checked-spec.ts';
import { Oracle } from '../../../src/spec/oracle/oracle.ts';
import { vocabularies } from '../../../src/spec/vocabulary/index.ts';
import { fuzz } from '../../../src/suite/fuzz.ts';
import { loadCaseSources } from '../../../src/suite/load-cases.ts';

// The small budget of the fuzzer (npm run fuzz runs a million calls): random call sequences with random
// bytes, through the adapter interface; no call may throw, the oracle must agree, the invariants hold.
const budget = Number(process.env.IOMMU_FUZZ_CALLS ?? 20_000);
const seed = Number(process.env.IOMMU_FUZZ_SEED ?? 42);

describe('fuzzing the reference', () => {
  it(`${budget} calls (seed ${seed})`, async () => {
    const { spec } = loadCheckedSpec();
    const report = await fuzz(spec, loadCaseSources(), new Oracle(spec, vocabularies), new ReferenceAdapter(), () => ({ kernel: '6.12', structs: {} }), budget, seed);
    expect(report.failures, JSON.stringify(report.failures.slice(0, 3), null, 1)).toEqual([]);
    expect(report.calls).toBeGreaterThanOrEqual(budget);
  }, 300_000);
});
