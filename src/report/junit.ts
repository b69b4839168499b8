import { create } from 'xmlbuilder2';
import type { Report } from '../spec/generated/report.ts';
import { perProfileVerdicts } from './per-profile.ts';

/** JUnit XML: one testsuite per adapter, one testcase per requirement and profile. */
export function junitXml(report: Report): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', { name: 'iommu-uapi-conformance' });
  for (const run of report.runs) {
    const verdicts = perProfileVerdicts(report, run);
    const count = (...vs: string[]) => String(verdicts.filter((v) => vs.includes(v.verdict)).length);
    const suite = root.ele('testsuite', {
      name: run.adapter,
      tests: String(verdicts.length),
      failures: count('fail'),
      errors: count('broken'),
      skipped: count('skip', 'xfail'),
      time: (run.ms / 1000).toFixed(3),
      timestamp: run.started,
    });
    suite.ele('properties').ele('property', { name: 'seed', value: String(run.seed) }).up().ele('property', { name: 'spec-digest', value: report.spec.digest });
    for (const v of verdicts) {
      const area = v.requirement.id.split('-')[0]!;
      const tc = suite.ele('testcase', { name: `${v.requirement.id} ${v.requirement.title} [${v.profile}]`, classname: `${v.profile}.${area}` });
      const detail = `${v.requirement.level}: ${v.requirement.statement}\ncases: ${v.cases}${v.failedCases.length ? `\nfailed: ${v.failedCases.slice(0, 20).join('\n        ')}` : ''}`;
      if (v.verdict === 'fail') tc.ele('failure', { message: `${v.requirement.id} broken in ${v.failedCases.length} of ${v.cases} cases`, type: v.requirement.level }).txt(detail);
      else if (v.verdict === 'broken') tc.ele('error', { message: 'the adapter broke before this requirement was checked' });
      else if (v.verdict === 'skip') tc.ele('skipped', { message: 'no case of this profile checked it (profile or operation not supported)' });
      else if (v.verdict === 'xfail') tc.ele('skipped', { message: 'expected failure' });
      else if (v.verdict === 'warn') tc.ele('system-out').txt(`WARNING (SHOULD not met)\n${detail}`);
      else if (v.note) tc.ele('system-out').txt(v.note);
    }
  }
  return root.end({ prettyPrint: true });
}
