import type { Profile } from '../spec/generated/requirement.ts';
import type { Spec } from '../spec/load.ts';
import type { CaseResult } from './execute.ts';

export interface RowCoverage {
  table: string;
  row: string;
  cases: number;
}

/**
 * How many cases reached each row of each table of the profiles, so a report can show the rows no case
 * ever reached. A row counts as reached when the oracle evaluated it as the deciding row of some branch.
 */
export function rowCoverage(spec: Spec, results: CaseResult[], profiles: Profile[]): RowCoverage[] {
  const counts = new Map<string, number>();
  for (const r of results) {
    const seen = new Set(r.rowsReached.map((x) => `${x.table}#${x.row}`));
    for (const key of seen) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const out: RowCoverage[] = [];
  for (const { doc } of spec.tables.values()) {
    if (!profiles.includes(doc.profile)) continue;
    for (const row of doc.rows) out.push({ table: doc.operation, row: row.id, cases: counts.get(`${doc.operation}#${row.id}`) ?? 0 });
  }
  return out;
}
