import type { Call, CallResult } from '../adapters/call.ts';
import { encodeStruct, readUint, writeUint, type FieldValues } from '../layout/codec.ts';
import { toBigInt } from '../layout/integer.ts';
import type { LayoutRegistry } from '../layout/registry.ts';
import type { Value } from '../spec/generated/scenarios.ts';
import type { StepPlan } from './case.ts';
import { MemoryPlan, UNMAPPED, structBytes, type PlacedBuffer } from './memory-plan.ts';

/** A step turned into a concrete call, with where everything was put. */
export interface RealizedStep {
  call: Call;
  /** The argument struct, when the step has one. */
  struct?: { name: string; addr: bigint; size: number; version?: number };
  buffers: Map<string, PlacedBuffer & { struct?: string }>;
}

/** A name bound by an earlier step is missing: that step failed, so this one cannot be built. */
export class UnboundName extends Error {
  override name = 'UnboundName';
}

export function resolveValue(value: Value, registry: LayoutRegistry, bindings: Map<string, bigint>, buffers: Map<string, PlacedBuffer>): bigint {
  if (typeof value === 'number' || typeof value === 'string') return toBigInt(value);
  if ('const' in value) {
    const v = registry.constant(value.const);
    if (v === undefined) throw new Error(`unknown constant ${value.const}`);
    return v;
  }
  if ('buffer' in value) {
    const b = buffers.get(value.buffer);
    if (!b) throw new Error(`unknown buffer ${value.buffer}`);
    return b.addr + BigInt(value.offset ?? 0);
  }
  if ('lengthOf' in value) {
    const b = buffers.get(value.lengthOf);
    if (!b) throw new Error(`unknown buffer ${value.lengthOf}`);
    return BigInt(b.length);
  }
  if ('ref' in value) {
    const v = bindings.get(value.ref);
    if (v === undefined) throw new UnboundName(`nothing bound to ${value.ref}`);
    return v;
  }
  if ('or' in value) return value.or.reduce((acc: bigint, v) => acc | resolveValue(v, registry, bindings, buffers), 0n);
  return UNMAPPED;
}

/** The layout the step's argument struct uses: the template's choice, else the rule table's. */
export function realizeStep(plan: StepPlan, tableStruct: string | undefined, registry: LayoutRegistry, bindings: Map<string, bigint>): RealizedStep {
  const mem = new MemoryPlan();
  const buffers = new Map<string, PlacedBuffer & { struct?: string }>();
  const resolve = (v: Value) => resolveValue(v, registry, bindings, buffers);
  // Buffers first: the struct's pointer fields refer to them.
  for (const [name, spec] of Object.entries(plan.call.buffers ?? {})) {
    const entrySize = spec.struct ? registry.newest(spec.struct).size : 0;
    const length = spec.length ?? entrySize * (spec.count ?? 1);
    const bytes = new Uint8Array(length).fill(spec.fill ?? 0);
    buffers.set(name, { name, addr: 0n, length, ...(spec.struct ? { struct: spec.struct } : {}) });
    if (spec.struct && spec.entries?.length) {
      for (let i = 0; i * entrySize < length; i++) {
        const entry = spec.entries[Math.min(i, spec.entries.length - 1)]!;
        const values: FieldValues = {};
        for (const [path, v] of Object.entries(entry)) values[path] = resolve(v);
        writeEntry(registry, spec.struct, values, bytes, i * entrySize);
      }
    }
    buffers.get(name)!.addr = mem.place(bytes, spec.writable ?? true, spec.align);
  }
  const args: Record<string, bigint> = {};
  for (const [name, v] of Object.entries(plan.call.args ?? {})) args[name] = resolve(v);
  let argp = 0n;
  let struct: RealizedStep['struct'];
  const structName = plan.call.struct?.name ?? tableStruct;
  if (plan.call.argp !== undefined) {
    argp = resolve(plan.call.argp);
  } else if (structName) {
    const version = plan.callerVersion;
    const layout = registry.version(structName, version);
    const payload = plan.call.struct?.payload;
    const payloadSize = payload ? registry.newest(payload.struct).size : 0;
    const size = plan.call.struct?.size === undefined || plan.call.struct.size === 'known' ? layout.size + payloadSize : plan.call.struct.size;
    const values: FieldValues = {};
    const sizeField = layout.fields[0]?.role === 'size' ? layout.fields[0].name : undefined;
    if (sizeField) values[sizeField] = BigInt(size);
    for (const [path, v] of Object.entries(plan.call.struct?.fields ?? {})) values[path] = resolve(v);
    // Mapped beyond the size word when the case asks for it (a short size with the struct readable behind it).
    const bytes = structBytes(registry, structName, values, Math.max(size, plan.mapped ?? 0), version);
    if (payload && bytes.length > layout.size) {
      const payloadValues: FieldValues = {};
      for (const [path, v] of Object.entries(payload.fields ?? {})) payloadValues[path] = resolve(v);
      bytes.set(encodeStruct(registry, payload.struct, payloadValues).subarray(0, Math.max(0, size - layout.size)), layout.size);
    }
    if (plan.dirtyTail && size > layout.size) bytes[size - 1] = 0xff;
    for (const { offset, value } of plan.patch ?? []) if (offset < bytes.length) bytes[offset] = value;
    argp = mem.place(bytes.subarray(0, plan.mapped ?? size));
    struct = { name: structName, addr: argp, size, ...(version !== undefined ? { version } : {}) };
  }
  return { call: { op: plan.op, argp, args, memory: mem.memory() }, ...(struct ? { struct } : {}), buffers };
}

function writeEntry(registry: LayoutRegistry, struct: string, values: FieldValues, into: Uint8Array, at: number): void {
  for (const [path, value] of Object.entries(values)) {
    const slot = registry.slot(struct, path);
    if (typeof value === 'bigint' && at + slot.offset < into.length) writeUint(into, at + slot.offset, Math.min(slot.size, 8, into.length - at - slot.offset), value);
  }
}

/** Reads what a step binds from its result: a written field, an output, the return value, a buffer's field. */
export function bindResults(plan: StepPlan, step: RealizedStep, result: CallResult, registry: LayoutRegistry, bindings: Map<string, bigint>): void {
  const read = (addr: bigint, size: number): bigint => {
    for (const s of result.memory) {
      if (addr >= s.addr && addr + BigInt(size) <= s.addr + BigInt(s.bytes.length)) return readUint(s.bytes, Number(addr - s.addr), size);
    }
    throw new UnboundName(`the result has no mapped bytes at 0x${addr.toString(16)}`);
  };
  for (const [name, from] of Object.entries(plan.bind ?? {})) {
    if (from.written !== undefined && step.struct) {
      const slot = registry.slot(step.struct.name, from.written, step.struct.version);
      bindings.set(name, read(step.struct.addr + BigInt(slot.offset), slot.size));
    } else if (from.out !== undefined) {
      const v = result.out?.[from.out];
      if (v === undefined) throw new UnboundName(`the call returned no output ${from.out}`);
      bindings.set(name, v);
    } else if (from.ret) {
      if (result.ret === undefined) throw new UnboundName('the call returned no value');
      bindings.set(name, result.ret);
    } else if (from.buffer !== undefined && from.field !== undefined) {
      const b = step.buffers.get(from.buffer);
      if (!b?.struct) throw new Error(`buffer ${from.buffer} has no struct`);
      const slot = registry.slot(b.struct, from.field);
      bindings.set(name, read(b.addr + BigInt(slot.offset), slot.size));
    }
  }
}
