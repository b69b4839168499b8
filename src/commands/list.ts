import type { Requirement } from '../spec/generated/requirement.ts';
import { loadCheckedSpec } from '../spec/checked-spec.ts';

export interface ListOptions {
  json?: boolean;
  profile?: string;
  area?: string;
}

export function selectRequirements(requirements: Iterable<Requirement>, options: ListOptions): Requirement[] {
  return [...requirements]
    .filter((r) => !options.profile || r.profiles.includes(options.profile as Requirement['profiles'][number]))
    .filter((r) => !options.area || r.id.startsWith(options.area.toUpperCase() + '-'))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export function listCommand(options: ListOptions): void {
  const { spec } = loadCheckedSpec();
  const chosen = selectRequirements([...spec.requirements.values()].map((r) => r.doc), options);
  if (options.json) {
    console.log(JSON.stringify(chosen.map(({ $schema: _, ...r }) => r), null, 2));
    return;
  }
  for (const r of chosen) {
    const flags = [r.level, r.critical ? 'critical' : '', r.profiles.join(',')].filter(Boolean).join(' ');
    console.log(`${r.id}  ${r.title}  [${flags}]`);
  }
  console.log(`${chosen.length} requirements`);
}
