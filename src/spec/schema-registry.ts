import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { schemasDir } from './paths.ts';

/**
 * The ajv instance that compiles schemas/ (strict mode, every error), with its code kept so that
 * scripts/generate-types.ts can write the validators out ahead of time. Only the generator loads it:
 * at run time the suite uses src/spec/generated/validators.js.
 */
export function compiledRegistry(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, code: { source: true, esm: true } });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  for (const file of readdirSync(schemasDir).filter((f) => f.endsWith('.schema.json')).sort()) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(schemasDir, file), 'utf8')));
  }
  return ajv;
}

/** Definitions ($defs) validated on their own: the messages of the exec protocol, by direction. */
export const DEFINITIONS: [schema: string, definition: string][] = [
  ['adapter-protocol', 'request'],
  ['adapter-protocol', 'description'],
  ['adapter-protocol', 'callResult'],
];

/** The export name of a schema's (or one of its definitions') validator. */
export function validatorName(schema: string, definition?: string): string {
  return (definition ? `${schema}_${definition}` : schema).replace(/-/g, '_');
}
