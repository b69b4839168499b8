import type { Call, ProfileConfig } from '../../adapters/call.ts';
import type { Profile } from '../generated/requirement.ts';
import type { UserMemoryView } from '../oracle/user-memory.ts';
import type { Value } from '../oracle/values.ts';
import type { SpecialWriteback } from '../oracle/writeback.ts';

/**
 * The vocabulary a profile adds to the rule-table language: its object state, the queries rows may ask of
 * it and the effects successful outcomes apply to it. One query or effect per file, each with its
 * argument shape, its meaning and its evaluation side by side (as ajv defines keywords).
 */

/** How a named argument is written: an expression, a literal string, or a list of literal strings. */
export type ArgKind = 'expression' | 'literal' | 'literals';

export interface QueryDefinition<S> {
  name: string;
  /** What the query means, for spec/README.md. */
  doc: string;
  args: Record<string, ArgKind>;
  returns: 'int' | 'bool' | 'list' | 'bytes';
  /** `context` holds the call being judged, for the rare query that needs its arguments or its user memory. */
  evaluate(state: S, args: Record<string, Value | string | string[]>, context: QueryContext): Value;
}

/** What a query may look at besides the state and its arguments. */
export interface QueryContext {
  call: Call;
  /** The call's user memory, as the caller left it. */
  mem: UserMemoryView;
}

/** What an effect may look at besides its arguments: the user memory before and after the call. */
export interface EffectContext {
  before: UserMemoryView;
  after: UserMemoryView;
}

export interface EffectDefinition<S> {
  name: string;
  doc: string;
  args: Record<string, ArgKind>;
  apply(state: S, args: Record<string, Value | string | string[]>, context: EffectContext): void;
}

export interface ProfileVocabulary<S> {
  profile: Profile;
  /** The state right after reset with this configuration. */
  initialState(config: ProfileConfig): S;
  clone(state: S): S;
  /** The observable part of the state, in the form adapters report it (schemas/snapshot.schema.json). */
  snapshot(state: S): unknown;
  queries: Record<string, QueryDefinition<S>>;
  effects: Record<string, EffectDefinition<S>>;
  /** True when `id` names no object yet, so an implementation may hand it out for a new object of `kind`. */
  isFreshId(state: S, id: bigint, kind: string): boolean;
  /** Writeback checks only this profile has (the fault records a read hands out). */
  writebacks?: Record<string, SpecialWriteback>;
}

/** Collects definitions into a name-indexed record, refusing duplicates. */
export function byName<T extends { name: string }>(...definitions: T[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const d of definitions) {
    if (out[d.name]) throw new Error(`duplicate vocabulary entry ${d.name}`);
    out[d.name] = d;
  }
  return out;
}

/** Typed accessors for evaluated arguments. */
export function int(args: Record<string, Value | string | string[]>, name: string): bigint {
  const v = args[name];
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  throw new Error(`argument ${name}: expected an integer`);
}

export function str(args: Record<string, Value | string | string[]>, name: string): string {
  const v = args[name];
  if (typeof v === 'string') return v;
  throw new Error(`argument ${name}: expected a literal string`);
}

export function strs(args: Record<string, Value | string | string[]>, name: string): string[] | undefined {
  const v = args[name];
  if (v === undefined) return undefined;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw new Error(`argument ${name}: expected a list of literal strings`);
}
