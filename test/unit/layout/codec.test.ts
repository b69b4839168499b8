import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { annotateBytes, decodeStruct, encodeStruct, readUint, writeUint } from '../../../src/layout/codec.ts';
import { LayoutRegistry } from '../../../src/layout/registry.ts';
import type { Layout } from '../../../src/spec/generated/layout.ts';

const source: Layout['versions'][0]['sources'] = [{ kind: 'document', title: 'test', says: 'a layout made up for the test' }];

// A small struct with a named union of two member structs, like iommu_cache_invalidate_info.
const outer: Layout = {
  name: 'outer',
  profile: 'iommu-uapi',
  usage: 'argument',
  description: 'test',
  versions: [
    {
      version: 1,
      label: 'v1',
      since: 'test',
      sources: source,
      size: 24,
      minSize: 8,
      align: 8,
      fields: [
        { name: 'argsz', ctype: '__u32', offset: 0, size: 4, role: 'size' },
        { name: 'sel', ctype: '__u8', offset: 4, size: 1, role: 'selector' },
        { name: 'padding', ctype: '__u8[3]', offset: 5, size: 3, count: 3, role: 'padding' },
        {
          name: 'u',
          ctype: 'union',
          offset: 8,
          size: 16,
          role: 'union',
          members: [
            { name: 'a', ctype: 'struct inner', size: 16, struct: 'inner' },
            { name: 'raw', ctype: '__u8[16]', size: 16 },
          ],
        },
      ],
    },
  ],
};
const inner: Layout = {
  name: 'inner',
  profile: 'iommu-uapi',
  usage: 'member',
  description: 'test',
  versions: [
    {
      version: 1,
      label: 'v1',
      since: 'test',
      sources: source,
      size: 16,
      align: 8,
      fields: [
        { name: 'flags', ctype: '__u32', offset: 0, size: 4, role: 'flags' },
        { name: 'pad', ctype: '__u32', offset: 4, size: 4, role: 'padding' },
        { name: 'addr', ctype: '__aligned_u64', offset: 8, size: 8, role: 'payload' },
      ],
    },
  ],
};
const registry = new LayoutRegistry([outer, inner]);

describe('little-endian integers', () => {
  it('reads what it writes, for every width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (size, value) => {
        const bytes = new Uint8Array(8);
        writeUint(bytes, 0, size, value);
        expect(readUint(bytes, 0, size)).toBe(value & ((1n << BigInt(size * 8)) - 1n));
      }),
    );
  });

  it('puts the least significant byte first', () => {
    const bytes = new Uint8Array(4);
    writeUint(bytes, 0, 4, 0x11223344n);
    expect([...bytes]).toEqual([0x44, 0x33, 0x22, 0x11]);
  });

  it('reads bytes past the buffer as zero (a short struct is zero-extended)', () => {
    expect(readUint(new Uint8Array([0xff]), 0, 4)).toBe(0xffn);
  });
});

describe('struct codec', () => {
  it('resolves paths through a named union into a member struct', () => {
    expect(registry.slot('outer', 'u.a.addr')).toMatchObject({ offset: 16, size: 8 });
    expect(registry.slot('outer', 'u.raw')).toMatchObject({ offset: 8, size: 16, elementSize: 1 });
  });

  it('encodes fields at their offsets and decodes them back', () => {
    const bytes = encodeStruct(registry, 'outer', { argsz: 24n, sel: 2n, 'u.a.flags': 5n, 'u.a.addr': 0x1122334455667788n });
    expect(bytes.length).toBe(24);
    expect(readUint(bytes, 16, 8)).toBe(0x1122334455667788n);
    const decoded = decodeStruct(registry, 'outer', bytes);
    expect(decoded).toMatchObject({ argsz: 24n, sel: 2n, 'u.a.flags': 5n, 'u.a.addr': 0x1122334455667788n, 'u.a.pad': 0n });
    expect(decoded).not.toHaveProperty('padding'); // arrays are bytes, not integers
  });

  it('round-trips random field values', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (argsz, addr) => {
        const decoded = decodeStruct(registry, 'outer', encodeStruct(registry, 'outer', { argsz: BigInt(argsz), 'u.a.addr': addr }));
        expect(decoded.argsz).toBe(BigInt(argsz));
        expect(decoded['u.a.addr']).toBe(addr);
      }),
    );
  });

  it('annotates bytes by top-level field, with a longer argsz shown as tail', () => {
    const bytes = new Uint8Array(26);
    bytes[24] = 0xab;
    const rows = annotateBytes(registry, 'outer', bytes);
    expect(rows.map((r) => r.path)).toEqual(['argsz', 'sel', 'padding', 'u', '(tail)']);
    expect(rows.at(-1)).toMatchObject({ offset: 24, size: 2, hex: 'ab00' });
  });

  it('rejects a path the struct does not have', () => {
    expect(() => registry.slot('outer', 'u.a.nope')).toThrow(/no field/);
  });
});
