// The mutation-testing baseline kept in git, so that `npm run mutation` in a fresh clone is incremental.
//
// Stryker's own incremental file records, for every mutant, every test that covers it: 190 MB for this
// suite, where most mutants are covered by thousands of generated cases. The baseline keeps everything
// else (sources, tests, each mutant's status and the tests that killed it), gzipped. Stryker reuses a
// killed mutant while a test that killed it is unchanged; a surviving one is run again (its covering
// tests look new), which is what a baseline should do for the mutants still worth a look.
//
//   tsx scripts/mutation-baseline.ts restore   unpack it to Stryker's incremental file, unless one exists
//   tsx scripts/mutation-baseline.ts save      pack Stryker's incremental file after a run
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const ROOT = path.resolve(import.meta.dirname, '..');
const BASELINE = path.join(ROOT, 'mutation/baseline.json.gz');
const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'stryker.config.json'), 'utf8')) as { incrementalFile: string };
const INCREMENTAL = path.join(ROOT, config.incrementalFile);

interface Report {
  files: Record<string, { mutants: { coveredBy?: string[] }[] }>;
}

const command = process.argv[2];
if (command === 'restore') {
  if (fs.existsSync(INCREMENTAL)) {
    console.log(`mutation baseline: using the incremental file of the last local run (${path.relative(ROOT, INCREMENTAL)})`);
  } else if (fs.existsSync(BASELINE)) {
    fs.writeFileSync(INCREMENTAL, zlib.gunzipSync(fs.readFileSync(BASELINE)));
    console.log(`mutation baseline: ${path.relative(ROOT, BASELINE)} unpacked; surviving mutants are run again`);
  }
} else if (command === 'save') {
  const report = JSON.parse(fs.readFileSync(INCREMENTAL, 'utf8')) as Report;
  for (const file of Object.values(report.files)) for (const m of file.mutants) delete m.coveredBy;
  fs.writeFileSync(BASELINE, zlib.gzipSync(JSON.stringify(report), { level: 9 }));
  console.log(`mutation baseline: ${path.relative(ROOT, BASELINE)} written (${fs.statSync(BASELINE).size} bytes)`);
} else {
  console.error('usage: tsx scripts/mutation-baseline.ts restore|save');
  process.exit(2);
}
