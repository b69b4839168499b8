import type { Case, Report, Requirement, Run, Verdict } from '../../../src/spec/generated/report.ts';
import { replayCommand } from '../../../src/report/console.ts';

/**
 * Report fixtures for the report writers' tests, shaped the way src/report/json-report.ts builds them.
 *
 * `sampleReport()`: eleven requirements and two runs of the same seed —
 *   - `reference`, where every requirement passes and every row is reached;
 *   - a process adapter with a failing MUST (through a suspect row), a failing critical MUST, a SHOULD
 *     warning, an expected failure, an unexpected pass, a skip, an untested requirement, an uncovered row,
 *     and an adapter that broke part way (so two requirements are `broken`).
 * `largeReport()`: about eighty requirements and three runs of 20 000 cases each, for the page's speed.
 */

export const DIGEST = '3f2a9c1e5b7d4f6a8c0e2b4d6f8a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d2f4a';
export const BROKEN_ADAPTER = 'process:./impls/mock-iommufd --strict';
export const SEED = 20240611;
/** A problem message that would end the data element if the page embedded it unescaped. */
export const HOSTILE = 'struct dump: </script><script>window.__pwned = true</script><!-- end';

type Source = Record<string, unknown>;
const kernel = (path: string, version: string, says: string, commit?: string): Source => ({ kind: 'kernel', path, version, ...(commit ? { commit } : {}), says });
const thread = (author: string, subject: string, date: string, says: string, messageId?: string): Source => ({ kind: 'thread', author, subject, date, ...(messageId ? { messageId } : {}), says });
const document = (title: string, says: string, url?: string): Source => ({ kind: 'document', title, ...(url ? { url } : {}), says });

type Row = Requirement['rows'][number];
const row = (table: string, id: string, revision: number, suspect = false): Row => ({ table, row: id, revision, suspect });

export const requirements: Requirement[] = [
  {
    id: 'SIZE-001',
    revision: 1,
    level: 'MUST',
    title: 'Size word is read first; an unreadable argument fails with EFAULT',
    statement: 'An implementation MUST fetch the leading __u32 size word from offset 0 of the ioctl argument before it interprets any other field, and MUST fail the call with EFAULT when this fetch faults, a NULL argument pointer included.',
    profiles: ['iommu-uapi', 'vfio-nesting', 'iommufd'],
    critical: false,
    sources: [
      kernel('drivers/iommu/iommufd/main.c#iommufd_fops_ioctl', '≈v6.13 (commit 051ae5aa)', 'The dispatcher fetches the u32 at offset 0 and returns EFAULT if that fetch faults.', '051ae5aa'),
      document('Linux 6.12 with the mock IOMMU driver under QEMU: 31-case probe', 'A NULL argument to an in-range iommufd command returned EFAULT.'),
    ],
    rows: [row('iommufd.destroy', 'null-arg', 1), row('iommu-uapi.cache_invalidate', 'header-fault', 1)],
  },
  {
    id: 'SIZE-003',
    revision: 2,
    level: 'MUST',
    title: 'A size below the minimum fails with EINVAL',
    statement: 'An implementation MUST refuse a declared size below the minimum size of the struct (the size of its first published version) with EINVAL, before it reads any field past the size word.',
    profiles: ['iommufd'],
    critical: false,
    sources: [kernel('drivers/iommu/iommufd/main.c', 'v6.12', 'The dispatcher compares the user size with the table entry min_size and returns EINVAL when it is smaller.')],
    rows: [row('iommufd.destroy', 'short', 1, true), row('iommufd.destroy', 'ok', 2)],
  },
  {
    id: 'VALID-004',
    revision: 1,
    level: 'MUST',
    title: 'Reserved bytes of the invalidation info must be zero',
    statement: 'An implementation MUST fail a cache invalidation with EINVAL when any reserved or padding byte of struct iommu_cache_invalidate_info is non-zero, so that the bytes stay available for later versions.',
    profiles: ['iommu-uapi'],
    critical: true,
    sources: [
      thread('Jacob Pan', 'Re: [PATCH v7 3/7] iommu/uapi: Introduce enum type for PASID data format', '2020-09-11', 'Padding has to be checked for zero, otherwise it can never be given a meaning later.', '1599861476-53416-4-git-send-email-jacob.jun.pan@linux.intel.com'),
    ],
    rows: [row('iommu-uapi.cache_invalidate', 'reserved-nonzero', 1)],
  },
  {
    id: 'LAYOUT-002',
    revision: 1,
    level: 'SHOULD',
    title: 'New fields are appended at the end of a struct',
    statement: 'A new version of a uAPI struct SHOULD only append fields after the last field of the previous version, keeping every earlier offset and size.',
    profiles: ['iommu-uapi', 'iommufd'],
    critical: false,
    sources: [document('Documentation/userspace-api/iommu.rst', 'Extensions are made by appending new members to the end of the structs.', 'https://www.kernel.org/doc/html/v5.10/userspace-api/iommu.html')],
    checkedBy: { kind: 'layout-lint', place: 'src/layout/lint.ts#appendOnly' },
    rows: [],
  },
  {
    id: 'NEST-002',
    revision: 1,
    level: 'MUST',
    title: 'Nesting operations need a nesting container with a group attached',
    statement: 'A VFIO nesting implementation MUST fail a nesting operation with EINVAL when the container has no domain, and with EOPNOTSUPP when the container is not a nesting container.',
    profiles: ['vfio-nesting'],
    critical: false,
    sources: [
      thread('Kevin Tian', 'RE: [PATCH v1 6/8] vfio/type1: Bind guest page tables to host', '2020-05-15', 'Both bind and unbind return EINVAL when the container holds no domain.'),
      kernel('drivers/vfio/vfio_iommu_type1.c', 'luxis1999/linux-vsva fork, commit 0165f52a (never merged)', 'The NESTING_OP handler refuses a request with EOPNOTSUPP without nesting information.', '0165f52a'),
    ],
    rows: [row('vfio.nesting_op', 'no-domain', 1), row('vfio.nesting_op', 'not-nesting', 1)],
  },
  {
    id: 'NEST-005',
    revision: 1,
    level: 'MUST',
    title: 'A bind is all or nothing',
    statement: 'A VFIO nesting implementation MUST undo every bind it made for a request when binding to a later device of the container fails, and MUST leave no device bound.',
    profiles: ['vfio-nesting'],
    critical: true,
    sources: [thread('Alex Williamson', 'Re: [PATCH v3 07/14] vfio/type1: Add VFIO_IOMMU_PASID_REQUEST', '2020-07-09', 'A partial bind would leave devices of one container translating differently.')],
    rows: [row('vfio.nesting_op', 'bind-rollback', 1)],
  },
  {
    id: 'FAULT-003',
    revision: 1,
    level: 'SHOULD',
    title: 'Fault records carry a cookie for the response',
    statement: 'An implementation SHOULD put a kernel-made cookie into every fault record it queues and SHOULD accept a response only when it quotes the cookie of an outstanding fault.',
    profiles: ['iommufd'],
    critical: false,
    sources: [thread('Jason Gunthorpe', 'Re: [PATCH v2 2/6] iommufd: Add iommu page fault uapi data', '2023-12-01', 'Put a cookie into each fault record for userspace to copy into its reply.', '20231201151405.GA1489931@ziepe.ca')],
    rows: [row('iommufd.fault_write', 'unknown-cookie', 1), row('iommufd.fault_write', 'bad-cookie', 1)],
  },
  {
    id: 'FAULT-007',
    revision: 1,
    level: 'MAY',
    title: 'A short read returns whole records only',
    statement: 'An implementation MAY return fewer fault records than fit in the buffer, but it MUST NOT return a partial record.',
    profiles: ['iommufd'],
    critical: false,
    sources: [kernel('drivers/iommu/iommufd/fault.c#iommufd_fault_fops_read', '≈v6.11–v6.12 (commit c5fb51b7)', 'The read loop stops before a record that does not fit.', 'c5fb51b7')],
    rows: [row('iommufd.fault_read', 'short-buffer', 1)],
  },
  {
    id: 'GROW-002',
    revision: 1,
    level: 'MUST',
    title: 'A larger struct with a zero tail is accepted',
    statement: 'An implementation MUST accept a struct larger than it knows when every byte past its known size is zero, and MUST behave as if the known size had been given.',
    profiles: ['iommufd'],
    critical: false,
    sources: [kernel('include/linux/uaccess.h#copy_struct_from_user', 'v6.12', 'Bytes past the known size must be zero; otherwise E2BIG.')],
    rows: [row('iommufd.destroy', 'zero-tail', 1)],
  },
  {
    id: 'GROW-005',
    revision: 1,
    level: 'MUST',
    title: 'A non-zero tail fails with E2BIG',
    statement: 'An implementation MUST fail a call with E2BIG when a byte past the size it knows is non-zero.',
    profiles: ['iommufd'],
    critical: false,
    sources: [kernel('include/linux/uaccess.h#copy_struct_from_user', 'v6.12', 'A non-zero byte past the known size gives E2BIG.')],
    rows: [row('iommufd.ioas_map', 'nonzero-tail', 1)],
  },
  {
    id: 'VALID-010',
    revision: 1,
    level: 'MUST',
    title: 'Unknown PASID table formats are refused',
    statement: 'An implementation MUST fail attaching a PASID table with EINVAL when its format is not one it supports.',
    profiles: ['iommu-uapi'],
    critical: false,
    sources: [kernel('include/uapi/linux/iommu.h#iommu_pasid_table_config', 'v5.10', 'The format field names the vendor table format.')],
    rows: [row('iommu-uapi.attach_pasid_table', 'bad-format', 1)],
  },
];

interface CaseSpec {
  id: string;
  profile: string;
  operation: string;
  status: Case['status'];
  requirements: string[];
  failed?: string[];
  rows?: string[];
  extra?: Partial<Case>;
}

function makeCase(adapter: string, seed: number, c: CaseSpec, ms = 0.4): Case {
  const rows = c.rows ?? [];
  const [table, rowId] = (rows[0] ?? '').split('#');
  return {
    id: c.id,
    profile: c.profile,
    operation: c.operation,
    status: c.status,
    requirements: c.requirements,
    failed: c.failed ?? [],
    ...(table && rowId ? { decidedBy: { table, row: rowId } } : {}),
    rowsReached: rows,
    ...c.extra,
    ...(c.status === 'fail' || c.status === 'broken' ? { replay: replayCommand(adapter, seed, c.id) } : {}),
    ms,
  };
}

function profileOf(table: string): string {
  return table.startsWith('iommufd.') ? 'iommufd' : table.startsWith('vfio.') ? 'vfio-nesting' : 'iommu-uapi';
}

/** Verdicts as src/suite/verdicts.ts derives them, with explicit verdicts where the story needs one. */
function verdicts(cases: Case[], forced: Record<string, { verdict: Verdict; note?: string; expectedReason?: string }>): Run['verdicts'] {
  return requirements.map((r) => {
    const checked = cases.filter((c) => c.requirements.includes(r.id));
    const failedCases = checked.filter((c) => (c.status === 'fail' || c.status === 'xfail') && c.failed.includes(r.id)).map((c) => c.id);
    const f = forced[r.id];
    const verdict: Verdict = f?.verdict ?? (failedCases.length ? (r.level === 'MUST' ? 'fail' : 'warn') : checked.length ? 'pass' : 'untested');
    return { id: r.id, level: r.level, critical: r.critical, verdict, cases: checked.length, failedCases, ...(f?.note ? { note: f.note } : {}), ...(f?.expectedReason ? { expectedReason: f.expectedReason } : {}) };
  });
}

function coverage(cases: Case[], tables: string[]): Run['coverage'] {
  const all = requirements.flatMap((r) => r.rows).filter((r) => tables.includes(profileOf(r.table)));
  const keys = [...new Set(all.map((r) => `${r.table}#${r.row}`))];
  return keys.map((key) => {
    const [table, rowId] = key.split('#') as [string, string];
    return { table, row: rowId, cases: cases.filter((c) => c.rowsReached.includes(key)).length };
  });
}

const PROFILES = ['iommu-uapi', 'vfio-nesting', 'iommufd'];

function referenceRun(): Run {
  const adapter = 'reference';
  const specs: CaseSpec[] = [];
  for (const r of requirements) {
    for (const rw of r.rows) {
      for (let i = 0; i < 3; i++) {
        specs.push({ id: `${rw.table}/${rw.row}/v${i}`, profile: profileOf(rw.table), operation: rw.table, status: 'pass', requirements: [r.id], rows: [`${rw.table}#${rw.row}`] });
      }
    }
  }
  const cases = specs.map((s) => makeCase(adapter, SEED, s));
  return {
    adapter,
    description: { name: 'reference', version: '0.1.0', profiles: { 'iommu-uapi': {}, 'vfio-nesting': {}, iommufd: {} } },
    seed: SEED,
    profiles: PROFILES,
    started: '2025-03-14T09:26:53.589Z',
    ms: 4821.5,
    verdicts: verdicts(cases, { 'LAYOUT-002': { verdict: 'pass', note: "checked on the spec's layouts by src/layout/lint.ts#appendOnly" } }),
    cases,
    coverage: coverage(cases, PROFILES),
  };
}

const destroyInput = (size: string) => ({
  op: 'IOMMU_DESTROY',
  struct: 'iommu_destroy',
  fields: [
    { path: 'size', offset: 0, size: 4, hex: size },
    { path: 'id', offset: 4, size: 4, hex: '01 00 00 00' },
  ],
  args: { cmd: '0x3b80', fd: '0x3' },
});

function brokenRun(): Run {
  const adapter = BROKEN_ADAPTER;
  const specs: CaseSpec[] = [
    { id: 'iommufd.destroy/null-arg/null', profile: 'iommufd', operation: 'iommufd.destroy', status: 'pass', requirements: ['SIZE-001'], rows: ['iommufd.destroy#null-arg'] },
    { id: 'iommu-uapi.cache_invalidate/header-fault/guard', profile: 'iommu-uapi', operation: 'iommu-uapi.cache_invalidate', status: 'pass', requirements: ['SIZE-001'], rows: ['iommu-uapi.cache_invalidate#header-fault'] },
    { id: 'iommufd.destroy/ok/min', profile: 'iommufd', operation: 'iommufd.destroy', status: 'pass', requirements: ['SIZE-003'], rows: ['iommufd.destroy#ok'] },
    {
      id: 'iommufd.destroy/short/size=7',
      profile: 'iommufd',
      operation: 'iommufd.destroy',
      status: 'fail',
      requirements: ['SIZE-003'],
      failed: ['SIZE-003'],
      rows: ['iommufd.destroy#short'],
      extra: { suspect: true, expected: ['EINVAL'], actual: 'ok', problems: [{ aspect: 'errno', message: 'expected EINVAL, the call succeeded' }], input: destroyInput('07 00 00 00') },
    },
    {
      id: 'iommufd.destroy/short/size=0',
      profile: 'iommufd',
      operation: 'iommufd.destroy',
      status: 'fail',
      requirements: ['SIZE-003'],
      failed: ['SIZE-003'],
      rows: ['iommufd.destroy#short'],
      extra: { suspect: true, expected: ['EINVAL'], actual: 'ENOENT', problems: [{ aspect: 'errno', message: 'expected EINVAL, got ENOENT: the id was looked up before the size was checked' }], input: destroyInput('00 00 00 00') },
    },
    {
      id: 'iommu-uapi.cache_invalidate/reserved-nonzero/padding[3]',
      profile: 'iommu-uapi',
      operation: 'iommu-uapi.cache_invalidate',
      status: 'fail',
      requirements: ['VALID-004'],
      failed: ['VALID-004'],
      rows: ['iommu-uapi.cache_invalidate#reserved-nonzero'],
      extra: {
        expected: ['EINVAL'],
        actual: 'ok',
        problems: [
          { aspect: 'errno', message: 'expected EINVAL, the call succeeded' },
          { aspect: 'memory', message: HOSTILE },
        ],
        input: {
          op: 'IOMMU_CACHE_INVALIDATE',
          struct: 'iommu_cache_invalidate_info',
          fields: [
            { path: 'argsz', offset: 0, size: 4, hex: '30 00 00 00' },
            { path: 'version', offset: 4, size: 4, hex: '01 00 00 00' },
            { path: 'cache', offset: 8, size: 1, hex: '01' },
            { path: 'granularity', offset: 9, size: 1, hex: '00' },
            { path: 'padding[0..5]', offset: 10, size: 6, hex: '00 00 00 ff 00 00' },
          ],
          args: { pasid: '0x1' },
        },
      },
    },
    { id: 'iommu-uapi.cache_invalidate/reserved-nonzero/none', profile: 'iommu-uapi', operation: 'iommu-uapi.cache_invalidate', status: 'pass', requirements: ['VALID-004'], rows: ['iommu-uapi.cache_invalidate#reserved-nonzero'] },
    {
      id: 'iommufd.fault_write/unknown-cookie/stale',
      profile: 'iommufd',
      operation: 'iommufd.fault_write',
      status: 'fail',
      requirements: ['FAULT-003'],
      failed: ['FAULT-003'],
      rows: ['iommufd.fault_write#unknown-cookie'],
      extra: { expected: ['EINVAL'], actual: 'ok', problems: [{ aspect: 'errno', message: 'a response quoting a cookie no fault carries was accepted' }] },
    },
    {
      id: 'iommufd.fault_read/short-buffer/one-and-a-half',
      profile: 'iommufd',
      operation: 'iommufd.fault_read',
      status: 'xfail',
      requirements: ['FAULT-007'],
      failed: ['FAULT-007'],
      rows: ['iommufd.fault_read#short-buffer'],
      extra: { expected: ['ok(count=1)'], actual: 'ok(count=2)', problems: [{ aspect: 'result', message: 'returned 1.5 records' }] },
    },
    { id: 'iommufd.destroy/zero-tail/size=16', profile: 'iommufd', operation: 'iommufd.destroy', status: 'xpass', requirements: ['GROW-002'], rows: ['iommufd.destroy#zero-tail'] },
    { id: 'iommu-uapi.attach_pasid_table/bad-format/format=3', profile: 'iommu-uapi', operation: 'iommu-uapi.attach_pasid_table', status: 'skip', requirements: [], extra: { reason: 'the implementation does not support IOMMU_ATTACH_PASID_TABLE' } },
    {
      id: 'vfio.nesting_op/no-domain/bind',
      profile: 'vfio-nesting',
      operation: 'vfio.nesting_op',
      status: 'broken',
      requirements: [],
      extra: { problems: [{ aspect: 'adapter', message: 'adapter process exited with signal SIGSEGV\nstderr: mock-iommufd: nesting_op: NULL container->domain' }] },
    },
  ];
  const cases = specs.map((s) => makeCase(adapter, SEED, s, 1.7));
  return {
    adapter,
    description: { name: 'mock-iommufd', version: '2.3.0-rc1', profiles: { 'iommu-uapi': {}, 'vfio-nesting': {}, iommufd: {} } },
    seed: SEED,
    profiles: PROFILES,
    started: '2025-03-14T09:27:02.114Z',
    ms: 913.2,
    broken: {
      message: 'adapter process exited with signal SIGSEGV',
      stderrTail: 'mock-iommufd: handling VFIO_IOMMU_NESTING_OP\nmock-iommufd: nesting_op: NULL container->domain\nSegmentation fault (core dumped)',
      caseId: 'vfio.nesting_op/no-domain/bind',
    },
    verdicts: verdicts(cases, {
      'LAYOUT-002': { verdict: 'pass', note: "checked on the spec's layouts by src/layout/lint.ts#appendOnly" },
      'FAULT-007': { verdict: 'xfail', expectedReason: 'mock-iommufd copies whole pages of records (known bug #41)' },
      'GROW-002': { verdict: 'xpass', expectedReason: 'zero tails were refused before 2.3' },
      'VALID-010': { verdict: 'skip' },
      'NEST-002': { verdict: 'broken' },
      'NEST-005': { verdict: 'broken' },
    }),
    cases,
    coverage: coverage(cases, PROFILES),
  };
}

export function sampleReport(): Report {
  return {
    format: 'iommu-uapi-conformance/report@1',
    generated: '2025-03-14T09:27:05.000Z',
    spec: { version: '0.1.0', digest: DIGEST },
    requirements,
    runs: [referenceRun(), brokenRun()],
  };
}

/** ~80 requirements × 3 runs × `casesPerRun` cases; one run fails about one case in fifty. */
export function largeReport(casesPerRun = 20_000): Report {
  const areas = ['SIZE', 'LAYOUT', 'VALID', 'NEST', 'FAULT', 'GROW'];
  const reqs: Requirement[] = [];
  for (let i = 0; i < 80; i++) {
    const area = areas[i % areas.length]!;
    const id = `${area}-${String(100 + Math.floor(i / areas.length)).padStart(3, '0')}`;
    const profile = PROFILES[i % 3]!;
    reqs.push({
      id,
      revision: 1 + (i % 2),
      level: i % 7 === 0 ? 'SHOULD' : i % 11 === 0 ? 'MAY' : 'MUST',
      title: `Synthetic requirement ${i} of the ${area} area`,
      statement: `An implementation MUST do thing number ${i} exactly as the decision table of its operation says, for every size and flag.`,
      profiles: [profile],
      critical: i % 9 === 0,
      sources: [kernel(`drivers/iommu/iommufd/main.c#fn${i}`, 'v6.12', 'The kernel does it this way.')],
      rows: [row(`${profile}.op${i % 20}`, `r${i}`, 1, i % 2 === 1), row(`${profile}.op${i % 20}`, `r${i}b`, 1 + (i % 2))],
    });
  }
  const runs: Run[] = ['reference', 'process:./impl-a', 'process:./impl-b'].map((adapter, k) => {
    const cases: Case[] = [];
    for (let n = 0; n < casesPerRun; n++) {
      const r = reqs[n % reqs.length]!;
      const rw = r.rows[n % 2]!;
      // The third run fails one case in fifty, and every case of the first requirement (so its details page).
      const fails = k === 2 && (n % 50 === 7 || n % reqs.length === 0);
      cases.push({
        id: `${rw.table}/${rw.row}/case-${n}`,
        profile: r.profiles[0]!,
        operation: rw.table,
        status: fails ? 'fail' : 'pass',
        requirements: [r.id],
        failed: fails ? [r.id] : [],
        decidedBy: { table: rw.table, row: rw.row },
        rowsReached: [`${rw.table}#${rw.row}`],
        ...(fails
          ? { expected: ['EINVAL'], actual: 'ok', problems: [{ aspect: 'errno', message: 'expected EINVAL' }], input: destroyInput('07 00 00 00'), replay: replayCommand(adapter, 7, `${rw.table}/${rw.row}/case-${n}`) }
          : {}),
        ms: 0.2,
      });
    }
    const reached = new Map<string, number>();
    for (const c of cases) for (const key of c.rowsReached) reached.set(key, (reached.get(key) ?? 0) + 1);
    const byReq = new Map<string, Case[]>();
    for (const c of cases) for (const id of c.requirements) (byReq.get(id) ?? byReq.set(id, []).get(id)!).push(c);
    return {
      adapter,
      description: { name: adapter },
      seed: 7,
      profiles: PROFILES,
      started: '2025-03-14T10:00:00.000Z',
      ms: 60_000 + k,
      verdicts: reqs.map((r) => {
        const cs = byReq.get(r.id) ?? [];
        const failedCases = cs.filter((c) => c.status === 'fail').map((c) => c.id);
        return { id: r.id, level: r.level, critical: r.critical, verdict: failedCases.length ? (r.level === 'MUST' ? 'fail' : 'warn') : 'pass', cases: cs.length, failedCases };
      }),
      cases,
      coverage: reqs.flatMap((r) => r.rows.map((rw) => ({ table: rw.table, row: rw.row, cases: reached.get(`${rw.table}#${rw.row}`) ?? 0 }))),
    };
  });
  return { format: 'iommu-uapi-conformance/report@1', generated: '2025-03-14T10:05:00.000Z', spec: { version: '0.1.0', digest: DIGEST }, requirements: reqs, runs };
}
