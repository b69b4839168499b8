import type { Layout, Version } from '../spec/generated/layout.ts';
import type { LayoutRegistry } from './registry.ts';

/** A layout rule broken by one version of one struct. */
export interface LayoutViolation {
  requirement: string;
  layout: string;
  version: number;
  message: string;
}

/** One static layout rule: which requirement it checks, and the check. */
export interface LayoutRule {
  name: string;
  requirement: string;
  check(layout: Layout, version: Version, registry: LayoutRegistry): string[];
}

const is64 = (ctype: string) => /(__aligned_u64|__u64|__s64|__aligned_le64)/.test(ctype);

export const sizeWordFirst: LayoutRule = {
  name: 'sizeWordFirst',
  requirement: 'LAYOUT-001',
  check(layout, version) {
    if (layout.usage !== 'argument') return [];
    const first = version.fields[0];
    if (first && first.offset === 0 && first.size === 4 && first.role === 'size') return [];
    return ['the first field is not a __u32 size word at offset 0'];
  },
};

/** Gaps between fields (and after the last one) that no named field covers. */
export function holes(version: Version): [number, number][] {
  const covered = new Uint8Array(version.size);
  for (const f of version.fields) covered.fill(1, f.offset, Math.min(f.offset + f.size, version.size));
  const gaps: [number, number][] = [];
  for (let i = 0; i < covered.length; i++) {
    if (covered[i]) continue;
    const start = i;
    while (i < covered.length && !covered[i]) i++;
    gaps.push([start, i]);
  }
  return gaps;
}

export const noHoles: LayoutRule = {
  name: 'noHoles',
  requirement: 'LAYOUT-002',
  check(_layout, version) {
    return holes(version).map(([from, to]) => `implicit padding at bytes ${from}..${to - 1}`);
  },
};

export const aligned64: LayoutRule = {
  name: 'aligned64',
  requirement: 'LAYOUT-003',
  check(layout, version, registry) {
    const problems: string[] = [];
    for (const slot of registry.slots(layout.name, version.version).values()) {
      if (is64(slot.field.ctype) && slot.offset % 8 !== 0) problems.push(`64-bit field ${slot.path} at offset ${slot.offset}`);
    }
    return problems;
  },
};

export const sizeMultipleOf8: LayoutRule = {
  name: 'sizeMultipleOf8',
  requirement: 'LAYOUT-004',
  check(layout, version) {
    if (layout.usage !== 'argument' || version.size % 8 === 0) return [];
    return [`size ${version.size} is not a multiple of 8`];
  },
};

export const unionLast: LayoutRule = {
  name: 'unionLast',
  requirement: 'LAYOUT-005',
  check(_layout, version) {
    const index = version.fields.findIndex((f) => f.role === 'union');
    if (index < 0 || index === version.fields.length - 1) return [];
    return [`field ${version.fields[index + 1]!.name ?? '(union)'} follows the union`];
  },
};

export const responseCarriesOnlyCookie: LayoutRule = {
  name: 'responseCarriesOnlyCookie',
  requirement: 'FAULT-010',
  check(layout, version) {
    if (layout.usage !== 'response') return [];
    const problems = version.fields
      .filter((f) => /(^|_)(dev_id|pasid|grpid|hwpt_id|dev)$/.test(f.name ?? ''))
      .map((f) => `the response names its fault by ${f.name}, an identity the kernel would have to trust`);
    if (!version.fields.some((f) => f.name === 'cookie')) problems.push('the response carries no cookie');
    return problems;
  },
};

export const layoutRules: LayoutRule[] = [sizeWordFirst, noHoles, aligned64, sizeMultipleOf8, unionLast, responseCarriesOnlyCookie];

/**
 * Runs every layout rule on every version of every layout in the profiles each rule's requirement
 * applies to. `appliesTo` maps a requirement ID to its profiles.
 */
export function lintLayouts(registry: LayoutRegistry, appliesTo: (requirement: string) => readonly string[]): LayoutViolation[] {
  const violations: LayoutViolation[] = [];
  for (const layout of registry.all()) {
    for (const version of layout.versions) {
      for (const rule of layoutRules) {
        if (!appliesTo(rule.requirement).includes(layout.profile)) continue;
        for (const message of rule.check(layout, version, registry)) {
          violations.push({ requirement: rule.requirement, layout: layout.name, version: version.version, message });
        }
      }
    }
  }
  return violations;
}
