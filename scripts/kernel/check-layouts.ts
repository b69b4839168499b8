/**
 * The iommufd profile's struct layouts against the real headers the certified kernel was built from:
 * include/uapi/linux/iommufd.h, and the mock driver's drivers/iommu/iommufd/iommufd_test.h for its two
 * payload structs (both copied beside the kernel in the cache by scripts/kernel/build.sh, never into the
 * repository). Each spec layout (its newest version) must equal what gcc and pahole read from the header,
 * compared as `iommu-conformance diff <struct> <import-header output>` compares them.
 *
 *   tsx scripts/kernel/check-layouts.ts    exit 0 all equal, 1 a difference, 10 gcc/pahole/kernel missing
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kernelArtifacts } from '../../src/adapters/kernel.ts';
import { classify } from '../../src/layout/diff.ts';
import { readDiffSide } from '../../src/layout/diff-input.ts';
import { importHeader } from '../../src/layout/import-header.ts';
import { loadCheckedSpec } from '../../src/spec/checked-spec.ts';

/** The structs that live in the mock driver's test header rather than the uapi header. */
const TEST_HEADER_STRUCTS = new Set(['iommu_hwpt_selftest', 'iommu_hwpt_invalidate_selftest']);

function skip(why: string): never {
  console.log(`check-layouts: SKIPPED, ${why}`);
  process.exit(10);
}

for (const tool of ['gcc', 'pahole']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0) skip(`${tool} is not installed (pahole is in the dwarves package)`);
}
let include = '';
try {
  include = path.join(path.dirname(kernelArtifacts().bzImage), 'include');
} catch (e) {
  skip((e as Error).message);
}
// iommufd_test.h includes <linux/iommufd.h>, which the system headers of a 6.1 libc do not have.
process.env.C_INCLUDE_PATH = [include, process.env.C_INCLUDE_PATH].filter(Boolean).join(':');

const { spec } = loadCheckedSpec();
const names = spec.registry
  .all()
  .filter((l) => l.profile === 'iommufd')
  .map((l) => l.name);
const imported = [
  ...importHeader(path.join(include, 'linux', 'iommufd.h'), names.filter((n) => !TEST_HEADER_STRUCTS.has(n))),
  ...importHeader(path.join(include, 'iommufd_test.h'), names.filter((n) => TEST_HEADER_STRUCTS.has(n))),
];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'check-layouts-'));
let differences = 0;
try {
  for (const real of imported) {
    const file = path.join(tmp, `${real.name}.json`);
    writeFileSync(file, JSON.stringify(real));
    const result = classify(readDiffSide(real.name, spec.registry), readDiffSide(file, spec.registry));
    if (result.changes.length) {
      differences++;
      console.log(`DIFFERENT ${real.name}: ${result.changes.map((c) => `${c.kind} ${c.detail}`).join('; ')}`);
    } else console.log(`same      ${real.name} (${real.size} bytes)`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`check-layouts: ${imported.length - differences} of ${imported.length} iommufd layouts equal the headers of the certified kernel`);
process.exit(differences ? 1 : 0);
