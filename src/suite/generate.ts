import fc from 'fast-check';
import type { LayoutRegistry } from '../layout/registry.ts';
import type { CaseTemplate } from '../spec/generated/case-template.ts';
import type { Call as CallSpec, Scenarios, Step, Value } from '../spec/generated/scenarios.ts';
import type { Profile } from '../spec/generated/requirement.ts';
import type { Spec } from '../spec/load.ts';
import { probesFor, variableSlots, widthMask, type Probe } from './boundaries.ts';
import type { Case, StepPlan } from './case.ts';

/** The case templates and scenarios of every profile, as loaded from test/conformance/cases. */
export interface CaseSources {
  scenarios: Map<Profile, Scenarios>;
  /** Each template with its name: <profile>.<file name>, which starts the ids of its cases. */
  templates: (CaseTemplate & { name: string })[];
}

export interface GenerateOptions {
  /** Random cases per template and scenario (0 for none). */
  random: number;
  seed: number;
  /** Only the random cases (the fuzzer asks for one at a time). */
  onlyRandom?: boolean;
  /** Only the templates of these profiles (each template seeds its own cases, so the rest are unchanged). */
  profiles?: readonly Profile[];
}

const hex = (v: bigint) => '0x' + v.toString(16);
const clone = <T>(x: T): T => structuredClone(x);

/** The setup steps of a scenario, its parents' first. */
function scenarioSteps(set: Scenarios, name: string): { steps: Step[]; config: Record<string, never> } {
  const s = set.scenarios[name];
  if (!s) throw new Error(`${set.profile} has no scenario ${name}`);
  const parent = s.extends ? scenarioSteps(set, s.extends) : { steps: [], config: {} };
  return { steps: [...parent.steps, ...s.steps], config: { ...parent.config, ...(s.config as Record<string, never>) } };
}

function mergeCall(base: CallSpec | undefined, over: CallSpec | undefined): CallSpec {
  const b = clone(base ?? {});
  if (!over) return b;
  return {
    ...b,
    ...over,
    ...(b.struct || over.struct ? { struct: { ...b.struct, ...over.struct, fields: { ...b.struct?.fields, ...over.struct?.fields } } } : {}),
    ...(b.args || over.args ? { args: { ...b.args, ...over.args } } : {}),
    ...(b.buffers || over.buffers ? { buffers: { ...b.buffers, ...over.buffers } } : {}),
  };
}

interface Variation {
  label: string;
  apply(plan: StepPlan): void;
  tags?: string[];
}

function setField(call: CallSpec, path: string, value: Value): void {
  call.struct = { ...call.struct, fields: { ...call.struct?.fields, [path]: value } };
}

/** Where a "vary"/"fixed" key points: an argument, a field of a buffer's first entry, or a struct field. */
function setTarget(call: CallSpec, key: string, value: Value): void {
  if (key.startsWith('args.')) {
    call.args = { ...call.args, [key.slice(5)]: value };
    return;
  }
  if (key.startsWith('payload.') && call.struct?.payload) {
    const payload = call.struct.payload;
    call.struct = { ...call.struct, payload: { ...payload, fields: { ...payload.fields, [key.slice(8)]: value } } };
    return;
  }
  const dot = key.indexOf('.');
  const buffer = dot > 0 ? call.buffers?.[key.slice(0, dot)] : undefined;
  if (buffer) {
    const entries = buffer.entries?.length ? clone(buffer.entries) : [{}];
    entries[0] = { ...entries[0], [key.slice(dot + 1)]: value };
    call.buffers = { ...call.buffers, [key.slice(0, dot)]: { ...buffer, entries } };
    return;
  }
  setField(call, key, value);
}

/** Every size worth trying for a struct with a size word: each from one below the minimum to past the known size. */
function sizeVariations(minSize: number, known: number): Variation[] {
  const out: Variation[] = [];
  const sizes = new Set<number>([0, 4]);
  for (let s = Math.max(0, minSize - 1); s <= known + 8; s++) sizes.add(s);
  for (const size of [...sizes, 4096].sort((a, b) => a - b)) {
    out.push({ label: `size=${size}`, apply: (p) => void (p.call.struct = { ...p.call.struct, size }) });
    if (size > known) out.push({ label: `size=${size}+dirty-tail`, apply: (p) => ((p.call.struct = { ...p.call.struct, size }), (p.dirtyTail = true)) });
  }
  // A short size word with the rest of the struct still mapped: the size check, not a fault, must answer.
  for (let size = Math.max(0, minSize - 2); size < minSize; size++) {
    out.push({ label: `size=${size}+mapped`, apply: (p) => ((p.call.struct = { ...p.call.struct, size }), (p.mapped = known)) });
  }
  out.push({ label: 'mapped=4', apply: (p) => void (p.mapped = 4) });
  out.push({ label: 'mapped=known-1', apply: (p) => void (p.mapped = known - 1) });
  out.push({ label: 'argp=NULL', apply: (p) => void (p.call.argp = 0) });
  out.push({ label: 'argp=unmapped', apply: (p) => void (p.call.argp = { unmapped: true }) });
  return out;
}

function probeVariations(key: string, probes: Probe[]): Variation[] {
  return probes.map((pr) => ({ label: `${key}=${pr.label}`, apply: (p) => setTarget(p.call, key, hex(pr.value)) }));
}

/** Generates the cases of one template: the baseline, then every variation, in every scenario it names. */
export function casesFromTemplate(spec: Spec, sources: CaseSources, template: CaseSources['templates'][number], options: GenerateOptions): Case[] {
  const { registry } = spec;
  const table = spec.tables.get(template.operation)?.doc;
  if (!table) throw new Error(`template for ${template.operation}: no such rule table`);
  const profile = table.profile;
  const set = sources.scenarios.get(profile);
  if (!set) throw new Error(`no scenarios for profile ${profile}`);
  const fixed = new Set(template.fixed ?? []);
  const cases: Case[] = [];
  for (const scenario of template.scenarios) {
    const { steps, config } = scenarioSteps(set, scenario);
    const baseline = mergeCall(template.call, template.perScenario?.[scenario]);
    const structName = baseline.argp === undefined ? (baseline.struct?.name ?? table.struct) : undefined;
    const variations: Variation[] = options.onlyRandom ? [] : [{ label: 'baseline', apply: () => {} }];
    const firstBad: { key: string; probe: Probe }[] = [];
    if (structName && !options.onlyRandom) {
      const v = registry.newest(structName);
      if (v.fields[0]?.role === 'size') variations.push(...sizeVariations(v.minSize ?? v.size, v.size));
      for (const slot of variableSlots(registry, structName)) {
        if (fixed.has(slot.path)) continue;
        const probes = probesFor(registry, slot);
        variations.push(...probeVariations(slot.path, probes));
        const bad = probes.find((p) => p.firstBad);
        if (bad) firstBad.push({ key: slot.path, probe: bad });
      }
    }
    const payload = options.onlyRandom ? undefined : baseline.struct?.payload;
    if (payload) {
      for (const slot of variableSlots(registry, payload.struct)) {
        const key = `payload.${slot.path}`;
        if (!fixed.has(key)) variations.push(...probeVariations(key, probesFor(registry, slot)));
      }
    }
    for (const [name, buffer] of Object.entries(options.onlyRandom ? {} : (baseline.buffers ?? {}))) {
      if (!buffer.struct || !buffer.entries?.length) continue;
      for (const slot of variableSlots(registry, buffer.struct)) {
        const key = `${name}.${slot.path}`;
        if (fixed.has(key)) continue;
        variations.push(...probeVariations(key, probesFor(registry, slot)));
      }
    }
    for (const [arg, value] of Object.entries(options.onlyRandom ? {} : (baseline.args ?? {}))) {
      const key = `args.${arg}`;
      if (fixed.has(key) || fixed.has('args')) continue;
      const probes: Probe[] = [0n, 1n, 0xffffffffn].map((v) => ({ label: hex(v), value: v }));
      if (typeof value === 'object' && 'ref' in value) probes.push({ label: 'missing', value: 0x7fffffffn });
      variations.push(...probeVariations(key, probes));
    }
    for (const [key, values] of Object.entries(options.onlyRandom ? {} : (template.vary ?? {}))) {
      for (const value of values) variations.push({ label: `${key}=${labelOf(value)}`, apply: (p) => setTarget(p.call, key, value) });
    }
    if (!options.onlyRandom) variations.push(...precedencePairs(firstBad));
    if (structName && options.random > 0) variations.push(...randomVariations(registry, structName, fixed, options, `${template.name}/${scenario}`));
    const seen = new Set<string>();
    for (const variation of variations) {
      if (seen.has(variation.label)) continue;
      seen.add(variation.label);
      const step: StepPlan = { op: template.operation, call: clone(baseline) };
      variation.apply(step);
      cases.push({
        id: `${template.name}/${scenario}/${variation.label}`,
        profile,
        operation: template.operation,
        scenario,
        variation: variation.label,
        config: config as Case['config'],
        setup: steps.map((s) => ({ op: s.op, call: stepCall(s), ...(s.bind ? { bind: s.bind } : {}) })),
        step,
        tags: variation.tags ?? [],
      });
    }
  }
  return cases;
}

/**
 * Precedence cases (VALID-017): two checks failing at once, each field at the value most likely to fail on
 * its own; the rule order says which errno must win.
 */
export function precedencePairs(firstBad: { key: string; probe: Probe }[]): Variation[] {
  const out: Variation[] = [];
  for (let i = 0; i < firstBad.length; i++) {
    for (let j = i + 1; j < firstBad.length; j++) {
      const [a, b] = [firstBad[i]!, firstBad[j]!];
      out.push({
        label: `pair:${a.key}=${a.probe.label}+${b.key}=${b.probe.label}`,
        apply: (p) => (setTarget(p.call, a.key, hex(a.probe.value)), setTarget(p.call, b.key, hex(b.probe.value))),
        tags: ['VALID-017'],
      });
    }
  }
  return out;
}

function stepCall(step: Step): CallSpec {
  const { op: _op, bind: _bind, ...call } = step;
  return call;
}

function labelOf(value: Value): string {
  if (typeof value === 'number') return hex(BigInt(value));
  if (typeof value === 'string') return value;
  return JSON.stringify(value).replace(/[{}"]/g, '');
}

/** Random cases: each field drawn from its boundary values or uniformly, and a random size; replayable by seed. */
function randomVariations(registry: LayoutRegistry, struct: string, fixed: Set<string>, options: GenerateOptions, salt: string): Variation[] {
  const v = registry.newest(struct);
  const slots = variableSlots(registry, struct).filter((s) => !fixed.has(s.path) && s.size <= 8);
  const fieldArb = (slotIndex: number) => {
    const slot = slots[slotIndex]!;
    const probes = probesFor(registry, slot).map((p) => p.value);
    return fc.oneof(fc.constantFrom(...probes), fc.bigInt({ min: 0n, max: widthMask(slot.size) }));
  };
  const record = fc.tuple(
    fc.integer({ min: Math.max(0, (v.minSize ?? v.size) - 1), max: v.size + 8 }),
    fc.tuple(...slots.map((_, i) => fc.option(fieldArb(i), { freq: 2 }))),
  );
  const seed = options.seed ^ hashString(salt);
  return fc.sample(record, { numRuns: options.random, seed }).map(([size, values], i) => ({
    label: `random-${options.seed}-${i}`,
    apply: (p: StepPlan) => {
      if (v.fields[0]?.role === 'size') p.call.struct = { ...p.call.struct, size };
      values.forEach((value, k) => {
        if (value !== null) setField(p.call, slots[k]!.path, hex(value));
      });
    },
  }));
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Every case of every template, in a stable order. */
export function generateCases(spec: Spec, sources: CaseSources, options: GenerateOptions): Case[] {
  const wanted = (t: CaseSources['templates'][number]) => !options.profiles || options.profiles.includes(spec.tables.get(t.operation)!.doc.profile);
  return sources.templates.filter(wanted).flatMap((t) => casesFromTemplate(spec, sources, t, options));
}
