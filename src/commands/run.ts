import { resolveAdapter } from '../adapters/resolve.ts';
import { EXIT } from '../exit-codes.ts';
import { consoleSummary } from '../report/console.ts';
import { loadCheckedSpec } from '../spec/checked-spec.ts';
import type { Profile } from '../spec/generated/requirement.ts';
import { loadCaseSources } from '../suite/load-cases.ts';
import { runSuite } from '../suite/run.ts';
import { UsageError } from './usage-error.ts';

export interface RunCommandOptions {
  adapter: string;
  profile?: Profile[];
  requirement?: string[];
  seed?: string;
  random: string;
  observe: boolean;
  case?: string;
}

export async function runCommand(options: RunCommandOptions): Promise<number> {
  const { spec } = loadCheckedSpec();
  const sources = loadCaseSources();
  for (const id of options.requirement ?? []) if (!spec.requirements.has(id)) throw new UsageError(`unknown requirement ${id}`);
  const seed = options.seed === undefined ? Date.now() % 2 ** 31 : Number(options.seed);
  const random = Number(options.random);
  if (!Number.isInteger(seed) || !Number.isInteger(random) || random < 0) throw new UsageError('--seed and --random take non-negative integers');
  const adapter = await resolveAdapter(options.adapter);
  try {
    const result = await runSuite(spec, sources, adapter, {
      ...(options.profile ? { profiles: options.profile } : {}),
      ...(options.requirement ? { requirements: options.requirement } : {}),
      ...(options.case ? { caseId: options.case } : {}),
      seed,
      random,
      observe: options.observe,
    });
    const requirements = new Map([...spec.requirements].map(([id, r]) => [id, r.doc]));
    console.log(consoleSummary(result, requirements, options.adapter));
    if (result.broken) return EXIT.brokenAdapter;
    return result.verdicts.some((v) => v.verdict === 'fail') ? EXIT.nonConformant : EXIT.ok;
  } finally {
    await adapter.close();
  }
}
