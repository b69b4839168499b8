import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README, readmeWithVocabulary } from '../../../scripts/generate-vocabulary.ts';

describe('the vocabulary section of spec/README.md', () => {
  it('lists every query and effect as the definitions say (run npm run gen:vocabulary after changing one)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme).toBe(readmeWithVocabulary(readme));
  });
});
