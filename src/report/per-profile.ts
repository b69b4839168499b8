import type { Report, Run } from '../spec/generated/report.ts';

export interface ProfileVerdict {
  requirement: Report['requirements'][number];
  profile: string;
  verdict: 'pass' | 'fail' | 'warn' | 'skip' | 'xfail' | 'broken';
  cases: number;
  failedCases: string[];
  note?: string;
}

/**
 * The verdict of each requirement in each profile of a run: JUnit and TAP report one test per
 * requirement and profile, so an auditor sees, say, SIZE-003 passing for iommufd and failing for vfio-nesting.
 */
export function perProfileVerdicts(report: Report, run: Run): ProfileVerdict[] {
  const out: ProfileVerdict[] = [];
  const verdictOf = new Map(run.verdicts.map((v) => [v.id, v]));
  for (const requirement of report.requirements) {
    const overall = verdictOf.get(requirement.id);
    if (!overall) continue;
    for (const profile of requirement.profiles.filter((p) => run.profiles.includes(p))) {
      const cases = run.cases.filter((c) => c.profile === profile && c.requirements.includes(requirement.id));
      const failedCases = cases.filter((c) => c.status === 'fail' && c.failed.includes(requirement.id)).map((c) => c.id);
      const xfailed = cases.some((c) => c.status === 'xfail' && c.failed.includes(requirement.id));
      const must = requirement.level === 'MUST';
      let verdict: ProfileVerdict['verdict'];
      if (failedCases.length) verdict = overall.verdict === 'xfail' ? 'xfail' : must ? 'fail' : 'warn';
      else if (xfailed) verdict = 'xfail';
      else if (cases.some((c) => c.status === 'pass' || c.status === 'xpass')) verdict = 'pass';
      else if (overall.note && overall.verdict === 'pass') verdict = 'pass';
      else if (overall.verdict === 'broken') verdict = 'broken';
      else verdict = 'skip';
      out.push({ requirement, profile, verdict, cases: cases.length, failedCases, ...(overall.note ? { note: overall.note } : {}) });
    }
  }
  return out;
}
