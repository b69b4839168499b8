import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadCheckedSpec } from '../spec/checked-spec.ts';
import { operationsByRequirement } from '../spec/requirement-index.ts';
import { buildReport, requirementsSection } from '../report/json-report.ts';
import { generateCases } from '../suite/generate.ts';
import { loadCaseSources } from '../suite/load-cases.ts';

export interface TraceOptions {
  json?: boolean;
  html?: string;
}

/** Requirement → sources → rule rows → the operations and cases that test it, from the spec alone. */
export async function traceCommand(options: TraceOptions): Promise<void> {
  const { spec } = loadCheckedSpec();
  const cases = generateCases(spec, loadCaseSources(), { random: 0, seed: 0 });
  const perOperation = new Map<string, number>();
  for (const c of cases) perOperation.set(c.operation, (perOperation.get(c.operation) ?? 0) + 1);
  const byRequirement = operationsByRequirement(spec);
  const trace = requirementsSection(spec).map((r) => {
    const operations = [...(byRequirement.get(r.id) ?? [])].sort();
    return { ...r, tests: operations.map((op) => ({ operation: op, cases: perOperation.get(op) ?? 0 })) };
  });
  if (options.html) {
    const { htmlReport } = await import('../report/html.ts');
    mkdirSync(path.dirname(options.html), { recursive: true });
    writeFileSync(options.html, htmlReport(buildReport(spec, []), { title: 'Traceability of the specification' }));
    console.log(`wrote ${options.html}`);
    return;
  }
  if (options.json) {
    console.log(JSON.stringify(trace, null, 2));
    return;
  }
  for (const r of trace) {
    const suspect = r.rows.filter((x) => x.suspect).length;
    console.log(`${r.id} r${r.revision} ${r.level}${r.critical ? ' critical' : ''}  ${r.title}`);
    for (const s of r.sources as Record<string, string>[]) console.log(`  source: ${s.kind === 'thread' ? `${s.author}, "${s.subject}", ${s.date}` : s.kind === 'kernel' ? `${s.path} (${s.version})` : s.title}`);
    if (r.checkedBy) console.log(`  checked by: ${(r.checkedBy as { place: string }).place}`);
    console.log(`  rows: ${r.rows.length}${suspect ? ` (${suspect} suspect: written against an older revision)` : ''}${r.rows.length ? ' — ' + r.rows.map((x) => `${x.table}#${x.row}${x.suspect ? '(suspect)' : ''}`).slice(0, 6).join(', ') + (r.rows.length > 6 ? ', ...' : '') : ''}`);
    console.log(`  tests: ${r.tests.map((t) => `${t.operation} (${t.cases} cases)`).join(', ') || (r.checkedBy ? 'the check above' : 'none')}`);
  }
}
