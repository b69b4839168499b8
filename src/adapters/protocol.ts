import type * as Wire from '../spec/generated/adapter-protocol.ts';
import type { Unsupported } from './adapter.ts';
import type { Call, CallResult, Segment } from './call.ts';

/** Converts calls and results between their in-process form and the exec protocol's JSON (schemas/adapter-protocol.schema.json). */

export const PROTOCOL_VERSION = 1;

const int = (v: bigint) => '0x' + v.toString(16);
const big = (v: string) => BigInt(v);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

export function segmentToWire(s: Segment): Wire.Segment {
  return { addr: int(s.addr), hex: hex(s.bytes), writable: s.writable };
}

export function segmentFromWire(s: Wire.Segment): Segment {
  return { addr: big(s.addr), bytes: bytes(s.hex), writable: s.writable ?? true };
}

export function callToWire(c: Call): Wire.Call {
  return { op: c.op, argp: int(c.argp), args: Object.fromEntries(Object.entries(c.args).map(([k, v]) => [k, int(v)])), memory: c.memory.map(segmentToWire) };
}

export function callFromWire(c: Wire.Call): Call {
  return { op: c.op, argp: big(c.argp), args: Object.fromEntries(Object.entries(c.args).map(([k, v]) => [k, big(v)])), memory: c.memory.map(segmentFromWire) };
}

/** A result in the protocol's form; with the call it answers, only the segments that changed are sent back. */
export function resultToWire(r: CallResult | Unsupported, sent?: Call): Wire.CallResult {
  if ('unsupported' in r) return { unsupported: true, ...(r.reason ? { reason: r.reason } : {}) };
  const changed = (s: Segment, i: number) => {
    const before = sent?.memory[i];
    return !before || before.addr !== s.addr || !Buffer.from(before.bytes).equals(Buffer.from(s.bytes));
  };
  return {
    ...(r.errno ? { errno: r.errno } : {}),
    ...(r.ret !== undefined ? { ret: int(r.ret) } : {}),
    ...(r.out ? { out: Object.fromEntries(Object.entries(r.out).map(([k, v]) => [k, int(v)])) } : {}),
    memory: r.memory.filter(changed).map((s) => ({ addr: int(s.addr), hex: hex(s.bytes) })),
  };
}

/**
 * The result of a call as the implementation sent it. Segments it left out come back unchanged: an
 * implementation only has to return the memory it may have written, and a C adapter can echo all of it.
 */
export function resultFromWire(r: Wire.CallResult, sent: Call): CallResult | Unsupported {
  if (r.unsupported) return { unsupported: true, ...(r.reason ? { reason: r.reason } : {}) };
  const returned = new Map((r.memory ?? []).map((s) => [big(s.addr), bytes(s.hex)]));
  const memory = sent.memory.map((s) => ({ ...s, bytes: returned.get(s.addr) ?? new Uint8Array(s.bytes) }));
  return {
    ...(r.errno ? { errno: r.errno } : {}),
    ...(r.ret !== undefined ? { ret: big(r.ret) } : {}),
    ...(r.out ? { out: Object.fromEntries(Object.entries(r.out).map(([k, v]) => [k, big(v)])) } : {}),
    memory,
  };
}
