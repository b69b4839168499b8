import { readFileSync } from 'node:fs';
import type { Report } from '../spec/generated/report.ts';
import { loadCheckedSpec } from '../spec/checked-spec.ts';
import { validateDocument } from '../spec/schemas.ts';
import { SpecErrors, type SpecError } from '../spec/spec-error.ts';
import { mergeReports } from '../report/merge.ts';
import { writeReports } from '../report/write.ts';
import { UsageError } from './usage-error.ts';

export async function reportMergeCommand(files: string[], options: { out: string }): Promise<void> {
  const { spec } = loadCheckedSpec();
  const problems: SpecError[] = [];
  const reports = files.map((file) => {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new UsageError(`${file}: ${(e as Error).message}`);
    }
    problems.push(...validateDocument('report', doc, file));
    return doc as Report;
  });
  if (problems.length) throw new SpecErrors(problems);
  const { report, warnings } = mergeReports(spec, reports);
  for (const w of warnings) console.log(`warning: ${w}`);
  const written = await writeReports(options.out, report);
  console.log(`merged ${files.length} reports (${report.runs.length} runs): ${written.join(', ')}`);
}
