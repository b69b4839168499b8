import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CaseTemplate } from '../spec/generated/case-template.ts';
import type { Profile } from '../spec/generated/requirement.ts';
import type { Scenarios } from '../spec/generated/scenarios.ts';
import { casesDir, projectRoot } from '../spec/paths.ts';
import { validateDocument } from '../spec/schemas.ts';
import { SpecError, SpecErrors } from '../spec/spec-error.ts';
import type { CaseSources } from './generate.ts';

/** Loads and validates test/conformance/cases/<profile>/{scenarios.json, <operation>.json}. */
export function loadCaseSources(dir: string = casesDir): CaseSources {
  const errors: SpecError[] = [];
  const scenarios = new Map<Profile, Scenarios>();
  const templates: CaseSources['templates'] = [];
  const read = (full: string, schema: string): unknown => {
    const file = path.relative(projectRoot, full);
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(full, 'utf8'));
    } catch (e) {
      errors.push(new SpecError(file, '', `not valid JSON: ${(e as Error).message}`));
      return undefined;
    }
    const problems = validateDocument(schema, doc, file);
    errors.push(...problems);
    return problems.length ? undefined : doc;
  };
  for (const profile of existsSync(dir) ? readdirSync(dir).sort() : []) {
    const folder = path.join(dir, profile);
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
      const full = path.join(folder, file);
      if (file === 'scenarios.json') {
        const doc = read(full, 'scenarios') as Scenarios | undefined;
        if (doc) scenarios.set(doc.profile, doc);
      } else {
        const doc = read(full, 'case-template') as CaseTemplate | undefined;
        // The file name names the template: case ids start with it, so two templates of one operation never clash.
        if (doc) templates.push({ ...doc, name: `${profile}.${file.replace(/\.json$/, '')}` });
      }
    }
  }
  if (errors.length) throw new SpecErrors(errors);
  return { scenarios, templates };
}
