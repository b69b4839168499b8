import type { Field, Layout, Member, Version } from '../spec/generated/layout.ts';
import { toBigInt } from './integer.ts';

/** A resolved field path: where it sits in the struct, how wide it is, and what it is. */
export interface FieldSlot {
  path: string;
  offset: number;
  size: number;
  field: Field | Member;
  /** Element size for arrays (count > 1), else the field size. */
  elementSize: number;
  /** The layout whose field list declares it (where its flag set or enum is defined). */
  owner: string;
}

/** Every struct of the spec by name, with lookups by version and field path; names are unique across profiles. */
export class LayoutRegistry {
  private readonly byName = new Map<string, Layout>();
  private readonly slotCache = new Map<string, Map<number, Map<string, FieldSlot>>>();
  private readonly constants = new Map<string, bigint | undefined>();

  constructor(layouts: Iterable<Layout>) {
    for (const layout of layouts) this.byName.set(layout.name, layout);
  }

  all(): Layout[] {
    return [...this.byName.values()];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): Layout {
    const layout = this.byName.get(name);
    if (!layout) throw new Error(`no layout named ${name}`);
    return layout;
  }

  newest(name: string): Version {
    const versions = this.get(name).versions;
    return versions[versions.length - 1]!;
  }

  /** The given version, or the newest when none is given. */
  version(name: string, version?: number): Version {
    if (version === undefined) return this.newest(name);
    const found = this.get(name).versions.find((v) => v.version === version);
    if (!found) throw new Error(`${name} has no version ${version}`);
    return found;
  }

  /** Every addressable path of a struct version: top-level fields, named union and struct members, recursively. */
  slots(name: string, version?: number): Map<string, FieldSlot> {
    let byVersion = this.slotCache.get(name);
    if (!byVersion) this.slotCache.set(name, (byVersion = new Map()));
    const key = version ?? 0;
    let slots = byVersion.get(key);
    if (!slots) {
      const v = this.version(name, version);
      slots = new Map();
      this.collect(name, v.fields, 0, '', slots);
      byVersion.set(key, slots);
    }
    return slots;
  }

  slot(name: string, path: string, version?: number): FieldSlot {
    const found = this.slots(name, version).get(path);
    if (!found) throw new Error(`${name} has no field ${path}`);
    return found;
  }

  /** Looks a constant, enum value or flag up by name across the given layouts. */
  constant(name: string): bigint | undefined {
    if (!this.constants.has(name)) this.constants.set(name, this.findConstant(name));
    return this.constants.get(name);
  }

  private findConstant(name: string): bigint | undefined {
    for (const layout of this.byName.values()) {
      const direct = layout.constants?.[name];
      if (direct !== undefined) return toBigInt(direct);
      for (const group of [layout.enums, layout.flagSets]) {
        for (const values of Object.values(group ?? {})) {
          const value = values[name];
          if (value !== undefined) return toBigInt(value);
        }
      }
    }
    return undefined;
  }

  private collect(owner: string, fields: (Field | Member)[], base: number, prefix: string, out: Map<string, FieldSlot>, offsets?: number[]): void {
    fields.forEach((field, i) => {
      const offset = base + (offsets ? offsets[i]! : (field as Field).offset);
      const named = field.name !== undefined;
      const path = named ? prefix + field.name : prefix.replace(/\.$/, '');
      if (named) {
        const count = ('count' in field && field.count) || Number(/\[(\d+)\]$/.exec(field.ctype)?.[1] ?? 1);
        out.set(path, { path, offset, size: field.size, field, elementSize: field.size / count, owner });
      }
      const nextPrefix = named ? path + '.' : prefix;
      if ('members' in field && field.members) {
        // Members of a union all start at the union's offset.
        this.collect(owner, field.members, offset, nextPrefix, out, field.members.map(() => 0));
      } else if (field.struct && this.byName.has(field.struct)) {
        this.collect(field.struct, this.newest(field.struct).fields, offset, nextPrefix, out);
      }
    });
  }
}
