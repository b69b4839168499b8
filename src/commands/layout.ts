import { layoutJson, type LayoutJson } from '../layout/json.ts';
import { loadCheckedSpec } from '../spec/checked-spec.ts';
import { UsageError } from './usage-error.ts';

export interface LayoutOptions {
  json?: boolean;
  profile?: string;
  version?: string;
}

export function layoutCommand(struct: string | undefined, options: LayoutOptions): void {
  const { spec } = loadCheckedSpec();
  const { registry } = spec;
  const version = options.version === undefined ? undefined : Number(options.version);
  if (version !== undefined && !Number.isInteger(version)) throw new UsageError(`--version must be an integer, not ${options.version}`);
  let chosen: LayoutJson[];
  if (struct) {
    if (!registry.has(struct)) throw new UsageError(`no struct named ${struct} (try: iommu-conformance layout --json)`);
    if (options.profile && registry.get(struct).profile !== options.profile) throw new UsageError(`${struct} is not in profile ${options.profile}`);
    if (version !== undefined && !registry.get(struct).versions.some((v) => v.version === version)) {
      throw new UsageError(`${struct} has no version ${version}`);
    }
    chosen = [layoutJson(registry, struct, version)];
  } else {
    chosen = registry
      .all()
      .filter((l) => !options.profile || l.profile === options.profile)
      .filter((l) => version === undefined || l.versions.some((v) => v.version === version))
      .sort((a, b) => a.profile.localeCompare(b.profile) || a.name.localeCompare(b.name))
      .map((l) => layoutJson(registry, l.name, version));
  }
  if (options.json) {
    console.log(JSON.stringify(struct ? chosen[0] : chosen, null, 2));
    return;
  }
  for (const l of chosen) {
    console.log(`struct ${l.name}  (${l.profile}, version ${l.version}: ${l.label}; size ${l.size}${l.minSize !== undefined ? `, min ${l.minSize}` : ''})`);
    for (const f of l.fields) console.log(`  ${String(f.offset).padStart(4)}  ${String(f.size).padStart(3)}  ${f.ctype.padEnd(36)} ${f.name}  [${f.role}]`);
  }
}
