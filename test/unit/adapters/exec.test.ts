import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExecAdapter } from '../../../src/adapters/exec.ts';
import { ReferenceAdapter } from '../../../src/adapters/reference.ts';
import { loadCheckedSpec } from '../../../src/spec/checked-spec.ts';
import { projectRoot } from '../../../src/spec/paths.ts';
import { loadCaseSources } from '../../../src/suite/load-cases.ts';
import { runSuite } from '../../../src/suite/run.ts';
import { cli, served } from '../cli/run-cli.ts';

const { spec } = loadCheckedSpec();
const sources = loadCaseSources();
const TSX = path.join(projectRoot, 'node_modules', '.bin', 'tsx');
const misbehaving = (mode: string, after: number) => `${TSX} ${path.join(projectRoot, 'test', 'fixtures', 'adapters', 'misbehave.ts')} ${mode} ${after}`;

describe('the exec adapter', () => {
  it('runs the reference over the protocol exactly like the in-process run', async () => {
    const options = { seed: 3, random: 5, observe: true, profiles: ['iommu-uapi' as const] };
    const inProcess = await runSuite(spec, sources, new ReferenceAdapter(), options);
    const exec = new ExecAdapter(served('reference').slice('exec:'.length));
    try {
      const overExec = await runSuite(spec, sources, exec, options);
      expect(overExec.results.map((r) => [r.id, r.status])).toEqual(inProcess.results.map((r) => [r.id, r.status]));
      expect(overExec.verdicts).toEqual(inProcess.verdicts);
    } finally {
      await exec.close();
    }
  });
});

describe('an implementation that misbehaves is reported as broken, and what it finished is kept', () => {
  it.each([
    ['crash', /exited with status 139/, /simulated crash/],
    ['hang', /did not answer call within 500 ms/, /hanging now/],
    ['garbage', /printed a line that is not JSON: Segmentation fault/, undefined],
    ['wrong-id', /answered id \d+, which no request has/, undefined],
    ['flood', /wrote more than 16777216 bytes without a newline/, undefined],
    ['bad-result', /not a call result/, undefined],
  ] as const)('%s', async (mode, message, stderr) => {
    const adapter = new ExecAdapter(misbehaving(mode, 5), { timeoutMs: 500, maxLineBytes: 16 * 1024 * 1024 });
    try {
      const result = await runSuite(spec, sources, adapter, { seed: 1, random: 0, observe: false, profiles: ['iommufd'] });
      expect(result.broken?.message).toMatch(message);
      if (stderr) expect(result.broken?.stderrTail).toMatch(stderr);
      // The cases before the breakage are in the results, judged; the breaking case is marked broken.
      expect(result.results.at(-1)?.status).toBe('broken');
      expect(result.results.filter((r) => r.status === 'pass').length).toBeGreaterThan(0);
      expect(result.verdicts.some((v) => v.verdict === 'broken')).toBe(true);
    } finally {
      await adapter.close();
    }
  }, 30_000);

  it('exits with code 3 and still writes the report', () => {
    const r = cli(['run', '--adapter', `exec:${misbehaving('crash', 5)}`, '--profile', 'iommufd', '--report', path.join(projectRoot, 'reports', 'broken-test')]);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/ADAPTER BROKEN/);
    expect(r.stdout).toMatch(/simulated crash/);
  });
});
