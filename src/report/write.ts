import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../spec/generated/report.ts';
import { junitXml } from './junit.ts';
import { tapReport } from './tap.ts';

/** The four files a run leaves behind, for people (HTML), CI (JUnit, TAP) and tools (JSON). */
export async function writeReports(dir: string, report: Report): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const { htmlReport } = await import('./html.ts');
  const files: [string, string][] = [
    ['report.json', JSON.stringify(report, null, 1) + '\n'],
    ['junit.xml', junitXml(report)],
    ['report.tap', tapReport(report)],
    ['report.html', htmlReport(report)],
  ];
  for (const [name, text] of files) writeFileSync(path.join(dir, name), text);
  return files.map(([name]) => path.join(dir, name));
}
