import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, diffSide, type DiffSide } from '../../../src/layout/diff.ts';
import { loadCheckedSpec } from '../../../src/spec/checked-spec.ts';
import { cli } from '../cli/run-cli.ts';

const { spec } = loadCheckedSpec();
const side = (name: string, version: number) => diffSide(spec.registry.get(name), spec.registry.version(name, version));
const breaks = (a: DiffSide, b: DiffSide) => classify(a, b).changes.filter((c) => c.verdict === 'break').map((c) => `${c.kind} ${c.requirement}`);

describe('layout diff on real history', () => {
  it('HWPT_ALLOC grew compatibly 24 → 40 → 48 bytes: appended, gated fields, minimum unchanged', () => {
    const r = classify(side('iommu_hwpt_alloc', 1), side('iommu_hwpt_alloc', 3));
    expect(r.compatible).toBe(true);
    expect(r.changes.map((c) => c.field)).toEqual(['data_type', 'data_len', 'data_uptr', 'fault_id', '__reserved2']);
  });

  it('GET_HW_INFO gave a byte of __reserved a meaning: compatible', () => {
    const r = classify(side('iommu_hw_info', 2), side('iommu_hw_info', 3));
    expect(r.compatible).toBe(true);
    expect(r.changes).toEqual([expect.objectContaining({ kind: 'padding-given-meaning', field: 'out_max_pasid_log2' })]);
  });

  it('adding argsz in 5.10 moved every field: a break (the structs had no users yet)', () => {
    expect(breaks(side('iommu_cache_invalidate_info', 1), side('iommu_cache_invalidate_info', 2))).toContain('field-moved GROW-001');
    expect(breaks(side('iommu_page_response', 1), side('iommu_page_response', 2))).toContain('field-inserted GROW-001');
  });

  it('the PASID-table config v13 had an implicit hole; v14 fixed it by moving fields, itself a break', () => {
    expect(breaks(side('iommu_pasid_table_config', 1), side('iommu_pasid_table_config', 2))).toContain('implicit-hole LAYOUT-002');
    expect(breaks(side('iommu_pasid_table_config', 2), side('iommu_pasid_table_config', 3))).toContain('field-moved GROW-001');
  });
});

// A toy argument struct of the argsz era, then one change at a time.
const base: DiffSide = {
  name: 'toy',
  profile: 'iommu-uapi',
  usage: 'argument',
  size: 24,
  minSize: 16,
  fields: [
    { name: 'argsz', offset: 0, size: 4, ctype: '__u32', role: 'size' },
    { name: 'flags', offset: 4, size: 4, ctype: '__u32', role: 'flags' },
    { name: 'addr', offset: 8, size: 8, ctype: '__u64', role: 'payload' },
    { name: 'padding', offset: 16, size: 8, ctype: '__u8[8]', role: 'padding' },
  ],
  flags: { TOY_A: 1n, TOY_B: 2n },
  versionConstants: { TOY_VERSION_1: 1n },
};
const withFields = (fields: DiffSide['fields'], extra: Partial<DiffSide> = {}): DiffSide => ({ ...base, fields, ...extra });
const f = (i: number) => base.fields[i]!;

describe('layout diff flags every break class', () => {
  it.each([
    ['a field moved', withFields([f(0), f(1), { ...f(2), offset: 16 }, { ...f(3), offset: 8 }]), 'field-moved GROW-001'],
    ['a field resized', withFields([f(0), { ...f(1), size: 2 }, f(2), f(3)]), 'field-resized GROW-001'],
    ['a field retyped', withFields([f(0), f(1), { ...f(2), ctype: '__s64' }, f(3)]), 'field-retyped GROW-001'],
    ['the minimum size grew', withFields(base.fields, { minSize: 24 }), 'min-size-grown GROW-002'],
    ['a size not a multiple of 8', withFields([...base.fields, { name: 'tail', offset: 24, size: 4, ctype: '__u32', role: 'output' }], { size: 28 }), 'size-not-multiple-of-8 LAYOUT-004'],
    ['an implicit hole', withFields([...base.fields, { name: 'tail', offset: 28, size: 4, ctype: '__u32', role: 'output' }], { size: 32 }), 'implicit-hole LAYOUT-002'],
    ['a 64-bit field misaligned', withFields([...base.fields, { name: 'x', offset: 28, size: 8, ctype: '__u64', role: 'output' }, { name: 'pad', offset: 24, size: 4, ctype: '__u32', role: 'padding' }], { size: 40 }), 'misaligned-64bit LAYOUT-003'],
    ['a flag bit reused', withFields(base.fields, { flags: { TOY_A: 1n, TOY_C: 2n } }), 'flag-reused GROW-009'],
    ['a new field with no gate', withFields([...base.fields, { name: 'more', offset: 24, size: 8, ctype: '__u64', role: 'payload' }], { size: 32 }), 'field-added GROW-004'],
    ['padding given a meaning with no gate', withFields([f(0), f(1), f(2), { name: 'id', offset: 16, size: 4, ctype: '__u32', role: 'payload' }, { name: 'padding2', offset: 20, size: 4, ctype: '__u8[4]', role: 'padding' }]), 'padding-given-meaning GROW-004'],
    ['the version constant bumped', withFields(base.fields, { versionConstants: { TOY_VERSION_1: 2n } }), 'version-constant-changed GROW-007'],
  ])('%s', (_what, next, expected) => {
    expect(breaks(base, next)).toContain(expected);
  });

  it('a field inserted before the end (into bytes that were not spare) is a break', () => {
    const holed = withFields([f(0), f(2), f(3)]);
    expect(breaks(holed, base)).toContain('field-inserted GROW-001');
  });

  it('a shrunk union and a union grown in the middle are breaks; a union grown at the end is not', () => {
    const u = (size: number, members: string[], after = false): DiffSide => ({
      ...base,
      size: 16 + size + (after ? 8 : 0),
      fields: [f(0), f(1), f(2), { name: 'vendor', offset: 16, size, ctype: 'union', role: 'union', members: members.map((name) => ({ name, size })) }, ...(after ? [{ name: 'x', offset: 16 + size, size: 8, ctype: '__u64', role: 'output' as const }] : [])],
    });
    expect(breaks(u(16, ['a', 'b']), u(8, ['a', 'b']))).toContain('union-shrunk GROW-008');
    expect(breaks(u(16, ['a', 'b']), u(16, ['a']))).toContain('union-member-removed GROW-008');
    expect(classify(u(8, ['a']), u(16, ['a', 'b'])).compatible).toBe(true);
    expect(breaks(u(8, ['a'], true), u(16, ['a', 'b'], true))).toContain('union-grown GROW-008');
  });

  it('a record handed out by read() keeps its size', () => {
    const rec = { ...base, usage: 'record' as const };
    expect(breaks(rec, { ...rec, size: 32, fields: [...base.fields, { name: 'x', offset: 24, size: 8, ctype: '__u64', role: 'output' }] })).toContain('record-resized GROW-011');
  });

  it('gated growth is compatible: a new field behind a flag, an output, a reserved field', () => {
    const next = withFields([...base.fields, { name: 'id', offset: 24, size: 4, ctype: '__u32', role: 'payload', gate: { flag: 'TOY_B' } }, { name: '__reserved', offset: 28, size: 4, ctype: '__u32', role: 'reserved' }], { size: 32 });
    expect(classify(base, next).compatible).toBe(true);
  });
});

describe('iommu-conformance diff', () => {
  it('exit 0 for compatible growth, 1 for a break, with --json for machines', () => {
    expect(cli(['diff', 'iommu_hwpt_alloc@1', 'iommu_hwpt_alloc@3']).status).toBe(0);
    const r = cli(['diff', 'iommu_pasid_table_config@2', 'iommu_pasid_table_config@3', '--json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ compatible: false, changes: expect.arrayContaining([expect.objectContaining({ kind: 'field-moved', requirement: 'GROW-001' })]) });
  });

  it('takes layout --json output and files, and enriches a header import with the spec roles and gates', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'diff-'));
    const old = path.join(dir, 'old.json');
    writeFileSync(old, cli(['layout', 'iommu_hwpt_alloc', '--version', '2', '--json']).stdout);
    const grown = JSON.parse(cli(['layout', 'iommu_hwpt_alloc', '--json']).stdout);
    grown.fields.push({ name: 'surprise', offset: 48, size: 8, ctype: '__u64', role: 'payload' });
    grown.size = 56;
    const next = path.join(dir, 'new.json');
    writeFileSync(next, JSON.stringify(grown));
    const r = cli(['diff', old, next]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/BREAK\s+field-added\s+surprise appended at offset 48, with no flag, type or zero-means-absent gate\s+\[GROW-004\]/);
    expect(r.stdout).toMatch(/compatible field-added\s+fault_id appended at offset 40/);
  });
});
