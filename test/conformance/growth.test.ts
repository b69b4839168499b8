import { describe, expect, it } from 'vitest';
import { ReferenceAdapter } from '../../src/adapters/reference.ts';
import { loadCheckedSpec } from '../../src/spec/checked-spec.ts';
import { Oracle } from '../../src/spec/oracle/oracle.ts';
import { vocabularies } from '../../src/spec/vocabulary/index.ts';
import { executeCaseSafely } from '../../src/suite/execute.ts';
import { loadCaseSources } from '../../src/suite/load-cases.ts';
import { matrixCells } from '../../src/suite/matrix.ts';

// The compatibility matrix of every struct that grew: a caller built against version i on an
// implementation that knows version j, both ways, with new fields zero and with new fields used.
// Expected outcomes come from the rule tables through the oracle, never from the reference.
const { spec } = loadCheckedSpec();
const sources = loadCaseSources();
const oracle = new Oracle(spec, vocabularies);
const cells = matrixCells(spec, sources);

describe('compatibility matrix', () => {
  it('covers every struct that grew, in both directions', () => {
    const structs = new Set(cells.map((c) => c.struct));
    expect([...structs].sort()).toEqual(['iommu_hw_info', 'iommu_hwpt_alloc', 'vfio_iommu_type1_info']);
    expect(cells.some((c) => c.caller < c.implementation) && cells.some((c) => c.caller > c.implementation)).toBe(true);
  });

  for (const cell of cells) {
    describe(`${cell.struct}: caller v${cell.caller} on implementation v${cell.implementation}`, () => {
      const target = { kernel: '6.12', structs: { [cell.struct]: cell.implementation } };
      let passed = 0;
      it.each(cell.cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
        // One adapter per case, made inside the test: code run while collecting belongs to no test, so a
        // mutation tool measuring coverage per test would never run these cases against the constructor.
        const adapter = new ReferenceAdapter('reference', { kernel: '6.12', structs: { [cell.struct]: cell.implementation }, defects: new Set() });
        const result = await executeCaseSafely(spec, oracle, adapter, target, c, true);
        // A scenario that needs a later version than the implementation knows cannot be set up at all.
        if (result.status === 'skip') return;
        passed++;
        expect(result.status, [`requirements: ${result.requirements.join(' ')}`, ...result.problems.map((p) => `${p.aspect}: ${p.message}`)].join('\n')).toBe('pass');
      });
      it('has cases that ran, not only skipped ones', () => expect(passed).toBeGreaterThan(0));
    });
  }
});
