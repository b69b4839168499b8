import type { Report } from '../spec/generated/report.ts';
import { perProfileVerdicts } from './per-profile.ts';

const yaml = (s: string) => JSON.stringify(s);

/** TAP 13, in the shape kernel selftests print: one test point per requirement and profile, per adapter. */
export function tapReport(report: Report): string {
  const lines = ['TAP version 13'];
  const points = report.runs.flatMap((run) => perProfileVerdicts(report, run).map((v) => ({ run, v })));
  lines.push(`1..${points.length}`);
  points.forEach(({ run, v }, i) => {
    const name = `${v.requirement.id} ${v.profile} (${run.adapter})`;
    const n = i + 1;
    switch (v.verdict) {
      case 'pass':
        lines.push(`ok ${n} ${name}`);
        break;
      case 'warn':
        lines.push(`ok ${n} ${name}`, `# WARNING: SHOULD not met in ${v.failedCases.length} of ${v.cases} cases`);
        break;
      case 'skip':
        lines.push(`ok ${n} ${name} # SKIP not checked in this profile`);
        break;
      case 'xfail':
        lines.push(`not ok ${n} ${name} # TODO expected failure`);
        break;
      default:
        lines.push(`not ok ${n} ${name}`);
        lines.push('  ---');
        lines.push(`  message: ${yaml(v.verdict === 'broken' ? 'the adapter broke before this requirement was checked' : `${v.requirement.level} broken in ${v.failedCases.length} of ${v.cases} cases`)}`);
        lines.push(`  severity: ${v.verdict === 'broken' ? 'error' : 'fail'}`);
        lines.push(`  statement: ${yaml(v.requirement.statement)}`);
        if (v.failedCases.length) lines.push('  cases:', ...v.failedCases.slice(0, 20).map((c) => `    - ${yaml(c)}`));
        lines.push('  ...');
    }
  });
  const failed = points.filter((p) => p.v.verdict === 'fail' || p.v.verdict === 'broken').length;
  lines.push(`# ${points.length - failed} passed or skipped, ${failed} failed`);
  return lines.join('\n') + '\n';
}
