import type { Call, CallResult, ProfileConfig, Segment } from '../../adapters/call.ts';
import type { Profile } from '../generated/requirement.ts';
import type { Spec } from '../load.ts';
import type { ProfileVocabulary } from '../vocabulary/define.ts';
import { Frame, type Run, type Target } from './frame.ts';
import { TableCompiler, type Branch, type RowRef } from './table.ts';
import { UserMemoryView } from './user-memory.ts';
import type { Region } from './writeback.ts';

/** One way the implementation's answer differs from what the rules allow. */
export interface Problem {
  aspect: 'outcome' | 'ret' | 'out' | 'writeback' | 'memory';
  message: string;
}

/** The oracle's verdict on one call. */
export interface Judgement {
  conformant: boolean;
  problems: Problem[];
  /** The outcomes the rules allow, for messages ("EINVAL", "E2BIG or EFAULT", "success"). */
  expected: string[];
  /** The branch the implementation's answer was matched against (the one it took, or the first allowed). */
  decidedBy: RowRef;
  /** Every row reached while evaluating the call, over all allowed outcomes (for coverage). */
  rowsReached: RowRef[];
}

export function describeBranch(b: Branch): string {
  return b.kind === 'ok' ? 'success' : b.errnos.join(' or ');
}

/** Compares the memory before and after a call: every changed byte must lie in an allowed region. */
function strayWrites(before: Segment[], after: Segment[], allowed: Region[]): string[] {
  // Stryker disable next-line StringLiteral: diagnostic text only
  if (before.length !== after.length) return ['the implementation returned a different set of memory segments'];
  const problems: string[] = [];
  before.forEach((seg, i) => {
    const post = after[i]!;
    if (post.addr !== seg.addr || post.bytes.length !== seg.bytes.length) {
      // Stryker disable next-line StringLiteral: diagnostic text only
      problems.push(`segment at 0x${seg.addr.toString(16)} came back moved or resized`);
      return;
    }
    // Most calls write little or nothing: compare whole segments natively first.
    if (Buffer.from(seg.bytes.buffer, seg.bytes.byteOffset, seg.bytes.length).equals(Buffer.from(post.bytes.buffer, post.bytes.byteOffset, post.bytes.length))) return;
    const stray: string[] = [];
    for (let j = 0; j < seg.bytes.length; j++) {
      if (seg.bytes[j] === post.bytes[j]) continue;
      const address = seg.addr + BigInt(j);
      if (allowed.some((r) => address >= r.address && address < r.address + r.length)) continue;
      // Stryker disable next-line StringLiteral: diagnostic text only
      stray.push(`wrote 0x${post.bytes[j]!.toString(16)} at 0x${address.toString(16)}, outside what the operation may write`);
    }
    // The first four stray bytes are named, the others counted: the verdict only needs one.
    // Stryker disable next-line MethodExpression: naming every stray byte is the same verdict
    problems.push(...stray.slice(0, 4));
    // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral,ArithmeticOperator: (false, >=) the count line only follows four named bytes; (true, <=) are killed
    if (stray.length > 4) problems.push(`... and ${stray.length - 4} more bytes`);
  });
  return problems;
}

/** The interpreter of the rule tables for one profile, over a whole case: it keeps the object state. */
export class OracleSession {
  private state: unknown;

  constructor(
    private readonly spec: Spec,
    private readonly compiler: TableCompiler,
    private readonly vocabulary: ProfileVocabulary<unknown>,
    readonly target: Target,
    config: ProfileConfig,
  ) {
    this.state = vocabulary.initialState(config);
  }

  snapshot(): unknown {
    return this.vocabulary.snapshot(this.state);
  }

  /** What the rules allow for this call, given the state so far. */
  expect(call: Call): { branches: Branch[]; run: Run } {
    const table = this.compiler.get(call.op);
    const run: Run = { call, mem: new UserMemoryView(call.memory), registry: this.spec.registry, vocabulary: this.vocabulary, target: this.target, state: this.state };
    const frame = new Frame(run, table.table.struct, call.argp, undefined);
    return { branches: table.evaluate(frame, this.state, []), run };
  }

  /** Judges the implementation's answer; when it conforms, the state moves on as the matching branch says. */
  judge(expected: { branches: Branch[]; run: Run }, result: CallResult): Judgement {
    const { branches, run } = expected;
    run.after = new UserMemoryView(result.memory);
    run.result = result;
    const rowsReached = branches.flatMap((b) => b.trace);
    const allowed = branches.map(describeBranch);
    const candidates = branches.filter((b) => (result.errno === undefined ? b.kind === 'ok' : b.kind === 'errno' && b.errnos.includes(result.errno)));
    if (candidates.length === 0) {
      const b = branches[0]!;
      // Stryker disable next-line LogicalOperator,StringLiteral,ArrayDeclaration: diagnostic text only
      const message = `got ${result.errno ?? 'success'}, expected ${[...new Set(allowed)].join(', or ')}`;
      return {
        conformant: false,
        // Stryker disable next-line StringLiteral: an aspect is only ever compared with 'memory'
        problems: [{ aspect: 'outcome', message }],
        expected: allowed,
        decidedBy: b.trace[b.trace.length - 1]!,
        rowsReached,
      };
    }
    let first: { branch: Branch; problems: Problem[] } | undefined;
    for (const branch of candidates) {
      const problems = this.check(branch, run, result);
      let next: unknown;
      if (problems.length === 0) {
        try {
          next = this.vocabulary.clone(branch.state);
          for (const effect of branch.effects) effect(next);
        } catch (e) {
          // Stryker disable next-line ObjectLiteral,StringLiteral: a problem without aspect or text is still a problem, and an aspect is only ever compared with 'memory'
          problems.push({ aspect: 'outcome', message: `the result cannot be reconciled with the state: ${(e as Error).message}` });
        }
      }
      if (problems.length === 0) {
        this.state = next;
        return { conformant: true, problems, expected: allowed, decidedBy: branch.trace[branch.trace.length - 1]!, rowsReached };
      }
      first ??= { branch, problems };
    }
    return { conformant: false, problems: first!.problems, expected: allowed, decidedBy: first!.branch.trace[first!.branch.trace.length - 1]!, rowsReached };
  }

  private check(branch: Branch, run: Run, result: CallResult): Problem[] {
    const problems: Problem[] = [];
    run.state = branch.state;
    // A success that reports no return value returned 0, as an ioctl does.
    const ret = result.ret ?? 0n;
    if (branch.ret) {
      const message = branch.ret.check(branch.ret.frame, ret);
      // Stryker disable next-line ObjectLiteral,StringLiteral: a problem without aspect is still a problem, and an aspect is only ever compared with 'memory'
      if (message) problems.push({ aspect: 'ret', message });
    } else if (branch.pendingRet !== undefined && ret !== branch.pendingRet) {
      // Stryker disable next-line ObjectLiteral,StringLiteral: a problem without aspect or text is still a problem, and an aspect is only ever compared with 'memory'
      problems.push({ aspect: 'ret', message: `returned ${ret}, expected ${branch.pendingRet}` });
    }
    for (const [name, check] of Object.entries(branch.out?.checks ?? {})) {
      const message = check(branch.out!.frame, result.out?.[name]);
      // Stryker disable next-line ObjectLiteral,StringLiteral: a problem without aspect or text is still a problem, and an aspect is only ever compared with 'memory'
      if (message) problems.push({ aspect: 'out', message: `${name}: ${message}` });
    }
    // Stryker disable next-line ObjectLiteral,StringLiteral: a problem without aspect is still a problem, and an aspect is only ever compared with 'memory'
    for (const w of branch.writeback) for (const message of w.verify()) problems.push({ aspect: 'writeback', message });
    const regions = branch.writeback.flatMap((w) => w.regions());
    for (const message of strayWrites(run.call.memory, result.memory, regions)) problems.push({ aspect: 'memory', message });
    return problems;
  }
}

/** Builds sessions for any profile; tables are compiled once and shared by every session. */
export class Oracle {
  private readonly compilers = new Map<Profile, TableCompiler>();

  constructor(
    private readonly spec: Spec,
    private readonly vocabularies: Record<Profile, ProfileVocabulary<unknown>>,
  ) {}

  session(profile: Profile, config: ProfileConfig, target: Target): OracleSession {
    const vocabulary = this.vocabularies[profile];
    let compiler = this.compilers.get(profile);
    if (!compiler) {
      const tables = new Map([...this.spec.tables].map(([name, t]) => [name, t.doc]));
      compiler = new TableCompiler(tables, (_table, where) => ({ registry: this.spec.registry, vocabulary, where }));
      this.compilers.set(profile, compiler);
    }
    return new OracleSession(this.spec, compiler, vocabulary, target, config);
  }
}
