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
  const started = new Date();
  const progress = progressReporter(options.adapter);
  try {
    const result = await runSuite(spec, sources, adapter, {
      ...(expected ? { expected } : {}),
      ...(shard ? { shard } : {}),
      ...(options.profile ? { profiles: options.profile } : {}),
      ...(options.requirement ? { requirements: options.requirement } : {}),
      ...(options.case ? { caseId: options.case } : {}),
      seed,
      random,
      observe: options.observe,
      onProgress: progress.update,
    });
    progress.stop();
    const requirements = new Map([...spec.requirements].map(([id, r]) => [id, r.doc]));
    console.log(consoleSummary(result, requirements, options.adapter));
    const report = buildReport(spec, [runSection(spec, options.adapter, result, started, options.shard)]);
    const written = await writeReports(options.report, report);
    console.log(`reports: ${written.join(', ')}`);
    if (result.broken) return EXIT.brokenAdapter;
    return result.verdicts.some((v) => v.verdict === 'fail') ? EXIT.nonConformant : EXIT.ok;
  } finally {
    progress.stop();
    await adapter.close();
  }
}

function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const [index, count] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!m || index < 1 || index > count) throw new UsageError(`--shard takes k/n with 1 <= k <= n, not ${text}`);
  return { index, count };
}
