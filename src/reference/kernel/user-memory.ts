/**
 * Simulated user memory and the kernel's user-copy primitives (include/linux/uaccess.h, lib/usercopy.c).
 *
 * A call carries the caller's user memory as segments; the reference kernels never touch those: they work
 * on a private copy (UserMemory) and hand the copy's segments back as the result. Every byte outside every
 * segment is unmapped, so any access to it faults; a segment that is not writable faults on write. Faults
 * are byte-exact: a test that maps its segments page-aligned sees exactly the kernel's page-granular
 * behaviour, and a byte-exact model never reads a byte the kernel would not read.
 *
 * The copy functions keep the kernel's calling conventions: copy_from_user / copy_to_user / clear_user
 * return the number of bytes NOT copied (0 on success), check_zeroed_user returns 1 / 0 / -EFAULT,
 * copy_struct_from_user returns 0 / -E2BIG / -EFAULT.
 */
import type { Segment } from '../../adapters/call.ts';
import { E2BIG, EFAULT } from './errno.ts';

export const U32_MAX = 0xffff_ffff;
export const U64_MAX = (1n << 64n) - 1n;
/** unsigned long on the 64-bit kernels the profiles model. */
export const ULONG_MAX = U64_MAX;

/** Truncates to an unsigned 64-bit value, as C arithmetic on __u64 / unsigned long wraps. */
export function u64(x: bigint): bigint {
  return BigInt.asUintN(64, x);
}

/** Truncates to an unsigned 32-bit value (a C __u32 / unsigned int). */
export function u32(x: bigint | number): number {
  return Number(BigInt.asUintN(32, BigInt(x)));
}

interface Region {
  start: bigint;
  /** One past the last byte. */
  end: bigint;
  bytes: Uint8Array;
  writable: boolean;
}

export class UserMemory {
  private readonly regions: Region[];

  /** The regions keep the caller's order: where segments overlap, the first one given holds the byte. */
  constructor(segments: readonly Segment[] = []) {
    this.regions = segments.map((s) => ({
      start: s.addr,
      end: s.addr + BigInt(s.bytes.length),
      bytes: new Uint8Array(s.bytes),
      writable: s.writable,
    }));
  }

  /** The private copy of the segments, with every write applied: same addresses, lengths and order as given. */
  segments(): Segment[] {
    return this.regions.map((r) => ({ addr: r.start, bytes: new Uint8Array(r.bytes), writable: r.writable }));
  }

  private regionAt(addr: bigint): Region | undefined {
    for (const r of this.regions) if (addr >= r.start && addr < r.end) return r;
    return undefined;
  }

  /**
   * How many bytes starting at addr can be accessed (read, or written when `write`) without a fault,
   * up to n. Equal to n when the whole range is accessible.
   */
  accessible(addr: bigint, n: bigint, write: boolean): bigint {
    let done = 0n;
    while (done < n) {
      const r = this.regionAt(addr + done);
      if (!r || (write && !r.writable)) break;
      const chunk = r.end - (addr + done);
      done += chunk < n - done ? chunk : n - done;
    }
    return done;
  }

  /**
   * Copies n bytes from addr into dst[0..n), stopping at the first unmapped byte.
   * Returns the number of bytes NOT copied; those bytes of dst are left as they were.
   */
  readInto(dst: Uint8Array, addr: bigint, n: number = dst.length): number {
    let done = 0;
    while (done < n) {
      const a = addr + BigInt(done);
      const r = this.regionAt(a);
      if (!r) break;
      const off = Number(a - r.start);
      const chunk = Math.min(n - done, r.bytes.length - off);
      dst.set(r.bytes.subarray(off, off + chunk), done);
      done += chunk;
    }
    return n - done;
  }

  /**
   * Writes src to addr in order, stopping at the first unmapped or read-only byte (the bytes before it
   * stay written, as after a partial copy_to_user). Returns the number of bytes NOT written.
   */
  writeFrom(addr: bigint, src: Uint8Array): number {
    let done = 0;
    while (done < src.length) {
      const a = addr + BigInt(done);
      const r = this.regionAt(a);
      if (!r || !r.writable) break;
      const off = Number(a - r.start);
      const chunk = Math.min(src.length - done, r.bytes.length - off);
      r.bytes.set(src.subarray(done, done + chunk), off);
      done += chunk;
    }
    return src.length - done;
  }

  /** Sets n bytes at addr to value, stopping at the first fault. Returns the number of bytes NOT set. */
  fill(addr: bigint, n: bigint, value = 0): bigint {
    let done = 0n;
    while (done < n) {
      const a = addr + done;
      const r = this.regionAt(a);
      if (!r || !r.writable) break;
      const off = Number(a - r.start);
      const room = BigInt(r.bytes.length - off);
      const chunk = room < n - done ? room : n - done;
      r.bytes.fill(value, off, off + Number(chunk));
      done += chunk;
    }
    return n - done;
  }

  /**
   * Scans n bytes from addr in address order for the first byte that is unmapped or nonzero.
   * 'zero': all n bytes are mapped and zero; 'nonzero': a nonzero byte comes before any fault; 'fault'.
   */
  scanZero(addr: bigint, n: bigint): 'zero' | 'nonzero' | 'fault' {
    let done = 0n;
    while (done < n) {
      const a = addr + done;
      const r = this.regionAt(a);
      if (!r) return 'fault';
      const off = Number(a - r.start);
      const room = BigInt(r.bytes.length - off);
      const chunk = Number(room < n - done ? room : n - done);
      for (let i = 0; i < chunk; i++) if (r.bytes[off + i] !== 0) return 'nonzero';
      done += BigInt(chunk);
    }
    return 'zero';
  }

  /** The n bytes at addr, or -EFAULT when any of them is unmapped. */
  read(addr: bigint, n: number): Uint8Array | number {
    const buf = new Uint8Array(n);
    return this.readInto(buf, addr, n) ? -EFAULT : buf;
  }

  /** Writes bytes at addr: 0, or -EFAULT when some byte is unmapped or read-only (the bytes before it are written). */
  write(addr: bigint, bytes: Uint8Array): number {
    return this.writeFrom(addr, bytes) ? -EFAULT : 0;
  }
}

/* ---------------------------------------------------------------------------------------------- */
/* include/linux/uaccess.h                                                                        */

/**
 * copy_from_user(to, from, n): returns the number of bytes not copied. Like _copy_from_user(), the part of
 * `to` that could not be copied is zero-filled.
 */
export function copy_from_user(mem: UserMemory, to: Uint8Array, from: bigint, n: number = to.length): number {
  const left = mem.readInto(to, from, n);
  if (left) to.fill(0, n - left, n);
  return left;
}

/** copy_to_user(to, from, n): returns the number of bytes not copied; the bytes before a fault are written. */
export function copy_to_user(mem: UserMemory, to: bigint, from: Uint8Array, n: number = from.length): number {
  return mem.writeFrom(to, from.subarray(0, n));
}

/** clear_user(to, n): zeroes n user bytes; returns the number of bytes not cleared. */
export function clear_user(mem: UserMemory, to: bigint, n: bigint): bigint {
  return mem.fill(to, n, 0);
}

/** get_user() of a __u32: [0, value] or [-EFAULT, 0]. */
export function get_user_u32(mem: UserMemory, from: bigint): [number, number] {
  const b = new Uint8Array(4);
  if (mem.readInto(b, from, 4)) return [-EFAULT, 0];
  return [0, getU32(b, 0)];
}

/** put_user() of a __u32: 0 or -EFAULT. Only the clobbers-argsz defect of iommu-uapi writes with it. */
// Stryker disable next-line BlockStatement: called only from a defect-guarded statement, so only a mutant adapter runs it
export function put_user_u32(mem: UserMemory, to: bigint, value: number): number {
  const b = new Uint8Array(4);
  putU32(b, 0, value);
  // Stryker disable next-line UnaryOperator: called only from a defect-guarded statement, so only a mutant adapter runs it
  return mem.writeFrom(to, b) ? -EFAULT : 0;
}

/**
 * check_zeroed_user(from, size) (lib/usercopy.c): 1 if every byte is zero, 0 if some byte is nonzero,
 * -EFAULT on a fault; size 0 returns 1. Bytes are examined in address order and the scan stops at the
 * first nonzero byte, as the kernel's word loop does (it never reads a word past the one that decided).
 */
export function check_zeroed_user(mem: UserMemory, from: bigint, size: bigint): number {
  // Stryker disable next-line ConditionalExpression: the kernel's early return; scanZero of no bytes answers 'zero' too
  if (size === 0n) return 1;
  const r = mem.scanZero(from, size);
  return r === 'zero' ? 1 : r === 'nonzero' ? 0 : -EFAULT;
}

/**
 * copy_struct_from_user(dst, ksize, src, usize) (include/linux/uaccess.h), with ksize = dst.length:
 * - usize < ksize: the kernel's tail dst[usize..ksize) is zero-filled;
 * - usize > ksize: the user's tail [ksize, usize) must be all zero, else -E2BIG (-EFAULT if it faults).
 *   The tail is checked BEFORE the head is copied, as in the kernel;
 * - then min(ksize, usize) bytes are copied: -EFAULT on a fault.
 */
export function copy_struct_from_user(mem: UserMemory, dst: Uint8Array, src: bigint, usize: bigint | number): number {
  const ksize = BigInt(dst.length);
  const us = BigInt(usize);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: for usize <= ksize the tail to check is empty (or negative), and check_zeroed_user answers 1
  if (us > ksize) {
    const ret = check_zeroed_user(mem, src + ksize, us - ksize);
    if (ret <= 0) return ret || -E2BIG;
  }
  // Stryker disable next-line EqualityOperator: with usize == ksize both arms are the same number
  const size = us < ksize ? us : ksize;
  dst.fill(0, Number(size)); // the kernel's memset of dst[usize..ksize); nothing when usize >= ksize
  if (copy_from_user(mem, dst, src, Number(size))) return -EFAULT;
  return 0;
}

/* ---------------------------------------------------------------------------------------------- */
/* Little-endian fields of a struct held in a Uint8Array (x86-64 byte order).                     */

export function getU8(b: Uint8Array, off: number): number {
  return b[off] ?? 0;
}

export function getU16(b: Uint8Array, off: number): number {
  return getU8(b, off) | (getU8(b, off + 1) << 8);
}

export function getU32(b: Uint8Array, off: number): number {
  return (getU16(b, off) | (getU16(b, off + 2) << 16)) >>> 0;
}

export function getU64(b: Uint8Array, off: number): bigint {
  return BigInt(getU32(b, off)) | (BigInt(getU32(b, off + 4)) << 32n);
}

export function putU8(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 0xff;
}

export function putU16(b: Uint8Array, off: number, v: number): void {
  putU8(b, off, v);
  putU8(b, off + 1, v >>> 8);
}

export function putU32(b: Uint8Array, off: number, v: number): void {
  putU16(b, off, v & 0xffff);
  putU16(b, off + 2, (v >>> 16) & 0xffff);
}

export function putU64(b: Uint8Array, off: number, v: bigint): void {
  const x = u64(v);
  putU32(b, off, Number(x & 0xffff_ffffn));
  putU32(b, off + 4, Number(x >> 32n));
}

/** True when the bytes [off, off + len) of b are all zero (a kernel-side memchr_inv(..., 0, len) == NULL). */
export function isZeroed(b: Uint8Array, off: number, len: number): boolean {
  for (let i = off; i < off + len; i++) if ((b[i] ?? 0) !== 0) return false;
  return true;
}
