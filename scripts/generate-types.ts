// Regenerates src/spec/generated/*.ts from schemas/*.schema.json. `--check` fails when they are stale.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { projectRoot, schemasDir } from '../src/spec/paths.ts';

const BASE = 'https://iommu-uapi-conformance.dev/schemas/';
const outDir = path.join(projectRoot, 'src', 'spec', 'generated');

/** Serves the schemas' absolute $ids from the schemas folder, so generation never touches the network. */
const localResolver = {
  order: 1,
  canRead: (file: { url: string }) => file.url.startsWith(BASE),
  read: (file: { url: string }) => readFileSync(path.join(schemasDir, file.url.slice(BASE.length).split('#')[0]!), 'utf8'),
};

export async function generatedTypes(): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const file of readdirSync(schemasDir).filter((f) => f.endsWith('.schema.json')).sort()) {
    const schema = JSON.parse(readFileSync(path.join(schemasDir, file), 'utf8')) as JSONSchema;
    const ts = await compile(schema, schema.title ?? file, {
      bannerComment: `/* Generated from schemas/${file} by scripts/generate-types.ts. Do not edit; run npm run gen:types. */`,
      cwd: schemasDir,
      additionalProperties: false,
      unreachableDefinitions: false,
      $refOptions: { resolve: { http: localResolver, https: localResolver } as never },
      style: { singleQuote: true, printWidth: 120 },
    });
    result.set(file.replace('.schema.json', '.ts'), ts);
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [name, ts] of await generatedTypes()) {
    const target = path.join(outDir, name);
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      /* missing counts as stale */
    }
    if (current === ts) continue;
    stale++;
    if (check) console.error(`stale: src/spec/generated/${name}`);
    else writeFileSync(target, ts);
  }
  if (check && stale) process.exit(1);
  if (!check) console.log('types written to src/spec/generated/');
}
