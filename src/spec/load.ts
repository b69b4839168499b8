import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Layout } from './generated/layout.ts';
import type { Requirement } from './generated/requirement.ts';
import type { RuleTable } from './generated/rule-table.ts';
import { LayoutRegistry } from '../layout/registry.ts';
import { projectRoot, specDir } from './paths.ts';
import { validateDocument } from './schemas.ts';
import { SpecError, SpecErrors } from './spec-error.ts';

/** A spec document and the file it came from (relative to the checkout, for messages). */
export interface Located<T> {
  file: string;
  doc: T;
}

/** The whole specification, schema-valid (cross-checks are separate: see cross-check.ts). */
export interface Spec {
  requirements: Map<string, Located<Requirement>>;
  layouts: Map<string, Located<Layout>>;
  tables: Map<string, Located<RuleTable>>;
  registry: LayoutRegistry;
}

function jsonFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return jsonFiles(full);
    return entry.endsWith('.json') ? [full] : [];
  });
}

function parse(full: string, errors: SpecError[]): unknown {
  const file = path.relative(projectRoot, full);
  const text = readFileSync(full, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    // JSON.parse reports a character position; turn it into a line and column a person can find.
    const match = /position (\d+)/.exec((e as Error).message);
    const where = match ? lineColumn(text, Number(match[1])) : '';
    errors.push(new SpecError(file, '', `not valid JSON${where}: ${(e as Error).message}`));
    return undefined;
  }
}

function lineColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return ` (line ${before.length}, column ${before[before.length - 1]!.length + 1})`;
}

function loadKind<T>(dir: string, schema: string, key: (doc: T) => string, errors: SpecError[]): Map<string, Located<T>> {
  const out = new Map<string, Located<T>>();
  for (const full of jsonFiles(dir)) {
    const file = path.relative(projectRoot, full);
    const doc = parse(full, errors);
    if (doc === undefined) continue;
    const problems = validateDocument(schema, doc, file);
    if (problems.length > 0) {
      errors.push(...problems);
      continue;
    }
    const id = key(doc as T);
    const earlier = out.get(id);
    if (earlier) {
      errors.push(new SpecError(file, '', `duplicate ${schema} "${id}", also defined in ${earlier.file}`));
      continue;
    }
    out.set(id, { file, doc: doc as T });
  }
  return out;
}

/** Loads and schema-validates every spec document; throws SpecErrors listing every problem found. */
export function loadSpec(dir: string = specDir()): Spec {
  const errors: SpecError[] = [];
  const requirements = loadKind<Requirement>(path.join(dir, 'requirements'), 'requirement', (d) => d.id, errors);
  const layouts = loadKind<Layout>(path.join(dir, 'layouts'), 'layout', (d) => d.name, errors);
  const tables = loadKind<RuleTable>(path.join(dir, 'rules'), 'rule-table', (d) => d.operation, errors);
  if (errors.length > 0) throw new SpecErrors(errors);
  return { requirements, layouts, tables, registry: new LayoutRegistry([...layouts.values()].map((l) => l.doc)) };
}
