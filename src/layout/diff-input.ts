import { existsSync, readFileSync } from 'node:fs';
import type { Layout } from '../spec/generated/layout.ts';
import { diffSide, type DiffSide } from './diff.ts';
import type { LayoutRegistry } from './registry.ts';

/** A struct layout given without the spec's metadata: `layout --json` output or an import-header result. */
interface PlainLayout {
  name: string;
  profile?: string;
  size: number;
  minSize?: number;
  fields: { name: string; offset: number; size: number; ctype?: string; role?: string }[];
}

/**
 * Reads one side of a diff: "struct@N" (a version of a spec layout), "struct" (its newest version), a spec
 * layout file (optionally "file.json@N"), or a JSON file holding `layout --json` or import-header output.
 * What a plain layout does not say (roles, gates, flags) is taken from the spec's struct of the same name.
 */
export function readDiffSide(arg: string, registry: LayoutRegistry): DiffSide {
  const [target, version] = splitVersion(arg);
  if (!existsSync(target)) {
    if (!registry.has(target)) throw new Error(`${arg} is neither a file nor a struct of the spec`);
    return diffSide(registry.get(target), registry.version(target, version));
  }
  const doc = JSON.parse(readFileSync(target, 'utf8')) as Layout | PlainLayout | PlainLayout[];
  if (Array.isArray(doc)) {
    if (doc.length !== 1) throw new Error(`${target} holds ${doc.length} layouts; pass a file with one`);
    return plainSide(doc[0]!, registry);
  }
  if ('versions' in doc) {
    const v = version === undefined ? doc.versions[doc.versions.length - 1]! : doc.versions.find((x) => x.version === version);
    if (!v) throw new Error(`${target} has no version ${version}`);
    return diffSide(doc, v);
  }
  return plainSide(doc, registry);
}

function splitVersion(arg: string): [string, number | undefined] {
  const m = /^(.*)@(\d+)$/.exec(arg);
  return m ? [m[1]!, Number(m[2])] : [arg, undefined];
}

function plainSide(plain: PlainLayout, registry: LayoutRegistry): DiffSide {
  const known = registry.has(plain.name) ? registry.get(plain.name) : undefined;
  const specField = (name: string) => {
    for (const v of [...(known?.versions ?? [])].reverse()) {
      const f = v.fields.find((x) => (x.name ?? '(union)') === name);
      if (f) return f;
    }
    return undefined;
  };
  const base = known ? diffSide(known, known.versions[known.versions.length - 1]!) : undefined;
  return {
    name: plain.name,
    ...(known ? { profile: known.profile, usage: known.usage } : plain.profile ? { profile: plain.profile } : {}),
    size: plain.size,
    ...(plain.minSize !== undefined ? { minSize: plain.minSize } : {}),
    fields: plain.fields.map((f) => {
      const s = specField(f.name);
      return {
        name: f.name,
        offset: f.offset,
        size: f.size,
        ...((f.ctype ?? s?.ctype) ? { ctype: (f.ctype ?? s?.ctype)! } : {}),
        ...((f.role ?? s?.role) ? { role: (f.role ?? s?.role) as never } : {}),
        ...(s?.gate ? { gate: s.gate } : {}),
      };
    }),
    ...(base?.flags ? { flags: base.flags } : {}),
    ...(base?.versionConstants ? { versionConstants: base.versionConstants } : {}),
  };
}
