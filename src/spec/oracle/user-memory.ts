import type { Segment } from '../../adapters/call.ts';

/**
 * The oracle's view of user memory: which bytes are mapped, and their contents. Written apart from the
 * reference's copy_from_user on purpose: the two must not share the code that decides what faults.
 */
export class UserMemoryView {
  constructor(private readonly segments: readonly Segment[]) {}

  private segmentAt(address: bigint): Segment | undefined {
    for (const s of this.segments) if (address >= s.addr && address < s.addr + BigInt(s.bytes.length)) return s;
    return undefined;
  }

  /** True when some byte of [address, address+length) is unmapped (or, with `write`, not writable). */
  faults(address: bigint, length: bigint, write = false): boolean {
    let at = address;
    const end = address + length;
    while (at < end) {
      const s = this.segmentAt(at);
      if (!s || (write && !s.writable)) return true;
      at = s.addr + BigInt(s.bytes.length);
    }
    return false;
  }

  /** The bytes of a range; unmapped bytes read as zero (callers test `faults` first where it matters). */
  read(address: bigint, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (const s of this.segments) {
      // Stryker disable next-line EqualityOperator: when address equals s.addr either is the start
      const from = address > s.addr ? address : s.addr;
      // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: subarray stops at the segment end by itself, so a `to` past it copies the same bytes (true, <=, and the condition's address - length)
      const to = address + BigInt(length) < s.addr + BigInt(s.bytes.length) ? address + BigInt(length) : s.addr + BigInt(s.bytes.length);
      // Stryker disable next-line EqualityOperator: from == to copies no bytes
      if (from >= to) continue;
      out.set(s.bytes.subarray(Number(from - s.addr), Number(to - s.addr)), Number(from - address));
    }
    return out;
  }

  /** The mapped parts of a range, as (address, bytes) pieces: never more than what is mapped. */
  pieces(address: bigint, length: bigint): { addr: bigint; bytes: Uint8Array }[] {
    const out: { addr: bigint; bytes: Uint8Array }[] = [];
    for (const s of this.segments) {
      // Stryker disable next-line EqualityOperator: when address equals s.addr either is the start
      const from = address > s.addr ? address : s.addr;
      const end = s.addr + BigInt(s.bytes.length);
      const to = address + length < end ? address + length : end;
      if (from < to) out.push({ addr: from, bytes: s.bytes.subarray(Number(from - s.addr), Number(to - s.addr)) });
    }
    return out;
  }

  /** True when some mapped byte of the range is nonzero. */
  anyNonzero(address: bigint, length: bigint): boolean {
    for (const s of this.segments) {
      // Stryker disable next-line EqualityOperator: when address equals s.addr either is the start
      const from = address > s.addr ? address : s.addr;
      const end = s.addr + BigInt(s.bytes.length);
      // Stryker disable next-line EqualityOperator: when address + length equals end either is the end (<=; >= is killed)
      const to = address + length < end ? address + length : end;
      for (let a = from; a < to; a++) if (s.bytes[Number(a - s.addr)] !== 0) return true;
    }
    return false;
  }
}
