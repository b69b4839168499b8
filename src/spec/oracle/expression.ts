import { isScalar, readUint } from '../../layout/codec.ts';
import { toBigInt } from '../../layout/integer.ts';
import type { LayoutRegistry } from '../../layout/registry.ts';
import type { Expression, Predicate } from '../generated/rule-table.ts';
import type { ArgKind, ProfileVocabulary } from '../vocabulary/define.ts';
import type { Frame } from './frame.ts';
import { asBool, asInt, OracleError, type Value } from './values.ts';

/** A compiled expression or predicate: a closure over the frame being judged. */
export type Evaluator = (frame: Frame) => Value;
export type Test = (frame: Frame) => boolean;

/** Static context of compilation: the spec, the profile's vocabulary, where in the spec we are (for errors). */
export interface CompileScope {
  registry: LayoutRegistry;
  vocabulary: ProfileVocabulary<unknown>;
  where: string;
}

type Node = Record<string, unknown>;

function slotOf(frame: Frame, path: string) {
  // Stryker disable next-line StringLiteral: the message of an error only a table without a struct that reads a field raises
  if (!frame.struct) throw new OracleError(`field ${path} read in a table without a struct`);
  // A field the implementation's version of the struct does not have reads as zero: it was never copied.
  return frame.run.registry.slots(frame.struct, frame.version).get(path);
}

function readField(frame: Frame, path: string, bytes: Uint8Array, base = 0): bigint {
  const slot = slotOf(frame, path);
  if (!slot) {
    // Stryker disable next-line ConditionalExpression,StringLiteral: an unknown field is refused by the cross-check (field, validFlags, offsetof) or is a broken outer path; only a broken spec gets here
    if (!frame.run.registry.slots(frame.struct!).has(path)) throw new OracleError(`${frame.struct} has no field ${path}`);
    return 0n;
  }
  // Stryker disable next-line StringLiteral: the message of an error only a broken spec (an array read as an integer) raises
  if (!isScalar(slot)) throw new OracleError(`${frame.struct}.${path} is an array; use nonzero`);
  return readUint(bytes, base + slot.offset, slot.size);
}

function pair(scope: CompileScope, node: unknown): [Evaluator, Evaluator] {
  const [a, b] = node as [Expression, Expression];
  return [compileExpression(scope, a), compileExpression(scope, b)];
}

function list(scope: CompileScope, node: unknown): Evaluator[] {
  return (node as Expression[]).map((e) => compileExpression(scope, e));
}

const ints = (frame: Frame, evaluators: Evaluator[], what: string) => evaluators.map((e) => asInt(e(frame), what));

/** Compiles the named arguments of a query or effect, by the kinds its definition declares. */
export function compileNamedArgs(scope: CompileScope, node: Node, args: Record<string, ArgKind>, key: string): (frame: Frame) => Record<string, Value | string | string[]> {
  // Stryker disable next-line ArrayDeclaration: a stray first entry adds an argument named "S"; queries and effects read their arguments by name and none is named S
  const compiled: [string, ArgKind, Evaluator | string | string[]][] = [];
  for (const [name, value] of Object.entries(node)) {
    if (name === key) continue;
    const kind = args[name];
    // Stryker disable next-line ConditionalExpression,StringLiteral: an argument the query or effect does not declare: only a broken spec has one
    if (!kind) throw new OracleError(`${scope.where}: ${node[key]} takes no argument ${name}`);
    compiled.push([name, kind, kind === 'expression' ? compileExpression(scope, value as Expression) : (value as string | string[])]);
  }
  return (frame) => {
    const out: Record<string, Value | string | string[]> = {};
    for (const [name, kind, value] of compiled) out[name] = kind === 'expression' ? (value as Evaluator)(frame) : (value as string | string[]);
    return out;
  };
}

export function compileExpression(scope: CompileScope, expr: Expression): Evaluator {
  if (typeof expr === 'number' || typeof expr === 'string') {
    const value = toBigInt(expr);
    return () => value;
  }
  const node = expr as Node;
  const [key] = Object.keys(node);
  if ('query' in node) {
    const name = node.query as string;
    const def = scope.vocabulary.queries[name];
    // Stryker disable next-line ConditionalExpression,StringLiteral: the cross-check refuses unknown queries
    if (!def) throw new OracleError(`${scope.where}: unknown query ${name}`);
    const args = compileNamedArgs(scope, node, def.args, 'query');
    return (frame) => def.evaluate(frame.run.state, args(frame), { call: frame.run.call, mem: frame.run.mem });
  }
  const arg = node[key!];
  // Stryker disable next-line StringLiteral: text of error messages only a broken spec raises
  const what = `${scope.where}: ${key}`;
  switch (key) {
    case 'field': {
      const path = arg as string;
      return (frame) => readField(frame, path, frame.kcopy);
    }
    case 'outer': {
      const path = arg as string;
      return (frame) => {
        // Stryker disable next-line ConditionalExpression,StringLiteral: outer outside a nested check: only a broken spec; without the test it fails reading undefined, still an abort
        if (!frame.outer) throw new OracleError(`${what} used outside a nested check`);
        return readField(frame.outer, path, frame.outer.kcopy);
      };
    }
    case 'written': {
      const path = arg as string;
      return (frame) => {
        const after = frame.run.after;
        // Stryker disable next-line ConditionalExpression,StringLiteral: written outside effects and satisfies: only a broken spec; without the test it fails reading undefined, still an abort
        if (!after) throw new OracleError(`${what} used before the call`);
        const slot = slotOf(frame, path);
        // Stryker disable next-line ConditionalExpression,StringLiteral: written of a field the struct lacks: only a broken spec; without the test slot.offset throws, still an abort
        if (!slot) throw new OracleError(`${what}: unknown field`);
        return readUint(after.read(frame.argp + BigInt(slot.offset), slot.size), 0, slot.size);
      };
    }
    case 'userField': {
      const u = arg as { address: Expression; struct: string; field: string };
      const address = compileExpression(scope, u.address);
      const slot = scope.registry.slot(u.struct, u.field);
      return (frame) => readUint(frame.run.mem.read(asInt(address(frame), what) + BigInt(slot.offset), slot.size), 0, slot.size);
    }
    case 'arg': {
      const name = arg as string;
      return (frame) => {
        if (name === 'argp') return frame.argp;
        const value = frame.run.call.args[name];
        // Stryker disable next-line StringLiteral: the message of an error only a broken spec raises
        if (value === undefined) throw new OracleError(`${what}: the call has no argument ${name}`);
        return value;
      };
    }
    case 'index':
      return (frame) => {
        if (frame.index === undefined) throw new OracleError(`${what} used outside forEach`);
        return frame.index;
      };
    case 'ret':
      return (frame) => {
        // Stryker disable next-line ConditionalExpression,StringLiteral: ret outside effects and value checks: only a broken spec; without the test reading .ret of undefined throws, still an abort
        if (!frame.run.result) throw new OracleError(`${what} used before the call`);
        return frame.run.result.ret ?? 0n;
      };
    case 'out': {
      const name = arg as string;
      return (frame) => {
        // Stryker disable next-line OptionalChaining: a result without out makes both throw (TypeError or OracleError): the case aborts either way
        const value = frame.run.result?.out?.[name];
        // Stryker disable next-line ConditionalExpression,StringLiteral: a missing output then fails in asInt or the query's int(), which throw too: the case aborts either way
        if (value === undefined) throw new OracleError(`${what}: the call has no output ${name}`);
        return value;
      };
    }
    case 'size':
      return (frame) => frame.sizeWord;
    case 'const': {
      const value = scope.registry.constant(arg as string);
      // Stryker disable next-line ConditionalExpression,StringLiteral: the cross-check refuses unknown constants
      if (value === undefined) throw new OracleError(`${what}: unknown constant ${arg}`);
      return () => value;
    }
    case 'validFlags': {
      const path = arg as string;
      return (frame) => {
        const slot = slotOf(frame, path);
        if (!slot) return 0n;
        const layout = frame.run.registry.get(slot.owner);
        const field = slot.field as { flagSet?: string; enum?: string; valid?: string[] };
        // Stryker disable next-line OptionalChaining: a field naming a flag set its layout lacks is a broken layout
        const set = (field.flagSet && layout.flagSets?.[field.flagSet]) || {};
        // Stryker disable next-line ArrayDeclaration: a stray name is in no flag set, so it adds 0 to the mask
        return (field.valid ?? []).reduce((mask, name) => mask | toBigInt(set[name] ?? 0), 0n);
      };
    }
    case 'knownSize':
      return (frame) => BigInt(frame.knownSize(arg as string));
    case 'minSize':
      return (frame) => {
        const name = (arg as string) || frame.struct!;
        const v = frame.run.registry.version(name, frame.run.target.structs[name]);
        return BigInt(v.minSize ?? v.size);
      };
    case 'offsetof':
    case 'offsetofend': {
      const path = arg as string;
      return (frame) => {
        // A field keeps its place as a struct grows, so a later version's field has a position even for an
        // implementation that does not know it.
        const registry = frame.run.registry;
        const slot = registry.slots(frame.struct!, frame.version).get(path) ?? registry.slot(frame.struct!, path);
        return BigInt(key === 'offsetof' ? slot.offset : slot.offset + slot.size);
      };
    }
    case 'add': {
      const terms = list(scope, arg);
      return (frame) => ints(frame, terms, what).reduce((a, b) => a + b, 0n);
    }
    case 'sub': {
      const [a, b] = pair(scope, arg);
      return (frame) => asInt(a(frame), what) - asInt(b(frame), what);
    }
    case 'mul': {
      const [a, b] = pair(scope, arg);
      return (frame) => asInt(a(frame), what) * asInt(b(frame), what);
    }
    case 'min':
    case 'max': {
      const terms = list(scope, arg);
      const pick = key === 'min' ? (a: bigint, b: bigint) => (a < b ? a : b) : (a: bigint, b: bigint) => (a > b ? a : b);
      return (frame) => ints(frame, terms, what).reduce(pick);
    }
    case 'bitAnd': {
      const [a, b] = pair(scope, arg);
      return (frame) => asInt(a(frame), what) & asInt(b(frame), what);
    }
    case 'bitOr': {
      const terms = list(scope, arg);
      return (frame) => ints(frame, terms, what).reduce((a, b) => a | b, 0n);
    }
    case 'shr': {
      const [a, b] = pair(scope, arg);
      return (frame) => asInt(a(frame), what) >> asInt(b(frame), what);
    }
    // Stryker disable next-line ConditionalExpression: the schema admits no other expression
    default:
      // Stryker disable next-line StringLiteral: the schema admits no other expression
      throw new OracleError(`${scope.where}: unknown expression ${JSON.stringify(expr)}`);
  }
}

const U64_LIMIT = 1n << 64n;

export function compilePredicate(scope: CompileScope, pred: Predicate): Test {
  if (typeof pred === 'boolean') return () => pred;
  const node = pred as Node;
  if ('query' in node) {
    const q = compileExpression(scope, pred as Expression);
    // Stryker disable next-line StringLiteral: text of an error message only a broken spec raises
    return (frame) => asBool(q(frame), `${scope.where}: query ${node.query}`);
  }
  const [key] = Object.keys(node);
  const arg = node[key!];
  // Stryker disable next-line StringLiteral: text of error messages only a broken spec raises
  const what = `${scope.where}: ${key}`;
  const compare = (op: (a: bigint, b: bigint) => boolean): Test => {
    const [a, b] = pair(scope, arg);
    return (frame) => op(asInt(a(frame), what), asInt(b(frame), what));
  };
  const range = () => {
    const r = arg as { address: Expression; length: Expression };
    return [compileExpression(scope, r.address), compileExpression(scope, r.length)] as const;
  };
  switch (key) {
    case 'all': {
      const parts = (arg as Predicate[]).map((p) => compilePredicate(scope, p));
      return (frame) => parts.every((p) => p(frame));
    }
    case 'any': {
      const parts = (arg as Predicate[]).map((p) => compilePredicate(scope, p));
      return (frame) => parts.some((p) => p(frame));
    }
    case 'not': {
      const inner = compilePredicate(scope, arg as Predicate);
      return (frame) => !inner(frame);
    }
    case 'eq':
      return compare((a, b) => a === b);
    case 'ne':
      return compare((a, b) => a !== b);
    case 'lt':
      return compare((a, b) => a < b);
    case 'le':
      return compare((a, b) => a <= b);
    case 'gt':
      return compare((a, b) => a > b);
    case 'ge':
      return compare((a, b) => a >= b);
    case 'hasBits':
      return compare((a, m) => (a & m) !== 0n);
    case 'bitsOutside':
      return compare((a, m) => (a & ~m) !== 0n);
    case 'aligned':
      return compare((a, m) => {
        // Stryker disable next-line ConditionalExpression,StringLiteral: alignment 0: without the test a % 0n throws a RangeError, the case aborts either way
        if (m === 0n) throw new OracleError(`${what}: alignment 0`);
        return a % m === 0n;
      });
    case 'addOverflows':
      return compare((a, b) => a + b >= U64_LIMIT);
    case 'in': {
      const [value, options] = arg as [Expression, Expression[]];
      const v = compileExpression(scope, value);
      const os = list(scope, options);
      return (frame) => {
        const x = asInt(v(frame), what);
        return os.some((o) => asInt(o(frame), what) === x);
      };
    }
    case 'nonzero': {
      const path = arg as string;
      return (frame) => {
        const slot = slotOf(frame, path);
        if (!slot) return false;
        return frame.kcopy.subarray(slot.offset, slot.offset + slot.size).some((b) => b !== 0);
      };
    }
    case 'unreadable':
    case 'unwritable': {
      const [address, length] = range();
      return (frame) => frame.run.mem.faults(asInt(address(frame), what), asInt(length(frame), what), key === 'unwritable');
    }
    case 'userNonzero': {
      const [address, length] = range();
      return (frame) => frame.run.mem.anyNonzero(asInt(address(frame), what), asInt(length(frame), what));
    }
    // Stryker disable next-line ConditionalExpression: the schema admits no other predicate
    default:
      // Stryker disable next-line StringLiteral: the schema admits no other predicate
      throw new OracleError(`${scope.where}: unknown predicate ${JSON.stringify(pred)}`);
  }
}
