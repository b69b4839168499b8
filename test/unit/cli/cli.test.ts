import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDocument } from '../../../src/spec/schemas.ts';
import { cli } from './run-cli.ts';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'cli-'));

describe('iommu-conformance', () => {
  it('validate passes on the spec of the checkout', () => {
    const r = cli(['validate']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/spec valid: \d+ requirements/);
  });

  it('list --json has every area, with requirements cited to the seeds', () => {
    const list = JSON.parse(cli(['list', '--json']).stdout) as { id: string; level: string; statement: string; profiles: string[]; sources: { seed?: string }[]; critical: boolean }[];
    for (const area of ['SIZE', 'LAYOUT', 'VALID', 'NEST', 'FAULT', 'GROW']) expect(list.some((r) => r.id.startsWith(area + '-')), area).toBe(true);
    for (const r of list) expect(r).toMatchObject({ id: expect.any(String), level: expect.any(String), statement: expect.any(String), profiles: expect.any(Array), sources: expect.any(Array), critical: expect.any(Boolean) });
    // Each of the five seeds is the source of several requirements.
    for (const seed of ['000', '001', '002', '003', '004']) {
      expect(list.filter((r) => r.sources.some((s) => s.seed === seed)).length, `seed ${seed}`).toBeGreaterThanOrEqual(2);
    }
  });

  it('layout --json prints one struct, or all of them, with top-level fields in order', () => {
    const one = JSON.parse(cli(['layout', 'iommu_cache_invalidate_info', '--version', '1', '--json']).stdout);
    expect(one).toMatchObject({ name: 'iommu_cache_invalidate_info', profile: 'iommu-uapi', version: 1, size: 48 });
    expect(one.fields.map((f: { name: string }) => f.name)).toEqual(['version', 'cache', 'granularity', 'padding', '(union)']);
    const all = JSON.parse(cli(['layout', '--json']).stdout) as { name: string }[];
    expect(all.length).toBeGreaterThan(40);
    expect(cli(['layout', 'no_such_struct']).status).toBe(2);
  });

  it('a malformed spec file is reported with its file and JSON pointer, exit 2', () => {
    const dir = tmp();
    const r = cli(['--spec', dir, 'validate']);
    expect(r.status).toBe(0); // an empty spec is valid, if useless
    const bad = path.join(import.meta.dirname, '..', '..', 'fixtures', 'bad-spec');
    const b = cli(['--spec', bad, 'validate']);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/requirements\/SIZE-001\.json#\/level: must be equal to one of the allowed values/);
  });

  it('unknown commands, adapters and options are usage errors: exit 2', () => {
    expect(cli(['frobnicate']).status).toBe(2);
    expect(cli(['run', '--adapter', 'nonsense']).status).toBe(2);
    expect(cli(['run', '--adapter', 'reference', '--requirement', 'SIZE-999']).status).toBe(2);
  });

  it('run against the reference passes and writes the four reports', () => {
    const out = tmp();
    const r = cli(['run', '--adapter', 'reference', '--profile', 'iommu-uapi', '--report', out, '--seed', '7']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/CONFORMANT/);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(validateDocument('report', report, 'report.json')).toEqual([]);
    for (const f of ['junit.xml', 'report.tap', 'report.html']) expect(readFileSync(path.join(out, f), 'utf8').length).toBeGreaterThan(100);
  });

  it('run against a mutant fails (exit 1) and names the requirement and the replay command', () => {
    const out = tmp();
    const r = cli(['run', '--adapter', 'mutant:iommufd/accepts-short-size', '--report', out, '--seed', '7']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL SIZE-003/);
    expect(r.stdout).toMatch(/replay: npx iommu-conformance run --adapter 'mutant:iommufd\/accepts-short-size' --seed 7 --case '/);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(validateDocument('report', report, 'report.json')).toEqual([]);
  });

  it('the replay command of a failure runs that one case again', () => {
    const r = cli(['run', '--adapter', 'mutant:iommufd/accepts-short-size', '--seed', '7', '--report', tmp()]);
    const replay = /replay: npx iommu-conformance (run .*)$/m.exec(r.stdout)![1]!;
    const args = replay.match(/'[^']*'|\S+/g)!.map((a) => a.replace(/^'|'$/g, ''));
    const again = cli([...args, '--report', tmp()]);
    expect(again.status).toBe(1);
    expect(again.stdout).toMatch(/adapter mutant:iommufd\/accepts-short-size: 1 cases/);
  });

  it('a differential run reports every case where two implementations differ, whatever the oracle says', () => {
    const out = tmp();
    const r = cli(['run', '--adapter', 'mutant:iommufd/destroy-busy', '--against', 'reference', '--profile', 'iommufd', '--report', out, '--seed', '2']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/\d+ cases differ between mutant:iommufd\/destroy-busy \(A\) and reference \(B\)/);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(validateDocument('report', report, 'report.json')).toEqual([]);
    expect(report.runs).toHaveLength(2);
    expect(report.differences[0]).toMatchObject({ a: 'ok', b: 'EBUSY', verdicts: ['fail', 'pass'] });
    const same = cli(['run', '--adapter', 'reference', '--against', 'reference', '--profile', 'iommu-uapi', '--report', tmp()]);
    expect(same.status).toBe(0);
    expect(same.stdout).toMatch(/no difference between reference and reference/);
  });

  it('fuzz passes the reference, catches a mutant, and its replay line reruns the failing sequence', () => {
    expect(cli(['fuzz', '--adapter', 'reference', '--calls', '2000', '--seed', '5']).status).toBe(0);
    const r = cli(['fuzz', '--adapter', 'mutant:iommufd/answers-unraised-fault', '--calls', '20000', '--seed', '5']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/got success, expected EINVAL/);
    const replay = /replay: npx iommu-conformance (fuzz .*)$/m.exec(r.stdout)![1]!;
    const args = replay.match(/'[^']*'|\S+/g)!.map((a) => a.replace(/^'|'$/g, ''));
    const again = cli(args);
    expect(again.status).toBe(1);
    expect(JSON.parse(again.stdout).result.status).toBe('fail');
    expect(cli(['fuzz', '--adapter', 'reference', '--replay', '{"steps":1}']).status).toBe(2);
  });

  it('adapters --json lists every mutant with the requirement it breaks', () => {
    const adapters = JSON.parse(cli(['adapters', '--json']).stdout) as { spec: string; breaks?: string[] }[];
    expect(adapters.map((a) => a.spec)).toEqual(expect.arrayContaining(['reference', 'exec:<command>', 'mutant:iommufd/accepts-short-size']));
    expect(adapters.filter((a) => a.breaks).length).toBeGreaterThanOrEqual(30);
  });
});
