import { parse as parseJunit } from 'junit2json';
import { Parser } from 'tap-parser';
import { describe, expect, it } from 'vitest';
import { MUTANTS, mutantAdapter } from '../../../src/adapters/mutants.ts';
import { ReferenceAdapter } from '../../../src/adapters/reference.ts';
import { buildReport, runSection } from '../../../src/report/json-report.ts';
import { junitXml } from '../../../src/report/junit.ts';
import { mergeReports } from '../../../src/report/merge.ts';
import { tapReport } from '../../../src/report/tap.ts';
import { loadCheckedSpec } from '../../../src/spec/checked-spec.ts';
import type { Report } from '../../../src/spec/generated/report.ts';
import { validateDocument } from '../../../src/spec/schemas.ts';
import { loadCaseSources } from '../../../src/suite/load-cases.ts';
import { runSuite } from '../../../src/suite/run.ts';

const { spec } = loadCheckedSpec();
const sources = loadCaseSources();
const options = { seed: 5, random: 2, observe: true, profiles: ['iommufd' as const] };

async function reportOf(adapter: ReferenceAdapter, spec_ = 'reference', extra = {}): Promise<Report> {
  const result = await runSuite(spec, sources, adapter, { ...options, ...extra });
  return buildReport(spec, [runSection(spec, spec_, result, new Date())]);
}

function tap(text: string): Promise<{ ok: boolean; count: number; pass: number; fail: number; skip: number; todo: number }> {
  return new Promise((resolve) => {
    const parser = new Parser((results) => resolve(results as never));
    parser.end(text);
  });
}

describe('reports of a run against the reference and against a mutant', async () => {
  const mutant = MUTANTS.find((m) => m.name === 'iommufd/accepts-short-size')!;
  const good = await reportOf(new ReferenceAdapter());
  const bad = await reportOf(mutantAdapter(mutant.name), `mutant:${mutant.name}`);

  it('report.json validates against its schema', () => {
    expect(validateDocument('report', good, 'good')).toEqual([]);
    expect(validateDocument('report', bad, 'bad')).toEqual([]);
    const failure = bad.runs[0]!.cases.find((c) => c.status === 'fail')!;
    // A failure carries what a person needs: the rule, the bytes, expected and actual, the replay command.
    expect(failure).toMatchObject({ decidedBy: expect.any(Object), expected: expect.any(Array), actual: expect.any(String), replay: expect.stringMatching(/--case/) });
    expect(failure.input!.fields.length).toBeGreaterThan(0);
  });

  it('JUnit XML parses with a JUnit parser: one testcase per requirement and profile, failures for the mutant', async () => {
    const ok = await parseJunit(junitXml(good));
    const suites = (ok as { testsuite: { tests: number; failures: number; testcase: unknown[] }[] }).testsuite;
    expect(suites[0]!.failures).toBe(0);
    expect(suites[0]!.testcase.length).toBe(suites[0]!.tests);
    const nok = await parseJunit(junitXml(bad));
    const failed = (nok as { testsuite: { testcase: { name: string; failure?: unknown }[] }[] }).testsuite[0]!.testcase.filter((t) => t.failure);
    expect(failed.map((t) => t.name)).toContainEqual(expect.stringMatching(/^SIZE-003 .*\[iommufd\]$/));
  });

  it('TAP parses with tap-parser and agrees with the verdicts', async () => {
    const ok = await tap(tapReport(good));
    expect(ok.ok).toBe(true);
    expect(ok.fail).toBe(0);
    const nok = await tap(tapReport(bad));
    expect(nok.ok).toBe(false);
    expect(nok.fail).toBeGreaterThan(0);
    expect(tapReport(bad)).toMatch(/^not ok \d+ SIZE-003 iommufd \(mutant:iommufd\/accepts-short-size\)$/m);
  });
});

describe('expected failures', () => {
  it('an expected failure does not fail the run; a listed item that passes is reported for pruning', async () => {
    const expected = { requirements: new Map([['SIZE-003', 'known: no min_size check'], ['VALID-006', 'pretend']]), cases: new Map() };
    const result = await runSuite(spec, sources, mutantAdapter('iommufd/accepts-short-size'), { ...options, expected });
    const verdict = (id: string) => result.verdicts.find((v) => v.id === id)!;
    expect(verdict('SIZE-003')).toMatchObject({ verdict: 'xfail', expectedReason: 'known: no min_size check' });
    expect(verdict('VALID-006')).toMatchObject({ verdict: 'xpass' });
    const report = buildReport(spec, [runSection(spec, 'mutant', result, new Date())]);
    expect(validateDocument('report', report, 'x')).toEqual([]);
  });

  it('a listed case becomes xfail, and the requirement it alone broke is xfail too', async () => {
    const first = await runSuite(spec, sources, mutantAdapter('iommufd/destroy-busy'), options);
    const failing = first.results.filter((r) => r.status === 'fail');
    expect(failing.length).toBeGreaterThan(0);
    const expected = { requirements: new Map(), cases: new Map(failing.map((r) => [r.id, 'listed'])) };
    const again = await runSuite(spec, sources, mutantAdapter('iommufd/destroy-busy'), { ...options, expected });
    expect(again.results.filter((r) => r.status === 'fail')).toEqual([]);
    expect(again.verdicts.find((v) => v.id === 'NEST-009')!.verdict).toBe('xfail');
  });
});

describe('merging reports', () => {
  it('shards of one run merge into one run with the verdicts of the whole', async () => {
    const whole = await runSuite(spec, sources, new ReferenceAdapter(), options);
    const shard = (index: number) => runSuite(spec, sources, new ReferenceAdapter(), { ...options, shard: { index, count: 2 } });
    const [a, b] = await Promise.all([shard(1), shard(2)]);
    const started = new Date();
    const reports = [buildReport(spec, [runSection(spec, 'reference', a, started, '1/2')]), buildReport(spec, [runSection(spec, 'reference', b, started, '2/2')])];
    const { report, warnings } = mergeReports(spec, reports);
    expect(warnings).toEqual([]);
    expect(report.runs).toHaveLength(1);
    expect(report.runs[0]!.cases.length).toBe(whole.results.length);
    expect(report.runs[0]!.verdicts.map((v) => [v.id, v.verdict])).toEqual(whole.verdicts.map((v) => [v.id, v.verdict]));
    expect(validateDocument('report', report, 'merged')).toEqual([]);
  });

  it('runs of two adapters sit side by side', async () => {
    const good = await reportOf(new ReferenceAdapter());
    const bad = await reportOf(mutantAdapter('iommufd/destroy-busy'), 'mutant:iommufd/destroy-busy');
    const { report } = mergeReports(spec, [good, bad]);
    expect(report.runs.map((r) => r.adapter)).toEqual(['reference', 'mutant:iommufd/destroy-busy']);
  });
});
