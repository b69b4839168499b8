import { describe, expect, it } from 'vitest';
import { MUTANTS, mutantAdapter } from '../../../src/adapters/mutants.ts';
import { loadCheckedSpec } from '../../../src/spec/checked-spec.ts';
import { loadCaseSources } from '../../../src/suite/load-cases.ts';
import { runSuite } from '../../../src/suite/run.ts';

// The suite must bite: every known-bad implementation fails, on the requirement its defect breaks.
const { spec } = loadCheckedSpec();
const sources = loadCaseSources();

describe('every mutant is caught on the requirement it breaks', () => {
  it.each(MUTANTS.map((m) => [m.name, m] as const))('%s', async (_name, mutant) => {
    const result = await runSuite(spec, sources, mutantAdapter(mutant.name), { seed: 1, random: 5, observe: true, profiles: [mutant.profile], requirements: mutant.breaks });
    const broken = result.verdicts.filter((v) => v.verdict === 'fail' || v.verdict === 'warn').map((v) => v.id);
    expect(broken, `verdicts: ${result.verdicts.map((v) => `${v.id}=${v.verdict}`).join(' ')}`).toEqual(expect.arrayContaining(mutant.breaks));
  });

  it('covers the bug classes the project set out to catch', () => {
    const names = MUTANTS.map((m) => m.defect);
    for (const defect of [
      'reads-fixed-size',
      'ignores-nonzero-tail',
      'accepts-short-argsz',
      'skips-selector-size',
      'ignores-padding',
      'accepts-unknown-version',
      'accepts-bad-cache-granularity',
      'accepts-unaligned-pasid-table',
      'accepts-unaligned-map',
      'multi-group-nesting',
      'keeps-partial-bind',
      'binds-unowned-pasid',
      'answers-unraised-fault',
      'accepts-double-response',
      'ignores-pasid-match',
      'clobbers-argsz',
    ]) {
      expect(names).toContain(defect);
    }
  });
});
