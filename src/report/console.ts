import type { Requirement } from '../spec/generated/requirement.ts';
import type { CaseResult } from '../suite/execute.ts';
import type { RunResult } from '../suite/run.ts';
import type { Verdict } from '../suite/verdicts.ts';

const AREAS = ['SIZE', 'LAYOUT', 'VALID', 'NEST', 'FAULT', 'GROW'];
const SHOWN: Verdict[] = ['pass', 'fail', 'warn', 'skip', 'untested'];
/** Shown only when some requirement has them (a run with an expected-failures list, a broken adapter). */
const OPTIONAL: Verdict[] = ['xfail', 'xpass', 'broken'];

/** The command that runs one case again, alone, against the same adapter. */
export function replayCommand(adapter: string, seed: number, caseId: string): string {
  return `npx iommu-conformance run --adapter '${adapter}' --seed ${seed} --case '${caseId}'`;
}

function describeFailure(r: CaseResult): string[] {
  const lines = [`    case ${r.id}`];
  if (r.decidedBy) lines.push(`      rule: ${r.decidedBy.table} row ${r.decidedBy.row}`);
  if (r.expected.length) lines.push(`      expected: ${[...new Set(r.expected)].join(' or ')}; got: ${r.actual ?? '?'}`);
  for (const p of r.problems) lines.push(`      ${p.aspect}: ${p.message}`);
  if (r.input) {
    const args = Object.entries(r.input.args).map(([k, v]) => `${k}=${v}`).join(' ');
    lines.push(`      input: ${r.input.op}${r.input.struct ? ` struct ${r.input.struct}` : ''}${args ? ` args ${args}` : ''}`);
    for (const f of r.input.fields) lines.push(`        +${String(f.offset).padStart(3)} ${f.path.padEnd(22)} ${f.hex}`);
  }
  return lines;
}

/** The compact summary printed after a run: counts per area and level, then every failure with how to replay it. */
export function consoleSummary(run: RunResult, requirements: Map<string, Requirement>, adapterSpec: string): string {
  const out: string[] = [];
  const cases = run.results;
  const count = (s: CaseResult['status']) => cases.filter((c) => c.status === s).length;
  const expected = count('xfail') + count('xpass') ? `, ${count('xfail')} failed as expected, ${count('xpass')} passed unexpectedly` : '';
  out.push(`adapter ${run.adapter.name}: ${cases.length} cases (${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped${expected}) in ${(run.ms / 1000).toFixed(1)} s, seed ${run.seed}`);
  out.push('');
  const shown = [...SHOWN, ...OPTIONAL.filter((s) => run.verdicts.some((v) => v.verdict === s))];
  out.push(`${'area'.padEnd(8)}${'level'.padEnd(8)}${shown.map((v) => v.padStart(9)).join('')}`);
  for (const area of AREAS) {
    for (const level of ['MUST', 'SHOULD', 'MAY'] as const) {
      const vs = run.verdicts.filter((v) => v.id.startsWith(area + '-') && v.level === level);
      if (!vs.length) continue;
      out.push(`${area.padEnd(8)}${level.padEnd(8)}${shown.map((s) => String(vs.filter((v) => v.verdict === s).length).padStart(9)).join('')}`);
    }
  }
  const byId = new Map(cases.map((c) => [c.id, c]));
  for (const v of run.verdicts.filter((v) => v.verdict === 'xpass')) {
    out.push('', `XPASS ${v.id}: the expected-failures list says it fails, and it passed; prune the list`);
  }
  const bad = run.verdicts.filter((v) => v.verdict === 'fail' || v.verdict === 'warn' || v.verdict === 'untested');
  for (const v of bad) {
    const req = requirements.get(v.id);
    out.push('');
    out.push(`${v.verdict.toUpperCase()} ${v.id} (${v.level}${v.critical ? ', critical' : ''}) ${req?.title ?? ''}`);
    if (req) out.push(`  ${req.statement}`);
    if (v.verdict === 'untested') {
      out.push('  no case reached a row encoding it');
      continue;
    }
    out.push(`  ${v.failedCases.length} of ${v.cases} cases failed; first ones:`);
    for (const id of v.failedCases.slice(0, 3)) {
      const r = byId.get(id);
      if (r) out.push(...describeFailure(r));
      out.push(`      replay: ${replayCommand(adapterSpec, run.seed, id)}`);
    }
  }
  if (run.broken) {
    out.push('');
    out.push(`ADAPTER BROKEN at case ${run.broken.caseId}: ${run.broken.message}`);
    if (run.broken.stderrTail) out.push(`  its stderr ended with:\n${run.broken.stderrTail.replace(/^/gm, '    ')}`);
    out.push(
      run.results.length
        ? `  the run stopped there; the ${run.results.length - 1} cases before it are reported above`
        : '  it broke before the first case: nothing was checked',
    );
  }
  const musts = run.verdicts.filter((v) => v.verdict === 'fail').length;
  const warns = run.verdicts.filter((v) => v.verdict === 'warn').length;
  out.push('');
  if (musts) out.push(`NOT CONFORMANT: ${musts} MUST requirement${musts > 1 ? 's' : ''} broken`);
  else if (run.broken) out.push('NOT CERTIFIED: the adapter broke before the run finished');
  else out.push(`CONFORMANT${warns ? ` with ${warns} SHOULD warning${warns > 1 ? 's' : ''}` : ''}`);
  return out.join('\n');
}
