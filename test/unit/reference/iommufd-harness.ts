/**
 * A small test process for the iommufd reference kernel: a persistent user address space (the result
 * memory of each call is the next call's memory), the argument struct at ARG, buffers at BUF, and
 * struct builders declared from the facts.
 */
import { expect } from 'vitest';
import { isUnsupported } from '../../../src/adapters/adapter.ts';
import type { CallResult, Segment } from '../../../src/adapters/call.ts';
import { createIommufdKernel } from '../../../src/reference/iommufd/index.ts';
import type { ProfileKernel, ReferenceOptions } from '../../../src/reference/kernel/profile-kernel.ts';

export const ARG = 0x10000n;
export const BUF = 0x100000n;
export const BUF_SIZE = 0x10000;
export const PAGE = 4096n;
export const MOCK_APERTURE_START = 0x1000000n;
export const U64_MAX = (1n << 64n) - 1n;

/** [offset, width in bytes, value] */
export type Field = [number, 1 | 2 | 4 | 8, bigint | number];

export function struct(size: number, fields: Field[] = []): Uint8Array {
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  for (const [off, w, v] of fields) {
    const x = BigInt.asUintN(w * 8, BigInt(v));
    if (w === 1) dv.setUint8(off, Number(x));
    else if (w === 2) dv.setUint16(off, Number(x), true);
    else if (w === 4) dv.setUint32(off, Number(x), true);
    else dv.setBigUint64(off, x, true);
  }
  return b;
}

export function rd32(b: Uint8Array, off: number): number {
  return new DataView(b.buffer, b.byteOffset).getUint32(off, true);
}
export function rd64(b: Uint8Array, off: number): bigint {
  return new DataView(b.buffer, b.byteOffset).getBigUint64(off, true);
}

export interface IoctlOutcome {
  errno: string | undefined;
  /** The argument bytes after the call. */
  out: Uint8Array;
  result: CallResult;
}

export class Proc {
  readonly k: ProfileKernel;
  segs: Segment[];

  constructor(options: Partial<ReferenceOptions> = {}) {
    this.k = createIommufdKernel(options);
    this.k.reset({});
    this.segs = [
      { addr: ARG, bytes: new Uint8Array(Number(PAGE)), writable: true },
      { addr: BUF, bytes: new Uint8Array(BUF_SIZE), writable: true },
    ];
  }

  call(op: string, args: Record<string, bigint | number> = {}, argp = 0n): CallResult {
    const r = this.k.call({
      op: `iommufd.${op}`,
      argp,
      args: Object.fromEntries(Object.entries(args).map(([k, v]) => [k, BigInt(v)])),
      memory: this.segs,
    });
    if (isUnsupported(r)) throw new Error(`unsupported: ${op}`);
    expect(r.memory.map((s) => [s.addr, s.bytes.length])).toEqual(this.segs.map((s) => [s.addr, s.bytes.length]));
    this.segs = r.memory;
    return r;
  }

  poke(addr: bigint, bytes: Uint8Array): void {
    for (const s of this.segs) {
      const off = addr - s.addr;
      if (off >= 0n && off + BigInt(bytes.length) <= BigInt(s.bytes.length)) {
        s.bytes.set(bytes, Number(off));
        return;
      }
    }
    throw new Error(`poke outside the test memory: ${addr}`);
  }

  peek(addr: bigint, n: number): Uint8Array {
    for (const s of this.segs) {
      const off = addr - s.addr;
      if (off >= 0n && off + BigInt(n) <= BigInt(s.bytes.length)) return s.bytes.slice(Number(off), Number(off) + n);
    }
    throw new Error(`peek outside the test memory: ${addr}`);
  }

  /** Places `arg` at ARG (the page is cleared first) and runs the named ioctl on it. */
  ioctl(op: string, arg: Uint8Array, argp = ARG): IoctlOutcome {
    this.poke(ARG, new Uint8Array(Number(PAGE)));
    this.poke(ARG, arg);
    const result = this.call(op, {}, argp);
    return { errno: result.errno, out: this.peek(ARG, arg.length), result };
  }

  raw(cmd: number, arg: Uint8Array | null): CallResult {
    if (arg) {
      this.poke(ARG, new Uint8Array(Number(PAGE)));
      this.poke(ARG, arg);
    }
    return this.call('ioctl', { cmd }, arg ? ARG : 0n);
  }

  /* ---- convenience wrappers that expect success ---- */

  ioasAlloc(): number {
    const r = this.ioctl('ioas_alloc', struct(12, [[0, 4, 12]]));
    expect(r.errno).toBeUndefined();
    return rd32(r.out, 8);
  }

  mockDomain(ioas: number, flags = 0, driver = 0): { stdev: number; hwpt: number; dev: number } {
    const r = this.call('mock_domain', { ioas, flags, driver });
    expect(r.errno).toBeUndefined();
    const out = r.out ?? {};
    return { stdev: Number(out.stdev_id), hwpt: Number(out.hwpt_id), dev: Number(out.dev_id) };
  }

  map(ioas: number, userVa: bigint, length: bigint, iova = 0n, flags = 7): IoctlOutcome {
    return this.ioctl('ioas_map', mapArg({ ioas, userVa, length, iova, flags }));
  }

  hwptAlloc(a: HwptAllocArgs): IoctlOutcome {
    return this.ioctl('hwpt_alloc', hwptAllocArg(a));
  }

  faultAlloc(): { id: number; fd: number } {
    const r = this.ioctl('fault_queue_alloc', struct(16, [[0, 4, 16]]));
    expect(r.errno).toBeUndefined();
    return { id: rd32(r.out, 8), fd: rd32(r.out, 12) };
  }

  destroy(id: number): string | undefined {
    return this.ioctl(
      'destroy',
      struct(8, [
        [0, 4, 8],
        [4, 4, id],
      ]),
    ).errno;
  }

  observe(): IommufdSnap {
    return this.k.observe() as IommufdSnap;
  }
}

export interface IommufdSnap {
  profile: 'iommufd';
  objects: { id: number; kind: string }[];
  mappings: { ioas: number; iova: string; length: string }[];
  attachments: { device: number; hwpt: number }[];
  iotlb: { hwpt: number; entries: string[] }[];
  faults: { id: number; queued: number; outstanding: string[] }[];
}

export function mapArg(a: {
  ioas: number;
  userVa: bigint;
  length: bigint;
  iova?: bigint;
  flags?: number;
  reserved?: number;
  size?: number;
}): Uint8Array {
  return struct(40, [
    [0, 4, a.size ?? 40],
    [4, 4, a.flags ?? 7],
    [8, 4, a.ioas],
    [12, 4, a.reserved ?? 0],
    [16, 8, a.userVa],
    [24, 8, a.length],
    [32, 8, a.iova ?? 0n],
  ]);
}

export interface HwptAllocArgs {
  dev: number;
  pt: number;
  flags?: number;
  dataType?: number;
  dataLen?: number;
  dataUptr?: bigint;
  faultId?: number;
  reserved?: number;
  reserved2?: number;
  size?: number;
}

export function hwptAllocArg(a: HwptAllocArgs): Uint8Array {
  return struct(48, [
    [0, 4, a.size ?? 48],
    [4, 4, a.flags ?? 0],
    [8, 4, a.dev],
    [12, 4, a.pt],
    [20, 4, a.reserved ?? 0],
    [24, 4, a.dataType ?? 0],
    [28, 4, a.dataLen ?? 0],
    [32, 8, a.dataUptr ?? 0n],
    [40, 4, a.faultId ?? 0],
    [44, 4, a.reserved2 ?? 0],
  ]);
}

export function invalidateArg(a: {
  hwpt: number;
  uptr: bigint;
  type: number;
  len: number;
  num: number;
  reserved?: number;
}): Uint8Array {
  return struct(32, [
    [0, 4, 32],
    [4, 4, a.hwpt],
    [8, 8, a.uptr],
    [16, 4, a.type],
    [20, 4, a.len],
    [24, 4, a.num],
    [28, 4, a.reserved ?? 0],
  ]);
}
