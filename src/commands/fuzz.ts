import { AdapterBroken } from '../adapters/adapter-broken.ts';
import { resolveAdapter } from '../adapters/resolve.ts';
import { EXIT } from '../exit-codes.ts';
import { loadCheckedSpec } from '../spec/checked-spec.ts';
import type { Profile } from '../spec/generated/requirement.ts';
import { Oracle } from '../spec/oracle/oracle.ts';
import { vocabularies } from '../spec/vocabulary/index.ts';
import { executeCase } from '../suite/execute.ts';
import { fuzz, randomSequence, sequencePlan, type SequencePlan } from '../suite/fuzz.ts';
import { loadCaseSources } from '../suite/load-cases.ts';
import { targetFor } from '../suite/run.ts';
import { UsageError } from './usage-error.ts';

export interface FuzzCommandOptions {
  adapter: string;
  profile?: Profile[];
  calls: string;
  seed?: string;
  replay?: string;
  timeout: string;
}

/** Random call sequences against an adapter, judged by the oracle; a failure prints the plan that replays it. */
export async function fuzzCommand(options: FuzzCommandOptions): Promise<number> {
  const { spec } = loadCheckedSpec();
  const calls = Number(options.calls);
  const seed = options.seed === undefined ? Date.now() % 2 ** 31 : Number(options.seed);
  const timeoutMs = Number(options.timeout);
  if (![calls, seed, timeoutMs].every((n) => Number.isInteger(n) && n >= 0)) throw new UsageError('--calls, --seed and --timeout take non-negative integers');
  const replay = options.replay === undefined ? undefined : parsePlan(options.replay);
  const adapter = await resolveAdapter(options.adapter, { timeoutMs });
  try {
    const description = await adapter.describe();
    const wanted = options.profile?.length ? options.profile : (Object.keys(description.profiles) as Profile[]);
    const claimed = wanted.filter((p) => description.profiles[p] !== undefined);
    if (!claimed.length) throw new UsageError(`${options.adapter} implements none of the profiles asked for`);
    // Plans index into this list, so a replay must name the same profiles (the printed command does).
    const all = loadCaseSources();
    const sources = { ...all, templates: all.templates.filter((t) => claimed.includes(spec.tables.get(t.operation)!.doc.profile)) };
    const oracle = new Oracle(spec, vocabularies);
    const target = (profile: Profile) => targetFor(description, profile);
    const profileArgs = claimed.map((p) => ` --profile ${p}`).join('');

    if (replay) {
      const sequence = randomSequence(spec, sources, replay);
      const result = await executeCase(spec, oracle, adapter, target(sequence.case.profile), sequence.case, true);
      console.log(JSON.stringify({ case: sequence.case, result }, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 1));
      return result.status === 'fail' ? EXIT.nonConformant : EXIT.ok;
    }

    const started = performance.now();
    const report = await fuzz(spec, sources, oracle, adapter, target, calls, seed);
    const seconds = (performance.now() - started) / 1000;
    console.log(`fuzz ${options.adapter}${profileArgs}: seed ${seed}, ${report.sequences} sequences, ${report.calls} calls in ${seconds.toFixed(1)} s, ${report.failures.length} failing`);
    for (const failure of report.failures) {
      console.log(`  ✗ ${failure.id}`);
      for (const problem of failure.problems.slice(0, 5)) console.log(`      ${problem}`);
      console.log(`      replay: npx iommu-conformance fuzz --adapter '${options.adapter}'${profileArgs} --replay '${JSON.stringify(failure.plan)}'`);
    }
    return report.failures.length ? EXIT.nonConformant : EXIT.ok;
  } catch (e) {
    if (!(e instanceof AdapterBroken)) throw e;
    console.error(`adapter broken: ${e.message}\n${e.stderrTail}`);
    return EXIT.brokenAdapter;
  } finally {
    await adapter.close();
  }
}

function parsePlan(text: string): SequencePlan {
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--replay takes the JSON plan a fuzz run printed: ${(e as Error).message}`);
  }
  // The plan must be one fast-check could have drawn; its own arbitrary says so.
  if (!sequencePlan.canShrinkWithoutContext(plan)) throw new UsageError('--replay: not a fuzz plan (template, scenario, steps[])');
  return plan as SequencePlan;
}
