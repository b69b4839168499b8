import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossCheck } from '../../../src/spec/cross-check.ts';
import { loadSpec } from '../../../src/spec/load.ts';
import { specDir } from '../../../src/spec/paths.ts';
import { traceRows } from '../../../src/report/json-report.ts';
import { cli } from '../cli/run-cli.ts';

/** A copy of the spec in which SIZE-003's statement changed, so its revision went up. */
function specWithNewRevision(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'suspect-'));
  cpSync(specDir(), dir, { recursive: true });
  const file = path.join(dir, 'requirements', 'SIZE-003.json');
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  doc.revision += 1;
  doc.statement += ' (Reworded.)';
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return dir;
}

describe('suspect links', () => {
  const dir = specWithNewRevision();

  it('a row written against an older revision is suspect until someone reviews it', () => {
    const spec = loadSpec(dir);
    const rows = traceRows(spec).get('SIZE-003')!;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.suspect)).toBe(true);
    expect(traceRows(spec).get('SIZE-001')!.some((r) => r.suspect)).toBe(false);
    const { errors, warnings } = crossCheck(spec);
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/suspect: written against SIZE-003 revision 1, now at revision 2/));
  });

  it('trace marks them, and validate still passes with a warning', () => {
    const trace = cli(['--spec', dir, 'trace']);
    expect(trace.status).toBe(0);
    expect(trace.stdout).toMatch(/SIZE-003 r2 .*\n(.*\n)*? {2}rows: \d+ \(\d+ suspect: written against an older revision\)/);
    const validate = cli(['--spec', dir, 'validate']);
    expect(validate.status).toBe(0);
    expect(validate.stdout).toMatch(/warning: .*suspect/);
  });
});
