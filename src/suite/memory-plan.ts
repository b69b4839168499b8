import type { Segment } from '../adapters/call.ts';
import { encodeStruct, type FieldValues } from '../layout/codec.ts';
import type { LayoutRegistry } from '../layout/registry.ts';

/** Where the suite puts user memory: each region on its own megabyte, so unmapped guard pages surround it. */
const REGION_BASE = 0x10000000n;
const REGION_STRIDE = 0x100000n;
const PAGE = 4096n;
/** An address that no region ever maps. */
export const UNMAPPED = 0xdead0000n;

export interface PlacedBuffer {
  name: string;
  addr: bigint;
  length: number;
}

/**
 * Lays out the memory of one call. Every region is placed so that it ends right before an unmapped page:
 * an implementation that reads one byte past what it was given faults, and the suite sees it.
 */
export class MemoryPlan {
  private readonly segments: Segment[] = [];
  private next = 0n;

  private base(): bigint {
    return REGION_BASE + REGION_STRIDE * this.next++;
  }

  /** Maps `bytes` so their last byte is the last byte before a guard page (or at `align` when given). */
  place(bytes: Uint8Array, writable = true, align?: number): bigint {
    const base = this.base();
    const len = BigInt(bytes.length);
    const span = ((len + PAGE - 1n) / PAGE) * PAGE || PAGE;
    const addr = align ? base : base + span - len;
    if (bytes.length > 0) this.segments.push({ addr, bytes: new Uint8Array(bytes), writable });
    return addr;
  }

  memory(): Segment[] {
    return this.segments.map((s) => ({ ...s, bytes: new Uint8Array(s.bytes) }));
  }
}

/** Bytes of a struct: `size` bytes (the size word's value), of which only `mapped` are placed. */
export function structBytes(registry: LayoutRegistry, name: string, values: FieldValues, size: number, version?: number): Uint8Array {
  const known = registry.version(name, version).size;
  const bytes = new Uint8Array(Math.max(size, 0));
  bytes.set(encodeStruct(registry, name, values, version, known).subarray(0, Math.min(size, known)));
  return bytes;
}
