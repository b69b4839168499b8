/**
 * The shared kernel helpers of the reference (src/reference/kernel/): user memory, the user-copy
 * primitives with copy_struct_from_user's semantics (facts §5.1), errno names, options.
 */
import { describe, expect, it } from 'vitest';
import {
  E2BIG,
  EFAULT,
  EINVAL,
  ENOIOCTLCMD,
  ENOTSUPP,
  ENOTTY,
  errnoName,
  ioctlReturn,
} from '../../../src/reference/kernel/errno.ts';
import { kernelAtLeast, knownStructVersion, referenceOptions } from '../../../src/reference/kernel/profile-kernel.ts';
import {
  check_zeroed_user,
  clear_user,
  copy_from_user,
  copy_struct_from_user,
  copy_to_user,
  get_user_u32,
  getU16,
  getU32,
  getU64,
  putU16,
  putU32,
  putU64,
  UserMemory,
} from '../../../src/reference/kernel/user-memory.ts';

const seg = (addr: bigint, bytes: number[] | Uint8Array, writable = true) => ({
  addr,
  bytes: bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes),
  writable,
});

describe('UserMemory', () => {
  it('works on a private copy and returns the segments in the caller order', () => {
    const a = seg(0x2000n, [1, 2, 3, 4]);
    const b = seg(0x1000n, [9, 9], false);
    const mem = new UserMemory([a, b]);
    expect(mem.write(0x2001n, Uint8Array.from([7]))).toBe(0);
    expect(a.bytes[1]).toBe(2); // the caller's memory is untouched
    const out = mem.segments();
    expect(out.map((s) => s.addr)).toEqual([0x2000n, 0x1000n]);
    expect([...(out[0]?.bytes ?? [])]).toEqual([1, 7, 3, 4]);
  });

  it('faults outside every segment and on writes to read-only segments, after writing what it could', () => {
    const mem = new UserMemory([seg(0x1000n, [0, 0, 0, 0]), seg(0x2000n, [5, 5], false)]);
    expect(mem.read(0x1002n, 4)).toBe(-EFAULT);
    expect(mem.write(0x1002n, Uint8Array.from([1, 2, 3]))).toBe(-EFAULT);
    expect([...(mem.segments()[0]?.bytes ?? [])]).toEqual([0, 0, 1, 2]);
    expect(mem.write(0x2000n, Uint8Array.from([1]))).toBe(-EFAULT);
    expect(mem.accessible(0x1000n, 8n, false)).toBe(4n);
    expect(mem.accessible(0x2000n, 2n, true)).toBe(0n);
  });

  it('reads across adjacent segments', () => {
    const mem = new UserMemory([seg(0x1000n, [1, 2]), seg(0x1002n, [3, 4])]);
    expect([...(mem.read(0x1001n, 3) as Uint8Array)]).toEqual([2, 3, 4]);
  });
});

describe('user-copy primitives', () => {
  it('copy_from_user / copy_to_user / clear_user return the bytes not copied', () => {
    const mem = new UserMemory([seg(0x1000n, [1, 2, 3, 4])]);
    const dst = new Uint8Array([9, 9, 9, 9, 9, 9]);
    expect(copy_from_user(mem, dst, 0x1002n)).toBe(4);
    expect([...dst]).toEqual([3, 4, 0, 0, 0, 0]); // the uncopied part is zeroed, as _copy_from_user does
    expect(copy_to_user(mem, 0x1003n, Uint8Array.from([7, 7]))).toBe(1);
    expect(get_user_u32(mem, 0x1000n)).toEqual([0, 0x07030201]);
    expect(get_user_u32(mem, 0x1001n)[0]).toBe(-EFAULT);
    expect(clear_user(mem, 0x1000n, 2n)).toBe(0n);
    expect(get_user_u32(mem, 0x1000n)).toEqual([0, 0x07030000]);
    expect(clear_user(mem, 0x1000n, 1n << 40n)).toBe((1n << 40n) - 4n);
  });

  it('check_zeroed_user: 1, 0 or -EFAULT; size 0 is 1; the first nonzero byte decides before a later fault', () => {
    const mem = new UserMemory([seg(0x1000n, [0, 0, 5, 0])]);
    expect(check_zeroed_user(mem, 0x1000n, 2n)).toBe(1);
    expect(check_zeroed_user(mem, 0x1000n, 3n)).toBe(0);
    expect(check_zeroed_user(mem, 0x1000n, 100n)).toBe(0);
    expect(check_zeroed_user(mem, 0x1003n, 2n)).toBe(-EFAULT);
    expect(check_zeroed_user(mem, 0x9000n, 0n)).toBe(1);
  });

  it('copy_struct_from_user: zero-extends a short struct, demands a zero tail of a long one (E2BIG)', () => {
    const mem = new UserMemory([seg(0x1000n, [1, 2, 3, 4, 0, 0, 0xff, 0])]);
    const k = new Uint8Array(4).fill(0xaa);
    expect(copy_struct_from_user(mem, k, 0x1000n, 2)).toBe(0);
    expect([...k]).toEqual([1, 2, 0, 0]);
    expect(copy_struct_from_user(mem, k, 0x1000n, 6)).toBe(0);
    expect([...k]).toEqual([1, 2, 3, 4]);
    expect(copy_struct_from_user(mem, k, 0x1000n, 7)).toBe(-E2BIG);
    expect(copy_struct_from_user(mem, k, 0x1000n, 9)).toBe(-E2BIG); // nonzero byte before the fault
    expect(copy_struct_from_user(mem, k, 0x1004n, 6)).toBe(-EFAULT); // tail faults
    // A struct whose size ends at the end of the mapping reads nothing past it.
    expect(copy_struct_from_user(mem, new Uint8Array(16), 0x1004n, 4)).toBe(0);
  });

  it('little-endian fields', () => {
    const b = new Uint8Array(16);
    putU16(b, 0, 0xbeef);
    putU32(b, 4, 0xdeadbeef);
    putU64(b, 8, 0x0102030405060708n);
    expect(getU16(b, 0)).toBe(0xbeef);
    expect(getU32(b, 4)).toBe(0xdeadbeef);
    expect(getU64(b, 8)).toBe(0x0102030405060708n);
    expect(b[8]).toBe(8);
  });
});

describe('errno and options', () => {
  it('names errnos, including kernel-internal ones', () => {
    expect(errnoName(-EINVAL)).toBe('EINVAL');
    expect(errnoName(ENOTSUPP)).toBe('ENOTSUPP');
    expect(ioctlReturn(-ENOIOCTLCMD)).toBe(-ENOTTY);
  });

  it('compares kernel versions and resolves struct versions', () => {
    expect(kernelAtLeast('6.12', '6.13')).toBe(false);
    expect(kernelAtLeast('6.13', '6.13')).toBe(true);
    expect(kernelAtLeast('7.0', '6.13')).toBe(true);
    const opts = referenceOptions({ structs: { s: 2 } });
    expect(opts.kernel).toBe('6.12');
    expect(knownStructVersion(opts, 's', 3)).toBe(2);
    expect(knownStructVersion(opts, 't', 3)).toBe(3);
    expect(() => knownStructVersion(referenceOptions({ structs: { s: 4 } }), 's', 3)).toThrow();
  });
});
