import type { LayoutRegistry, FieldSlot } from './registry.ts';

/** Reads an unsigned little-endian integer of 1 to 8 bytes; bytes past the buffer read as zero. */
export function readUint(bytes: Uint8Array, offset: number, size: number): bigint {
  let value = 0n;
  for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[offset + i] ?? 0);
  return value;
}

/** Writes an unsigned little-endian integer, truncated to `size` bytes. */
export function writeUint(bytes: Uint8Array, offset: number, size: number, value: bigint): void {
  let v = value;
  for (let i = 0; i < size; i++) {
    bytes[offset + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/** A field is scalar when it fits a 64-bit integer and is not an array of several elements. */
export function isScalar(slot: FieldSlot): boolean {
  return slot.size <= 8 && slot.elementSize === slot.size;
}

export type FieldValues = Record<string, bigint | Uint8Array>;

/** Builds struct bytes from field values (integers for scalars, bytes for arrays); everything unnamed is zero. */
export function encodeStruct(registry: LayoutRegistry, name: string, values: FieldValues, version?: number, size?: number): Uint8Array {
  const v = registry.version(name, version);
  const bytes = new Uint8Array(size ?? v.size);
  for (const [path, value] of Object.entries(values)) {
    const slot = registry.slot(name, path, v.version);
    if (typeof value === 'bigint') writeUint(bytes, slot.offset, Math.min(slot.size, 8), value);
    else bytes.set(value.subarray(0, slot.size), slot.offset);
  }
  return bytes;
}

/** Every scalar field's value, by path. */
export function decodeStruct(registry: LayoutRegistry, name: string, bytes: Uint8Array, version?: number): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const [path, slot] of registry.slots(name, version)) {
    if (isScalar(slot)) out[path] = readUint(bytes, slot.offset, slot.size);
  }
  return out;
}

export interface AnnotatedField {
  path: string;
  offset: number;
  size: number;
  hex: string;
}

/**
 * The bytes cut along the top-level fields, for failure messages: each field's offset, size and bytes in
 * hex. Bytes past the struct (a longer argsz) appear as "(tail)".
 */
export function annotateBytes(registry: LayoutRegistry, name: string, bytes: Uint8Array, version?: number): AnnotatedField[] {
  const v = registry.version(name, version);
  const rows: AnnotatedField[] = [];
  const hexOf = (from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('hex');
  for (const field of v.fields) {
    if (field.offset >= bytes.length) break;
    const end = Math.min(field.offset + field.size, bytes.length);
    rows.push({ path: field.name ?? '(union)', offset: field.offset, size: end - field.offset, hex: hexOf(field.offset, end) });
  }
  if (bytes.length > v.size) rows.push({ path: '(tail)', offset: v.size, size: bytes.length - v.size, hex: hexOf(v.size, bytes.length) });
  return rows;
}
