import { isDeepStrictEqual } from 'node:util';
import { isUnsupported, type Adapter } from '../adapters/adapter.ts';
import type { CallResult } from '../adapters/call.ts';
import { annotateBytes } from '../layout/codec.ts';
import type { Spec } from '../spec/load.ts';
import type { Oracle } from '../spec/oracle/oracle.ts';
import type { Problem } from '../spec/oracle/oracle.ts';
import type { RowRef } from '../spec/oracle/table.ts';
import type { Target } from '../spec/oracle/frame.ts';
import { OracleError } from '../spec/oracle/values.ts';
import { parseRequirementRef } from '../spec/cross-check.ts';
import type { Case, StepPlan } from './case.ts';
import { bindResults, realizeStep, UnboundName, type RealizedStep } from './realize.ts';

export type CaseStatus = 'pass' | 'fail' | 'skip' | 'broken' | 'xfail' | 'xpass';

/** Everything a report needs to show about one case. */
export interface CaseResult {
  id: string;
  profile: string;
  operation: string;
  status: CaseStatus;
  /** Requirements the case checked: those of the deciding row, and the case's tags. */
  requirements: string[];
  /** Requirements it found broken (a subset, or a requirement the failure points at, such as SIZE-008). */
  failed: string[];
  problems: (Problem | { aspect: 'state' | 'setup' | 'adapter'; message: string })[];
  expected: string[];
  actual?: string;
  decidedBy?: RowRef;
  rowsReached: RowRef[];
  /** The bytes of the call under test, field by field. */
  input?: { op: string; struct?: string; fields: { path: string; offset: number; size: number; hex: string }[]; args: Record<string, string> };
  reason?: string;
  /** What the implementation answered at each step, setup included: an errno name, or "ok". */
  answers?: string[];
  ms: number;
}

function rowRequirements(spec: Spec, ref: RowRef | undefined): string[] {
  if (!ref) return [];
  const row = spec.tables.get(ref.table)?.doc.rows.find((r) => r.id === ref.row);
  return (row?.requirements ?? []).map((r) => parseRequirementRef(r).id);
}

/** The requirements (of a deciding row) are all SHOULD or MAY. */
function onlyRecommended(spec: Spec, requirements: string[]): boolean {
  return requirements.length > 0 && requirements.every((id) => spec.requirements.get(id)?.doc.level !== 'MUST');
}

function describeInput(spec: Spec, step: RealizedStep): CaseResult['input'] {
  const args = Object.fromEntries(Object.entries(step.call.args).map(([k, v]) => [k, '0x' + v.toString(16)]));
  if (!step.struct) return { op: step.call.op, fields: [], args };
  const seg = step.call.memory.find((s) => s.addr === step.struct!.addr);
  const bytes = seg ? seg.bytes : new Uint8Array();
  return { op: step.call.op, struct: step.struct.name, fields: annotateBytes(spec.registry, step.struct.name, bytes, step.struct.version), args };
}

/** Runs one case: reset, the setup calls, the call under test, each judged by the oracle; then the state. */
export async function executeCase(spec: Spec, oracle: Oracle, adapter: Adapter, target: Target, c: Case, observe: boolean): Promise<CaseResult> {
  const started = performance.now();
  const base = { id: c.id, profile: c.profile, operation: c.operation, rowsReached: [] as RowRef[], expected: [] as string[] };
  const answers: string[] = [];
  const finish = (r: Omit<CaseResult, 'id' | 'profile' | 'operation' | 'ms' | 'expected' | 'rowsReached'> & Partial<Pick<CaseResult, 'expected' | 'rowsReached'>>): CaseResult => ({
    ...base,
    ...r,
    answers,
    ms: performance.now() - started,
  });
  await adapter.reset(c.profile, c.config);
  const session = oracle.session(c.profile, c.config, target);
  const bindings = new Map<string, bigint>();
  const steps: StepPlan[] = [...c.setup, c.step];
  let last: { realized: RealizedStep; decidedBy: RowRef; result: CallResult } | undefined;
  for (let i = 0; i < steps.length; i++) {
    const plan = steps[i]!;
    const isTest = i === steps.length - 1;
    let realized: RealizedStep;
    try {
      realized = realizeStep(plan, spec.tables.get(plan.op)?.doc.struct, spec.registry, bindings);
    } catch (e) {
      if (e instanceof UnboundName) return finish({ status: 'fail', requirements: [], failed: [], problems: [{ aspect: 'setup', message: `setup step ${plan.op}: ${e.message}` }], rowsReached: [], expected: [] });
      throw e;
    }
    const expectation = session.expect(realized.call);
    const answer = await adapter.call(realized.call);
    if (isUnsupported(answer)) {
      return finish({ status: 'skip', requirements: [], failed: [], problems: [], reason: `${plan.op} is not supported${answer.reason ? `: ${answer.reason}` : ''}`, rowsReached: [], expected: [] });
    }
    answers.push(answer.errno ?? 'ok');
    const judgement = session.judge(expectation, answer);
    const reqs = rowRequirements(spec, judgement.decidedBy);
    const actual = answer.errno ?? `success${answer.ret !== undefined ? ` (returned ${answer.ret})` : ''}`;
    if (!judgement.conformant) {
      // Stray writes break SIZE-008 alone; any other difference breaks the requirements of the deciding row.
      const failed = new Set(judgement.problems.some((p) => p.aspect !== 'memory') ? reqs : []);
      if (judgement.problems.some((p) => p.aspect === 'memory')) failed.add('SIZE-008');
      // An EFAULT the rules did not expect means the implementation touched memory it was not given; unless
      // the deciding row is only a recommendation (SHOULD): an implementation that skips it goes on to the
      // later checks, which may well follow a bad user pointer in the struct (Linux 6.12 and __reserved2).
      if (answer.errno === 'EFAULT' && !judgement.expected.some((e) => e.includes('EFAULT')) && !onlyRecommended(spec, reqs)) failed.add('SIZE-002');
      const where = isTest ? [] : [{ aspect: 'setup' as const, message: `in setup step ${i + 1} (${plan.op}), which the implementation got wrong` }];
      return finish({
        status: 'fail',
        requirements: [...new Set([...reqs, ...(isTest ? c.tags : []), ...failed])],
        failed: [...failed],
        problems: [...where, ...judgement.problems],
        expected: judgement.expected,
        actual,
        decidedBy: judgement.decidedBy,
        rowsReached: judgement.rowsReached,
        input: describeInput(spec, realized),
      });
    }
    if (!isTest && answer.errno && plan.bind && Object.keys(plan.bind).length) {
      // The rules themselves say this setup step fails here (a scenario that needs a later version of a
      // struct than the implementation knows): the case cannot be built, so it does not apply.
      return finish({ status: 'skip', requirements: [], failed: [], problems: [], reason: `setup step ${i + 1} (${plan.op}) fails with ${answer.errno}, as the rules expect for this implementation` });
    }
    try {
      bindResults(plan, realized, answer, spec.registry, bindings);
    } catch (e) {
      if (!(e instanceof UnboundName)) throw e;
      return finish({ status: 'fail', requirements: reqs, failed: reqs, problems: [{ aspect: 'setup', message: `${plan.op}: ${e.message}` }], rowsReached: judgement.rowsReached, expected: judgement.expected });
    }
    if (isTest) {
      base.rowsReached = judgement.rowsReached;
      base.expected = judgement.expected;
      last = { realized, decidedBy: judgement.decidedBy, result: answer };
    }
  }
  const { realized, decidedBy, result } = last!;
  const reqs = rowRequirements(spec, decidedBy);
  const requirements = [...new Set([...reqs, ...c.tags, 'SIZE-008'])];
  const common = { requirements, decidedBy, actual: result.errno ?? 'success' };
  const withInput = () => ({ ...common, input: describeInput(spec, realized) });
  if (observe) {
    const seen = await adapter.observe();
    if (!isUnsupported(seen)) {
      const want = session.snapshot();
      if (!isDeepStrictEqual(seen, want)) {
        return finish({ ...withInput(), status: 'fail', failed: reqs, problems: [{ aspect: 'state', message: `object state ${JSON.stringify(seen)}, expected ${JSON.stringify(want)}` }] });
      }
    }
  }
  return finish({ ...common, status: 'pass', failed: [], problems: [] });
}

/** Runs a case, turning an oracle error (a bug in the spec) into a thrown error with the case id. */
export async function executeCaseSafely(...args: Parameters<typeof executeCase>): Promise<CaseResult> {
  try {
    return await executeCase(...args);
  } catch (e) {
    if (e instanceof OracleError) throw new OracleError(`case ${args[4].id}: ${e.message}`);
    throw e;
  }
}
