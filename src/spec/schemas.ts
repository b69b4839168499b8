import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { schemasDir } from './paths.ts';
import { SpecError } from './spec-error.ts';

const BASE = 'https://iommu-uapi-conformance.dev/schemas/';

let ajv: Ajv2020 | undefined;

/** One strict ajv instance holding every schema in schemas/, so cross-file $refs resolve. */
export function schemaRegistry(): Ajv2020 {
  if (ajv) return ajv;
  ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  for (const file of readdirSync(schemasDir).filter((f) => f.endsWith('.schema.json')).sort()) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(schemasDir, file), 'utf8')));
  }
  return ajv;
}

/** The validator of schemas/<name>.schema.json. */
export function validatorFor(name: string): ValidateFunction {
  const validate = schemaRegistry().getSchema(BASE + name + '.schema.json');
  if (!validate) throw new Error(`no schema named ${name} in ${schemasDir}`);
  return validate;
}

/** Validates a value against one definition ($defs/<name>) of a schema; returns the problems as text. */
export function validateDefinition(schema: string, definition: string, value: unknown): string[] {
  const validate = schemaRegistry().getSchema(`${BASE}${schema}.schema.json#/$defs/${definition}`);
  if (!validate) throw new Error(`no definition ${definition} in ${schema}`);
  if (validate(value)) return [];
  return condense(validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${describe(e)}`);
}

/** Validates a document, returning one SpecError per violation (empty when valid). */
export function validateDocument(schema: string, document: unknown, file: string): SpecError[] {
  const validate = validatorFor(schema);
  if (validate(document)) return [];
  return condense(validate.errors ?? []).map((e) => new SpecError(file, e.instancePath, describe(e)));
}

function describe(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return `unknown property "${String(e.params.additionalProperty)}"`;
  if (e.keyword === 'enum') return `${e.message}: ${JSON.stringify(e.params.allowedValues)}`;
  return e.message ?? e.keyword;
}

// anyOf/oneOf failures repeat every branch's complaint. Keep the errors that name the real fault: an
// unknown property if there is one, else the deepest specific errors, without the "must match a schema" noise.
function condense(errors: ErrorObject[]): ErrorObject[] {
  const unknown = errors.filter((e) => e.keyword === 'additionalProperties');
  const pool = unknown.length > 0 ? unknown : errors;
  const deepest = pool.filter((e) => !pool.some((o) => o !== e && o.instancePath.startsWith(e.instancePath + '/')));
  const specific = deepest.filter((e) => !['anyOf', 'oneOf', 'type', 'required', 'const'].includes(e.keyword));
  const chosen = specific.length > 0 ? specific : deepest;
  const seen = new Set<string>();
  return chosen.filter((e) => {
    const key = e.instancePath + '|' + describe(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
