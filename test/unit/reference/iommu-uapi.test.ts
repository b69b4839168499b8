/**
 * The iommu-uapi reference kernel against what the facts state outright: the v5.10 generic checks of
 * drivers/iommu/iommu.c in order (§1.3), the VT-d vendor checks, the in-kernel page response, Eric Auger's
 * attach_pasid_table with the SMMUv3 driver checks (§2.2), and each defect changing the behaviour it names.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProfileConfig } from '../../../src/adapters/call.ts';
import { createIommuUapiKernel } from '../../../src/reference/iommu-uapi/index.ts';
import { IOMMU_UAPI_DEFECTS } from '../../../src/reference/iommu-uapi/defects.ts';
import {
  BASE,
  bindData,
  cacheInfo,
  call,
  errno,
  ok,
  options,
  pageResponse,
  pasidTableConfig,
  readU32,
} from './argsz-structs.ts';

const ALL_OPS = ['cache_invalidate', 'bind_gpasid', 'attach_pasid_table', 'page_response'];

function kernel(defects: string[] = [], config: ProfileConfig = {}) {
  const k = createIommuUapiKernel(options(defects));
  k.reset({ vendor: 'vtd', ops: ALL_OPS, domainNested: true, ssidBits: 20, ...config });
  return k;
}

const LAST_PAGE = 1 << 1;
const NEEDS_PASID = 1 << 3;

describe('iommu-uapi: iommu_uapi_cache_invalidate (v5.10 order)', () => {
  it('accepts a DOMAIN request of 16 bytes ending at the guard page', () => {
    expect(errno(kernel().call(call('iommu-uapi.cache_invalidate', cacheInfo({ argsz: 16, len: 16 }))))).toBeUndefined();
  });

  it('ENODEV when the driver has no cache_invalidate op, before touching the argument', () => {
    const k = kernel([], { ops: ['bind_gpasid'] });
    expect(errno(k.call(call('iommu-uapi.cache_invalidate', null)))).toBe('ENODEV');
  });

  it('copies the 16-byte header first: argsz 8 with only 8 bytes mapped faults; with 16 mapped it is EINVAL', () => {
    expect(errno(kernel().call(call('iommu-uapi.cache_invalidate', cacheInfo({ argsz: 8, len: 8 }))))).toBe('EFAULT');
    expect(errno(kernel().call(call('iommu-uapi.cache_invalidate', cacheInfo({ argsz: 8, len: 16 }))))).toBe('EINVAL');
  });

  it('needs argsz 32 for PASID and 56 for ADDR granularity', () => {
    const k = kernel();
    expect(errno(k.call(call('iommu-uapi.cache_invalidate', cacheInfo({ argsz: 31, granularity: 1, flags: 1, len: 56 }))))).toBe('EINVAL');
    expect(errno(k.call(call('iommu-uapi.cache_invalidate', cacheInfo({ argsz: 32, granularity: 1, flags: 1, len: 32 }))))).toBeUndefined();
    expect(errno(k.call(call('iommu-uapi.cache_invalidate', cacheInfo({ argsz: 55, granularity: 2, len: 56 }))))).toBe('EINVAL');
    expect(errno(k.call(call('iommu-uapi.cache_invalidate', cacheInfo({ argsz: 56, granularity: 2, len: 56 }))))).toBeUndefined();
  });

  it('ignores bytes past 56 without reading them (argsz 64, 56 bytes mapped)', () => {
    expect(errno(kernel().call(call('iommu-uapi.cache_invalidate', cacheInfo({ argsz: 64, granularity: 2, len: 56 }))))).toBeUndefined();
  });

  it.each([
    ['version 2', { version: 2 }],
    ['cache bit 3', { cache: 8 }],
    ['granularity 3', { granularity: 3 }],
    ['DOMAIN with DEV_IOTLB', { cache: 2 }],
    ['ADDR with the PASID cache', { granularity: 2, cache: 4 }],
    ['ADDR flags bit 3', { granularity: 2, flags: 8 }],
    ['PASID flags bit 2', { granularity: 1, flags: 4 }],
    ['nonzero padding', { padding: 1 }],
    ['PASID granularity without PASID or ARCHID (SHOULD)', { granularity: 1, flags: 0 }],
  ])('EINVAL for %s', (_name, f) => {
    expect(errno(kernel().call(call('iommu-uapi.cache_invalidate', cacheInfo(f))))).toBe('EINVAL');
  });

  it('leaves user memory unchanged', () => {
    const bytes = cacheInfo({ argsz: 16, len: 16 });
    const r = ok(kernel().call(call('iommu-uapi.cache_invalidate', bytes)));
    expect(r.memory[0]!.bytes).toEqual(bytes);
    expect(r.memory[0]!.addr).toBe(BASE);
  });
});

describe('iommu-uapi: guest PASID bind and unbind', () => {
  it('binds with VT-d data and records gpasid only with IOMMU_SVA_GPASID_VAL', () => {
    const k = kernel();
    expect(errno(k.call(call('iommu-uapi.bind_gpasid', bindData({ hpasid: 5n, gpasid: 9n }))))).toBeUndefined();
    expect(errno(k.call(call('iommu-uapi.bind_gpasid', bindData({ hpasid: 6n, gpasid: 9n, flags: 1n }))))).toBeUndefined();
    expect(k.observe()).toEqual({
      profile: 'iommu-uapi',
      bound: [
        { hpasid: '5', gpasid: '0' },
        { hpasid: '6', gpasid: '9' },
      ],
      pending: [],
      pasidTable: '0',
    });
  });

  it.each([
    ['argsz below 56', { argsz: 55 }],
    ['version 0', { version: 0 }],
    ['format 2 (FORMAT_LAST)', { format: 2 }],
    ['format 0 (vendor check)', { format: 0 }],
    ['flags bit 1', { flags: 2n }],
    ['flags bit 40 (u64 mask)', { flags: 1n << 40n }],
    ['nonzero padding', { padding: 1 }],
    ['VT-d argsz below 72', { argsz: 64, len: 72 }],
    ['VT-d flag bit 6', { vtdFlags: 1n << 6n }],
    ['hpasid 0', { hpasid: 0n }],
    ['hpasid 2^20', { hpasid: 1n << 20n }],
    ['address width 39', { addrWidth: 39 }],
  ])('EINVAL for %s', (_name, f) => {
    expect(errno(kernel().call(call('iommu-uapi.bind_gpasid', bindData(f))))).toBe('EINVAL');
  });

  it('accepts 5-level address width and every VT-d flag below GPASID_LAST', () => {
    expect(errno(kernel().call(call('iommu-uapi.bind_gpasid', bindData({ addrWidth: 57, vtdFlags: 0x3fn }))))).toBeUndefined();
  });

  it('copies the 56-byte header first: argsz 72 with only 40 bytes mapped faults', () => {
    expect(errno(kernel().call(call('iommu-uapi.bind_gpasid', bindData({ len: 40 }))))).toBe('EFAULT');
  });

  it('refuses a second bind of the same PASID with EBUSY', () => {
    const k = kernel();
    expect(errno(k.call(call('iommu-uapi.bind_gpasid', bindData({}))))).toBeUndefined();
    expect(errno(k.call(call('iommu-uapi.bind_gpasid', bindData({}))))).toBe('EBUSY');
  });

  it('VT-d binds only devices with 20-bit PASIDs', () => {
    expect(errno(kernel([], { ssidBits: 16 }).call(call('iommu-uapi.bind_gpasid', bindData({}))))).toBe('EINVAL');
  });

  it('unbind runs the full check, then unbinds; an unbound PASID is not an error', () => {
    const k = kernel();
    k.call(call('iommu-uapi.bind_gpasid', bindData({})));
    expect(errno(k.call(call('iommu-uapi.unbind_gpasid', bindData({ version: 2 }))))).toBe('EINVAL');
    expect(errno(k.call(call('iommu-uapi.unbind_gpasid', bindData({}))))).toBeUndefined();
    expect((k.observe() as { bound: unknown[] }).bound).toEqual([]);
    expect(errno(k.call(call('iommu-uapi.unbind_gpasid', bindData({}))))).toBeUndefined();
  });

  it('unbind tests the bind op for ENODEV (the v5.10 quirk)', () => {
    expect(errno(kernel([], { ops: ['cache_invalidate'] }).call(call('iommu-uapi.unbind_gpasid', null)))).toBe('ENODEV');
  });
});

describe('iommu-uapi: page requests and responses', () => {
  it('only a LAST_PAGE request waits for a response', () => {
    const k = kernel();
    expect(errno(k.call(call('iommu-uapi.report_fault', null, { grpid: 1, pasid: 0, flags: 0 })))).toBeUndefined();
    expect(errno(k.call(call('iommu-uapi.report_fault', null, { grpid: 2, pasid: 0, flags: LAST_PAGE })))).toBeUndefined();
    expect((k.observe() as { pending: string[] }).pending).toEqual(['2']);
    expect(errno(k.call(call('iommu-uapi.report_fault', null, { grpid: 2, pasid: 0, flags: LAST_PAGE })))).toBe('EEXIST');
  });

  it('a response matches a pending request by grpid once', () => {
    const k = kernel();
    expect(errno(k.call(call('iommu-uapi.page_response', pageResponse({ grpid: 2 }))))).toBe('EINVAL');
    k.call(call('iommu-uapi.report_fault', null, { grpid: 2, pasid: 7, flags: LAST_PAGE }));
    expect(errno(k.call(call('iommu-uapi.page_response', pageResponse({ grpid: 3 }))))).toBe('EINVAL');
    // No NEEDS_PASID: the PASID plays no part.
    expect(errno(k.call(call('iommu-uapi.page_response', pageResponse({ grpid: 2, flags: 1, pasid: 99 }))))).toBeUndefined();
    expect((k.observe() as { pending: string[] }).pending).toEqual([]);
    expect(errno(k.call(call('iommu-uapi.page_response', pageResponse({ grpid: 2 }))))).toBe('EINVAL');
  });

  it('checks version and flags before matching', () => {
    const k = kernel();
    k.call(call('iommu-uapi.report_fault', null, { grpid: 2, pasid: 7, flags: LAST_PAGE }));
    expect(errno(k.call(call('iommu-uapi.page_response', pageResponse({ grpid: 2, version: 2 }))))).toBe('EINVAL');
    expect(errno(k.call(call('iommu-uapi.page_response', pageResponse({ grpid: 2, flags: 2 }))))).toBe('EINVAL');
    expect((k.observe() as { pending: string[] }).pending).toEqual(['2']);
  });

  it('a NEEDS_PASID request needs PASID_VALID and the same PASID', () => {
    const k = kernel();
    k.call(call('iommu-uapi.report_fault', null, { grpid: 2, pasid: 7, flags: LAST_PAGE | NEEDS_PASID }));
    expect(errno(k.call(call('iommu-uapi.page_response', pageResponse({ grpid: 2 }))))).toBe('EINVAL');
    expect(errno(k.call(call('iommu-uapi.page_response', pageResponse({ grpid: 2, flags: 1, pasid: 8 }))))).toBe('EINVAL');
    expect(errno(k.call(call('iommu-uapi.page_response', pageResponse({ grpid: 2, flags: 1, pasid: 7 }))))).toBeUndefined();
  });

  it('ENODEV without a page_response op', () => {
    expect(errno(kernel([], { ops: [] }).call(call('iommu-uapi.page_response', null)))).toBe('ENODEV');
  });
});

describe('iommu-uapi: PASID table (SMMUv3)', () => {
  const smmu = (defects: string[] = [], config: ProfileConfig = {}) => kernel(defects, { vendor: 'smmuv3', ...config });

  it('attaches TRANSLATE, refuses S1->S1, accepts BYPASS, detaches', () => {
    const k = smmu();
    expect(errno(k.call(call('iommu-uapi.attach_pasid_table', pasidTableConfig({}))))).toBeUndefined();
    expect((k.observe() as { pasidTable: string }).pasidTable).toBe('1');
    expect(errno(k.call(call('iommu-uapi.attach_pasid_table', pasidTableConfig({}))))).toBe('EINVAL');
    expect(errno(k.call(call('iommu-uapi.attach_pasid_table', pasidTableConfig({ config: 2 }))))).toBeUndefined();
    expect((k.observe() as { pasidTable: string }).pasidTable).toBe('2');
    expect(errno(k.call(call('iommu-uapi.detach_pasid_table', null)))).toBeUndefined();
    expect((k.observe() as { pasidTable: string }).pasidTable).toBe('0');
  });

  it.each([
    ['argsz 23', { argsz: 23 }],
    ['version 2', { version: 2 }],
    ['SMMUv3 format with argsz 24', { argsz: 24, len: 32 }],
    ['config 0', { config: 0 }],
    ['config 4', { config: 4 }],
    ['nonzero padding (SHOULD)', { padding: 1 }],
    ['pasid_bits 21 (SHOULD)', { pasidBits: 21, config: 2 }],
    ['format 2', { format: 2 }],
    ['smmuv3.version 2', { smmuVersion: 2 }],
    ['base_ptr not 64-byte aligned (SHOULD)', { basePtr: 0x4020n }],
  ])('EINVAL for %s', (_name, f) => {
    expect(errno(smmu().call(call('iommu-uapi.attach_pasid_table', pasidTableConfig(f))))).toBe('EINVAL');
  });

  it('TRANSLATE may not be wider than the master SSIDs', () => {
    expect(errno(smmu([], { ssidBits: 8 }).call(call('iommu-uapi.attach_pasid_table', pasidTableConfig({ pasidBits: 9 }))))).toBe('EINVAL');
    expect(errno(smmu([], { ssidBits: 8 }).call(call('iommu-uapi.attach_pasid_table', pasidTableConfig({ pasidBits: 8 }))))).toBeUndefined();
  });

  it('EINVAL on a domain that is not NESTED', () => {
    expect(errno(smmu([], { domainNested: false }).call(call('iommu-uapi.attach_pasid_table', pasidTableConfig({}))))).toBe('EINVAL');
  });

  it('ENODEV without the op; detach without the op does nothing', () => {
    const k = smmu([], { ops: ['cache_invalidate'] });
    expect(errno(k.call(call('iommu-uapi.attach_pasid_table', null)))).toBe('ENODEV');
    expect(errno(k.call(call('iommu-uapi.detach_pasid_table', null)))).toBeUndefined();
  });
});

describe('iommu-uapi: defects', () => {
  it('lists one requirement per defect', () => {
    expect(Object.keys(IOMMU_UAPI_DEFECTS)).toHaveLength(12);
  });

  it('reads-fixed-size reads past argsz (SIZE-002)', () => {
    const c = () => call('iommu-uapi.cache_invalidate', cacheInfo({ argsz: 16, len: 16 }));
    expect(errno(kernel().call(c()))).toBeUndefined();
    expect(errno(kernel(['reads-fixed-size']).call(c()))).toBe('EFAULT');
  });

  it('accepts-short-argsz (SIZE-003): without the check, the copy of argsz - minsz bytes wraps and faults', () => {
    const c = () => call('iommu-uapi.cache_invalidate', cacheInfo({ argsz: 8, len: 16 }));
    expect(errno(kernel().call(c()))).toBe('EINVAL');
    expect(errno(kernel(['accepts-short-argsz']).call(c()))).toBe('EFAULT');
  });

  it('skips-selector-size (SIZE-007)', () => {
    const c = () => call('iommu-uapi.cache_invalidate', cacheInfo({ argsz: 16, granularity: 2, len: 56 }));
    expect(errno(kernel().call(c()))).toBe('EINVAL');
    expect(errno(kernel(['skips-selector-size']).call(c()))).toBeUndefined();
    const b = () => call('iommu-uapi.bind_gpasid', bindData({ argsz: 56 }));
    expect(errno(kernel().call(b()))).toBe('EINVAL');
    expect(errno(kernel(['skips-selector-size']).call(b()))).toBeUndefined();
  });

  it('ignores-padding (VALID-005)', () => {
    expect(errno(kernel(['ignores-padding']).call(call('iommu-uapi.cache_invalidate', cacheInfo({ padding: 1 }))))).toBeUndefined();
    expect(errno(kernel(['ignores-padding']).call(call('iommu-uapi.bind_gpasid', bindData({ padding: 1 }))))).toBeUndefined();
  });

  it('accepts-unknown-version (VALID-001)', () => {
    expect(errno(kernel(['accepts-unknown-version']).call(call('iommu-uapi.cache_invalidate', cacheInfo({ version: 2 }))))).toBeUndefined();
  });

  it('accepts-unknown-flags (VALID-002)', () => {
    expect(errno(kernel(['accepts-unknown-flags']).call(call('iommu-uapi.bind_gpasid', bindData({ flags: 2n }))))).toBeUndefined();
  });

  it('u32-flags-mask lets bits 32..63 through but not bit 1 (VALID-004)', () => {
    expect(errno(kernel(['u32-flags-mask']).call(call('iommu-uapi.bind_gpasid', bindData({ flags: 1n << 40n }))))).toBeUndefined();
    expect(errno(kernel(['u32-flags-mask']).call(call('iommu-uapi.bind_gpasid', bindData({ flags: 2n }))))).toBe('EINVAL');
  });

  it('accepts-bad-cache-granularity (VALID-008)', () => {
    expect(errno(kernel(['accepts-bad-cache-granularity']).call(call('iommu-uapi.cache_invalidate', cacheInfo({ cache: 2 }))))).toBeUndefined();
  });

  it('accepts-unaligned-pasid-table (LAYOUT-006)', () => {
    const k = kernel(['accepts-unaligned-pasid-table'], { vendor: 'smmuv3' });
    expect(errno(k.call(call('iommu-uapi.attach_pasid_table', pasidTableConfig({ basePtr: 0x4020n }))))).toBeUndefined();
  });

  it('clobbers-argsz writes the struct size into argsz (SIZE-008)', () => {
    const r = ok(kernel(['clobbers-argsz']).call(call('iommu-uapi.cache_invalidate', cacheInfo({ argsz: 16, len: 16 }))));
    expect(r.errno).toBeUndefined();
    expect(readU32(r.memory[0]!.bytes, 0)).toBe(56);
    const clean = ok(kernel().call(call('iommu-uapi.cache_invalidate', cacheInfo({ argsz: 16, len: 16 }))));
    expect(readU32(clean.memory[0]!.bytes, 0)).toBe(16);
  });

  it('ignores-pasid-match (FAULT-012)', () => {
    const k = kernel(['ignores-pasid-match']);
    k.call(call('iommu-uapi.report_fault', null, { grpid: 2, pasid: 7, flags: LAST_PAGE | NEEDS_PASID }));
    expect(errno(k.call(call('iommu-uapi.page_response', pageResponse({ grpid: 2 }))))).toBeUndefined();
  });

  it('responds-to-unraised-fault (FAULT-011)', () => {
    expect(errno(kernel(['responds-to-unraised-fault']).call(call('iommu-uapi.page_response', pageResponse({ grpid: 2 }))))).toBeUndefined();
  });
});

describe('iommu-uapi: known struct versions', () => {
  it('a kernel knowing only the 32-byte PASID-table config ignores argsz beyond it', () => {
    const k = createIommuUapiKernel(options([], { iommu_pasid_table_config: 3 }));
    k.reset({ vendor: 'smmuv3' });
    expect(errno(k.call(call('iommu-uapi.attach_pasid_table', pasidTableConfig({ argsz: 48, len: 32 }))))).toBeUndefined();
  });
});

describe('iommu-uapi: no input makes call() throw', () => {
  const ops = ['cache_invalidate', 'bind_gpasid', 'unbind_gpasid', 'page_response', 'attach_pasid_table', 'detach_pasid_table', 'report_fault'];
  it('random bytes, sizes, vendors and defects', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ops),
        fc.uint8Array({ maxLength: 96 }),
        fc.boolean(),
        fc.constantFrom('vtd', 'smmuv3'),
        fc.subarray(Object.keys(IOMMU_UAPI_DEFECTS)),
        fc.record({ grpid: fc.bigInt(0n, 1n << 40n), pasid: fc.bigInt(0n, 1n << 40n), flags: fc.bigInt(0n, 31n) }),
        (op, bytes, writable, vendor, defects, args) => {
          const k = kernel(defects, { vendor });
          k.call(call('iommu-uapi.report_fault', null, { grpid: 0, pasid: 0, flags: LAST_PAGE }));
          const r = ok(k.call(call(`iommu-uapi.${op}`, bytes, args, writable)));
          expect(r.memory).toHaveLength(1);
          expect(r.memory[0]!.bytes.length).toBe(bytes.length);
          if (!writable) expect(r.memory[0]!.bytes).toEqual(bytes);
          k.observe();
        },
      ),
      { numRuns: 500 },
    );
  });
});
