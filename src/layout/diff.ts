import type { Field, Gate, Layout, Version } from '../spec/generated/layout.ts';
import { toBigInt } from './integer.ts';
import { holes } from './lint.ts';

/**
 * Compares two layouts of one struct and classifies every change as compatible growth or as a break of a
 * named GROW- or LAYOUT- requirement. This is the check a maintainer runs on a patch that grows a struct.
 */

/** One side of a diff: a struct version with what is known about it. Header imports know only name/offset/size. */
export interface DiffSide {
  name: string;
  profile?: string;
  usage?: Layout['usage'];
  size: number;
  minSize?: number;
  fields: DiffField[];
  /** Flag bits by name, over every flag set of the struct. */
  flags?: Record<string, bigint>;
  /** Version constants (names ending in VERSION_<n>) by name. */
  versionConstants?: Record<string, bigint>;
}

export interface DiffField {
  name: string;
  offset: number;
  size: number;
  ctype?: string;
  role?: Field['role'];
  gate?: Gate;
  members?: { name: string; size: number }[];
}

export interface Change {
  kind:
    | 'field-added'
    | 'field-removed'
    | 'field-moved'
    | 'field-resized'
    | 'field-retyped'
    | 'field-inserted'
    | 'padding-given-meaning'
    | 'union-grown'
    | 'union-shrunk'
    | 'union-member-removed'
    | 'min-size-grown'
    | 'size-not-multiple-of-8'
    | 'implicit-hole'
    | 'misaligned-64bit'
    | 'flag-reused'
    | 'version-constant-changed'
    | 'record-resized';
  field?: string;
  detail: string;
  verdict: 'compatible' | 'break';
  /** The requirement a break violates. */
  requirement?: string;
}

export interface DiffResult {
  name: string;
  compatible: boolean;
  changes: Change[];
}

/** The side of a diff for one version of a spec layout. */
export function diffSide(layout: Layout, version: Version): DiffSide {
  const flags: Record<string, bigint> = {};
  for (const set of Object.values(layout.flagSets ?? {})) for (const [n, v] of Object.entries(set)) flags[n] = toBigInt(v);
  const versionConstants: Record<string, bigint> = {};
  for (const [n, v] of Object.entries(layout.constants ?? {})) if (/VERSION_\d+$/.test(n)) versionConstants[n] = toBigInt(v);
  return {
    name: layout.name,
    profile: layout.profile,
    usage: layout.usage,
    size: version.size,
    ...(version.minSize !== undefined ? { minSize: version.minSize } : {}),
    fields: version.fields.map((f) => ({
      name: f.name ?? '(union)',
      offset: f.offset,
      size: f.size,
      ctype: f.ctype,
      role: f.role,
      ...(f.gate ? { gate: f.gate } : {}),
      ...(f.members ? { members: f.members.map((m) => ({ name: m.name, size: m.size })) } : {}),
    })),
    flags,
    versionConstants,
  };
}

const is64 = (f: DiffField) => (f.ctype ? /(__aligned_u64|__u64|__s64|__aligned_le64)/.test(f.ctype) && !/\[/.test(f.ctype) : false);
const mustBeMultipleOf8 = (side: DiffSide) => side.usage === 'argument' && (side.profile === 'iommu-uapi' || side.profile === 'vfio-nesting');
// Outputs are written by the implementation; reserved fields must be zero: neither needs a gate to stay compatible.
const needsGate = (f: DiffField) => f.role === undefined || !['output', 'reserved', 'padding'].includes(f.role);

/** Classifies every change from `old` to `next`. */
export function classify(old: DiffSide, next: DiffSide): DiffResult {
  const changes: Change[] = [];
  const push = (c: Change) => changes.push(c);
  const byName = new Map(old.fields.map((f) => [f.name, f]));
  const nextByName = new Map(next.fields.map((f) => [f.name, f]));

  for (const f of old.fields) {
    const n = nextByName.get(f.name);
    if (n) continue;
    // Padding (or reserved bytes) taken over by named fields in the same place is how the argsz era grows.
    const takers = next.fields.filter((x) => !byName.has(x.name) && x.offset >= f.offset && x.offset + x.size <= f.offset + f.size);
    const isSpare = f.role === 'padding' || f.role === 'reserved';
    if (isSpare && takers.length > 0) {
      for (const t of takers) {
        const gated = !needsGate(t) || t.gate !== undefined;
        push({ kind: 'padding-given-meaning', field: t.name, detail: `${t.name} takes bytes ${t.offset}..${t.offset + t.size - 1} of ${f.name}`, verdict: gated ? 'compatible' : 'break', ...(gated ? {} : { requirement: 'GROW-004' }) });
      }
      continue;
    }
    push({ kind: 'field-removed', field: f.name, detail: `${f.name} (offset ${f.offset}, ${f.size} bytes) is gone`, verdict: 'break', requirement: 'GROW-001' });
  }

  for (const n of next.fields) {
    const f = byName.get(n.name);
    if (!f) {
      const takesSpare = old.fields.some(
        (o) => (o.role === 'padding' || o.role === 'reserved') && n.offset >= o.offset && n.offset + n.size <= o.offset + o.size && (!nextByName.has(o.name) || isSpareShrunkInPlace(o, nextByName.get(o.name)!, next, byName)),
      );
      if (takesSpare) continue;
      if (n.offset < old.size) {
        push({ kind: 'field-inserted', field: n.name, detail: `${n.name} inserted at offset ${n.offset}, inside the old struct`, verdict: 'break', requirement: 'GROW-001' });
      } else {
        const gated = !needsGate(n) || n.gate !== undefined;
        push({
          kind: 'field-added',
          field: n.name,
          detail: `${n.name} appended at offset ${n.offset}${gated ? '' : ', with no flag, type or zero-means-absent gate'}`,
          verdict: gated ? 'compatible' : 'break',
          ...(gated ? {} : { requirement: 'GROW-004' }),
        });
      }
      continue;
    }
    if (isSpareShrunkInPlace(f, n, next, byName)) {
      // A reserved field that gave some of its bytes to new fields, keeping its name for the rest.
      for (const t of next.fields.filter((x) => !byName.has(x.name) && x.offset >= f.offset && x.offset + x.size <= f.offset + f.size)) {
        const gated = !needsGate(t) || t.gate !== undefined;
        push({ kind: 'padding-given-meaning', field: t.name, detail: `${t.name} takes bytes ${t.offset}..${t.offset + t.size - 1} of ${f.name}`, verdict: gated ? 'compatible' : 'break', ...(gated ? {} : { requirement: 'GROW-004' }) });
      }
      continue;
    }
    if (f.offset !== n.offset) {
      push({ kind: 'field-moved', field: n.name, detail: `${n.name} moved from offset ${f.offset} to ${n.offset}`, verdict: 'break', requirement: 'GROW-001' });
      continue;
    }
    if (f.members || n.members) {
      classifyUnion(f, n, next, push);
      continue;
    }
    if (f.size !== n.size) push({ kind: 'field-resized', field: n.name, detail: `${n.name} resized from ${f.size} to ${n.size} bytes`, verdict: 'break', requirement: 'GROW-001' });
    else if (f.ctype && n.ctype && f.ctype !== n.ctype && !sameWidthAlias(f.ctype, n.ctype)) {
      push({ kind: 'field-retyped', field: n.name, detail: `${n.name} changed type from ${f.ctype} to ${n.ctype}`, verdict: 'break', requirement: 'GROW-001' });
    }
  }

  if (old.minSize !== undefined && next.minSize !== undefined && next.minSize > old.minSize) {
    push({ kind: 'min-size-grown', detail: `minimum size grew from ${old.minSize} to ${next.minSize}`, verdict: 'break', requirement: 'GROW-002' });
  }
  if (mustBeMultipleOf8(next) && next.size % 8 !== 0) {
    push({ kind: 'size-not-multiple-of-8', detail: `size ${next.size} is not a multiple of 8`, verdict: 'break', requirement: 'LAYOUT-004' });
  }
  for (const [from, to] of holes({ size: next.size, fields: next.fields } as unknown as Version)) {
    push({ kind: 'implicit-hole', detail: `bytes ${from}..${to - 1} belong to no field`, verdict: 'break', requirement: 'LAYOUT-002' });
  }
  for (const n of next.fields) {
    if (is64(n) && n.offset % 8 !== 0) push({ kind: 'misaligned-64bit', field: n.name, detail: `64-bit ${n.name} at offset ${n.offset}`, verdict: 'break', requirement: 'LAYOUT-003' });
  }
  changes.push(...flagReuse(old, next), ...versionConstant(old, next), ...recordSizeFixed(old, next));
  return { name: next.name, compatible: changes.every((c) => c.verdict === 'compatible'), changes };
}

/** A spare field that now covers only part of its old bytes, every freed byte taken by a field that is new. */
function isSpareShrunkInPlace(f: DiffField, n: DiffField, next: DiffSide, oldByName: Map<string, DiffField>): boolean {
  if (!(f.role === 'padding' || f.role === 'reserved') || n.size >= f.size) return false;
  if (n.offset < f.offset || n.offset + n.size > f.offset + f.size) return false;
  const covered = new Uint8Array(f.size);
  covered.fill(1, n.offset - f.offset, n.offset - f.offset + n.size);
  for (const x of next.fields) {
    if (oldByName.has(x.name) || x.offset < f.offset || x.offset + x.size > f.offset + f.size) continue;
    covered.fill(1, x.offset - f.offset, x.offset - f.offset + x.size);
  }
  return covered.every((b) => b === 1);
}

// __u64 and __aligned_u64 (or __u8[n] arrays of one width) name the same bytes for this purpose.
function sameWidthAlias(a: string, b: string): boolean {
  const norm = (t: string) => t.replace('__aligned_', '__').replace(/^struct .*/, 'struct');
  return norm(a) === norm(b);
}

function classifyUnion(f: DiffField, n: DiffField, next: DiffSide, push: (c: Change) => void): void {
  if (n.size < f.size) push({ kind: 'union-shrunk', field: n.name, detail: `union ${n.name} shrank from ${f.size} to ${n.size} bytes`, verdict: 'break', requirement: 'GROW-008' });
  const last = next.fields[next.fields.length - 1];
  if (n.size > f.size) {
    const atEnd = last === n;
    push({
      kind: 'union-grown',
      field: n.name,
      detail: `union ${n.name} grew from ${f.size} to ${n.size} bytes${atEnd ? ' at the end of the struct' : ', moving what follows'}`,
      verdict: atEnd ? 'compatible' : 'break',
      ...(atEnd ? {} : { requirement: 'GROW-008' }),
    });
  }
  const members = new Set((n.members ?? []).map((m) => m.name));
  for (const m of f.members ?? []) {
    if (!members.has(m.name)) push({ kind: 'union-member-removed', field: `${n.name}.${m.name}`, detail: `union member ${m.name} is gone`, verdict: 'break', requirement: 'GROW-008' });
  }
}

function flagReuse(old: DiffSide, next: DiffSide): Change[] {
  const changes: Change[] = [];
  if (!old.flags || !next.flags) return changes;
  const oldByValue = new Map(Object.entries(old.flags).map(([n, v]) => [v, n]));
  for (const [name, value] of Object.entries(next.flags)) {
    const before = old.flags[name];
    if (before !== undefined && before !== value) {
      changes.push({ kind: 'flag-reused', field: name, detail: `${name} changed from 0x${before.toString(16)} to 0x${value.toString(16)}`, verdict: 'break', requirement: 'GROW-009' });
    }
    const previousOwner = oldByValue.get(value);
    if (before === undefined && previousOwner && !(previousOwner in next.flags)) {
      changes.push({ kind: 'flag-reused', field: name, detail: `${name} takes bit 0x${value.toString(16)} that meant ${previousOwner}`, verdict: 'break', requirement: 'GROW-009' });
    }
  }
  return changes;
}

/** GROW-007: growth keeps the version constants; a changed one means the struct was versioned, not grown. */
export function versionConstant(old: DiffSide, next: DiffSide): Change[] {
  const changes: Change[] = [];
  for (const [name, value] of Object.entries(next.versionConstants ?? {})) {
    const before = old.versionConstants?.[name];
    if (before !== undefined && before !== value) {
      changes.push({ kind: 'version-constant-changed', field: name, detail: `${name} changed from ${before} to ${value}`, verdict: 'break', requirement: 'GROW-007' });
    }
  }
  return changes;
}

/** GROW-011: a record handed out by read() keeps its size. */
export function recordSizeFixed(old: DiffSide, next: DiffSide): Change[] {
  if (old.usage !== 'record' || next.usage !== 'record' || old.size === next.size) return [];
  return [{ kind: 'record-resized', detail: `record size changed from ${old.size} to ${next.size}`, verdict: 'break', requirement: 'GROW-011' }];
}
