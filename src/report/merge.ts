import type { Report, Run } from '../spec/generated/report.ts';
import type { Spec } from '../spec/load.ts';
import { operationsByRequirement } from '../spec/requirement-index.ts';
import type { CaseResult } from '../suite/execute.ts';
import { requirementVerdicts } from '../suite/verdicts.ts';
import { buildReport } from './json-report.ts';

/**
 * Merges reports: runs of different adapters sit side by side; shards of one run (same adapter and seed,
 * each with a shard) become one run whose verdicts are recomputed from all their cases.
 */
export function mergeReports(spec: Spec, reports: Report[]): { report: Report; warnings: string[] } {
  const warnings: string[] = [];
  const digests = new Set(reports.map((r) => r.spec.digest));
  if (digests.size > 1) warnings.push(`the reports ran ${digests.size} different versions of the spec; verdicts are merged as they are`);
  const groups = new Map<string, Run[]>();
  for (const run of reports.flatMap((r) => r.runs)) {
    const key = run.shard ? `${run.adapter}\0${run.seed}` : `${run.adapter}\0${run.seed}\0${run.started}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  const runs = [...groups.values()].map((group) => (group.length === 1 ? group[0]! : mergeShards(spec, group, warnings)));
  return { report: buildReport(spec, runs), warnings };
}

function mergeShards(spec: Spec, shards: Run[], warnings: string[]): Run {
  const [first] = shards as [Run, ...Run[]];
  const counts = new Set(shards.map((s) => s.shard!.split('/')[1]));
  const seen = new Set(shards.map((s) => s.shard));
  if (counts.size > 1 || seen.size !== shards.length) warnings.push(`${first.adapter}: shards ${[...seen].join(', ')} do not form one split`);
  else if (seen.size !== Number([...counts][0])) warnings.push(`${first.adapter}: only ${seen.size} of ${[...counts][0]} shards given`);
  const cases = shards.flatMap((s) => s.cases);
  const profiles = [...new Set(shards.flatMap((s) => s.profiles))];
  const requirements = [...spec.requirements.values()].map((r) => r.doc).filter((r) => first.verdicts.some((v) => v.id === r.id));
  const staticChecks = new Map(first.verdicts.filter((v) => v.note).map((v) => [v.id, { ok: v.verdict === 'pass', note: v.note! }]));
  const results = cases.map((c) => ({ ...c, expected: c.expected ?? [], problems: c.problems ?? [], rowsReached: [] }) as unknown as CaseResult);
  const broken = shards.find((s) => s.broken)?.broken;
  const verdicts = requirementVerdicts(requirements, results, staticChecks, operationsByRequirement(spec), new Set(), broken !== undefined);
  const coverage = new Map<string, { table: string; row: string; cases: number }>();
  for (const row of shards.flatMap((s) => s.coverage)) {
    const key = `${row.table}#${row.row}`;
    const sum = coverage.get(key);
    coverage.set(key, { ...row, cases: (sum?.cases ?? 0) + row.cases });
  }
  return {
    adapter: first.adapter,
    description: first.description,
    seed: first.seed,
    profiles,
    started: shards.map((s) => s.started).sort()[0]!,
    ms: Math.max(...shards.map((s) => s.ms)),
    ...(broken ? { broken } : {}),
    verdicts,
    cases,
    coverage: [...coverage.values()],
  };
}
