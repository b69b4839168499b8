import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../../src/spec/load.ts';
import { crossCheck } from '../../../src/spec/cross-check.ts';
import { SpecErrors } from '../../../src/spec/spec-error.ts';

const requirement = {
  id: 'SIZE-003',
  revision: 2,
  level: 'MUST',
  title: 'Below the minimum',
  statement: 'An implementation MUST refuse a size below the minimum with EINVAL.',
  rationale: 'Old callers pass at least the minimum; anything shorter is garbage.',
  profiles: ['iommufd'],
  critical: false,
  sources: [{ kind: 'kernel', path: 'drivers/iommu/iommufd/main.c', version: '6.12', says: 'the dispatcher compares size with min_size' }],
};
const layout = {
  name: 'iommu_destroy',
  profile: 'iommufd',
  usage: 'argument',
  description: 'destroy an object',
  versions: [
    {
      version: 1,
      label: '6.2',
      since: '6.2',
      sources: requirement.sources,
      size: 8,
      minSize: 8,
      align: 4,
      fields: [
        { name: 'size', ctype: '__u32', offset: 0, size: 4, role: 'size' },
        { name: 'id', ctype: '__u32', offset: 4, size: 4, role: 'payload' },
      ],
    },
  ],
};
const table = {
  operation: 'iommufd.destroy',
  profile: 'iommufd',
  kind: 'operation',
  title: 'IOMMU_DESTROY',
  struct: 'iommu_destroy',
  sources: requirement.sources,
  rows: [
    { id: 'short', requirements: ['SIZE-003@1'], when: { lt: [{ size: true }, { minSize: '' }] }, then: { errno: 'EINVAL' } },
    { id: 'ok', requirements: ['SIZE-003@2'], when: true, then: { ok: {} } },
  ],
};

/** Writes a spec folder from documents keyed by relative path. */
function specFolder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'spec-'));
  for (const [rel, doc] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
  }
  return dir;
}

function loadErrors(files: Record<string, unknown>): string[] {
  try {
    loadSpec(specFolder(files));
  } catch (e) {
    if (e instanceof SpecErrors) return e.errors.map((x) => x.message);
    throw e;
  }
  return [];
}

const good = {
  'requirements/SIZE-003.json': requirement,
  'layouts/iommufd/iommu_destroy.json': layout,
  'rules/iommufd/destroy.json': table,
};

describe('loading the spec', () => {
  it('loads a consistent spec', () => {
    const spec = loadSpec(specFolder(good));
    expect(spec.requirements.get('SIZE-003')?.doc.level).toBe('MUST');
    expect(spec.registry.slot('iommu_destroy', 'id').offset).toBe(4);
  });

  it('names the file and the JSON pointer of a schema violation', () => {
    const bad = { ...layout, versions: [{ ...layout.versions[0], fields: [{ ...layout.versions[0]!.fields[0], role: 'sise' }] }] };
    expect(loadErrors({ ...good, 'layouts/iommufd/iommu_destroy.json': bad })).toEqual([
      expect.stringMatching(/iommu_destroy\.json#\/versions\/0\/fields\/0\/role: must be equal to one of the allowed values/),
    ]);
  });

  it('reports a file that is not JSON with its line and column', () => {
    const [message] = loadErrors({ ...good, 'requirements/SIZE-003.json': '{\n  "id": "SIZE-003",\n  oops\n}' });
    expect(message).toMatch(/SIZE-003\.json#\/: not valid JSON \(line 3, column 3\)/);
  });

  it('reports every problem of every file, not just the first', () => {
    const errors = loadErrors({
      ...good,
      'requirements/SIZE-003.json': { ...requirement, level: 'MAYBE', revision: 0 },
      'rules/iommufd/destroy.json': { ...table, kind: 'operaton' },
    });
    expect(errors).toHaveLength(3);
    expect(errors.join('\n')).toMatch(/SIZE-003\.json#\/level/);
    expect(errors.join('\n')).toMatch(/SIZE-003\.json#\/revision/);
    expect(errors.join('\n')).toMatch(/destroy\.json#\/kind/);
  });

  it('refuses a duplicate requirement id', () => {
    const errors = loadErrors({ ...good, 'requirements/SIZE-003-copy.json': requirement });
    expect(errors).toEqual([expect.stringMatching(/duplicate requirement "SIZE-003"/)]);
  });
});

describe('cross-checks', () => {
  const check = (files: Record<string, unknown>) => crossCheck(loadSpec(specFolder(files)));

  it('warns about a row written against an older revision (a suspect link)', () => {
    const { errors, warnings } = check(good);
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/rows\/0\/requirements\/0: suspect: .*SIZE-003 revision 1, now at revision 2/)]);
  });

  it('finds unknown requirement ids, fields and constants in rows', () => {
    const rows = [
      { id: 'a', requirements: ['SIZE-099@1'], when: { eq: [{ field: 'idd' }, { const: 'NOPE' }] }, then: { errno: 'EINVAL' } },
      { id: 'ok', requirements: ['SIZE-003@2'], when: true, then: { ok: {} } },
    ];
    const messages = check({ ...good, 'rules/iommufd/destroy.json': { ...table, rows } }).errors.map((e) => e.message);
    expect(messages).toEqual([
      expect.stringMatching(/rows\/0\/requirements\/0: unknown requirement SIZE-099/),
      expect.stringMatching(/rows\/0\/when\/eq\/0\/field: iommu_destroy has no field idd/),
      expect.stringMatching(/rows\/0\/when\/eq\/1\/const: unknown constant NOPE/),
    ]);
  });

  it('requires a table to end with a row that always holds', () => {
    const rows = [table.rows[0]];
    const messages = check({ ...good, 'rules/iommufd/destroy.json': { ...table, rows } }).errors.map((e) => e.message);
    expect(messages).toContainEqual(expect.stringMatching(/the last row of a table must hold always/));
  });

  it('finds a requirement that nothing encodes', () => {
    const other = { ...requirement, id: 'SIZE-004' };
    const messages = check({ ...good, 'requirements/SIZE-004.json': other }).errors.map((e) => e.message);
    expect(messages).toEqual([expect.stringMatching(/SIZE-004 is encoded by no rule row/)]);
  });

  it('finds overlapping fields and a hole the version does not declare', () => {
    const fields = [
      { name: 'size', ctype: '__u32', offset: 0, size: 4, role: 'size' },
      { name: 'id', ctype: '__u32', offset: 2, size: 4, role: 'payload' },
    ];
    const holed = { ...layout, versions: [{ ...layout.versions[0], fields }] };
    const layoutReq = { ...requirement, id: 'LAYOUT-002', revision: 1, checkedBy: { kind: 'layout-lint', place: 'src/layout/lint.ts#noHoles' } };
    const messages = check({ ...good, 'layouts/iommufd/iommu_destroy.json': holed, 'requirements/LAYOUT-002.json': layoutReq }).errors.map(
      (e) => e.message,
    );
    expect(messages).toEqual([
      expect.stringMatching(/fields\/1\/offset: id overlaps the field before it/),
      expect.stringMatching(/versions\/0: LAYOUT-002: implicit padding at bytes 6\.\.7/),
    ]);
  });

  it('accepts a hole the version declares as a historical defect, and refuses a stale declaration', () => {
    const fields = [
      { name: 'size', ctype: '__u32', offset: 0, size: 4, role: 'size' },
      { name: 'id', ctype: '__u32', offset: 4, size: 2, role: 'payload' },
    ];
    const layoutReq = { ...requirement, id: 'LAYOUT-002', revision: 1, checkedBy: { kind: 'layout-lint', place: 'src/layout/lint.ts#noHoles' } };
    const declared = { ...layout, versions: [{ ...layout.versions[0], fields, defects: ['LAYOUT-002'] }] };
    expect(check({ ...good, 'layouts/iommufd/iommu_destroy.json': declared, 'requirements/LAYOUT-002.json': layoutReq }).errors).toEqual([]);
    const stale = { ...layout, versions: [{ ...layout.versions[0], defects: ['LAYOUT-002'] }] };
    const messages = check({ ...good, 'layouts/iommufd/iommu_destroy.json': stale, 'requirements/LAYOUT-002.json': layoutReq }).errors.map((e) => e.message);
    expect(messages).toEqual([expect.stringMatching(/declares LAYOUT-002 but the layout lint finds no such defect/)]);
  });

  it('refuses a checkedBy place that names no exported check', () => {
    const req = { ...requirement, checkedBy: { kind: 'layout-lint', place: 'src/layout/lint.ts#noSuchRule' } };
    const messages = check({ ...good, 'requirements/SIZE-003.json': req }).errors.map((e) => e.message);
    expect(messages).toEqual([expect.stringMatching(/checkedBy\/place: src\/layout\/lint\.ts#noSuchRule does not name an exported check/)]);
  });
});
