import fc from 'fast-check';
import type { Adapter } from '../adapters/adapter.ts';
import { AdapterBroken } from '../adapters/adapter-broken.ts';
import type { Profile } from '../spec/generated/requirement.ts';
import type { Spec } from '../spec/load.ts';
import type { Oracle } from '../spec/oracle/oracle.ts';
import type { Target } from '../spec/oracle/frame.ts';
import type { Case, StepPlan } from './case.ts';
import { executeCase, type CaseResult } from './execute.ts';
import { casesFromTemplate, type CaseSources } from './generate.ts';

/**
 * Fuzzing the reference through the adapter interface: random sequences of calls, each a random
 * variation of a template (random field values, random sizes) with random bytes overwritten, built on a
 * random scenario. Every call is judged by the oracle, and after every sequence the observed state must
 * keep the profile's invariants.
 */

/** A state invariant: returns a description of the violation, or undefined. */
export type Invariant = (snapshot: unknown) => string | undefined;

interface VfioSnapshot {
  containers: { id: number; iommu: number; groups: unknown[]; binds: { pasid: string }[]; pasids: string[] }[];
}
interface IommufdSnapshot {
  objects: { id: number; kind: string }[];
  attachments: { device: number; hwpt: number }[];
  faults: { id: number; queued: number; outstanding: string[] }[];
}
interface IommuUapiSnapshot {
  bound: { hpasid: string }[];
}

export const INVARIANTS: Record<Profile, Invariant[]> = {
  'vfio-nesting': [
    (s) => {
      const bad = (s as VfioSnapshot).containers.find((c) => c.binds.length > 0 && (c.groups.length !== 1 || c.iommu !== 6));
      return bad && `container ${bad.id} has bound PASIDs but is not a nesting container of exactly one group`;
    },
    (s) => {
      const bad = (s as VfioSnapshot).containers.find((c) => c.binds.some((b) => !c.pasids.includes(b.pasid)));
      return bad && `container ${bad.id} has a PASID bound that it does not own`;
    },
  ],
  iommufd: [
    (s) => {
      const ids = new Set((s as IommufdSnapshot).objects.map((o) => o.id));
      const bad = (s as IommufdSnapshot).attachments.find((a) => !ids.has(a.device) || !ids.has(a.hwpt));
      return bad && `device ${bad.device} is attached to ${bad.hwpt}, which is not an object`;
    },
    (s) => {
      const bad = (s as IommufdSnapshot).faults.find((f) => new Set(f.outstanding).size !== f.outstanding.length || f.outstanding.includes('0'));
      return bad && `fault ${bad.id} has duplicate or zero outstanding cookies`;
    },
  ],
  'iommu-uapi': [
    (s) => {
      const bad = (s as IommuUapiSnapshot).bound.find((b) => BigInt(b.hpasid) === 0n || BigInt(b.hpasid) >= 1n << 20n);
      return bad && `host PASID ${bad.hpasid} is bound, outside 1..2^20-1`;
    },
  ],
};

export interface FuzzSequence {
  case: Case;
  calls: number;
}

/** The random choices behind one sequence, drawn by fast-check (so a seed replays them). */
export const sequencePlan = fc.record({
  template: fc.nat(),
  scenario: fc.nat(),
  steps: fc.array(
    fc.record({
      template: fc.nat(),
      seed: fc.integer({ min: 1, max: 2 ** 30 }),
      variant: fc.nat(),
      patch: fc.array(fc.record({ offset: fc.nat(63), value: fc.nat(255) }), { maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});
export type SequencePlan = ReturnType<(typeof sequencePlan)['generate']>['value'];

/** Builds a random sequence from its plan: a scenario, then random calls that fit it. */
export function randomSequence(spec: Spec, sources: CaseSources, plan: SequencePlan): FuzzSequence {
  const first = sources.templates[plan.template % sources.templates.length]!;
  const scenario = first.scenarios[plan.scenario % first.scenarios.length]!;
  const profile = spec.tables.get(first.operation)!.doc.profile;
  const fitting = sources.templates.filter((t) => t.scenarios.includes(scenario) && spec.tables.get(t.operation)!.doc.profile === profile);
  let base: Case | undefined;
  const steps = plan.steps.map((p, i) => {
    const template = i === 0 ? first : fitting[p.template % fitting.length]!;
    const one = { ...template, scenarios: [scenario] as [string] };
    // Half the time one of the template's boundary cases, half the time a fresh random one.
    const variants = p.variant % 2 ? boundaryCases(spec, sources, one) : casesFromTemplate(spec, sources, one, { random: 1, seed: p.seed, onlyRandom: true });
    const chosen = variants[(p.variant >> 1) % variants.length] ?? boundaryCases(spec, sources, one)[0]!;
    base ??= chosen;
    // Random bytes over the built struct: the generator's own values cover the boundaries, this covers the rest.
    return { ...structuredClone(chosen.step), ...(p.patch.length ? { patch: p.patch } : {}) } as StepPlan;
  });
  const b = base!;
  return { case: { ...b, id: `fuzz/${b.id}+${steps.length - 1}`, setup: [...b.setup, ...steps.slice(0, -1)], step: steps.at(-1)!, tags: [] }, calls: b.setup.length + steps.length };
}

const boundaryCache = new Map<string, Case[]>();

/** A template's deterministic cases in one scenario, built once. */
function boundaryCases(spec: Spec, sources: CaseSources, template: CaseSources['templates'][number]): Case[] {
  const key = `${template.name}/${template.scenarios[0]}`;
  let cases = boundaryCache.get(key);
  if (!cases) boundaryCache.set(key, (cases = casesFromTemplate(spec, sources, template, { random: 0, seed: 0 })));
  return cases;
}

export interface FuzzReport {
  sequences: number;
  calls: number;
  /** Each failing sequence with the plan that replays it (randomSequence(spec, sources, plan)). */
  failures: { id: string; problems: string[]; plan: SequencePlan }[];
}

/** Runs random sequences until `budget` calls have been judged. */
export async function fuzz(spec: Spec, sources: CaseSources, oracle: Oracle, adapter: Adapter, target: (profile: Profile) => Target, budget: number, seed: number): Promise<FuzzReport> {
  const report: FuzzReport = { sequences: 0, calls: 0, failures: [] };
  for (let chunk = 0; report.calls < budget && report.failures.length < 20; chunk++) {
    for (const plan of fc.sample(sequencePlan, { seed: seed + chunk, numRuns: 1000 })) {
      if (report.calls >= budget || report.failures.length >= 20) break;
      await runSequence(plan);
    }
  }
  return report;

  async function runSequence(plan: SequencePlan): Promise<void> {
    const sequence = randomSequence(spec, sources, plan);
    let result: CaseResult;
    try {
      result = await executeCase(spec, oracle, adapter, target(sequence.case.profile), sequence.case, true);
    } catch (e) {
      if (e instanceof AdapterBroken) throw e; // the caller reports a broken adapter, not a failure
      report.failures.push({ id: sequence.case.id, problems: [`threw: ${(e as Error).stack ?? e}`], plan });
      return;
    }
    report.sequences++;
    report.calls += result.answers?.length ?? 0;
    const problems = result.status === 'fail' ? result.problems.map((p) => `${p.aspect}: ${p.message}`) : [];
    if (result.status !== 'skip') {
      const snapshot = await adapter.observe();
      for (const invariant of INVARIANTS[sequence.case.profile]) {
        const broken = invariant(snapshot);
        if (broken) problems.push(`invariant: ${broken}`);
      }
    }
    if (problems.length) report.failures.push({ id: sequence.case.id, problems, plan });
  }
}
