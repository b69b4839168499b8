import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importHeader } from '../../../src/layout/import-header.ts';
import { layoutJson } from '../../../src/layout/json.ts';
import { loadCheckedSpec } from '../../../src/spec/checked-spec.ts';
import { projectRoot } from '../../../src/spec/paths.ts';

// Layouts from the real headers must agree with spec/layouts. The tools are installed when missing; when
// the machine cannot install them the test says so and skips, never passing silently.
function prepare(): string | undefined {
  try {
    execFileSync(path.join(projectRoot, 'scripts', 'install-header-tools.sh'), { encoding: 'utf8', timeout: 600_000 });
    return undefined;
  } catch (e) {
    return `cannot install gcc, pahole and the kernel headers: ${((e as { stdout?: string }).stdout ?? (e as Error).message).trim()}`;
  }
}
const missing = prepare();
if (missing) console.warn(`SKIPPED import-header test: ${missing}`);

const headerFile = (include: string): string => {
  if (include === 'linux/iommufd.h') {
    // Node 20 has no fs.glob: the newest linux-headers-6.12*-common folder holds it.
    const dir = readdirSync('/usr/src').filter((d) => /^linux-headers-6\.12.*-common$/.test(d)).sort().at(-1)!;
    return path.join('/usr/src', dir, 'include', 'uapi', 'linux', 'iommufd.h');
  }
  return path.join('/usr/include', include);
};

describe.skipIf(missing !== undefined)('import-header reproduces the layouts of the spec from the real headers', () => {
  const { spec } = loadCheckedSpec();
  const withHeader = spec.registry.all().filter((l) => l.header);

  it('covers every struct the spec has a real header for', () => {
    expect(withHeader.map((l) => l.name)).toEqual(expect.arrayContaining(['iommu_hwpt_alloc', 'iommu_fault', 'iommu_page_response', 'vfio_iommu_type1_info']));
  });

  it.each(withHeader.map((l) => [l.name, l] as const))('%s', (name, layout) => {
    const [imported] = importHeader(headerFile(layout.header!.path), [name]);
    const mine = layoutJson(spec.registry, name, layout.header!.version);
    expect(imported!.size).toBe(mine.size);
    expect(imported!.fields.map((f) => [f.name, f.offset, f.size])).toEqual(mine.fields.map((f) => [f.name, f.offset, f.size]));
  });
});
