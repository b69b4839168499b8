import type { ErrorObject, ValidateFunction } from 'ajv';
import * as validators from './generated/validators.js';
import { validatorName } from './schema-registry.ts';
import { SpecError } from './spec-error.ts';

/** The validator of schemas/<name>.schema.json, or of one of its definitions (compiled by npm run gen:types). */
export function validatorFor(schema: string, definition?: string): ValidateFunction {
  const validate = (validators as Record<string, ValidateFunction>)[validatorName(schema, definition)];
  if (!validate) throw new Error(`no validator for ${schema}${definition ? '#/$defs/' + definition : ''}: add it to src/spec/schema-registry.ts and run npm run gen:types`);
  return validate;
}

/** Validates a value against one definition ($defs/<name>) of a schema; returns the problems as text. */
export function validateDefinition(schema: string, definition: string, value: unknown): string[] {
  const validate = validatorFor(schema, definition);
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
