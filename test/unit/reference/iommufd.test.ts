/**
 * The iommufd reference kernel against what the facts state outright: the kernel selftest rows it models
 * (facts §5.2, numbered as there), the real Linux 6.12 probe (real-kernel.md), the per-ioctl orders of §4,
 * and each mutant changing exactly the behaviour it should.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUnsupported } from '../../../src/adapters/adapter.ts';
import { IOMMUFD_DEFECTS } from '../../../src/reference/iommufd/index.ts';
import {
  ARG,
  BUF,
  hwptAllocArg,
  invalidateArg,
  MOCK_APERTURE_START,
  mapArg,
  PAGE,
  Proc,
  rd32,
  rd64,
  struct,
  U64_MAX,
} from './iommufd-harness.ts';

const IOC = (nr: number) => (0x3b << 8) | nr;
const IOMMU_DESTROY = IOC(0x80);
const IOMMU_IOAS_ALLOC = IOC(0x81);

const NEST_PARENT = 1;
const DIRTY_TRACKING = 2;
const FAULT_ID_VALID = 4;
const DATA_SELFTEST = 0xdead;
const INV_DATA_SELFTEST = 0xdeadbeef;
const HW_INFO_TYPE_SELFTEST = 0xfeedbeef;
const NO_DIRTY = 1;

/** A mock domain on a fresh IOAS, as the selftest's iommufd_mock_domain fixture sets up. */
function withMockDomain(p = new Proc()) {
  const ioas = p.ioasAlloc();
  const md = p.mockDomain(ioas);
  return { p, ioas, ...md };
}

/** A NEST_PARENT paging HWPT and a mock nested HWPT (iotlb value 0xbadbeef) on it. */
function withNested(p = new Proc(), faultId?: number) {
  const env = withMockDomain(p);
  const parent = p.hwptAlloc({ dev: env.dev, pt: env.ioas, flags: NEST_PARENT });
  expect(parent.errno).toBeUndefined();
  const parentId = rd32(parent.out, 16);
  p.poke(BUF, struct(4, [[0, 4, 0xbadbeef]]));
  const nested = p.hwptAlloc({
    dev: env.dev,
    pt: parentId,
    dataType: DATA_SELFTEST,
    dataLen: 4,
    dataUptr: BUF,
    flags: faultId === undefined ? 0 : FAULT_ID_VALID,
    faultId: faultId ?? 0,
  });
  expect(nested.errno).toBeUndefined();
  return { ...env, parent: parentId, nested: rd32(nested.out, 16) };
}

describe('dispatch and sizes (facts §4.1; selftest rows 1–42)', () => {
  it('rows 1–3: DESTROY of id 0 is ENOENT, a NULL argument EFAULT, _IO(";", 0x7f) ENOTTY', () => {
    const p = new Proc();
    expect(p.destroy(0)).toBe('ENOENT');
    expect(p.call('destroy', {}, 0n).errno).toBe('EFAULT');
    expect(p.raw(IOC(0x7f), struct(8, [[0, 4, 8]])).errno).toBe('ENOTTY');
  });

  it('numbers past the last command are ENOTTY; a known nr with _IOW bits is ENOTTY, or EFAULT with a NULL argument', () => {
    const p = new Proc();
    expect(p.raw(IOC(0x8f), struct(16, [[0, 4, 16]])).errno).toBe('ENOTTY');
    // nr 0xa0 is IOMMU_TEST_CMD in a CONFIG_IOMMUFD_TEST kernel: its size word is read (NULL: EFAULT).
    expect(p.raw(IOC(0xa0), null).errno).toBe('EFAULT');
    const iowr = (3 << 30) | (12 << 16) | IOMMU_IOAS_ALLOC;
    expect(p.raw(iowr, struct(12, [[0, 4, 12]])).errno).toBe('ENOTTY');
    expect(p.call('ioctl', { cmd: iowr }, 0n).errno).toBe('EFAULT');
    expect(p.raw(IOMMU_IOAS_ALLOC, struct(12, [[0, 4, 12]])).errno).toBeUndefined();
  });

  const LENGTHS: [string, number, number][] = [
    ['destroy', 8, 8],
    ['get_hw_info', 40, 32],
    ['hwpt_alloc', 48, 24],
    ['hwpt_invalidate', 32, 32],
    ['ioas_alloc', 12, 12],
    ['ioas_iova_ranges', 32, 32],
    ['ioas_allow_iovas', 24, 24],
    ['ioas_map', 40, 40],
    ['ioas_copy', 40, 40],
    ['ioas_unmap', 24, 24],
    ['option', 24, 24],
    ['vfio_ioas', 12, 12],
  ];
  for (const [op, size, min] of LENGTHS) {
    it(`rows 4–39 (TEST_LENGTH) for ${op}: min−1 EINVAL, sizeof+1 with 0xff E2BIG, with 0 as sizeof`, () => {
      const p = new Proc();
      const arg = (sz: number, extra: number) => {
        const b = struct(size + 1, [[0, 4, sz]]);
        b[size] = extra;
        return b;
      };
      expect(p.ioctl(op, arg(min - 1, 0xff)).errno).toBe('EINVAL');
      expect(p.ioctl(op, arg(size + 1, 0xff)).errno).toBe('E2BIG');
      const exact = p.ioctl(op, arg(size, 0xff)).errno;
      expect(p.ioctl(op, arg(size + 1, 0)).errno).toBe(exact);
    });
  }

  it('rows 40–42: DESTROY with a zero 8-byte tail is ENOENT, with future = 1 E2BIG, size 7 EINVAL', () => {
    const p = new Proc();
    expect(p.ioctl('destroy', struct(16, [[0, 4, 16]])).errno).toBe('ENOENT');
    expect(
      p.ioctl(
        'destroy',
        struct(16, [
          [0, 4, 16],
          [8, 8, 1],
        ]),
      ).errno,
    ).toBe('E2BIG');
    expect(p.ioctl('destroy', struct(8, [[0, 4, 7]])).errno).toBe('EINVAL');
  });

  it('reads no byte past size: a struct ending at the end of the mapping is fine (SIZE-002)', () => {
    const p = new Proc();
    // IOAS_ALLOC's 12 bytes end exactly at the end of the argument page.
    const at = ARG + PAGE - 12n;
    p.poke(at, struct(12, [[0, 4, 12]]));
    expect(p.call('ioas_alloc', {}, at).errno).toBeUndefined();
    // HWPT_ALLOC with size 24 (v1 caller) at the end of the page: the kernel zero-extends, never reads on.
    const env = withMockDomain(p);
    const at2 = ARG + PAGE - 24n;
    p.poke(at2, hwptAllocArg({ dev: env.dev, pt: env.ioas, size: 24 }).subarray(0, 24));
    const r = p.call('hwpt_alloc', {}, at2);
    expect(r.errno).toBeUndefined();
    expect(rd32(p.peek(at2, 24), 16)).toBeGreaterThan(0);
  });

  it('writes back at most min(size, sizeof): an IOAS_ALLOC caller with a 64-byte struct keeps its tail', () => {
    const p = new Proc();
    const r = p.ioctl('ioas_alloc', struct(64, [[0, 4, 64]]));
    expect(r.errno).toBeUndefined();
    expect(rd32(r.out, 0)).toBe(64);
    expect(rd32(r.out, 8)).toBe(1);
  });
});

describe('IOAS (facts §4.2; selftest rows 43–45, 70–80)', () => {
  it('row 43: RLIMIT_MODE SET of 2 is EINVAL; SET needs no object to exist (EBUSY)', () => {
    const p = new Proc();
    const opt = (val: number) =>
      struct(24, [
        [0, 4, 24],
        [4, 4, 0],
        [8, 2, 0],
        [16, 8, val],
      ]);
    expect(p.ioctl('option', opt(2)).errno).toBe('EINVAL');
    expect(p.ioctl('option', opt(1)).errno).toBeUndefined();
    p.ioasAlloc();
    expect(p.ioctl('option', opt(0)).errno).toBe('EBUSY');
  });

  it('row 44: HUGE_PAGES on object 0 is ENOENT, GET and SET; GET of an IOAS is 1', () => {
    const p = new Proc();
    const opt = (op: number, obj: number) =>
      struct(24, [
        [0, 4, 24],
        [4, 4, 1],
        [8, 2, op],
        [12, 4, obj],
        [16, 8, 1],
      ]);
    expect(p.ioctl('option', opt(1, 0)).errno).toBe('ENOENT');
    expect(p.ioctl('option', opt(0, 0)).errno).toBe('ENOENT');
    const ioas = p.ioasAlloc();
    const get = p.ioctl(
      'option',
      struct(24, [
        [0, 4, 24],
        [4, 4, 1],
        [8, 2, 1],
        [12, 4, ioas],
      ]),
    );
    expect(get.errno).toBeUndefined();
    expect(rd64(get.out, 16)).toBe(1n);
  });

  it('row 45: DESTROY of an IOAS a mock device uses is EBUSY; destroying the device first frees it', () => {
    const { p, ioas, stdev, hwpt } = withMockDomain();
    expect(p.destroy(ioas)).toBe('EBUSY');
    expect(p.destroy(hwpt)).toBe('EBUSY');
    expect(p.destroy(stdev)).toBeUndefined();
    expect(p.observe().objects).toEqual([{ id: ioas, kind: 'ioas' }]); // the automatic HWPT went with its device
    expect(p.destroy(ioas)).toBeUndefined();
  });

  it('a mock domain gives alignment 2048 and reserves everything outside [0x1000000, 0x7fffffff]', () => {
    const { p, ioas } = withMockDomain();
    const r = p.ioctl(
      'ioas_iova_ranges',
      struct(32, [
        [0, 4, 32],
        [4, 4, ioas],
        [8, 4, 4],
        [16, 8, BUF],
      ]),
    );
    expect(r.errno).toBeUndefined();
    expect(rd32(r.out, 8)).toBe(1);
    expect(rd64(r.out, 24)).toBe(2048n);
    expect(rd64(p.peek(BUF, 16), 0)).toBe(MOCK_APERTURE_START);
    expect(rd64(p.peek(BUF, 16), 8)).toBe(0x7fffffffn);
  });

  it('an IOAS without a domain has alignment 1 and maps without pinning', () => {
    const p = new Proc();
    const ioas = p.ioasAlloc();
    const r = p.map(ioas, 0xdead0000n, 3n, 0x5000n); // unmapped user memory, odd length
    expect(r.errno).toBeUndefined();
    expect(p.observe().mappings).toEqual([{ ioas, iova: '20480', length: '3' }]);
  });

  it('rows 70–74: unmap errors, whole-area rule and unmap-all', () => {
    const { p, ioas } = withMockDomain();
    const unmap = (iova: bigint, length: bigint) =>
      p.ioctl(
        'ioas_unmap',
        struct(24, [
          [0, 4, 24],
          [4, 4, ioas],
          [8, 8, iova],
          [16, 8, length],
        ]),
      );
    const base = MOCK_APERTURE_START;
    expect(unmap(base, PAGE).errno).toBe('ENOENT'); // row 70
    expect(p.map(ioas, BUF, 2n * PAGE, base, 7).errno).toBeUndefined();
    expect(unmap(base, PAGE).errno).toBe('ENOENT'); // row 71: no split
    expect(unmap(base + PAGE, 2n * PAGE).errno).toBe('ENOENT'); // row 74
    // row 72: overlaps are EEXIST
    for (const [iova, len] of [
      [base, PAGE],
      [base - PAGE, 2n * PAGE],
      [base + PAGE, 2n * PAGE],
      [base - PAGE, 4n * PAGE],
      [base + 2048n, 2048n],
    ] as [bigint, bigint][]) {
      expect(p.map(ioas, BUF, len, iova, 7).errno).toBe(iova < base ? 'EINVAL' : 'EEXIST');
    }
    const all = unmap(0n, U64_MAX); // row 73
    expect(all.errno).toBeUndefined();
    expect(rd64(all.out, 16)).toBe(2n * PAGE);
    expect(unmap(0n, U64_MAX).errno).toBeUndefined();
  });

  it('rows 75–76: allowed and reserved ranges may not meet (EADDRINUSE)', () => {
    const p = new Proc();
    const ioas = p.ioasAlloc();
    const reserve = (start: bigint, length: bigint) => p.call('add_reserved', { ioas, start, length }).errno;
    const allow = (ranges: [bigint, bigint][]) => {
      ranges.forEach(([s, l], i) =>
        p.poke(
          BUF + BigInt(i * 16),
          struct(16, [
            [0, 8, s],
            [8, 8, l],
          ]),
        ),
      );
      return p.ioctl(
        'ioas_allow_iovas',
        struct(24, [
          [0, 4, 24],
          [4, 4, ioas],
          [8, 4, ranges.length],
          [16, 8, BUF],
        ]),
      ).errno;
    };
    expect(allow([[0x100000n, 0x200000n]])).toBeUndefined();
    expect(reserve(0x101000n, PAGE)).toBe('EADDRINUSE'); // row 76
    expect(allow([])).toBeUndefined();
    expect(reserve(0x101000n, PAGE)).toBeUndefined();
    expect(allow([[0x100000n, 0x200000n]])).toBe('EADDRINUSE'); // row 75
    expect(allow([[0x300000n, 0x300000n]])).toBe('EINVAL'); // start >= last
    expect(
      allow([
        [0x300000n, 0x400000n],
        [0x350000n, 0x360000n],
      ]),
    ).toBe('EINVAL');
  });

  it('row 77: IOVA_RANGES with num_iovas 0 is EMSGSIZE, writes the count and no entry', () => {
    const { p, ioas } = withMockDomain();
    p.call('add_reserved', { ioas, start: 0x2000000n, length: PAGE });
    const r = p.ioctl(
      'ioas_iova_ranges',
      struct(32, [
        [0, 4, 32],
        [4, 4, ioas],
        [8, 4, 0],
        [16, 8, BUF],
      ]),
    );
    expect(r.errno).toBe('EMSGSIZE');
    expect(rd32(r.out, 8)).toBe(2);
    expect(rd64(r.out, 24)).toBe(2048n);
    expect(p.peek(BUF, 16).every((b) => b === 0)).toBe(true);
  });

  it('rows 78–79: HUGE_PAGES = 0 raises the alignment to PAGE_SIZE and refuses misaligned maps (EADDRINUSE)', () => {
    const p = new Proc();
    const ioas = p.ioasAlloc();
    const huge = (val: number) =>
      p.ioctl(
        'option',
        struct(24, [
          [0, 4, 24],
          [4, 4, 1],
          [8, 2, 0],
          [12, 4, ioas],
          [16, 8, val],
        ]),
      ).errno;
    expect(p.map(ioas, BUF, PAGE, MOCK_APERTURE_START).errno).toBeUndefined();
    expect(huge(0)).toBeUndefined();
    expect(p.map(ioas, BUF + 2048n, PAGE, MOCK_APERTURE_START + PAGE).errno).toBe('EINVAL'); // row 78
    expect(huge(0)).toBeUndefined();
    expect(huge(1)).toBeUndefined();
    expect(p.map(ioas, BUF + 2048n, PAGE, MOCK_APERTURE_START + PAGE).errno).toBeUndefined();
    expect(huge(0)).toBe('EADDRINUSE'); // row 79
    expect(huge(2)).toBe('EINVAL');
  });

  it('HUGE_PAGES = 0 with a domain and a mapping is EINVAL', () => {
    const { p, ioas } = withMockDomain();
    expect(p.map(ioas, BUF, PAGE, MOCK_APERTURE_START).errno).toBeUndefined();
    const r = p.ioctl(
      'option',
      struct(24, [
        [0, 4, 24],
        [4, 4, 1],
        [8, 2, 0],
        [12, 4, ioas],
        [16, 8, 0],
      ]),
    );
    expect(r.errno).toBe('EINVAL');
  });

  it('row 80: with a domain, unmapped user memory is EFAULT (half or first page unmapped)', () => {
    const { p, ioas } = withMockDomain();
    const end = BUF + 0x10000n;
    expect(p.map(ioas, end - PAGE, 2n * PAGE, MOCK_APERTURE_START).errno).toBe('EFAULT');
    expect(p.map(ioas, end, PAGE, MOCK_APERTURE_START).errno).toBe('EFAULT');
    expect(p.observe().mappings).toEqual([]);
  });

  it('IOAS_MAP check order (VALID-017): EOPNOTSUPP, EOVERFLOW, EINVAL (R/W), ENOENT, then alignment', () => {
    const { p, ioas } = withMockDomain();
    const m = (a: Parameters<typeof mapArg>[0]) => p.ioctl('ioas_map', mapArg(a)).errno;
    expect(m({ ioas: 999, userVa: BUF, length: U64_MAX, flags: 1 << 3 })).toBe('EOPNOTSUPP');
    expect(m({ ioas: 999, userVa: BUF, length: U64_MAX, flags: 0, reserved: 1 })).toBe('EOPNOTSUPP');
    expect(m({ ioas: 999, userVa: BUF, length: U64_MAX, flags: 0 })).toBe('EOVERFLOW');
    expect(m({ ioas: 999, userVa: BUF, length: 3n, flags: 1 })).toBe('EINVAL');
    expect(m({ ioas: 999, userVa: BUF, length: 3n, flags: 2 })).toBe('ENOENT');
    expect(m({ ioas, userVa: BUF, length: 0n, flags: 3 })).toBe('EINVAL');
    expect(m({ ioas, userVa: BUF, length: 2047n, flags: 3, iova: MOCK_APERTURE_START })).toBe('EINVAL');
    expect(m({ ioas, userVa: BUF, length: 2048n, flags: 3, iova: MOCK_APERTURE_START + 1n })).toBe('EINVAL');
    expect(m({ ioas, userVa: BUF + 1n, length: 2048n, flags: 3, iova: MOCK_APERTURE_START })).toBe('EINVAL');
    expect(m({ ioas, userVa: BUF, length: 4096n, flags: 3, iova: U64_MAX - 2047n })).toBe('EOVERFLOW');
    expect(m({ ioas, userVa: BUF, length: 4096n, flags: 3, iova: 0x800n })).toBe('EINVAL'); // reserved
    // without FIXED_IOVA the kernel picks an aligned IOVA inside the aperture and writes it back
    const r = p.map(ioas, BUF, 2n * PAGE, 0n, 6);
    expect(r.errno).toBeUndefined();
    expect(rd64(r.out, 32)).toBe(MOCK_APERTURE_START);
  });

  it('allowed ranges steer IOVA allocation; a fixed IOVA may lie outside them', () => {
    const { p, ioas } = withMockDomain();
    p.poke(
      BUF + 0x8000n,
      struct(16, [
        [0, 8, 0x2000000n],
        [8, 8, 0x2ffffffn],
      ]),
    );
    const allow = p.ioctl(
      'ioas_allow_iovas',
      struct(24, [
        [0, 4, 24],
        [4, 4, ioas],
        [8, 4, 1],
        [16, 8, BUF + 0x8000n],
      ]),
    );
    expect(allow.errno).toBeUndefined();
    expect(rd64(p.map(ioas, BUF, PAGE, 0n, 6).out, 32)).toBe(0x2000000n);
    expect(p.map(ioas, BUF, PAGE, MOCK_APERTURE_START, 7).errno).toBeUndefined();
  });

  it('UNMAP takes any range that covers whole areas; an area sticking out stops it after the ones before', () => {
    const { p, ioas } = withMockDomain();
    const base = MOCK_APERTURE_START;
    p.map(ioas, BUF, PAGE, base, 7);
    p.map(ioas, BUF, PAGE, base + 4n * PAGE, 7);
    p.map(ioas, BUF, 2n * PAGE, base + 8n * PAGE, 7);
    const unmap = (iova: bigint, length: bigint) =>
      p.ioctl(
        'ioas_unmap',
        struct(24, [
          [0, 4, 24],
          [4, 4, ioas],
          [8, 8, iova],
          [16, 8, length],
        ]),
      );
    const r = unmap(base - PAGE, 7n * PAGE);
    expect([r.errno, rd64(r.out, 16)]).toEqual([undefined, 2n * PAGE]);
    p.map(ioas, BUF, PAGE, base, 7);
    expect(unmap(base, 9n * PAGE).errno).toBe('ENOENT');
    expect(p.observe().mappings).toEqual([{ ioas, iova: String(base + 8n * PAGE), length: String(2n * PAGE) }]);
  });

  it('IOAS_COPY maps the pages of src; read-only pages cannot be mapped writeable (EPERM)', () => {
    const p = new Proc();
    const src = p.ioasAlloc();
    const dst = p.ioasAlloc();
    expect(p.map(src, BUF, 2n * PAGE, 0x100000n, 1 | 4).errno).toBeUndefined(); // read-only
    const copy = (flags: number, length: bigint, srcIova = 0x100000n) =>
      p.ioctl(
        'ioas_copy',
        struct(40, [
          [0, 4, 40],
          [4, 4, flags],
          [8, 4, dst],
          [12, 4, src],
          [16, 8, length],
          [24, 8, 0x200000n],
          [32, 8, srcIova],
        ]),
      ).errno;
    expect(copy(1 | 2 | 4, PAGE)).toBe('EPERM');
    expect(copy(1 | 4, 3n * PAGE)).toBe('ENOENT');
    expect(copy(1 | 4, PAGE, 0x101000n)).toBeUndefined();
    expect(p.observe().mappings).toContainEqual({ ioas: dst, iova: String(0x200000n), length: '4096' });
  });
});

describe('HWPT allocation (facts §4.2; selftest rows 46–55, 81–86; real 6.12 probe)', () => {
  it('rows 46–47: dev_id an IOAS is ENOENT, pt_id a device EINVAL', () => {
    const { p, ioas, dev } = withMockDomain();
    expect(p.hwptAlloc({ dev: ioas, pt: ioas }).errno).toBe('ENOENT');
    expect(p.hwptAlloc({ dev, pt: dev }).errno).toBe('EINVAL');
    expect(p.hwptAlloc({ dev, pt: 12345 }).errno).toBe('EINVAL');
  });

  it('rows 48–55: nested allocation rules', () => {
    const { p, ioas, dev } = withMockDomain();
    const parent = rd32(p.hwptAlloc({ dev, pt: ioas, flags: NEST_PARENT }).out, 16);
    const plain = rd32(p.hwptAlloc({ dev, pt: ioas }).out, 16);
    p.poke(BUF, struct(4, [[0, 4, 0xbadbeef]]));
    const nested = (a: Partial<Parameters<typeof hwptAllocArg>[0]>) =>
      p.hwptAlloc({ dev, pt: parent, dataType: DATA_SELFTEST, dataLen: 4, dataUptr: BUF, ...a }).errno;
    expect(nested({ dataType: 0 })).toBe('EINVAL'); // 48
    expect(nested({ dataType: DATA_SELFTEST + 1 })).toBe('EOPNOTSUPP'); // 49
    expect(nested({ dataLen: 3 })).toBe('EINVAL'); // 50
    expect(nested({ dataLen: 5 })).toBe('EINVAL'); // SIZE-011: longer than the kernel struct, never E2BIG
    expect(nested({ dataUptr: 0n })).toBe('EFAULT'); // 51
    expect(nested({ flags: NEST_PARENT })).toBe('EOPNOTSUPP'); // 52
    expect(nested({ pt: plain })).toBe('EINVAL'); // 53
    expect(nested({})).toBeUndefined();
    const child = p.observe().objects.at(-1)?.id ?? 0;
    expect(nested({ pt: child })).toBe('EINVAL'); // 54
    expect(p.destroy(parent)).toBe('EBUSY'); // 55
    expect(p.observe().iotlb).toEqual([{ hwpt: child, entries: ['195935983', '195935983', '195935983', '195935983'] }]);
    expect(p.destroy(child)).toBeUndefined();
    expect(p.destroy(parent)).toBeUndefined();
  });

  it('a nested HWPT on an automatic domain is EINVAL', () => {
    const { p, dev, hwpt } = withMockDomain();
    p.poke(BUF, struct(4, [[0, 4, 1]]));
    expect(p.hwptAlloc({ dev, pt: hwpt, dataType: DATA_SELFTEST, dataLen: 4, dataUptr: BUF }).errno).toBe('EINVAL');
  });

  it('rows 81–83: paging flags, dirty tracking on a device without it, attaching such a device', () => {
    const p = new Proc();
    const ioas = p.ioasAlloc();
    const md = p.mockDomain(ioas);
    const nodirty = p.mockDomain(ioas, NO_DIRTY);
    expect(nodirty.hwpt).toBe(md.hwpt); // the automatic domain is shared
    expect(p.hwptAlloc({ dev: md.dev, pt: ioas, flags: ~NEST_PARENT }).errno).toBe('EOPNOTSUPP'); // 81
    expect(p.hwptAlloc({ dev: nodirty.dev, pt: ioas, flags: DIRTY_TRACKING }).errno).toBe('EOPNOTSUPP'); // 82
    const dirty = p.hwptAlloc({ dev: md.dev, pt: ioas, flags: DIRTY_TRACKING });
    expect(dirty.errno).toBeUndefined();
    expect(p.call('mock_domain', { ioas: rd32(dirty.out, 16), flags: NO_DIRTY }).errno).toBe('EINVAL'); // 83
  });

  it('rows 84–86: replace onto a freed HWPT is ENOENT; FAULT_ID_VALID with an unknown fault or bit 31', () => {
    const env = withNested();
    const { p, stdev, dev, parent } = env;
    const freed = rd32(p.hwptAlloc({ dev, pt: env.ioas }).out, 16);
    expect(p.destroy(freed)).toBeUndefined();
    expect(p.call('mock_domain_replace', { stdev, pt: freed }).errno).toBe('ENOENT'); // 84
    p.poke(BUF, struct(4, [[0, 4, 0]]));
    const n = (flags: number) =>
      p.hwptAlloc({ dev, pt: parent, flags, faultId: 0xffffffff, dataType: DATA_SELFTEST, dataLen: 4, dataUptr: BUF })
        .errno;
    expect(n(FAULT_ID_VALID)).toBe('ENOENT'); // 85
    expect(n(FAULT_ID_VALID | (1 << 31))).toBe('EOPNOTSUPP'); // 86
  });

  it('real 6.12 probe: bit 31 and NEST_PARENT|FAULT_ID_VALID EOPNOTSUPP, __reserved EOPNOTSUPP, NEST_PARENT ok', () => {
    const { p, ioas, dev } = withMockDomain();
    expect(p.hwptAlloc({ dev, pt: ioas, flags: 1 << 31 }).errno).toBe('EOPNOTSUPP');
    expect(p.hwptAlloc({ dev, pt: ioas, flags: NEST_PARENT | FAULT_ID_VALID }).errno).toBe('EOPNOTSUPP');
    expect(p.hwptAlloc({ dev, pt: ioas, reserved: 1 }).errno).toBe('EOPNOTSUPP');
    expect(p.hwptAlloc({ dev, pt: ioas, flags: NEST_PARENT }).errno).toBeUndefined();
  });

  it('6.12 accepts FAULT_ID_VALID only for a nested HWPT; 6.13 also for a paging one', () => {
    for (const [kernel, expected] of [
      ['6.12', 'EOPNOTSUPP'],
      ['6.13', undefined],
    ] as const) {
      const { p, ioas, dev } = withMockDomain(new Proc({ kernel }));
      const f = p.faultAlloc();
      expect(p.hwptAlloc({ dev, pt: ioas, flags: FAULT_ID_VALID, faultId: f.id }).errno).toBe(expected);
    }
  });

  it('__reserved2 must be zero (VALID-012, stronger than 6.12); a size-40 caller never sends it', () => {
    const { p, ioas, dev } = withMockDomain();
    expect(p.hwptAlloc({ dev, pt: ioas, reserved2: 1 }).errno).toBe('EOPNOTSUPP');
    expect(p.hwptAlloc({ dev, pt: ioas, reserved2: 1, size: 40 }).errno).toBeUndefined();
  });

  it('a kernel that knows only struct v1 (24 bytes) refuses data_type through the tail (E2BIG) and all flags', () => {
    const { p, ioas, dev } = withMockDomain(new Proc({ structs: { iommu_hwpt_alloc: 1 } }));
    expect(p.hwptAlloc({ dev, pt: ioas }).errno).toBeUndefined();
    expect(p.hwptAlloc({ dev, pt: ioas, dataType: 1, dataLen: 4 }).errno).toBe('E2BIG');
    expect(p.hwptAlloc({ dev, pt: ioas, flags: NEST_PARENT }).errno).toBe('EOPNOTSUPP');
  });

  it('VT-d-flavoured device: VTD_S1 nested data, not the mock type', () => {
    const p = new Proc();
    const ioas = p.ioasAlloc();
    const vtd = p.mockDomain(ioas, 0, 1);
    const parent = rd32(p.hwptAlloc({ dev: vtd.dev, pt: ioas, flags: NEST_PARENT }).out, 16);
    p.poke(BUF, struct(24, [[16, 4, 48]]));
    const n = (a: object) =>
      p.hwptAlloc({ dev: vtd.dev, pt: parent, dataType: 1, dataLen: 24, dataUptr: BUF, ...a }).errno;
    expect(n({ dataType: DATA_SELFTEST, dataLen: 4 })).toBe('EOPNOTSUPP');
    expect(n({ dataLen: 23 })).toBe('EINVAL');
    expect(n({ dataLen: 25 })).toBe('EINVAL');
    expect(n({})).toBeUndefined();
    // A mock device cannot nest on the VT-d parent (another driver's HWPT).
    const mock = p.mockDomain(ioas);
    p.poke(BUF + 64n, struct(4, [[0, 4, 1]]));
    expect(
      p.hwptAlloc({ dev: mock.dev, pt: parent, dataType: DATA_SELFTEST, dataLen: 4, dataUptr: BUF + 64n }).errno,
    ).toBe('EINVAL');
  });
});

describe('dirty tracking (facts §4.2)', () => {
  it('SET_DIRTY_TRACKING: unknown flag and __reserved EOPNOTSUPP, a nested or unknown id ENOENT, no dirty ops EOPNOTSUPP', () => {
    const { p, ioas, dev, nested, parent } = withNested();
    const set = (flags: number, hwpt: number, reserved = 0) =>
      p.ioctl(
        'hwpt_set_dirty_tracking',
        struct(16, [
          [0, 4, 16],
          [4, 4, flags],
          [8, 4, hwpt],
          [12, 4, reserved],
        ]),
      ).errno;
    expect(set(2, 999)).toBe('EOPNOTSUPP');
    expect(set(1, 999, 1)).toBe('EOPNOTSUPP');
    expect(set(1, nested)).toBe('ENOENT');
    expect(set(1, parent)).toBe('EOPNOTSUPP');
    const dirty = rd32(p.hwptAlloc({ dev, pt: ioas, flags: DIRTY_TRACKING }).out, 16);
    expect(set(1, dirty)).toBeUndefined();
    expect(set(0, dirty)).toBeUndefined();
  });

  it('GET_DIRTY_BITMAP: range checks in order, then success with nothing dirty', () => {
    const { p, ioas, dev } = withMockDomain();
    const dirty = rd32(p.hwptAlloc({ dev, pt: ioas, flags: DIRTY_TRACKING }).out, 16);
    const get = (iova: bigint, length: bigint, pageSize: bigint, hwpt = dirty, flags = 0) =>
      p.ioctl(
        'hwpt_get_dirty_bitmap',
        struct(48, [
          [0, 4, 48],
          [4, 4, hwpt],
          [8, 4, flags],
          [16, 8, iova],
          [24, 8, length],
          [32, 8, pageSize],
          [40, 8, BUF],
        ]),
      ).errno;
    const base = MOCK_APERTURE_START;
    expect(get(base, PAGE, PAGE, dirty, 2)).toBe('EOPNOTSUPP');
    expect(get(base, PAGE, PAGE, 999)).toBe('ENOENT');
    expect(get(base, 0n, PAGE)).toBe('EINVAL');
    expect(get(U64_MAX, 2n, PAGE)).toBe('EOVERFLOW');
    expect(get(base + 1024n, PAGE, PAGE)).toBe('EINVAL');
    expect(get(base, PAGE, 0n)).toBe('EINVAL');
    expect(get(base + 2048n, 2048n, PAGE)).toBe('EINVAL');
    expect(get(base, PAGE, PAGE)).toBeUndefined();
    expect(p.peek(BUF, 8).every((b) => b === 0)).toBe(true);
  });
});

describe('version-tagged HWPT_INVALIDATE lookup (GROW-010, NEST-011)', () => {
  it('from 6.13 any existing non-nested object is EINVAL, a missing id ENOENT', () => {
    const { p, ioas } = withNested(new Proc({ kernel: '6.13' }));
    const inv = (hwpt: number) =>
      p.ioctl('hwpt_invalidate', invalidateArg({ hwpt, uptr: BUF, type: INV_DATA_SELFTEST, len: 8, num: 0 })).errno;
    expect(inv(ioas)).toBe('EINVAL');
    expect(inv(999)).toBe('ENOENT');
  });
});

describe('GET_HW_INFO (row 68–69)', () => {
  it('row 68: no such device is ENOENT; flags or __reserved first are EOPNOTSUPP', () => {
    const p = new Proc();
    expect(
      p.ioctl(
        'get_hw_info',
        struct(40, [
          [0, 4, 40],
          [8, 4, 77],
        ]),
      ).errno,
    ).toBe('ENOENT');
    expect(
      p.ioctl(
        'get_hw_info',
        struct(40, [
          [0, 4, 40],
          [4, 4, 1],
          [8, 4, 77],
        ]),
      ).errno,
    ).toBe('EOPNOTSUPP');
    expect(
      p.ioctl(
        'get_hw_info',
        struct(40, [
          [0, 4, 40],
          [30, 1, 1],
          [8, 4, 77],
        ]),
      ).errno,
    ).toBe('EOPNOTSUPP');
    // byte 28 is out_max_pasid_log2 in the 6.12 header (v3), an output
    expect(
      p.ioctl(
        'get_hw_info',
        struct(40, [
          [0, 4, 40],
          [28, 1, 5],
          [8, 4, 77],
        ]),
      ).errno,
    ).toBe('ENOENT');
  });

  it('row 69: data_len 0, exact, larger (trailing bytes zeroed) and smaller all succeed', () => {
    const { p, dev } = withMockDomain();
    const info = (len: number) => {
      p.poke(BUF, new Uint8Array(16).fill(0xcc));
      const r = p.ioctl(
        'get_hw_info',
        struct(40, [
          [0, 4, 40],
          [8, 4, dev],
          [12, 4, len],
          [16, 8, BUF],
        ]),
      );
      expect(r.errno).toBeUndefined();
      expect(rd32(r.out, 12)).toBe(8);
      expect(rd32(r.out, 24)).toBe(HW_INFO_TYPE_SELFTEST);
      expect(rd64(r.out, 32)).toBe(1n); // dirty tracking
      return p.peek(BUF, 16);
    };
    expect([...info(0)]).toEqual(new Array(16).fill(0xcc));
    expect(rd32(info(8), 4)).toBe(0xdeadbeef);
    const larger = info(16);
    expect(rd32(larger, 4)).toBe(0xdeadbeef);
    expect([...larger.subarray(8)]).toEqual(new Array(8).fill(0));
    const smaller = info(4);
    expect([...smaller.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
    expect(smaller[4]).toBe(0xcc);
  });

  it('the VT-d-flavoured device reports type 1 with 24 bytes', () => {
    const p = new Proc();
    const vtd = p.mockDomain(p.ioasAlloc(), NO_DIRTY, 1);
    const r = p.ioctl(
      'get_hw_info',
      struct(40, [
        [0, 4, 40],
        [8, 4, vtd.dev],
        [12, 4, 24],
        [16, 8, BUF],
      ]),
    );
    expect(r.errno).toBeUndefined();
    expect(rd32(r.out, 24)).toBe(1);
    expect(rd32(r.out, 12)).toBe(24);
    expect(rd64(r.out, 32)).toBe(0n);
  });
});

describe('HWPT_INVALIDATE (rows 56–67)', () => {
  const entry = (flags: number, id: number) =>
    struct(8, [
      [0, 4, flags],
      [4, 4, id],
    ]);

  it('row 56: on the parent (paging) HWPT ENOENT up to 6.12, EINVAL from 6.13; entry_num 0', () => {
    for (const [kernel, expected] of [
      ['6.12', 'ENOENT'],
      ['6.13', 'EINVAL'],
    ] as const) {
      const { p, parent } = withNested(new Proc({ kernel }));
      p.poke(BUF, entry(0, 0));
      const r = p.ioctl(
        'hwpt_invalidate',
        invalidateArg({ hwpt: parent, uptr: BUF, type: INV_DATA_SELFTEST, len: 8, num: 1 }),
      );
      expect(r.errno).toBe(expected);
      expect(rd32(r.out, 24)).toBe(0);
    }
  });

  it('rows 57–66', () => {
    const { p, nested } = withNested();
    const inv = (a: Partial<Parameters<typeof invalidateArg>[0]>) =>
      p.ioctl(
        'hwpt_invalidate',
        invalidateArg({ hwpt: nested, uptr: BUF, type: INV_DATA_SELFTEST, len: 8, num: 1, ...a }),
      );
    const iotlb = () => p.observe().iotlb[0]?.entries;
    const r57 = inv({ num: 0, uptr: 0n, len: 0 });
    expect([r57.errno, rd32(r57.out, 24)]).toEqual([undefined, 0]);
    const r58 = inv({ type: INV_DATA_SELFTEST + 1 });
    expect([r58.errno, rd32(r58.out, 24)]).toEqual(['EINVAL', 0]);
    p.poke(BUF, entry(0, 0));
    expect(inv({ len: 9 }).errno).toBe('EINVAL'); // 59
    expect(inv({ len: 1 }).errno).toBe('EINVAL'); // 60
    p.poke(BUF, entry(0xffffffff, 0));
    const r61 = inv({});
    expect([r61.errno, rd32(r61.out, 24)]).toEqual(['EOPNOTSUPP', 0]);
    expect(inv({ uptr: 0n }).errno).toBe('EINVAL'); // 62
    expect(inv({ len: 0 }).errno).toBe('EINVAL'); // 63
    p.poke(BUF, entry(0, 4));
    expect(inv({}).errno).toBe('EINVAL'); // 64
    p.poke(
      BUF,
      struct(16, [
        [4, 4, 1],
        [8, 4, 2],
      ]),
    );
    const r65 = inv({ num: 2 });
    expect([r65.errno, rd32(r65.out, 24)]).toEqual(['EOPNOTSUPP', 1]);
    expect(iotlb()).toEqual(['195935983', '0', '195935983', '195935983']);
    p.poke(
      BUF,
      struct(16, [
        [4, 4, 2],
        [12, 4, 4],
      ]),
    );
    const r66 = inv({ num: 2 });
    expect([r66.errno, rd32(r66.out, 24)]).toEqual(['EINVAL', 1]);
    p.poke(
      BUF,
      struct(8, [
        [0, 4, 1],
        [4, 4, 0],
      ]),
    );
    expect(inv({}).errno).toBeUndefined();
    expect(iotlb()).toEqual(['0', '0', '0', '0']);
  });

  it('__reserved first, then the entry checks, then the lookup; an unreadable entry is EFAULT', () => {
    const { p, nested } = withNested();
    const inv = (a: Partial<Parameters<typeof invalidateArg>[0]>) =>
      p.ioctl(
        'hwpt_invalidate',
        invalidateArg({ hwpt: nested, uptr: BUF, type: INV_DATA_SELFTEST, len: 8, num: 1, ...a }),
      ).errno;
    expect(inv({ reserved: 1, hwpt: 999, uptr: 0n })).toBe('EOPNOTSUPP');
    expect(inv({ hwpt: 999, uptr: 0n })).toBe('EINVAL');
    expect(inv({ hwpt: 999 })).toBe('ENOENT');
    expect(inv({ uptr: 0x7000_0000n })).toBe('EFAULT');
  });

  it('row 67: DESTROY of a nested HWPT a device is attached to is EBUSY', () => {
    const { p, stdev, nested } = withNested();
    const r = p.call('mock_domain_replace', { stdev, pt: nested });
    expect(r.out?.hwpt_id).toBe(BigInt(nested));
    expect(p.destroy(nested)).toBe('EBUSY');
  });

  it('VT-d entries: unknown flags or __reserved EOPNOTSUPP, unaligned addr EINVAL, addr 0 + npages U64_MAX ok', () => {
    const p = new Proc();
    const ioas = p.ioasAlloc();
    const vtd = p.mockDomain(ioas, 0, 1);
    const parent = rd32(p.hwptAlloc({ dev: vtd.dev, pt: ioas, flags: NEST_PARENT }).out, 16);
    p.poke(BUF, struct(24, [[16, 4, 48]]));
    const nested = rd32(p.hwptAlloc({ dev: vtd.dev, pt: parent, dataType: 1, dataLen: 24, dataUptr: BUF }).out, 16);
    const inv = (addr: bigint, npages: bigint, flags = 0, reserved = 0) => {
      p.poke(
        BUF,
        struct(24, [
          [0, 8, addr],
          [8, 8, npages],
          [16, 4, flags],
          [20, 4, reserved],
        ]),
      );
      return p.ioctl('hwpt_invalidate', invalidateArg({ hwpt: nested, uptr: BUF, type: 0, len: 24, num: 1 })).errno;
    };
    expect(inv(0n, U64_MAX)).toBeUndefined();
    expect(inv(0x1000n, 1n, 1)).toBeUndefined();
    expect(inv(0x1000n, 1n, 2)).toBe('EOPNOTSUPP');
    expect(inv(0x1000n, 1n, 0, 1)).toBe('EOPNOTSUPP');
    expect(inv(0x1800n, 1n)).toBe('EINVAL');
    expect(inv(0x1000n, U64_MAX)).toBe('EINVAL');
    expect(p.observe().iotlb).toEqual([]); // VT-d HWPTs have no mock IOTLB
  });
});

describe('fault queues (facts §4.3; row 87; real 6.12 probe)', () => {
  function withFault(p = new Proc()) {
    const f = p.faultAlloc();
    const env = withNested(p, f.id);
    const r = p.call('mock_domain_replace', { stdev: env.stdev, pt: env.nested });
    expect(r.errno).toBeUndefined();
    return { ...env, fault: f.id, fd: f.fd };
  }
  const read = (p: Proc, fault: number, count: number) => p.call('fault_read', { fault, count }, BUF);
  const respond = (p: Proc, fault: number, pairs: [number, number][]) => {
    pairs.forEach(([cookie, code], i) =>
      p.poke(
        BUF + BigInt(8 * i),
        struct(8, [
          [0, 4, cookie],
          [4, 4, code],
        ]),
      ),
    );
    return p.call('fault_write', { fault, count: 8 * pairs.length }, BUF);
  };

  it('FAULT_QUEUE_ALLOC: flags EOPNOTSUPP; an id and an fd', () => {
    const p = new Proc();
    expect(
      p.ioctl(
        'fault_queue_alloc',
        struct(16, [
          [0, 4, 16],
          [4, 4, 1],
        ]),
      ).errno,
    ).toBe('EOPNOTSUPP');
    const f = p.faultAlloc();
    expect(f.id).toBe(1);
    expect(f.fd).toBeGreaterThan(2);
  });

  it('row 87 and the 6.12 probe: one record (flags 3, cookie 1), ESPIPE, wrong cookie / bad code EINVAL, 8, again EINVAL', () => {
    const { p, fault, dev } = withFault();
    expect(read(p, fault, 40).ret).toBe(0n); // nothing queued: 0, never blocks
    expect(p.call('trigger_iopf', { dev, pasid: 1, grpid: 2, perm: 1, addr: 0x1000n }).errno).toBeUndefined();
    expect(p.observe().faults).toEqual([{ id: fault, queued: 1, outstanding: [] }]);
    expect(read(p, fault, 7).errno).toBe('ESPIPE');
    expect(read(p, fault, 40).ret).toBe(40n);
    const rec = p.peek(BUF, 40);
    expect([
      rd32(rec, 0),
      rd32(rec, 4),
      rd32(rec, 8),
      rd32(rec, 12),
      rd32(rec, 16),
      rd64(rec, 24),
      rd32(rec, 32),
      rd32(rec, 36),
    ]).toEqual([3, dev, 1, 2, 1, 0x1000n, 0, 1]);
    expect(p.observe().faults).toEqual([{ id: fault, queued: 0, outstanding: ['1'] }]);
    expect(respond(p, fault, [[2, 0]]).errno).toBe('EINVAL');
    expect(respond(p, fault, [[1, 2]]).errno).toBe('EINVAL');
    expect(respond(p, fault, [[1, 0]]).ret).toBe(8n);
    expect(respond(p, fault, [[1, 0]]).errno).toBe('EINVAL');
    expect(p.call('fault_write', { fault, count: 7 }, BUF).errno).toBe('ESPIPE');
    expect(p.call('fault_read', { fault, count: 40, pos: 40 }, BUF).errno).toBe('ESPIPE');
  });

  it('whole groups only: a group of two needs 80 bytes; a too-small buffer is EINVAL (6.12.117) and keeps it queued', () => {
    const { p, fault, dev } = withFault();
    p.call('trigger_iopf', { dev, pasid: 0, grpid: 5, perm: 1, addr: 0x1000n, flags: 0 });
    p.call('trigger_iopf', { dev, pasid: 0, grpid: 5, perm: 1, addr: 0x2000n, flags: 2 });
    p.call('trigger_iopf', { dev, pasid: 0, grpid: 6, perm: 2, addr: 0x3000n, flags: 2 });
    expect(p.observe().faults[0]?.queued).toBe(2);
    expect(read(p, fault, 40).errno).toBe('EINVAL');
    expect(p.observe().faults[0]?.queued).toBe(2);
    expect(read(p, fault, 120).ret).toBe(120n);
    const recs = p.peek(BUF, 120);
    expect([rd64(recs, 24), rd64(recs, 64), rd64(recs, 104)]).toEqual([0x1000n, 0x2000n, 0x3000n]);
    expect([rd32(recs, 36), rd32(recs, 76), rd32(recs, 116)]).toEqual([1, 1, 2]);
    // two responses in one write, the second bad: 8 bytes consumed
    expect(
      respond(p, fault, [
        [1, 0],
        [9, 0],
      ]).ret,
    ).toBe(8n);
    expect(p.observe().faults[0]?.outstanding).toEqual(['2']);
  });

  it('FAULT-008: replacing the device answers its groups INVALID; DESTROY of attached / referenced objects is EBUSY', () => {
    const { p, fault, dev, stdev, nested, ioas } = withFault();
    p.call('trigger_iopf', { dev, pasid: 0, grpid: 1, perm: 1, addr: 0n });
    read(p, fault, 40);
    p.call('trigger_iopf', { dev, pasid: 0, grpid: 2, perm: 1, addr: 0n });
    expect(p.destroy(nested)).toBe('EBUSY');
    expect(p.destroy(ioas)).toBe('EBUSY');
    expect(p.destroy(fault)).toBe('EBUSY');
    expect(p.call('mock_domain_replace', { stdev, pt: ioas }).errno).toBeUndefined();
    expect(p.observe().faults).toEqual([{ id: fault, queued: 0, outstanding: [] }]);
    expect(respond(p, fault, [[1, 0]]).errno).toBe('EINVAL');
    expect(p.destroy(nested)).toBeUndefined();
    expect(p.destroy(fault)).toBe('EBUSY'); // its fd is still open
    expect(p.call('fault_close', { fault }).errno).toBeUndefined();
    expect(p.destroy(fault)).toBeUndefined();
    expect(p.call('fault_read', { fault, count: 40 }, BUF).errno).toBe('EBADF');
  });

  it('a device on a HWPT without a fault object queues nothing', () => {
    const { p, dev } = withMockDomain();
    const f = p.faultAlloc();
    expect(p.call('trigger_iopf', { dev, pasid: 0, grpid: 1, perm: 1, addr: 0n }).errno).toBeUndefined();
    expect(p.observe().faults).toEqual([{ id: f.id, queued: 0, outstanding: [] }]);
    expect(p.call('trigger_iopf', { dev: 999, pasid: 0, grpid: 1, perm: 1, addr: 0n }).errno).toBe('ENOENT');
  });
});

describe('object ids and the snapshot', () => {
  it('ids are the lowest free from 1, reused after DESTROY; the snapshot lists objects and attachments', () => {
    const p = new Proc();
    const a = p.ioasAlloc();
    const b = p.ioasAlloc();
    expect([a, b]).toEqual([1, 2]);
    expect(p.destroy(a)).toBeUndefined();
    expect(p.ioasAlloc()).toBe(1);
    const md = p.mockDomain(b);
    expect(md).toEqual({ stdev: 3, dev: 4, hwpt: 5 });
    const snap = p.observe();
    expect(snap.objects.map((o) => o.kind)).toEqual(['ioas', 'ioas', 'stdev', 'device', 'hwpt_paging']);
    expect(snap.attachments).toEqual([{ device: 4, hwpt: 5 }]);
    expect(p.destroy(md.dev)).toBe('EBUSY');
  });

  it('VFIO_IOAS: GET without one is ENODEV; SET, GET; destroying that IOAS clears it', () => {
    const p = new Proc();
    const v = (op: number, id = 0) =>
      p.ioctl(
        'vfio_ioas',
        struct(12, [
          [0, 4, 12],
          [4, 4, id],
          [8, 2, op],
        ]),
      );
    expect(v(0).errno).toBe('ENODEV');
    const ioas = p.ioasAlloc();
    expect(v(1, 99).errno).toBe('ENOENT');
    expect(v(1, ioas).errno).toBeUndefined();
    expect(rd32(v(0).out, 4)).toBe(ioas);
    expect(v(3).errno).toBe('EOPNOTSUPP');
    expect(p.destroy(ioas)).toBeUndefined();
    expect(v(0).errno).toBe('ENODEV');
  });
});

describe('mutants: each defect changes the behaviour of its requirement', () => {
  const withDefect = (d: keyof typeof IOMMUFD_DEFECTS) => new Proc({ defects: new Set([d]) });

  it('every defect is named with the requirement it breaks', () => {
    expect(Object.keys(IOMMUFD_DEFECTS)).toHaveLength(15);
  });

  it('reads-past-size (SIZE-002): faults on a struct ending at the end of the mapping', () => {
    for (const [p, expected] of [
      [new Proc(), undefined],
      [withDefect('reads-past-size'), 'EFAULT'],
    ] as const) {
      const env = withMockDomain(p);
      const at = ARG + PAGE - 24n;
      p.poke(at, hwptAllocArg({ dev: env.dev, pt: env.ioas, size: 24 }).subarray(0, 24));
      expect(p.call('hwpt_alloc', {}, at).errno).toBe(expected);
    }
  });

  it('ignores-nonzero-tail (SIZE-005)', () => {
    const tail = struct(16, [
      [0, 4, 16],
      [12, 4, 1],
    ]);
    expect(new Proc().ioctl('ioas_alloc', tail).errno).toBe('E2BIG');
    expect(withDefect('ignores-nonzero-tail').ioctl('ioas_alloc', tail).errno).toBeUndefined();
  });

  it('accepts-short-size (SIZE-003)', () => {
    const short = struct(12, [[0, 4, 8]]);
    expect(new Proc().ioctl('ioas_alloc', short).errno).toBe('EINVAL');
    expect(withDefect('accepts-short-size').ioctl('ioas_alloc', short).errno).toBeUndefined();
  });

  it('ignores-reserved (VALID-006), but keeps __reserved2 (VALID-012)', () => {
    const arg = struct(32, [
      [0, 4, 32],
      [4, 4, 1],
      [12, 4, 1],
    ]);
    expect(new Proc().ioctl('ioas_iova_ranges', arg).errno).toBe('EOPNOTSUPP');
    const p = withDefect('ignores-reserved');
    expect(p.ioctl('ioas_iova_ranges', arg).errno).toBe('ENOENT');
    const env = withMockDomain(p);
    expect(p.hwptAlloc({ dev: env.dev, pt: env.ioas, reserved: 1 }).errno).toBeUndefined();
    expect(p.hwptAlloc({ dev: env.dev, pt: env.ioas, reserved2: 1 }).errno).toBe('EOPNOTSUPP');
  });

  it('accepts-unknown-flags (VALID-003)', () => {
    const flags = struct(12, [
      [0, 4, 12],
      [4, 4, 1 << 5],
    ]);
    expect(new Proc().ioctl('ioas_alloc', flags).errno).toBe('EOPNOTSUPP');
    const p = withDefect('accepts-unknown-flags');
    expect(p.ioctl('ioas_alloc', flags).errno).toBeUndefined();
    const ioas = p.ioasAlloc();
    expect(p.map(ioas, BUF, PAGE, 0x100000n, 7 | (1 << 9)).errno).toBeUndefined();
  });

  it('accepts-unaligned-map (LAYOUT-007)', () => {
    for (const [p, expected] of [
      [new Proc(), 'EINVAL'],
      [withDefect('accepts-unaligned-map'), undefined],
    ] as const) {
      const { ioas } = withMockDomain(p);
      expect(p.map(ioas, BUF, 100n, MOCK_APERTURE_START + 4n).errno).toBe(expected);
    }
  });

  /** A device on a fault-capable nested HWPT with one group delivered under cookie 1. */
  function oneDelivered(p: Proc) {
    const f = p.faultAlloc();
    const env = withNested(p, f.id);
    p.call('mock_domain_replace', { stdev: env.stdev, pt: env.nested });
    p.call('trigger_iopf', { dev: env.dev, pasid: 0, grpid: 1, perm: 1, addr: 0n });
    expect(p.call('fault_read', { fault: f.id, count: 40 }, BUF).ret).toBe(40n);
    return { ...env, fault: f.id };
  }
  const write = (p: Proc, fault: number, pairs: [number, number][]) => {
    pairs.forEach(([c, code], i) =>
      p.poke(
        BUF + BigInt(8 * i),
        struct(8, [
          [0, 4, c],
          [4, 4, code],
        ]),
      ),
    );
    const r = p.call('fault_write', { fault, count: 8 * pairs.length }, BUF);
    return r.errno ?? r.ret;
  };

  it('answers-unraised-fault (FAULT-004): a never-issued cookie is acknowledged; a retired one is still EINVAL', () => {
    const p = new Proc();
    expect(write(p, oneDelivered(p).fault, [[7, 0]])).toBe('EINVAL');
    const m = withDefect('answers-unraised-fault');
    const { fault } = oneDelivered(m);
    expect(write(m, fault, [[7, 0]])).toBe(8n);
    expect(
      write(m, fault, [
        [1, 0],
        [1, 0],
      ]),
    ).toBe(8n);
  });

  it('accepts-double-response (FAULT-005)', () => {
    const p = new Proc();
    expect(
      write(p, oneDelivered(p).fault, [
        [1, 0],
        [1, 0],
      ]),
    ).toBe(8n);
    const m = withDefect('accepts-double-response');
    expect(
      write(m, oneDelivered(m).fault, [
        [1, 0],
        [1, 0],
      ]),
    ).toBe(16n);
  });

  it('accepts-bad-response-code (FAULT-006)', () => {
    const p = new Proc();
    expect(write(p, oneDelivered(p).fault, [[1, 5]])).toBe('EINVAL');
    const m = withDefect('accepts-bad-response-code');
    expect(write(m, oneDelivered(m).fault, [[1, 5]])).toBe(8n);
  });

  it('splits-fault-group (FAULT-001)', () => {
    for (const [p, expected] of [
      [new Proc(), 'EINVAL'],
      [withDefect('splits-fault-group'), 40n],
    ] as const) {
      const f = p.faultAlloc();
      const env = withNested(p, f.id);
      p.call('mock_domain_replace', { stdev: env.stdev, pt: env.nested });
      p.call('trigger_iopf', { dev: env.dev, pasid: 0, grpid: 1, perm: 1, addr: 0n, flags: 0 });
      p.call('trigger_iopf', { dev: env.dev, pasid: 0, grpid: 1, perm: 1, addr: 0n, flags: 2 });
      const r = p.call('fault_read', { fault: f.id, count: 40 }, BUF);
      expect(r.errno ?? r.ret).toBe(expected);
    }
  });

  it('no-auto-response (FAULT-008)', () => {
    for (const [p, outstanding] of [
      [new Proc(), []],
      [withDefect('no-auto-response'), ['1']],
    ] as const) {
      const env = oneDelivered(p);
      p.call('mock_domain_replace', { stdev: env.stdev, pt: env.ioas });
      expect(p.observe().faults[0]?.outstanding).toEqual(outstanding);
    }
  });

  it('nested-on-non-parent (NEST-007)', () => {
    for (const [p, expected] of [
      [new Proc(), 'EINVAL'],
      [withDefect('nested-on-non-parent'), undefined],
    ] as const) {
      const { ioas, dev } = withMockDomain(p);
      const plain = rd32(p.hwptAlloc({ dev, pt: ioas }).out, 16);
      p.poke(BUF, struct(4, [[0, 4, 1]]));
      expect(p.hwptAlloc({ dev, pt: plain, dataType: DATA_SELFTEST, dataLen: 4, dataUptr: BUF }).errno).toBe(expected);
    }
  });

  it('destroy-busy (NEST-009): destroys an IOAS in use without throwing later', () => {
    const m = withDefect('destroy-busy');
    const env = withNested(m);
    expect(m.destroy(env.ioas)).toBeUndefined();
    expect(m.destroy(env.parent)).toBeUndefined();
    expect(m.destroy(env.dev)).toBeUndefined();
    expect(m.destroy(env.stdev)).toBeUndefined();
    expect(m.destroy(env.nested)).toBeUndefined();
    expect(m.observe().objects).toEqual([]);
  });

  it('e2big-for-driver-data (SIZE-011)', () => {
    for (const [p, expected] of [
      [new Proc(), 'EINVAL'],
      [withDefect('e2big-for-driver-data'), 'E2BIG'],
    ] as const) {
      const { ioas, dev } = withMockDomain(p);
      const parent = rd32(p.hwptAlloc({ dev, pt: ioas, flags: NEST_PARENT }).out, 16);
      expect(p.hwptAlloc({ dev, pt: parent, dataType: DATA_SELFTEST, dataLen: 8, dataUptr: BUF }).errno).toBe(expected);
    }
  });

  it('invalidate-no-progress (NEST-010)', () => {
    for (const [p, entryNum] of [
      [new Proc(), 1],
      [withDefect('invalidate-no-progress'), 77],
    ] as const) {
      const { nested } = withNested(p);
      p.poke(
        BUF,
        struct(16, [
          [4, 4, 1],
          [12, 4, 9],
        ]),
      );
      const arg = invalidateArg({ hwpt: nested, uptr: BUF, type: INV_DATA_SELFTEST, len: 8, num: 2 });
      const r = p.ioctl('hwpt_invalidate', arg);
      // the caller's entry_num goes in as 2; the mutant leaves whatever the struct held
      expect(r.errno).toBe('EINVAL');
      expect(rd32(r.out, 24)).toBe(entryNum === 77 ? 2 : entryNum);
    }
  });

  it('other profiles\u2019 defect names are ignored', () => {
    const p = new Proc({ defects: new Set(['binds-multi-group']) });
    expect(p.ioctl('ioas_alloc', struct(12, [[0, 4, 8]])).errno).toBe('EINVAL');
  });
});

describe('robustness: no input makes call() throw', () => {
  const OPS = [
    'ioctl',
    'destroy',
    'ioas_alloc',
    'ioas_allow_iovas',
    'ioas_copy',
    'ioas_iova_ranges',
    'ioas_map',
    'ioas_unmap',
    'option',
    'vfio_ioas',
    'hwpt_alloc',
    'get_hw_info',
    'hwpt_set_dirty_tracking',
    'hwpt_get_dirty_bitmap',
    'hwpt_invalidate',
    'fault_queue_alloc',
    'fault_read',
    'fault_write',
    'fault_close',
    'mock_domain',
    'mock_domain_replace',
    'add_reserved',
    'trigger_iopf',
  ];
  const small = fc.oneof(
    fc.constantFrom(0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 0xdeadn, 0xdeadbeefn, 2048n, 4096n),
    fc.bigInt(0n, 64n),
  );
  const big = fc.oneof(
    small,
    fc.bigInt(0n, (1n << 64n) - 1n),
    fc.constantFrom(BUF, ARG, (1n << 64n) - 1n, MOCK_APERTURE_START),
  );
  const word = fc.oneof(small.map(Number), fc.integer({ min: 0, max: 0xffffffff }));

  it('random sequences of calls always end in a result', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            op: fc.constantFrom(...OPS),
            words: fc.array(word, { minLength: 12, maxLength: 12 }),
            args: fc.record({
              cmd: fc.oneof(fc.integer({ min: 0x3b7e, max: 0x3b90 }).map(BigInt), big),
              ioas: small,
              stdev: small,
              pt: small,
              dev: small,
              fault: small,
              count: fc.constantFrom(0n, 7n, 8n, 16n, 40n, 80n, 1n << 40n),
              flags: small,
              driver: small,
              start: big,
              length: big,
              pasid: small,
              grpid: small,
              perm: small,
              addr: big,
            }),
            argp: fc.constantFrom(ARG, BUF, 0n, ARG + PAGE - 8n),
          }),
          { maxLength: 25 },
        ),
        fc.boolean(),
        (calls, rich) => {
          const p = new Proc();
          if (rich) {
            // ids 1..7: fault, ioas, stdev, device, auto hwpt, parent, nested; one group raised and read
            const f = p.faultAlloc();
            const env = withNested(p, f.id);
            p.call('mock_domain_replace', { stdev: env.stdev, pt: env.nested });
            p.call('trigger_iopf', { dev: env.dev, pasid: 0, grpid: 1, perm: 1, addr: 0n });
            p.call('trigger_iopf', { dev: env.dev, pasid: 0, grpid: 2, perm: 1, addr: 0n });
            p.call('fault_read', { fault: f.id, count: 40 }, BUF);
            p.mockDomain(env.ioas, 0, 1);
          }
          for (const c of calls) {
            const arg = new Uint8Array(48);
            const dv = new DataView(arg.buffer);
            c.words.forEach((w, i) => dv.setUint32(i * 4, w, true));
            p.poke(ARG, arg);
            p.poke(BUF, arg);
            const r = p.k.call({ op: `iommufd.${c.op}`, argp: c.argp, args: c.args, memory: p.segs });
            expect(isUnsupported(r)).toBe(false);
            if (!isUnsupported(r)) p.segs = r.memory;
            expect(() => JSON.stringify(p.observe(), (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toThrow();
          }
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
