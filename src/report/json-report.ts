import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseRequirementRef } from '../spec/cross-check.ts';
import type { Report, Run } from '../spec/generated/report.ts';
import type { Profile } from '../spec/generated/requirement.ts';
import type { Spec } from '../spec/load.ts';
import { projectRoot, specDir } from '../spec/paths.ts';
import { rowCoverage } from '../suite/coverage.ts';
import type { RunResult } from '../suite/run.ts';
import { replayCommand } from './console.ts';

export const REPORT_FORMAT = 'iommu-uapi-conformance/report@1';

/** SHA-256 over every spec file, path and contents, in a fixed order. */
export function specDigest(dir: string = specDir()): string {
  const hash = createHash('sha256');
  const walk = (d: string): void => {
    for (const entry of readdirSync(d).sort()) {
      const full = path.join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else hash.update(path.relative(dir, full)).update('\0').update(readFileSync(full)).update('\0');
    }
  };
  walk(dir);
  return hash.digest('hex');
}

export function suiteVersion(): string {
  return (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Requirement → the rows encoding it, with the revision each row was written against. */
export function traceRows(spec: Spec): Map<string, { table: string; row: string; revision: number; suspect: boolean }[]> {
  const out = new Map<string, { table: string; row: string; revision: number; suspect: boolean }[]>();
  for (const { doc } of spec.tables.values()) {
    for (const row of doc.rows) {
      for (const ref of row.requirements) {
        const { id, revision } = parseRequirementRef(ref);
        const current = spec.requirements.get(id)?.doc.revision ?? revision;
        if (!out.has(id)) out.set(id, []);
        out.get(id)!.push({ table: doc.operation, row: row.id, revision, suspect: revision < current });
      }
    }
  }
  return out;
}

export function requirementsSection(spec: Spec): Report['requirements'] {
  const rows = traceRows(spec);
  return [...spec.requirements.values()]
    .map(({ doc }) => ({
      id: doc.id,
      revision: doc.revision,
      level: doc.level,
      title: doc.title,
      statement: doc.statement,
      profiles: doc.profiles,
      critical: doc.critical,
      sources: doc.sources as unknown as Record<string, unknown>[],
      ...(doc.checkedBy ? { checkedBy: doc.checkedBy as unknown as Record<string, unknown> } : {}),
      rows: rows.get(doc.id) ?? [],
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** One adapter's run, in the report's form. */
export function runSection(spec: Spec, adapterSpec: string, result: RunResult, started: Date, shard?: string): Run {
  const rows = traceRows(spec);
  const suspectRows = new Set([...rows.values()].flat().filter((r) => r.suspect).map((r) => `${r.table}#${r.row}`));
  return {
    adapter: adapterSpec,
    description: result.adapter as unknown as Record<string, unknown>,
    seed: result.seed,
    profiles: result.profiles,
    ...(shard ? { shard } : {}),
    started: started.toISOString(),
    ms: result.ms,
    ...(result.broken ? { broken: result.broken } : {}),
    verdicts: result.verdicts,
    cases: result.results.map((r) => ({
      id: r.id,
      profile: r.profile,
      operation: r.operation,
      status: r.status,
      requirements: r.requirements,
      failed: r.failed,
      ...(r.decidedBy ? { decidedBy: r.decidedBy, suspect: suspectRows.has(`${r.decidedBy.table}#${r.decidedBy.row}`) } : {}),
      rowsReached: [...new Set(r.rowsReached.map((x) => `${x.table}#${x.row}`))],
      ...(r.expected.length ? { expected: r.expected } : {}),
      ...(r.actual ? { actual: r.actual } : {}),
      ...(r.problems.length ? { problems: r.problems } : {}),
      ...(r.input ? { input: r.input } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
      ...(r.status === 'fail' || r.status === 'broken' ? { replay: replayCommand(adapterSpec, result.seed, r.id) } : {}),
      ms: r.ms,
    })),
    coverage: rowCoverage(spec, result.results, result.profiles as Profile[]),
  };
}

export function buildReport(spec: Spec, runs: Run[]): Report {
  return { format: REPORT_FORMAT, generated: new Date().toISOString(), spec: { version: suiteVersion(), digest: specDigest() }, requirements: requirementsSection(spec), runs };
}
