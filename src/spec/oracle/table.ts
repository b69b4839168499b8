import type { Outcome, Row, RuleTable, Success } from '../generated/rule-table.ts';
import type { EffectDefinition } from '../vocabulary/define.ts';
import { compileExpression, compileNamedArgs, compilePredicate, type CompileScope, type Test } from './expression.ts';
import { Frame } from './frame.ts';
import { compileWriteback, fieldWriteback, type BoundWriteback, type SpecialWriteback } from './writeback.ts';
import { asInt, OracleError } from './values.ts';

/** A row of a table, as reports name it. */
export interface RowRef {
  table: string;
  row: string;
}

/** What a returned value or named output must be, checked after the call. */
export type ValueCheck = (frame: Frame, actual: bigint | undefined) => string | undefined;

/** An effect bound to the frame it was reached in, applied to a state after the call. */
export type BoundEffect = (state: unknown) => void;

/**
 * One outcome a conformant implementation may produce for the call: an errno, or success with what it
 * returns and writes; the state as it stands after entry-level effects, and the effects still to apply.
 */
export interface Branch {
  kind: 'errno' | 'ok';
  errnos: string[];
  ret?: { check: ValueCheck; frame: Frame };
  out?: { checks: Record<string, ValueCheck>; frame: Frame };
  writeback: BoundWriteback[];
  effects: BoundEffect[];
  /** The return value a forEach with returnBytes settled on, when the final outcome names none. */
  pendingRet?: bigint;
  state: unknown;
  /** The rows reached on the way, the deciding one last. */
  trace: RowRef[];
}

/** What earlier rows already settled for the branches still to come (writeback of a forEach, its byte count). */
type Pending = Pick<Partial<Branch>, 'writeback' | 'pendingRet'>;
type Rest = (state: unknown, trace: RowRef[], more: Pending) => Branch[];
type CompiledOutcome = (frame: Frame, state: unknown, trace: RowRef[], pending: Pending, rest: Rest) => Branch[];

interface CompiledRow {
  row: Row;
  applies: (kernel: number) => boolean;
  when: Test;
  then: CompiledOutcome;
}

export interface CompiledTable {
  table: RuleTable;
  /** Evaluates the table on a frame, from its first row. */
  evaluate(frame: Frame, state: unknown, trace: RowRef[]): Branch[];
}

const versionNumbers = new Map<string, number>();

/** "6.12" as a number that orders like the version (6012); parsed once per distinct string. */
export function versionNumber(v: string): number {
  let n = versionNumbers.get(v);
  // Stryker disable next-line ConditionalExpression: (true) the memo only saves parsing the same string again
  if (n === undefined) {
    const [major, minor] = v.split('.').map(Number);
    n = major! * 1000 + minor!;
    versionNumbers.set(v, n);
  }
  return n;
}

function settle(pending: Pending, branch: Branch): Branch {
  return { ...branch, writeback: [...(pending.writeback ?? []), ...branch.writeback], pendingRet: branch.pendingRet ?? pending.pendingRet };
}

function mergePending(a: Pending, b: Pending): Pending {
  return { writeback: [...(a.writeback ?? []), ...(b.writeback ?? [])], pendingRet: b.pendingRet ?? a.pendingRet };
}

/** Applies a branch's effects to a copy of the state at once (entries of a forEach, successful checks). */
function applyNow(frame: Frame, b: Branch, state: unknown): unknown {
  // Stryker disable next-line ConditionalExpression: (false) a clone with no effect applied holds the same state
  if (b.effects.length === 0) return state;
  const copy = frame.run.vocabulary.clone(state);
  for (const effect of b.effects) effect(copy);
  return copy;
}

/** Compiles tables into closures on first use; check tables and dispatch targets are looked up by name. */
export class TableCompiler {
  private readonly compiled = new Map<string, CompiledTable>();

  constructor(
    private readonly tables: Map<string, RuleTable>,
    private readonly scopeFor: (table: RuleTable, where: string) => CompileScope,
  ) {}

  get(operation: string): CompiledTable {
    let table = this.compiled.get(operation);
    if (!table) {
      const source = this.tables.get(operation);
      // Stryker disable next-line ConditionalExpression,StringLiteral: cases name existing operations and cross-check.ts every check table a row names; (false) throws a TypeError in compile instead
      if (!source) throw new OracleError(`no rule table for ${operation}`);
      table = this.compile(source);
      this.compiled.set(operation, table);
    }
    return table;
  }

  private byNr(profile: string, nr: bigint): CompiledTable | undefined {
    for (const [name, t] of this.tables) if (t.profile === profile && t.kind === 'operation' && t.entry?.nr !== undefined && BigInt(t.entry.nr) === nr) return this.get(name);
    return undefined;
  }

  private compile(table: RuleTable): CompiledTable {
    const rows: CompiledRow[] = table.rows.map((row) => {
      // Stryker disable next-line StringLiteral: where a row is, for error messages only
      const scope = this.scopeFor(table, `${table.operation} row ${row.id}`);
      const from = row.kernel?.from ? versionNumber(row.kernel.from) : -Infinity;
      const until = row.kernel?.until ? versionNumber(row.kernel.until) : Infinity;
      return {
        row,
        applies: (kernel) => kernel >= from && kernel <= until,
        when: compilePredicate(scope, row.when),
        then: this.compileOutcome(scope, row.then, table),
      };
    });
    const evaluateFrom = (start: number, frame: Frame, state: unknown, trace: RowRef[], pending: Pending): Branch[] => {
      const kernel = versionNumber(frame.run.target.kernel);
      // Stryker disable next-line EqualityOperator: (<=) only when no row held, where rows[length] throws a TypeError instead of the OracleError below
      for (let i = start; i < rows.length; i++) {
        const r = rows[i]!;
        if (!r.applies(kernel)) continue;
        frame.run.state = state;
        if (!r.when(frame)) continue;
        const here = [...trace, { table: table.operation, row: r.row.id }];
        return r.then(frame, state, here, pending, (s, t, more) => evaluateFrom(i + 1, frame, s, t, mergePending(pending, more)));
      }
      // Stryker disable next-line StringLiteral: cross-check.ts makes every table end with a row that holds; diagnostic text only
      throw new OracleError(`${table.operation}: no row holds (every table must end with a row that always holds)`);
    };
    return { table, evaluate: (frame, state, trace) => evaluateFrom(0, frame, state, trace, {}) };
  }

  private compileOutcome(scope: CompileScope, outcome: Outcome, table: RuleTable): CompiledOutcome {
    if ('errno' in outcome) {
      const errnos = Array.isArray(outcome.errno) ? outcome.errno : [outcome.errno];
      const writeback = (outcome.writeback ?? []).map((w) => compileWriteback(scope, w, specialWritebacks(scope)));
      const effects = this.compileEffects(scope, outcome.effects ?? []);
      return (frame, state, trace, pending) => [
        settle(pending, { kind: 'errno', errnos, writeback: writeback.map((w) => w(frame)), effects: effects.map((e) => e(frame)), state, trace }),
      ];
    }
    if ('ok' in outcome) {
      const success = this.compileSuccess(scope, outcome.ok);
      return (frame, state, trace, pending) => [settle(pending, success(frame, state, trace))];
    }
    if ('anyOf' in outcome) {
      const options = outcome.anyOf.map((o) => (o === 'continue' ? undefined : this.compileOutcome(scope, o as Outcome, table)));
      return (frame, state, trace, pending, rest) => options.flatMap((o) => (o ? o(frame, state, trace, pending, rest) : rest(state, trace, {})));
    }
    if ('check' in outcome) {
      const spec = typeof outcome.check === 'string' ? { table: outcome.check } : outcome.check;
      const argp = spec.argp !== undefined ? compileExpression(scope, spec.argp) : undefined;
      const length = spec.length !== undefined ? compileExpression(scope, spec.length) : undefined;
      return (frame, state, trace, pending, rest) => {
        const target = this.get(spec.table);
        // A check on the same struct judges the same frame; one on a payload gets a frame of its own.
        const nested = argp !== undefined || spec.struct !== undefined;
        const sub = nested
          // Stryker disable next-line StringLiteral: labels of asInt's error text only
          ? new Frame(frame.run, spec.struct ?? target.table.struct, argp ? asInt(argp(frame), 'check argp') : frame.argp, length ? asInt(length(frame), 'check length') : undefined, frame)
          : frame;
        return target
          .evaluate(sub, state, trace)
          .flatMap((b) => (b.kind === 'errno' ? [settle(pending, b)] : rest(applyNow(frame, b, b.state), b.trace, { writeback: b.writeback })));
      };
    }
    if ('forEach' in outcome) return this.compileForEach(scope, outcome.forEach);
    // Stryker disable next-line ConditionalExpression: (true) the schema allows no other outcome; an unknown one would throw in compileExpression instead
    if ('dispatch' in outcome) {
      const nr = compileExpression(scope, outcome.dispatch);
      return (frame, state, trace, pending) => {
        // Stryker disable next-line StringLiteral: label of asInt's error text only
        const n = asInt(nr(frame), 'dispatch');
        const target = this.byNr(table.profile, n);
        // Stryker disable next-line ConditionalExpression,StringLiteral: a number with no table (0xa0 past the size word) throws either way, a TypeError with (false)
        if (!target) throw new OracleError(`dispatch: no ${table.profile} table for nr 0x${n.toString(16)}`);
        return target.evaluate(new Frame(frame.run, target.table.struct, frame.argp, undefined), state, trace).map((b) => settle(pending, b));
      };
    }
    // Stryker disable next-line StringLiteral: the schema allows no other outcome; diagnostic text only
    throw new OracleError(`${scope.where}: unknown outcome ${JSON.stringify(outcome)}`);
  }

  private compileForEach(scope: CompileScope, each: Extract<Outcome, { forEach: unknown }>['forEach']): CompiledOutcome {
    const [address, count, stride] = [compileExpression(scope, each.address), compileExpression(scope, each.count), compileExpression(scope, each.stride)];
    const length = each.length !== undefined ? compileExpression(scope, each.length) : undefined;
    const progressField = 'writeback' in each.progress ? each.progress.writeback : undefined;
    return (frame, state, trace, pending, rest) => {
      // Stryker disable StringLiteral: labels of asInt's error text only
      const base = asInt(address(frame), 'forEach address');
      const n = asInt(count(frame), 'forEach count');
      const step = asInt(stride(frame), 'forEach stride');
      const bytes = length ? asInt(length(frame), 'forEach length') : step;
      // Stryker restore StringLiteral
      const target = this.get(each.check);
      const progress = (i: bigint) => (progressField ? [fieldWriteback(frame, progressField, i)] : []);
      let current = state;
      let entryTrace = trace;
      for (let i = 0n; i < n; i++) {
        const entry = new Frame(frame.run, each.struct, base + i * step, bytes, frame, i);
        const branches = target.evaluate(entry, current, entryTrace);
        // Stryker disable next-line StringLiteral: diagnostic text only
        if (branches.length !== 1) throw new OracleError(`${each.check}: a per-entry check must have exactly one outcome`);
        const b = branches[0]!;
        if (b.kind === 'errno') {
          // Entries before the bad one took effect; the bad one and those after it did not.
          if (progressField || i === 0n) return [settle(pending, { ...b, writeback: [...b.writeback, ...progress(i)], effects: [], state: current })];
          return [settle(pending, { kind: 'ok', errnos: [], writeback: [], effects: [], state: current, trace: b.trace, pendingRet: i * step })];
        }
        current = applyNow(frame, b, current);
        entryTrace = b.trace;
      }
      return rest(current, entryTrace, progressField ? { writeback: progress(n) } : { pendingRet: n * step });
    };
  }

  private compileSuccess(scope: CompileScope, ok: Success): (frame: Frame, state: unknown, trace: RowRef[]) => Branch {
    const writeback = (ok.writeback ?? []).map((w) => compileWriteback(scope, w, specialWritebacks(scope)));
    const effects = this.compileEffects(scope, ok.effects ?? []);
    const ret = ok.ret !== undefined ? compileValueCheck(scope, ok.ret) : undefined;
    const out = ok.out ? Object.fromEntries(Object.entries(ok.out).map(([k, v]) => [k, compileValueCheck(scope, v)])) : undefined;
    return (frame, state, trace) => ({
      kind: 'ok',
      // Stryker disable next-line ArrayDeclaration: errnos are only read where kind is 'errno'
      errnos: [],
      writeback: writeback.map((w) => w(frame)),
      effects: effects.map((e) => e(frame)),
      ...(ret ? { ret: { check: ret, frame } } : {}),
      ...(out ? { out: { checks: out, frame } } : {}),
      state,
      trace,
    });
  }

  private compileEffects(scope: CompileScope, effects: Record<string, unknown>[]): ((frame: Frame) => BoundEffect)[] {
    return effects.map((node) => {
      const name = node.effect as string;
      const def: EffectDefinition<unknown> | undefined = scope.vocabulary.effects[name];
      // Stryker disable next-line ConditionalExpression,StringLiteral: cross-check.ts refuses unknown effects; (false) throws a TypeError on def.args instead
      if (!def) throw new OracleError(`${scope.where}: unknown effect ${name}`);
      const args = compileNamedArgs(scope, node, def.args, 'effect');
      // Arguments are evaluated when the effect is applied: after the call, so written, ret and out are known.
      return (frame) => (state) => {
        const saved = frame.run.state;
        frame.run.state = state;
        try {
          def.apply(state, args(frame), { before: frame.run.mem, after: frame.run.after ?? frame.run.mem });
          // Stryker disable next-line BlockStatement: every reader of run.state sets it first (each row before its test, judge before its checks, each effect for itself)
        } finally {
          frame.run.state = saved;
        }
      };
    });
  }
}

/** The profile's own writeback kinds (the fault records of a read), for errno and success outcomes alike. */
function specialWritebacks(scope: CompileScope): Record<string, SpecialWriteback> {
  return scope.vocabulary.writebacks ?? {};
}

function compileValueCheck(scope: CompileScope, spec: NonNullable<Success['ret']>): ValueCheck {
  if (typeof spec === 'object' && spec !== null && 'fresh' in spec) {
    const kind = (spec as { fresh: string }).fresh;
    return (frame, actual) => {
      if (actual === undefined) return 'no value was returned';
      return actual !== 0n && frame.run.vocabulary.isFreshId(frame.run.state, actual, kind) ? undefined : `${actual} is not a new ${kind} id`;
    };
  }
  if (typeof spec === 'object' && spec !== null && 'satisfies' in spec) {
    const test = compilePredicate(scope, (spec as { satisfies: never }).satisfies);
    return (frame, actual) => (actual === undefined ? 'no value was returned' : test(frame) ? undefined : `${actual} does not satisfy the rule's condition`);
  }
  const value = compileExpression(scope, spec as never);
  return (frame, actual) => {
    // Stryker disable next-line StringLiteral: label of asInt's error text only
    const want = asInt(value(frame), 'ret');
    return actual === want ? undefined : `returned ${actual ?? 'nothing'}, expected ${want}`;
  };
}
