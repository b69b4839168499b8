import { resolveAdapter } from '../adapters/resolve.ts';
import { EXIT } from '../exit-codes.ts';
import { consoleSummary } from '../report/console.ts';
import { loadCheckedSpec } from '../spec/checked-spec.ts';
import type { Profile } from '../spec/generated/requirement.ts';
import { loadCaseSources } from '../suite/load-cases.ts';
import { runSuite } from '../suite/run.ts';
import { buildReport, runSection } from '../report/json-report.ts';
import { writeReports } from '../report/write.ts';
import { loadExpected } from '../suite/expected.ts';
import { progressReporter } from '../report/progress.ts';
import { differences, type Difference } from '../suite/differential.ts';
import { UsageError } from './usage-error.ts';

export interface RunCommandOptions {
  adapter: string;
  profile?: Profile[];
  requirement?: string[];
  seed?: string;
  random: string;
  observe: boolean;
  case?: string;
  timeout: string;
  report: string;
  expected?: string;
  shard?: string;
  against?: string;
}

export async function runCommand(options: RunCommandOptions): Promise<number> {
  const { spec } = loadCheckedSpec();
  const sources = loadCaseSources();
  for (const id of options.requirement ?? []) if (!spec.requirements.has(id)) throw new UsageError(`unknown requirement ${id}`);
  const seed = options.seed === undefined ? Date.now() % 2 ** 31 : Number(options.seed);
  const random = Number(options.random);
  if (!Number.isInteger(seed) || !Number.isInteger(random) || random < 0) throw new UsageError('--seed and --random take non-negative integers');
  const timeoutMs = Number(options.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new UsageError('--timeout takes a positive number of milliseconds');
  const expected = options.expected ? loadExpected(options.expected) : undefined;
  const shard = options.shard ? parseShard(options.shard) : undefined;
  const adapter = await resolveAdapter(options.adapter, { timeoutMs });
  const other = options.against ? await resolveAdapter(options.against, { timeoutMs }) : undefined;
  const started = new Date();
  const progress = progressReporter(options.adapter);
  try {
    const runOptions = {
      ...(expected ? { expected } : {}),
      ...(shard ? { shard } : {}),
      ...(options.profile ? { profiles: options.profile } : {}),
      ...(options.requirement ? { requirements: options.requirement } : {}),
      ...(options.case ? { caseId: options.case } : {}),
      seed,
      random,
      observe: options.observe,
    };
    const result = await runSuite(spec, sources, adapter, { ...runOptions, onProgress: progress.update });
    progress.stop();
    const requirements = new Map([...spec.requirements].map(([id, r]) => [id, r.doc]));
    console.log(consoleSummary(result, requirements, options.adapter));
    const runs = [runSection(spec, options.adapter, result, started, options.shard)];
    let diff: Difference[] | undefined;
    if (other && options.against) {
      const theirs = await runSuite(spec, sources, other, runOptions);
      runs.push(runSection(spec, options.against, theirs, started, options.shard));
      diff = differences(result.results, theirs.results);
      console.log(differenceSummary(options.adapter, options.against, diff));
      if (theirs.broken) return EXIT.brokenAdapter;
    }
    const report = { ...buildReport(spec, runs), ...(diff ? { differences: diff } : {}) };
    const written = await writeReports(options.report, report);
    console.log(`reports: ${written.join(', ')}`);
    if (result.broken) return EXIT.brokenAdapter;
    // A differential run answers "do these two behave alike?"; a plain run "does this one conform?".
    if (diff) return diff.length ? EXIT.nonConformant : EXIT.ok;
    return result.verdicts.some((v) => v.verdict === 'fail') ? EXIT.nonConformant : EXIT.ok;
  } finally {
    progress.stop();
    await adapter.close();
    await other?.close();
  }
}

function differenceSummary(a: string, b: string, diff: Difference[]): string {
  if (!diff.length) return `\nno difference between ${a} and ${b}`;
  const lines = [`\n${diff.length} cases differ between ${a} (A) and ${b} (B):`];
  for (const d of diff.slice(0, 30)) lines.push(`  ${d.caseId}: ${d.step ? `step ${d.step}: A ${d.a}, B ${d.b}` : 'same answers'}; verdicts A ${d.verdicts[0]}, B ${d.verdicts[1]}`);
  if (diff.length > 30) lines.push(`  ... and ${diff.length - 30} more (report.json lists them all)`);
  return lines.join('\n');
}

function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const [index, count] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!m || index < 1 || index > count) throw new UsageError(`--shard takes k/n with 1 <= k <= n, not ${text}`);
  return { index, count };
}
