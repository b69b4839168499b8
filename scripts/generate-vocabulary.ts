// Regenerates the vocabulary section of spec/README.md (between its vocabulary markers) from the query and
// effect definitions in src/spec/vocabulary/. `--check` fails when the section is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/spec/paths.ts';
import type { ArgKind } from '../src/spec/vocabulary/define.ts';
import { vocabularies } from '../src/spec/vocabulary/index.ts';

export const README = path.join(projectRoot, 'spec', 'README.md');
const BEGIN = '<!-- vocabulary:begin -->';
const END = '<!-- vocabulary:end -->';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const signature = (args: Record<string, ArgKind>) =>
  Object.entries(args)
    .map(([name, kind]) => (kind === 'expression' ? name : kind === 'literal' ? `${name}: "…"` : `${name}: ["…"]`))
    .join(', ');

/** The generated section: per profile, a table of its queries and one of its effects. */
export function vocabularySection(): string {
  const out: string[] = [];
  for (const [profile, vocabulary] of Object.entries(vocabularies)) {
    out.push(`#### ${profile}`, '', '| query | arguments | value | meaning |', '|---|---|---|---|');
    for (const q of Object.values(vocabulary.queries).sort((a, b) => a.name.localeCompare(b.name))) {
      out.push(`| \`${q.name}\` | ${signature(q.args)} | ${q.returns} | ${cell(q.doc)} |`);
    }
    out.push('', '| effect | arguments | what it does |', '|---|---|---|');
    for (const e of Object.values(vocabulary.effects).sort((a, b) => a.name.localeCompare(b.name))) {
      out.push(`| \`${e.name}\` | ${signature(e.args)} | ${cell(e.doc)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** spec/README.md with the section replaced. */
export function readmeWithVocabulary(readme: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`spec/README.md has no ${BEGIN} … ${END} section`);
  return `${readme.slice(0, start + BEGIN.length)}\n${vocabularySection()}${readme.slice(end)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const current = readFileSync(README, 'utf8');
  const wanted = readmeWithVocabulary(current);
  if (process.argv.includes('--check')) {
    if (current !== wanted) {
      console.error('stale: the vocabulary section of spec/README.md (run npm run gen:vocabulary)');
      process.exit(1);
    }
  } else writeFileSync(README, wanted);
}
