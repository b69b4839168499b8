// npm run bench: how fast the suite is on this machine (median of several repetitions), written to
// bench.json (schemas/bench.schema.json) so two runs can be compared. Not part of npm test: speed is
// measured here, never asserted in a timed test.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExecAdapter } from '../src/adapters/exec.ts';
import { ReferenceAdapter } from '../src/adapters/reference.ts';
import { loadCheckedSpec } from '../src/spec/checked-spec.ts';
import type { Bench } from '../src/spec/generated/bench.ts';
import { projectRoot, specDir } from '../src/spec/paths.ts';
import { validateDocument } from '../src/spec/schemas.ts';
import { Oracle } from '../src/spec/oracle/oracle.ts';
import { loadSpec } from '../src/spec/load.ts';
import { vocabularies } from '../src/spec/vocabulary/index.ts';
import { executeCase } from '../src/suite/execute.ts';
import { loadCaseSources } from '../src/suite/load-cases.ts';
import { matrixCells } from '../src/suite/matrix.ts';
import { runSuite } from '../src/suite/run.ts';

const REPS = Number(process.env.BENCH_REPETITIONS ?? 3);
const BIN = path.join(projectRoot, 'bin', 'iommu-conformance.js');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const log = (s: string) => process.stderr.write(s + '\n');

const { spec } = loadCheckedSpec();
const sources = loadCaseSources();
const options = { seed: 1, random: 20, observe: true };

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, (performance.now() - t) / 1000];
}

// 1. The full run, as a user types it: command start to exit.
const fullRuns: number[] = [];
for (let i = 0; i < REPS; i++) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'run', '--adapter', 'reference', '--seed', '1', '--report', path.join(os.tmpdir(), 'bench-report')], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  if (r.status !== 0) throw new Error(`the full run failed:\n${r.stdout}\n${r.stderr}`);
  fullRuns.push((performance.now() - t) / 1000);
  log(`full run ${i + 1}/${REPS}: ${fullRuns.at(-1)!.toFixed(2)} s`);
}

// 2. In process: checked cases per second, and checked calls.
const inProcess: number[] = [];
let cases = 0;
let calls = 0;
for (let i = 0; i < REPS; i++) {
  const [r, s] = await timed(() => runSuite(spec, sources, new ReferenceAdapter(), options));
  cases = r.results.length;
  calls = r.results.reduce((n, c) => n + (c.answers?.length ?? 0), 0);
  inProcess.push(cases / s);
  log(`in process ${i + 1}/${REPS}: ${Math.round(cases / s)} cases/s`);
}

// 3. The same reference over the exec protocol.
const overExec: number[] = [];
for (let i = 0; i < REPS; i++) {
  const exec = new ExecAdapter(`${process.execPath} ${BIN} serve --adapter reference`);
  const [r, s] = await timed(() => runSuite(spec, sources, exec, options));
  await exec.close();
  overExec.push(r.results.length / s);
  log(`exec ${i + 1}/${REPS}: ${Math.round(r.results.length / s)} cases/s`);
}

// 4. How the compatibility matrix grows with the versions of a struct: iommu_hwpt_alloc with synthetic
// versions 4..8, each appending a reserved u64 (the reference knows up to the real version 3).
function specWithVersions(n: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-spec-'));
  cpSync(specDir(), dir, { recursive: true });
  const file = path.join(dir, 'layouts', 'iommufd', 'iommu_hwpt_alloc.json');
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  for (let v = 4; v <= n; v++) {
    const prev = doc.versions.at(-1);
    const offset = prev.size;
    doc.versions.push({ ...prev, version: v, label: `synthetic v${v}`, size: offset + 8, fields: [...prev.fields, { name: `__reserved${v}`, ctype: '__aligned_u64', offset, size: 8, role: 'reserved', since: v, gate: { zeroIsAbsent: true } }] });
  }
  writeFileSync(file, JSON.stringify(doc));
  return dir;
}
const matrixScaling: Bench['matrixScaling'] = [];
const synthetic = loadSpec(specWithVersions(8));
const syntheticOracle = new Oracle(synthetic, vocabularies);
for (const versions of [1, 2, 4, 8]) {
  const cells = matrixCells(synthetic, sources).filter((c) => c.struct === 'iommu_hwpt_alloc' && c.caller <= versions && c.implementation <= Math.min(versions, 3));
  const runs: number[] = [];
  let n = 0;
  for (let i = 0; i < REPS; i++) {
    const t = performance.now();
    n = 0;
    for (const cell of cells) {
      const adapter = new ReferenceAdapter('reference', { kernel: '6.12', structs: { iommu_hwpt_alloc: cell.implementation }, defects: new Set() });
      for (const c of cell.cases) {
        await executeCase(synthetic, syntheticOracle, adapter, { kernel: '6.12', structs: { iommu_hwpt_alloc: cell.implementation } }, c, true);
        n++;
      }
    }
    runs.push(n / ((performance.now() - t) / 1000));
  }
  matrixScaling.push({ versions, cases: n, casesPerSecond: Math.round(median(runs)) });
  log(`matrix with ${versions} versions: ${n} cases, ${Math.round(median(runs))} cases/s`);
}

// 5. How a run shrinks with the requirements it selects.
const requirementScaling: Bench['requirementScaling'] = [];
const ids = [...spec.requirements.keys()].sort();
for (const count of [1, 5, 20, ids.length]) {
  const chosen = ids.filter((_, i) => i % Math.ceil(ids.length / count) === 0).slice(0, count);
  const runs: [number, number][] = [];
  for (let i = 0; i < REPS; i++) {
    const [r, s] = await timed(() => runSuite(spec, sources, new ReferenceAdapter(), { ...options, requirements: chosen }));
    runs.push([r.results.length, s]);
  }
  const seconds = median(runs.map(([, s]) => s));
  const n = runs[0]![0];
  requirementScaling.push({ requirements: chosen.length, cases: n, seconds: Number(seconds.toFixed(3)), casesPerSecond: Math.round(n / seconds) });
  log(`${chosen.length} requirements: ${n} cases in ${seconds.toFixed(2)} s`);
}

const inRate = median(inProcess);
const execRate = median(overExec);
const bench: Bench = {
  generated: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.release()}` },
  repetitions: REPS,
  cases,
  fullRunSeconds: Number(median(fullRuns).toFixed(2)),
  inProcessCasesPerSecond: Math.round(inRate),
  inProcessCallsPerSecond: Math.round((inRate * calls) / cases),
  execCasesPerSecond: Math.round(execRate),
  execOverheadRatio: Number((inRate / execRate).toFixed(2)),
  matrixScaling,
  requirementScaling,
};
const problems = validateDocument('bench', bench, 'bench.json');
if (problems.length) throw new Error(problems.map((p) => p.message).join('\n'));
writeFileSync(path.join(projectRoot, 'bench.json'), JSON.stringify(bench, null, 2) + '\n');
console.log(JSON.stringify(bench, null, 2));
