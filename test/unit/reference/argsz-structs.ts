/**
 * Test helpers for the argsz-era and VFIO nesting reference kernels: user memory laid out the way the suite
 * lays it out (the argument ends right before an unmapped guard page), and byte builders for the structs,
 * written from the facts (§1.1, §2.2) independently of src/reference.
 */
import type { Call, CallResult, Segment } from '../../../src/adapters/call.ts';
import { isUnsupported, type Unsupported } from '../../../src/adapters/adapter.ts';
import type { ReferenceOptions } from '../../../src/reference/kernel/profile-kernel.ts';

export const BASE = 0x10000n;

export function options(defects: string[] = [], structs: Record<string, number> = {}): ReferenceOptions {
  return { kernel: '6.12', structs, defects: new Set(defects) };
}

/** One writable segment at BASE holding `bytes`; everything after it is unmapped. */
export function mem(bytes: Uint8Array, writable = true): Segment[] {
  return [{ addr: BASE, bytes, writable }];
}

export function call(op: string, bytes: Uint8Array | null, args: Record<string, bigint | number> = {}, writable = true): Call {
  return {
    op,
    argp: bytes ? BASE : 0n,
    args: Object.fromEntries(Object.entries(args).map(([k, v]) => [k, BigInt(v)])),
    memory: bytes ? mem(bytes, writable) : [],
  };
}

export function ok(r: CallResult | Unsupported): CallResult {
  if (isUnsupported(r)) throw new Error(`unsupported: ${r.reason}`);
  return r;
}

export function errno(r: CallResult | Unsupported): string | undefined {
  return ok(r).errno;
}

/** Little-endian writer over a fresh buffer. */
export class Bytes {
  readonly b: Uint8Array;
  constructor(n: number) {
    this.b = new Uint8Array(n);
  }
  u8(off: number, v: number): this {
    if (off < this.b.length) this.b[off] = v & 0xff;
    return this;
  }
  u16(off: number, v: number): this {
    return this.u8(off, v).u8(off + 1, v >>> 8);
  }
  u32(off: number, v: number): this {
    return this.u16(off, v & 0xffff).u16(off + 2, (v >>> 16) & 0xffff);
  }
  u64(off: number, v: bigint): this {
    return this.u32(off, Number(v & 0xffffffffn)).u32(off + 4, Number((v >> 32n) & 0xffffffffn));
  }
}

export function readU32(b: Uint8Array, off: number): number {
  return ((b[off] ?? 0) | ((b[off + 1] ?? 0) << 8) | ((b[off + 2] ?? 0) << 16) | ((b[off + 3] ?? 0) << 24)) >>> 0;
}

export function readU16(b: Uint8Array, off: number): number {
  return (b[off] ?? 0) | ((b[off + 1] ?? 0) << 8);
}

export function readU64(b: Uint8Array, off: number): bigint {
  return BigInt(readU32(b, off)) | (BigInt(readU32(b, off + 4)) << 32n);
}

/** struct iommu_cache_invalidate_info (v5.10), `len` bytes of it mapped. */
export function cacheInfo(f: {
  argsz?: number;
  version?: number;
  cache?: number;
  granularity?: number;
  padding?: number;
  flags?: number;
  pasid?: bigint;
  len?: number;
}): Uint8Array {
  const len = f.len ?? 56;
  return new Bytes(len)
    .u32(0, f.argsz ?? 56)
    .u32(4, f.version ?? 1)
    .u8(8, f.cache ?? 1)
    .u8(9, f.granularity ?? 0)
    .u8(12, f.padding ?? 0)
    .u32(16, f.flags ?? 0)
    .u64(24, f.pasid ?? 0n).b;
}

/** struct iommu_gpasid_bind_data (v5.10) with vendor.vtd. */
export function bindData(f: {
  argsz?: number;
  version?: number;
  format?: number;
  addrWidth?: number;
  flags?: bigint;
  hpasid?: bigint;
  gpasid?: bigint;
  padding?: number;
  vtdFlags?: bigint;
  len?: number;
}): Uint8Array {
  const len = f.len ?? 72;
  return new Bytes(len)
    .u32(0, f.argsz ?? 72)
    .u32(4, f.version ?? 1)
    .u32(8, f.format ?? 1)
    .u32(12, f.addrWidth ?? 48)
    .u64(16, f.flags ?? 0n)
    .u64(24, 0x1000n)
    .u64(32, f.hpasid ?? 5n)
    .u64(40, f.gpasid ?? 0n)
    .u8(50, f.padding ?? 0)
    .u64(56, f.vtdFlags ?? 0n).b;
}

/** struct iommu_page_response (v5.10). */
export function pageResponse(f: { argsz?: number; version?: number; flags?: number; pasid?: number; grpid?: number; code?: number }): Uint8Array {
  return new Bytes(24)
    .u32(0, f.argsz ?? 24)
    .u32(4, f.version ?? 1)
    .u32(8, f.flags ?? 0)
    .u32(12, f.pasid ?? 0)
    .u32(16, f.grpid ?? 0)
    .u32(20, f.code ?? 0).b;
}

/** struct iommu_pasid_table_config (v14+ layout, 32 bytes) with vendor_data.smmuv3. */
export function pasidTableConfig(f: {
  argsz?: number;
  version?: number;
  basePtr?: bigint;
  format?: number;
  pasidBits?: number;
  config?: number;
  padding?: number;
  smmuVersion?: number;
  len?: number;
}): Uint8Array {
  const len = f.len ?? 32;
  return new Bytes(len)
    .u32(0, f.argsz ?? 32)
    .u32(4, f.version ?? 1)
    .u64(8, f.basePtr ?? 0x4000n)
    .u32(16, f.format ?? 1)
    .u8(20, f.pasidBits ?? 0)
    .u8(21, f.config ?? 1)
    .u8(22, f.padding ?? 0)
    .u32(24, f.smmuVersion ?? 1).b;
}

/** A VFIO header {argsz, flags} followed by a payload. */
export function vfioHdr(argsz: number, flags: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const b = new Bytes(8 + payload.length).u32(0, argsz).u32(4, flags).b;
  b.set(payload, 8);
  return b;
}

/** struct vfio_iommu_type1_pasid_request */
export function pasidRequest(flags: number, min: number, max: number, argsz = 16): Uint8Array {
  return new Bytes(16).u32(0, argsz).u32(4, flags).u32(8, min).u32(12, max).b;
}
