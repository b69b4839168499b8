import { readUint } from '../../layout/codec.ts';
import type { Expression, Writeback } from '../generated/rule-table.ts';
import { compileExpression, compilePredicate, type CompileScope, type Evaluator } from './expression.ts';
import type { Frame } from './frame.ts';
import { asInt, OracleError, type Value } from './values.ts';

/** A byte range of user memory an outcome allows the implementation to write. */
export interface Region {
  address: bigint;
  length: bigint;
}

/** A writeback item bound to the frame it was reached in; checked once the call has happened. */
export interface BoundWriteback {
  /** Where the implementation may write, computed before the call. */
  regions(): Region[];
  /** Problems with what was written (empty when it matches); `frame.run.after` is set. */
  verify(): string[];
}

export type CompiledWriteback = (frame: Frame) => BoundWriteback;

/** Checks a special writeback a profile defines (the fault records of a read); see the vocabulary. */
export type SpecialWriteback = (frame: Frame, args: Record<string, bigint>) => BoundWriteback;

function fieldRegion(frame: Frame, path: string): (Region & { partial: boolean }) | undefined {
  const slot = frame.run.registry.slots(frame.struct!, frame.version).get(path);
  if (!slot) {
    // A field of a later version than the implementation knows is not written by it at all.
    // Stryker disable next-line ConditionalExpression: (true) only a field no version has gets past it, and cross-check.ts refuses unknown fields
    if (frame.run.registry.slots(frame.struct!).has(path)) return undefined;
    // Stryker disable next-line StringLiteral: diagnostic text only
    throw new OracleError(`writeback of unknown field ${frame.struct}.${path}`);
  }
  // Only the part of the struct the implementation copies back may change: a field past it stays as it
  // was, and a field the caller's size cuts is written up to the cut, with the low bytes of its value.
  const end = Math.min(slot.offset + slot.size, frame.copyLength);
  // Stryker disable next-line EqualityOperator: (<) at end === offset the region is empty and checks a zero-byte value, as none
  if (end <= slot.offset) return undefined;
  return { address: frame.argp + BigInt(slot.offset), length: BigInt(end - slot.offset), partial: end < slot.offset + slot.size };
}

/** A field of the frame's struct that must hold `expected` (or a fresh id, or satisfy a condition) after the call. */
export function fieldWriteback(frame: Frame, path: string, expected?: Value, fresh?: string, satisfies?: (frame: Frame) => boolean): BoundWriteback {
  const region = fieldRegion(frame, path);
  return {
    // Stryker disable next-line ArrayDeclaration: (["Stryker was here"]) a region without address or length allows no byte, as none
    regions: () => (region ? [region] : []),
    verify: () => {
      if (!region) return [];
      const bytes = Number(region.length);
      const written = readUint(afterOf(frame).read(region.address, bytes), 0, bytes);
      if (expected !== undefined) {
        const want = asInt(expected, path) & ((1n << BigInt(8 * bytes)) - 1n);
        // Stryker disable next-line StringLiteral: diagnostic text only
        if (written !== want) return [`${path} is 0x${written.toString(16)}, expected 0x${want.toString(16)}${region.partial ? ` (its first ${bytes} bytes)` : ''}`];
      }
      // A cut field holds only part of the value: there is no whole id or value to judge.
      if (region.partial) return [];
      // Stryker disable next-line StringLiteral: diagnostic text only
      if (fresh !== undefined && (written === 0n || !frame.run.vocabulary.isFreshId(frame.run.state, written, fresh))) return [`${path} = ${written} is not a new ${fresh} id`];
      // Stryker disable next-line StringLiteral: diagnostic text only
      if (satisfies && !satisfies(frame)) return [`${path} = 0x${written.toString(16)} does not satisfy the rule's condition`];
      return [];
    },
  };
}

const afterOf = (frame: Frame) => {
  // Stryker disable next-line ConditionalExpression,StringLiteral: verify() is only called by judge(), which sets run.after first
  if (!frame.run.after) throw new OracleError('writeback verified before the call');
  return frame.run.after;
};

export function compileWriteback(scope: CompileScope, item: Writeback, special: Record<string, SpecialWriteback>): CompiledWriteback {
  if ('field' in item) {
    const path = item.field;
    const value = item.value !== undefined ? compileExpression(scope, item.value) : undefined;
    const satisfies = item.satisfies !== undefined ? compilePredicate(scope, item.satisfies) : undefined;
    return (frame) => fieldWriteback(frame, path, value?.(frame), item.fresh, satisfies);
  }
  if ('array' in item) {
    const a = item.array;
    const [address, count, items] = [compileExpression(scope, a.address), compileExpression(scope, a.count), compileExpression(scope, a.items)];
    return (frame) => {
      const size = BigInt(frame.knownSize(a.struct));
      // Stryker disable StringLiteral: labels of asInt's error text only
      const base = asInt(address(frame), 'array address');
      const n = asInt(count(frame), 'array count');
      // Stryker restore StringLiteral
      const list = items(frame);
      // Stryker disable next-line ConditionalExpression,StringLiteral: the items of every array writeback are a list query (ioas-iova-ranges); (false) reads list[i] of a non-list as {} instead of throwing
      if (!Array.isArray(list)) throw new OracleError('array writeback items must be a list');
      return {
        regions: () => [{ address: base, length: n * size }],
        verify: () => {
          const problems: string[] = [];
          const slots = frame.run.registry.slots(a.struct);
          for (let i = 0n; i < n; i++) {
            const bytes = afterOf(frame).read(base + i * size, Number(size));
            const want = list[Number(i)] ?? {};
            for (const [path, value] of Object.entries(want)) {
              const slot = slots.get(path)!;
              const got = readUint(bytes, slot.offset, slot.size);
              // Stryker disable next-line StringLiteral: diagnostic text only
              if (got !== value) problems.push(`entry ${i}: ${path} is 0x${got.toString(16)}, expected 0x${value.toString(16)}`);
            }
          }
          return problems;
        },
      };
    };
  }
  if ('bytes' in item) {
    const b = item.bytes;
    const [address, length, value] = [compileExpression(scope, b.address), compileExpression(scope, b.length), compileExpression(scope, b.value)];
    return (frame) => {
      // Stryker disable StringLiteral: labels of asInt's error text only
      const at = asInt(address(frame), 'bytes address');
      const n = asInt(length(frame), 'bytes length');
      // Stryker restore StringLiteral
      const want = value(frame);
      // Stryker disable next-line ConditionalExpression,StringLiteral: the value of every bytes writeback is a bytes query (get_hw_info's driver data)
      if (!(want instanceof Uint8Array)) throw new OracleError('bytes writeback value must be bytes');
      return {
        regions: () => [{ address: at, length: n }],
        verify: () => {
          const got = afterOf(frame).read(at, Number(n));
          const expected = new Uint8Array(Number(n));
          expected.set(want.subarray(0, Number(n)));
          return Buffer.compare(Buffer.from(got), Buffer.from(expected)) === 0
            ? []
            // Stryker disable next-line StringLiteral: diagnostic text only
            : [`bytes at 0x${at.toString(16)} are ${Buffer.from(got).toString('hex')}, expected ${Buffer.from(expected).toString('hex')}`];
        },
      };
    };
  }
  if ('zero' in item) {
    const [address, length] = [compileExpression(scope, item.zero.address), compileExpression(scope, item.zero.length)];
    return (frame) => {
      // Stryker disable StringLiteral: labels of asInt's error text only
      const at = asInt(address(frame), 'zero address');
      const n = asInt(length(frame), 'zero length');
      // Stryker restore StringLiteral
      return {
        regions: () => [{ address: at, length: n }],
        // Stryker disable next-line StringLiteral: diagnostic text only
        verify: () => (afterOf(frame).anyNonzero(at, n) ? [`bytes at 0x${at.toString(16)}..+${n} are not all zero`] : []),
      };
    };
  }
  if ('mayWrite' in item) {
    const [address, length] = [compileExpression(scope, item.mayWrite.address), compileExpression(scope, item.mayWrite.length)];
    // copy_to_user() writes what it can before the fault; the bytes it reached may hold part of the data.
    return (frame) => {
      // Stryker disable next-line StringLiteral: labels of asInt's error text only
      const region = { address: asInt(address(frame), 'mayWrite address'), length: asInt(length(frame), 'mayWrite length') };
      return { regions: () => [region], verify: () => [] };
    };
  }
  if ('mayZero' in item) {
    const [address, length] = [compileExpression(scope, item.mayZero.address), compileExpression(scope, item.mayZero.length)];
    return (frame) => {
      // Stryker disable StringLiteral: labels of asInt's error text only
      const at = asInt(address(frame), 'mayZero address');
      const n = asInt(length(frame), 'mayZero length');
      // Stryker restore StringLiteral
      return {
        regions: () => [{ address: at, length: n }],
        verify: () => {
          // The implementation may have zeroed any part of the range (a clear_user that faulted part way).
          const changed = afterOf(frame)
            .pieces(at, n)
            .some(({ addr, bytes }) => {
              const before = frame.run.mem.read(addr, bytes.length);
              return bytes.some((b, i) => b !== before[i] && b !== 0);
            });
          // Stryker disable next-line StringLiteral: diagnostic text only
          return changed ? [`bytes at 0x${at.toString(16)}..+${n} were changed to something other than zero`] : [];
        },
      };
    };
  }
  if ('struct' in item) {
    const s = item.struct;
    const address = compileExpression(scope, s.address);
    const length = s.length !== undefined ? compileExpression(scope, s.length) : undefined;
    const fields: [string, Evaluator][] = Object.entries(s.fields).map(([p, e]) => [p, compileExpression(scope, e)]);
    return (frame) => {
      // Stryker disable StringLiteral: labels of asInt's error text only
      const at = asInt(address(frame), 'struct address');
      const n = length ? asInt(length(frame), 'struct length') : BigInt(frame.knownSize(s.name));
      // Stryker restore StringLiteral
      const expected = fields.map(([p, e]) => [p, asInt(e(frame), p)] as const);
      return {
        regions: () => [{ address: at, length: n }],
        verify: () => {
          const bytes = afterOf(frame).read(at, Number(n));
          const slots = frame.run.registry.slots(s.name);
          return expected.flatMap(([p, want]) => {
            const slot = slots.get(p)!;
            const got = readUint(bytes, slot.offset, slot.size);
            // Stryker disable next-line StringLiteral: diagnostic text only
            return got === want ? [] : [`${s.name}.${p} is 0x${got.toString(16)}, expected 0x${want.toString(16)}`];
          });
        },
      };
    };
  }
  const [kind] = Object.keys(item);
  const check = special[kind!];
  // Stryker disable next-line ConditionalExpression,StringLiteral: the schema closes the writeback forms, so only a profile kind gets here; (false) throws a TypeError when the row is reached instead
  if (!check) throw new OracleError(`${scope.where}: the profile has no writeback ${kind}`);
  const args = Object.entries((item as unknown as Record<string, Record<string, Expression>>)[kind!]!).map(([k, e]) => [k, compileExpression(scope, e)] as const);
  return (frame) => check(frame, Object.fromEntries(args.map(([k, e]) => [k, asInt(e(frame), k)])));
}
