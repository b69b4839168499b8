import type { Integer } from '../spec/generated/layout.ts';

/** Spec integers are JSON numbers, or "0x..." strings for values JSON numbers cannot hold exactly. */
export function toBigInt(value: Integer): bigint {
  return typeof value === 'number' ? BigInt(value) : BigInt(value);
}

export function hex(value: bigint): string {
  return '0x' + value.toString(16);
}
