import type { LayoutRegistry } from './registry.ts';

/** The machine form of one struct version, as `layout --json` prints it and `diff` reads it. */
export interface LayoutJson {
  name: string;
  profile: string;
  version: number;
  label: string;
  size: number;
  minSize?: number;
  align: number;
  fields: { name: string; offset: number; size: number; ctype: string; role: string }[];
}

export function layoutJson(registry: LayoutRegistry, name: string, version?: number): LayoutJson {
  const layout = registry.get(name);
  const v = registry.version(name, version);
  return {
    name,
    profile: layout.profile,
    version: v.version,
    label: v.label,
    size: v.size,
    ...(v.minSize !== undefined ? { minSize: v.minSize } : {}),
    align: v.align,
    fields: v.fields.map((f) => ({ name: f.name ?? '(union)', offset: f.offset, size: f.size, ctype: f.ctype, role: f.role })),
  };
}
