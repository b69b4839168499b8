import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecAdapter } from '../../../src/adapters/exec.ts';
import { loadCheckedSpec } from '../../../src/spec/checked-spec.ts';
import { projectRoot } from '../../../src/spec/paths.ts';
import { loadCaseSources } from '../../../src/suite/load-cases.ts';
import { runSuite, type RunResult } from '../../../src/suite/run.ts';

/**
 * The C example of the exec protocol (examples/c-adapter): built with its build.sh, run through the whole
 * iommufd profile, it must pass what it implements and be skipped, never failed, everywhere else.
 */

const IMPLEMENTED = ['iommufd.destroy', 'iommufd.ioas_alloc', 'iommufd.option', 'iommufd.vfio_ioas', 'iommufd.ioctl'];
/** The raw ioctl numbers the program dispatches: DESTROY, IOAS_ALLOC, OPTION, VFIO_IOAS. */
const IMPLEMENTED_NRS = [0x80, 0x81, 0x87, 0x88];
/** Requirements the implemented operations decide, which the run must reach and pass. */
const DECIDED = ['SIZE-001', 'SIZE-002', 'SIZE-003', 'SIZE-005', 'SIZE-008', 'SIZE-010', 'VALID-003', 'VALID-006', 'VALID-013', 'VALID-017', 'VALID-022'];

// Built while the file is collected, so a missing compiler can skip the tests with a reason.
const buildDir = mkdtempSync(path.join(os.tmpdir(), 'c-adapter-'));
const build = spawnSync('bash', [path.join(projectRoot, 'examples', 'c-adapter', 'build.sh'), buildDir], { encoding: 'utf8' });
const hasCompiler = spawnSync('sh', ['-c', 'command -v cc'], { encoding: 'utf8' }).status === 0;
const noCompiler = build.status !== 0 && !hasCompiler ? `no C compiler found, and none could be installed: ${build.stderr.trim().split('\n').at(-1)}` : undefined;
if (noCompiler) console.warn(`skipping the C adapter example: ${noCompiler}`);

describe('the C example adapter (examples/c-adapter)', () => {
  let adapter: ExecAdapter | undefined;
  let result: RunResult | undefined;
  /** The run of the suite; a program that did not build fails each test with that reason. */
  const suiteRun = (): RunResult => {
    expect(result, `the program did not build: ${build.stderr}`).toBeDefined();
    return result!;
  };

  beforeAll(async () => {
    if (noCompiler || build.status !== 0) return;
    const { spec } = loadCheckedSpec();
    adapter = new ExecAdapter(JSON.stringify(path.join(buildDir, 'iommufd-mini')));
    result = await runSuite(spec, loadCaseSources(), adapter, { seed: 7, random: 10, observe: true, profiles: ['iommufd'] });
  }, 120_000);

  afterAll(async () => {
    await adapter?.close();
    rmSync(buildDir, { recursive: true, force: true });
  });

  it.skipIf(noCompiler)('builds with build.sh (cc -std=c11 -Wall -Wextra -Werror)', () => {
    expect(build.status, build.stderr).toBe(0);
    expect(build.stdout.trim()).toBe(path.join(buildDir, 'iommufd-mini'));
  });

  it.skipIf(noCompiler)('is not broken, and describes itself', () => {
    const run = suiteRun();
    expect(run.broken).toBeUndefined();
    expect(run.results.filter((r) => r.status === 'broken')).toEqual([]);
    expect(run.adapter).toEqual({ name: 'iommufd-mini (C example)', profiles: { iommufd: { kernel: '6.12' } } });
  });

  it.skipIf(noCompiler)('passes every case of the operations it implements that it can set up', () => {
    const run = suiteRun();
    for (const op of IMPLEMENTED) {
      const cases = run.results.filter((r) => r.operation === op);
      const failed = cases.filter((r) => r.status !== 'pass' && r.status !== 'skip');
      expect(failed.map((r) => `${r.id}: ${r.problems.map((p) => p.message).join('; ')}`), op).toEqual([]);
      expect(cases.filter((r) => r.status === 'pass').length, op).toBeGreaterThan(20);
      // A skip is only ever a setup step of another operation (a mock domain, a mapping), or a raw ioctl
      // number that dispatches to an operation the program does not implement.
      for (const r of cases.filter((c) => c.status === 'skip')) {
        const fixture = /^(iommufd\.[a-z_]+) is not supported/.exec(r.reason ?? '');
        const nr = /ioctl nr 0x([0-9a-f]+) is not implemented/.exec(r.reason ?? '');
        const fromOther = (fixture && fixture[1] !== op && !IMPLEMENTED.includes(fixture[1]!)) || (op === 'iommufd.ioctl' && nr && !IMPLEMENTED_NRS.includes(parseInt(nr[1]!, 16)));
        expect(fromOther, `${r.id}: ${r.reason}`).toBeTruthy();
      }
    }
  });

  it.skipIf(noCompiler)('skips, never fails, the cases of every other operation', () => {
    const run = suiteRun();
    const others = run.results.filter((r) => !IMPLEMENTED.includes(r.operation));
    expect(others.length).toBeGreaterThan(0);
    expect(others.filter((r) => r.status !== 'skip').map((r) => `${r.id}: ${r.status}`)).toEqual([]);
  });

  it.skipIf(noCompiler)('passes the requirements those operations decide, and fails none', () => {
    const run = suiteRun();
    const verdict = new Map(run.verdicts.map((v) => [v.id, v.verdict]));
    const reached = new Set(run.results.filter((r) => r.status === 'pass').flatMap((r) => r.requirements));
    for (const id of DECIDED) expect(reached.has(id), `${id} reached`).toBe(true);
    expect([...reached].filter((id) => verdict.get(id) !== 'pass').map((id) => `${id}: ${verdict.get(id)}`)).toEqual([]);
    expect(run.verdicts.filter((v) => ['fail', 'warn', 'broken'].includes(v.verdict)).map((v) => `${v.id}: ${v.verdict}`)).toEqual([]);
  });
});
