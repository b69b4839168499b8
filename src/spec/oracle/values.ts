/** What expressions evaluate to: integers (unbounded), booleans, strings, lists of records, byte strings. */
export type Value = bigint | boolean | string | Uint8Array | Record<string, bigint>[];

/** A mistake in the spec found while interpreting it (an unknown field, a value of the wrong type). */
export class OracleError extends Error {
  // Stryker disable next-line StringLiteral: the name only shows in the report of an error a broken spec raises
  override name = 'OracleError';
}

export function asInt(value: Value, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'boolean') return value ? 1n : 0n;
  // Stryker disable next-line StringLiteral: the message of an error only a broken spec raises (a list or bytes in arithmetic)
  throw new OracleError(`${what}: expected an integer, got ${describe(value)}`);
}

export function asBool(value: Value, what: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value !== 0n;
  // Stryker disable next-line StringLiteral: the message of an error only a broken spec raises (a list or bytes as a condition)
  throw new OracleError(`${what}: expected a boolean, got ${describe(value)}`);
}

// Stryker disable all: describes a value only for the messages of errors a broken spec raises
export function describe(value: Value): string {
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return typeof value === 'bigint' ? `0x${value.toString(16)}` : JSON.stringify(value);
}
// Stryker restore all

export const U64_MAX = (1n << 64n) - 1n;
