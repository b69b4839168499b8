import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RuleTable } from './generated/rule-table.ts';
import { lintLayouts } from '../layout/lint.ts';
import { classify, diffSide } from '../layout/diff.ts';
import type { Located, Spec } from './load.ts';
import { projectRoot } from './paths.ts';
import { SpecError, pointer } from './spec-error.ts';
import { vocabularyNames } from './vocabulary-names.ts';

/** What the cross-checks found: errors make the spec invalid; warnings (suspect links) do not. */
export interface CrossCheckResult {
  errors: SpecError[];
  warnings: SpecError[];
}

/** Requirement references in rows: "SIZE-003@1". */
export function parseRequirementRef(ref: string): { id: string; revision: number } {
  const [id, revision] = ref.split('@');
  return { id: id!, revision: Number(revision) };
}

export function crossCheck(spec: Spec): CrossCheckResult {
  const errors: SpecError[] = [];
  const warnings: SpecError[] = [];
  checkRequirements(spec, errors);
  checkLayouts(spec, errors);
  for (const table of spec.tables.values()) checkTable(spec, table, errors, warnings);
  checkCoverage(spec, errors);
  return { errors, warnings };
}

function checkRequirements(spec: Spec, errors: SpecError[]): void {
  for (const { file, doc } of spec.requirements.values()) {
    if (path.basename(file) !== `${doc.id}.json`) errors.push(new SpecError(file, pointer('id'), `file name does not match id ${doc.id}`));
    if (!doc.checkedBy) continue;
    const [module, name] = doc.checkedBy.place.split('#');
    const full = path.join(projectRoot, module!);
    const exported = existsSync(full) && new RegExp(`export (const|function|class) ${name}\\b`).test(readFileSync(full, 'utf8'));
    if (!exported) errors.push(new SpecError(file, pointer('checkedBy', 'place'), `${doc.checkedBy.place} does not name an exported check`));
  }
}

function checkLayouts(spec: Spec, errors: SpecError[]): void {
  const { registry } = spec;
  for (const { file, doc } of spec.layouts.values()) {
    if (path.basename(file) !== `${doc.name}.json`) errors.push(new SpecError(file, pointer('name'), `file name does not match ${doc.name}`));
    if (path.basename(path.dirname(file)) !== doc.profile) errors.push(new SpecError(file, pointer('profile'), `file is not in layouts/${doc.profile}/`));
    doc.versions.forEach((version, vi) => {
      const at = (...rest: (string | number)[]) => pointer('versions', vi, ...rest);
      if (vi > 0 && version.version !== doc.versions[vi - 1]!.version + 1) errors.push(new SpecError(file, at('version'), 'versions must count up by one'));
      if (version.minSize !== undefined && version.minSize > version.size) errors.push(new SpecError(file, at('minSize'), 'minSize exceeds size'));
      let end = 0;
      version.fields.forEach((field, fi) => {
        const label = field.name ?? '(union)';
        if (field.offset < end) errors.push(new SpecError(file, at('fields', fi, 'offset'), `${label} overlaps the field before it`));
        end = Math.max(end, field.offset + field.size);
        if (field.offset + field.size > version.size) errors.push(new SpecError(file, at('fields', fi, 'size'), `${label} runs past the struct size`));
        if (field.struct && !registry.has(field.struct)) errors.push(new SpecError(file, at('fields', fi, 'struct'), `unknown layout ${field.struct}`));
        for (const member of field.members ?? []) {
          if (member.struct && !registry.has(member.struct)) errors.push(new SpecError(file, at('fields', fi, 'members'), `unknown layout ${member.struct}`));
          if (member.size > field.size) errors.push(new SpecError(file, at('fields', fi, 'members'), `member ${member.name} is larger than the union`));
        }
        const valuesOf = field.flagSet ? doc.flagSets?.[field.flagSet] : field.enum ? doc.enums?.[field.enum] : undefined;
        if (field.flagSet && !doc.flagSets?.[field.flagSet]) errors.push(new SpecError(file, at('fields', fi, 'flagSet'), `unknown flag set ${field.flagSet}`));
        if (field.enum && !doc.enums?.[field.enum]) errors.push(new SpecError(file, at('fields', fi, 'enum'), `unknown enum ${field.enum}`));
        for (const name of field.valid ?? []) {
          if (!valuesOf || !(name in valuesOf)) errors.push(new SpecError(file, at('fields', fi, 'valid'), `${name} is not in the field's flag set or enum`));
        }
      });
    });
  }
  // Layout rules: a violation is an error unless the version declares it as a known historical defect.
  const profilesOf = (id: string) => spec.requirements.get(id)?.doc.profiles ?? [];
  const found = new Set<string>();
  for (const v of lintLayouts(registry, profilesOf)) {
    const located = spec.layouts.get(v.layout)!;
    const vi = located.doc.versions.findIndex((x) => x.version === v.version);
    const declared = located.doc.versions[vi]!.defects ?? [];
    found.add(`${v.layout}@${v.version}:${v.requirement}`);
    if (!declared.includes(v.requirement)) errors.push(new SpecError(located.file, pointer('versions', vi), `${v.requirement}: ${v.message}`));
  }
  // Growth between consecutive versions: a break must be declared as a defect of the later version.
  for (const { file, doc } of spec.layouts.values()) {
    for (let vi = 1; vi < doc.versions.length; vi++) {
      const result = classify(diffSide(doc, doc.versions[vi - 1]!), diffSide(doc, doc.versions[vi]!));
      for (const change of result.changes) {
        if (change.verdict !== 'break' || !change.requirement) continue;
        found.add(`${doc.name}@${doc.versions[vi]!.version}:${change.requirement}`);
        if (!(doc.versions[vi]!.defects ?? []).includes(change.requirement)) {
          errors.push(new SpecError(file, pointer('versions', vi), `${change.requirement}: from version ${vi} to ${vi + 1}: ${change.detail}`));
        }
      }
    }
  }
  for (const { file, doc } of spec.layouts.values()) {
    doc.versions.forEach((version, vi) => {
      for (const defect of version.defects ?? []) {
        if (!found.has(`${doc.name}@${version.version}:${defect}`)) {
          errors.push(new SpecError(file, pointer('versions', vi, 'defects'), `declares ${defect} but the layout lint finds no such defect`));
        }
      }
    });
  }
}

const EXPRESSION_PATH_KEYS = ['field', 'offsetof', 'offsetofend', 'validFlags'];

function checkTable(spec: Spec, { file, doc }: Located<RuleTable>, errors: SpecError[], warnings: SpecError[]): void {
  const err = (at: string, message: string) => errors.push(new SpecError(file, at, message));
  const [profile, name] = doc.operation.split('.');
  if (profile !== doc.profile) err(pointer('operation'), `operation is not in profile ${doc.profile}`);
  if (path.basename(file) !== `${name}.json` || path.basename(path.dirname(file)) !== doc.profile) {
    err(pointer('operation'), `expected at spec/rules/${doc.profile}/${name}.json`);
  }
  if (doc.struct && !spec.registry.has(doc.struct)) err(pointer('struct'), `unknown layout ${doc.struct}`);
  const ids = new Set<string>();
  const vocabulary = vocabularyNames(doc.profile, doc.kind);
  doc.rows.forEach((row, ri) => {
    const at = (...rest: (string | number)[]) => pointer('rows', ri, ...rest);
    if (ids.has(row.id)) err(at('id'), `duplicate row id ${row.id}`);
    ids.add(row.id);
    row.requirements.forEach((ref, qi) => {
      const { id, revision } = parseRequirementRef(ref);
      const requirement = spec.requirements.get(id);
      if (!requirement) return err(at('requirements', qi), `unknown requirement ${id}`);
      if (requirement.doc.revision !== revision) {
        warnings.push(new SpecError(file, at('requirements', qi), `suspect: written against ${id} revision ${revision}, now at revision ${requirement.doc.revision}`));
      }
    });
    walk(row.when, at('when'), (node, where) => checkNode(spec, doc, node, where, err, vocabulary));
    walk(row.then, at('then'), (node, where) => checkNode(spec, doc, node, where, err, vocabulary));
  });
  const last = doc.rows[doc.rows.length - 1]!;
  if (last.when !== true) err(pointer('rows', doc.rows.length - 1, 'when'), 'the last row of a table must hold always (when: true)');
}

type NodeVisitor = (node: Record<string, unknown>, where: string) => void;

function walk(value: unknown, where: string, visit: NodeVisitor): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${where}/${i}`, visit));
  } else if (value !== null && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    visit(node, where);
    for (const [key, child] of Object.entries(node)) {
      // The field names of a "struct" writeback belong to that struct; checkNode looks at them.
      if (key === 'fields') continue;
      walk(child, `${where}/${key}`, visit);
    }
  }
}

function checkNode(
  spec: Spec,
  table: RuleTable,
  node: Record<string, unknown>,
  where: string,
  err: (at: string, message: string) => void,
  vocabulary: { queries: Set<string>; effects: Set<string> },
): void {
  const { registry } = spec;
  const fieldOf = (struct: string | undefined, fieldPath: string, at: string) => {
    if (!struct || !registry.has(struct)) return;
    if (!registry.slots(struct).has(fieldPath)) err(at, `${struct} has no field ${fieldPath}`);
  };
  // The body of a userField names a field of its own struct, checked with the userField itself.
  const isUserFieldBody = 'address' in node && 'struct' in node && 'field' in node;
  for (const key of EXPRESSION_PATH_KEYS) {
    if (typeof node[key] === 'string' && !isUserFieldBody) fieldOf(table.struct, node[key] as string, `${where}/${key}`);
  }
  if (typeof node.const === 'string' && registry.constant(node.const) === undefined) err(`${where}/const`, `unknown constant ${node.const}`);
  for (const key of ['knownSize', 'minSize']) {
    const target = node[key];
    if (typeof target === 'string' && target !== '' && !registry.has(target)) err(`${where}/${key}`, `unknown layout ${target}`);
  }
  const checkRef = (tableName: unknown, at: string) => {
    if (typeof tableName !== 'string') return;
    const target = spec.tables.get(tableName);
    if (!target) err(at, `no table ${tableName}`);
    else if (target.doc.kind !== 'check') err(at, `${tableName} is not a check table`);
  };
  if ('check' in node) {
    const check = node.check as string | { table: string; struct?: string };
    checkRef(typeof check === 'string' ? check : check.table, `${where}/check`);
    if (typeof check === 'object' && check.struct && !registry.has(check.struct)) err(`${where}/check/struct`, `unknown layout ${check.struct}`);
  }
  if ('forEach' in node) {
    const each = node.forEach as { check: string; struct: string };
    checkRef(each.check, `${where}/forEach/check`);
    if (!registry.has(each.struct)) err(`${where}/forEach/struct`, `unknown layout ${each.struct}`);
  }
  const user = node.userField as { struct: string; field: string } | undefined;
  if (user && typeof user === 'object') {
    if (!registry.has(user.struct)) err(`${where}/userField/struct`, `unknown layout ${user.struct}`);
    else fieldOf(user.struct, user.field, `${where}/userField/field`);
  }
  for (const kind of ['array', 'struct'] as const) {
    const item = node[kind] as { struct?: string; name?: string; fields?: Record<string, unknown> } | undefined;
    if (!item || typeof item !== 'object') continue;
    const struct = item.struct ?? item.name;
    if (struct && !registry.has(struct)) err(`${where}/${kind}`, `unknown layout ${struct}`);
    for (const fieldPath of Object.keys(item.fields ?? {})) fieldOf(struct, fieldPath, `${where}/${kind}/fields`);
  }
  if (typeof node.query === 'string' && !vocabulary.queries.has(node.query)) err(`${where}/query`, `unknown query ${node.query} in profile ${table.profile}`);
  if (typeof node.effect === 'string' && !vocabulary.effects.has(node.effect)) err(`${where}/effect`, `unknown effect ${node.effect} in profile ${table.profile}`);
}

function checkCoverage(spec: Spec, errors: SpecError[]): void {
  const encoded = new Set<string>();
  for (const { doc } of spec.tables.values()) for (const row of doc.rows) for (const ref of row.requirements) encoded.add(parseRequirementRef(ref).id);
  for (const { file, doc } of spec.requirements.values()) {
    if (!encoded.has(doc.id) && !doc.checkedBy) errors.push(new SpecError(file, '', `${doc.id} is encoded by no rule row and names no other check (checkedBy)`));
  }
}
