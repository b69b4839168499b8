import type { Spec } from './load.ts';
import { parseRequirementRef } from './cross-check.ts';

/** The check tables a table runs (through check or forEach), directly. */
function checkedTables(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) node.forEach((n) => checkedTables(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.check === 'string') out.add(o.check);
    if (o.check && typeof o.check === 'object' && typeof (o.check as { table?: unknown }).table === 'string') out.add((o.check as { table: string }).table);
    if (o.forEach && typeof o.forEach === 'object') out.add((o.forEach as { check: string }).check);
    Object.values(o).forEach((v) => checkedTables(v, out));
  }
}

/**
 * For every requirement, the operations (and fixtures) whose calls can reach a row encoding it, directly
 * or through the check tables they run. Used to select cases for --requirement and to tell a skipped
 * requirement from one no case reached.
 */
export function operationsByRequirement(spec: Spec): Map<string, Set<string>> {
  const reqsOf = new Map<string, Set<string>>();
  const visit = (table: string, seen: Set<string>): Set<string> => {
    const cached = reqsOf.get(table);
    if (cached) return cached;
    const doc = spec.tables.get(table)?.doc;
    const reqs = new Set<string>();
    if (!doc || seen.has(table)) return reqs;
    seen.add(table);
    for (const row of doc.rows) for (const ref of row.requirements) reqs.add(parseRequirementRef(ref).id);
    const subs = new Set<string>();
    checkedTables(doc.rows, subs);
    for (const sub of subs) for (const id of visit(sub, seen)) reqs.add(id);
    reqsOf.set(table, reqs);
    return reqs;
  };
  const out = new Map<string, Set<string>>();
  for (const [name, { doc }] of spec.tables) {
    if (doc.kind === 'check') continue;
    for (const id of visit(name, new Set())) {
      if (!out.has(id)) out.set(id, new Set());
      out.get(id)!.add(name);
    }
  }
  return out;
}
