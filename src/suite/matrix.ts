import { classify, diffSide } from '../layout/diff.ts';
import type { Spec } from '../spec/load.ts';
import { probesFor, variableSlots } from './boundaries.ts';
import type { Case } from './case.ts';
import { casesFromTemplate, type CaseSources } from './generate.ts';

/** One cell of a struct's compatibility matrix: a caller built against one version, an implementation knowing another. */
export interface MatrixCell {
  struct: string;
  caller: number;
  implementation: number;
  cases: Case[];
}

const hex = (v: bigint) => '0x' + v.toString(16);

/**
 * The versions of a struct that grew compatibly into its newest one: the run of versions, ending at the
 * newest, between which the layout diff finds no growth break (versions before an ABI break, such as the
 * pre-argsz structs, are a different ABI and are left out).
 */
export function compatibleVersions(spec: Spec, struct: string): number[] {
  const layout = spec.registry.get(struct);
  const versions = [layout.versions[layout.versions.length - 1]!.version];
  for (let i = layout.versions.length - 1; i > 0; i--) {
    // A layout defect of the newer version (a hole) does not stop old callers working; a growth break does.
    const { changes } = classify(diffSide(layout, layout.versions[i - 1]!), diffSide(layout, layout.versions[i]!));
    if (changes.some((c) => c.verdict === 'break' && !c.requirement?.startsWith('LAYOUT-'))) break;
    versions.unshift(layout.versions[i - 1]!.version);
  }
  return versions;
}

/**
 * The compatibility matrix of every struct that grew: for each pair (caller version i, implementation
 * version j), the templates of the operations taking the struct, as a caller built against version i
 * would call them (fields of later versions absent), with the new fields zero and, one at a time, used.
 */
export function matrixCells(spec: Spec, sources: CaseSources): MatrixCell[] {
  const cells: MatrixCell[] = [];
  for (const layout of spec.registry.all()) {
    if (layout.usage !== 'argument') continue;
    const versions = compatibleVersions(spec, layout.name);
    if (versions.length < 2) continue;
    const templates = sources.templates.filter((t) => spec.tables.get(t.operation)?.doc.struct === layout.name && (t.call?.argp === undefined));
    for (const caller of versions) {
      for (const implementation of versions) {
        const cases = templates.flatMap((template) => {
          const known = new Set(spec.registry.slots(layout.name, caller).keys());
          const fields = Object.fromEntries(Object.entries(template.call?.struct?.fields ?? {}).filter(([path]) => known.has(path)));
          const base = { ...template, vary: {}, fixed: [], call: { ...template.call, struct: { ...template.call?.struct, fields } } };
          // The fields the caller's version has beyond the implementation's: each set to its first nonzero value.
          const newer = variableSlots(spec.registry, layout.name, caller).filter((s) => !spec.registry.slots(layout.name, implementation).has(s.path));
          const used = newer.map((s) => [s.path, hex(probesFor(spec.registry, s).find((p) => p.value !== 0n)?.value ?? 1n)] as const);
          const wanted = new Set(['baseline', ...used.map(([path, value]) => `${path}=${value}`)]);
          return casesFromTemplate(spec, sources, { ...base, vary: Object.fromEntries(used.map(([path, value]) => [path, [value]])) }, { random: 0, seed: 0 })
            .filter((c) => wanted.has(c.variation))
            .map((c) => ({
              ...c,
              id: `matrix:${layout.name}@${caller}→${implementation}/${c.id}`,
              step: { ...c.step, callerVersion: caller },
              tags: ['GROW-003', caller < implementation ? 'GROW-005' : caller > implementation ? 'GROW-006' : 'GROW-003'],
            }));
        });
        if (cases.length) cells.push({ struct: layout.name, caller, implementation, cases });
      }
    }
  }
  return cells;
}
