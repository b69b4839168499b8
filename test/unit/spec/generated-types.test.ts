import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedTypes } from '../../../scripts/generate-types.ts';
import { projectRoot } from '../../../src/spec/paths.ts';

describe('types generated from the schemas', () => {
  it('are up to date (run npm run gen:types after changing a schema)', async () => {
    for (const [name, ts] of await generatedTypes()) {
      const committed = readFileSync(path.join(projectRoot, 'src', 'spec', 'generated', name), 'utf8');
      expect(committed, `src/spec/generated/${name} is stale`).toBe(ts);
    }
  });
});
