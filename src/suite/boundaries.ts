import type { FieldSlot, LayoutRegistry } from '../layout/registry.ts';
import { toBigInt } from '../layout/integer.ts';
import { isScalar } from '../layout/codec.ts';
import type { Field } from '../spec/generated/layout.ts';

/** One value to try for a field, with a label for the case id ("flags=bit3", "granularity=IOMMU_INV_GRANU_ADDR"). */
export interface Probe {
  label: string;
  value: bigint;
  /** True for the value most likely to fail a check on its own: used to build precedence pairs. */
  firstBad?: boolean;
}

const hex = (v: bigint) => '0x' + v.toString(16);

/** Values that sit on the edges numbers in this API meet: zero, one, page and PASID boundaries, the widths' limits. */
const NUMERIC_EDGES = [0n, 1n, 2n, 0x7ffn, 0x800n, 0xfffn, 0x1000n, 0x1001n, 0xfffffn, 0x100000n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0x7fffffffffffffffn, 0x8000000000000000n, 0xffffffffffffffffn];

export function widthMask(size: number): bigint {
  return (1n << BigInt(Math.min(size, 8) * 8)) - 1n;
}

function dedupe(probes: Probe[]): Probe[] {
  const seen = new Set<bigint>();
  return probes.filter((p) => (seen.has(p.value) ? false : (seen.add(p.value), true)));
}

/** The values worth trying for one field, from what the layout says it is. */
export function probesFor(registry: LayoutRegistry, slot: FieldSlot): Probe[] {
  const field = slot.field as Field;
  const layout = registry.get(slot.owner);
  const mask = widthMask(slot.size);
  const named = (group: Record<string, number | string> | undefined) => Object.entries(group ?? {}).map(([n, v]) => [n, toBigInt(v)] as const);
  if (!isScalar(slot)) {
    // Padding and reserved arrays: a nonzero byte at each position.
    return Array.from({ length: Math.min(slot.size, 16) }, (_, i) => ({ label: `byte${i}=1`, value: 1n << BigInt(8 * i), firstBad: i === 0 }));
  }
  if (field.flagSet) {
    const flags = named(layout.flagSets?.[field.flagSet]);
    const defined = flags.reduce((m, [, v]) => m | v, 0n);
    const probes: Probe[] = [{ label: '0', value: 0n }, ...flags.map(([n, v]) => ({ label: n, value: v }))];
    if (defined) probes.push({ label: 'all-defined', value: defined });
    let firstBad = true;
    for (let bit = 0; bit < Math.min(slot.size, 8) * 8; bit++) {
      const v = 1n << BigInt(bit);
      if (v & defined) continue;
      probes.push({ label: `bit${bit}`, value: v, firstBad });
      firstBad = false;
    }
    return dedupe(probes);
  }
  if (field.enum) {
    const values = named(layout.enums?.[field.enum]);
    const max = values.reduce((m, [, v]) => (v > m ? v : m), 0n);
    return dedupe([
      { label: '0', value: 0n },
      ...values.map(([n, v]) => ({ label: n, value: v })),
      { label: 'max+1', value: (max + 1n) & mask, firstBad: true },
      { label: 'all-ones', value: mask },
    ]);
  }
  switch (field.role) {
    case 'version':
      return [
        { label: '0', value: 0n },
        { label: '1', value: 1n },
        { label: '2', value: 2n, firstBad: true },
        { label: 'all-ones', value: mask },
      ];
    case 'reserved':
    case 'padding':
      return dedupe([
        { label: '1', value: 1n, firstBad: true },
        { label: 'top-bit', value: 1n << BigInt(slot.size * 8 - 1) },
      ]);
    default: {
      const probes: Probe[] = NUMERIC_EDGES.filter((v) => v <= mask).map((v) => ({ label: hex(v), value: v }));
      const last = probes[probes.length - 1];
      if (last) last.firstBad = true;
      return probes;
    }
  }
}

/** The leaves of a struct worth varying: scalars and byte arrays, not the union or struct that holds them, not the size word. */
export function variableSlots(registry: LayoutRegistry, struct: string, version?: number): FieldSlot[] {
  const slots = [...registry.slots(struct, version).values()];
  return slots.filter((s) => {
    const f = s.field as Field;
    if (f.role === 'size' || f.role === 'union') return false;
    // A struct-typed field is a container of leaves, which are varied themselves.
    if (f.struct || (f as { members?: unknown }).members) return false;
    return true;
  });
}
