/**
 * The vfio-nesting reference kernel against what the facts state outright (§2): the singleton nesting
 * container, SET_IOMMU attaching every group, GET_INFO with the nesting capability and the too-small-buffer
 * rule, PASID_REQUEST, NESTING_OP with all-or-nothing bind and PASID ownership, detach cleanup,
 * SET_PASID_TABLE, CACHE_INVALIDATE and the raw container ioctl; and each defect changing its behaviour.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUnsupported } from '../../../src/adapters/adapter.ts';
import { createVfioNestingKernel } from '../../../src/reference/vfio-nesting/index.ts';
import { VFIO_NESTING_DEFECTS } from '../../../src/reference/vfio-nesting/defects.ts';
import type { ProfileKernel } from '../../../src/reference/kernel/profile-kernel.ts';
import {
  bindData,
  cacheInfo,
  call,
  errno,
  ok,
  options,
  pasidRequest,
  pasidTableConfig,
  readU16,
  readU32,
  vfioHdr,
} from './argsz-structs.ts';

const NESTING = 6;
const TYPE1v2 = 3;
const ALLOC = 1;
const FREE = 2;
const BIND = 0;
const UNBIND = 1;
const CACHE_INVLD = 2;

interface Snapshot {
  containers: { id: number; iommu: number; groups: { id: number; devices: number }[]; pasids: string[]; binds: { pasid: string; devices: number }[]; pasidTable: boolean }[];
}

function kernel(defects: string[] = []): ProfileKernel {
  const k = createVfioNestingKernel(options(defects));
  k.reset({});
  return k;
}

function container(k: ProfileKernel): bigint {
  return ok(k.call(call('vfio-nesting.create_container', null))).out!.container!;
}

function group(k: ProfileKernel, devices = 1, lacking = devices, lacks = 0): bigint {
  return ok(k.call(call('vfio-nesting.create_group', null, { devices, lacking, lacks }))).out!.group!;
}

/** A nesting container with one group of `devices` devices, attached. */
function nestingContainer(k: ProfileKernel, devices = 1, lacking = devices, lacks = 0): { c: bigint; g: bigint } {
  const c = container(k);
  const g = group(k, devices, lacking, lacks);
  expect(errno(k.call(call('vfio-nesting.set_container', null, { group: g, container: c })))).toBeUndefined();
  expect(errno(k.call(call('vfio-nesting.set_iommu', null, { container: c, type: NESTING })))).toBeUndefined();
  return { c, g };
}

function alloc(k: ProfileKernel, c: bigint, min: number, max: number) {
  return ok(k.call(call('vfio-nesting.pasid_request', pasidRequest(ALLOC, min, max), { container: c })));
}

function bind(k: ProfileKernel, c: bigint, hpasid: bigint, op = BIND) {
  return k.call(call('vfio-nesting.nesting_op', vfioHdr(80, op, bindData({ hpasid })), { container: c }));
}

const snap = (k: ProfileKernel) => k.observe() as Snapshot;

describe('vfio-nesting: containers and groups', () => {
  it('a nesting container holds one group: a second SET_CONTAINER fails with EINVAL', () => {
    const k = kernel();
    const { c, g } = nestingContainer(k);
    const g2 = group(k);
    expect(errno(k.call(call('vfio-nesting.set_container', null, { group: g2, container: c })))).toBe('EINVAL');
    expect(snap(k).containers[0]!.groups).toEqual([{ id: Number(g), devices: 1 }]);
  });

  it('SET_IOMMU attaches every group; for nesting with two groups it fails and leaves the type unset', () => {
    const k = kernel();
    const c = container(k);
    for (const g of [group(k), group(k)]) k.call(call('vfio-nesting.set_container', null, { group: g, container: c }));
    expect(errno(k.call(call('vfio-nesting.set_iommu', null, { container: c, type: NESTING })))).toBe('EINVAL');
    expect(snap(k).containers[0]!.iommu).toBe(0);
    expect(errno(k.call(call('vfio-nesting.set_iommu', null, { container: c, type: TYPE1v2 })))).toBeUndefined();
    expect(snap(k).containers[0]!.iommu).toBe(TYPE1v2);
    expect(errno(k.call(call('vfio-nesting.set_iommu', null, { container: c, type: TYPE1v2 })))).toBe('EINVAL');
  });

  it('SET_IOMMU needs a group (EINVAL) and a type type1 supports (ENODEV)', () => {
    const k = kernel();
    const c = container(k);
    expect(errno(k.call(call('vfio-nesting.set_iommu', null, { container: c, type: NESTING })))).toBe('EINVAL');
    k.call(call('vfio-nesting.set_container', null, { group: group(k), container: c }));
    expect(errno(k.call(call('vfio-nesting.set_iommu', null, { container: c, type: 9 })))).toBe('ENODEV');
  });

  it('a group is in at most one container; unknown ids are bad fds', () => {
    const k = kernel();
    const { g } = nestingContainer(k);
    const c2 = container(k);
    expect(errno(k.call(call('vfio-nesting.set_container', null, { group: g, container: c2 })))).toBe('EINVAL');
    expect(errno(k.call(call('vfio-nesting.set_container', null, { group: 99, container: c2 })))).toBe('EBADF');
    expect(errno(k.call(call('vfio-nesting.unset_container', null, { group: group(k) })))).toBe('EINVAL');
  });

  it('the last group leaving resets the IOMMU type and the PASID table', () => {
    const k = kernel();
    const { c, g } = nestingContainer(k);
    k.call(call('vfio-nesting.set_pasid_table', vfioHdr(40, 1, pasidTableConfig({})), { container: c }));
    expect(snap(k).containers[0]!.pasidTable).toBe(true);
    expect(errno(k.call(call('vfio-nesting.unset_container', null, { group: g })))).toBeUndefined();
    expect(snap(k).containers[0]).toMatchObject({ iommu: 0, groups: [], pasidTable: false });
  });
});

describe('vfio-nesting: VFIO_IOMMU_GET_INFO', () => {
  const info = (argsz: number, len = argsz) => {
    const b = new Uint8Array(len);
    new DataView(b.buffer).setUint32(0, argsz, true);
    return b;
  };

  it('EINVAL before a type is set; EINVAL for argsz below 16', () => {
    const k = kernel();
    const c = container(k);
    expect(errno(k.call(call('vfio-nesting.get_info', info(24), { container: c })))).toBe('EINVAL');
    const { c: n } = nestingContainer(k);
    expect(errno(k.call(call('vfio-nesting.get_info', info(15, 24), { container: n })))).toBe('EINVAL');
  });

  it('a buffer too small for the capability: CAPS set, cap_offset 0, argsz raised to 96, success', () => {
    const k = kernel();
    const { c } = nestingContainer(k);
    const r = ok(k.call(call('vfio-nesting.get_info', info(20), { container: c })));
    expect(r.errno).toBeUndefined();
    const b = r.memory[0]!.bytes;
    expect(readU32(b, 0)).toBe(96);
    expect(readU32(b, 4)).toBe(3);
    expect(readU32(b, 16)).toBe(0);
  });

  it('argsz 16 on a 16-byte buffer: nothing is written past 16', () => {
    const k = kernel();
    const { c } = nestingContainer(k);
    const r = ok(k.call(call('vfio-nesting.get_info', info(16), { container: c })));
    expect(r.errno).toBeUndefined();
    expect(readU32(r.memory[0]!.bytes, 0)).toBe(96);
  });

  it('a large enough buffer gets the nesting capability at 24', () => {
    const k = kernel();
    const { c } = nestingContainer(k);
    const r = ok(k.call(call('vfio-nesting.get_info', info(96), { container: c })));
    const b = r.memory[0]!.bytes;
    expect(readU32(b, 0)).toBe(96);
    expect(readU32(b, 16)).toBe(24);
    expect(readU16(b, 24)).toBe(4); // VFIO_IOMMU_TYPE1_INFO_CAP_NESTING
    expect(readU32(b, 24 + 8)).toBe(64); // iommu_nesting_info.argsz
    expect(readU32(b, 24 + 8 + 12) & 2).toBe(2); // BIND_PGTBL
  });

  it('a type1v2 container has no capability', () => {
    const k = kernel();
    const c = container(k);
    k.call(call('vfio-nesting.set_container', null, { group: group(k), container: c }));
    k.call(call('vfio-nesting.set_iommu', null, { container: c, type: TYPE1v2 }));
    const r = ok(k.call(call('vfio-nesting.get_info', info(24), { container: c })));
    expect(readU32(r.memory[0]!.bytes, 4)).toBe(1);
    expect(readU32(r.memory[0]!.bytes, 0)).toBe(24);
  });
});

describe('vfio-nesting: VFIO_IOMMU_PASID_REQUEST', () => {
  it('ALLOC returns the lowest free PASID of the range, system-wide; ENOSPC when none is free', () => {
    const k = kernel();
    const { c } = nestingContainer(k);
    const { c: c2 } = nestingContainer(k);
    expect(alloc(k, c, 5, 10).ret).toBe(5n);
    expect(alloc(k, c, 5, 10).ret).toBe(6n);
    expect(alloc(k, c2, 5, 6).errno).toBe('ENOSPC');
    expect(alloc(k, c2, 0, 0).ret).toBe(0n);
    expect(snap(k).containers[0]!.pasids).toEqual(['5', '6']);
  });

  it('FREE releases the container\'s PASIDs of the range and returns 0', () => {
    const k = kernel();
    const { c } = nestingContainer(k);
    alloc(k, c, 5, 10);
    alloc(k, c, 5, 10);
    const r = ok(k.call(call('vfio-nesting.pasid_request', pasidRequest(FREE, 6, 100), { container: c })));
    expect(r.errno).toBeUndefined();
    expect(r.ret ?? 0n).toBe(0n); // a missing value means 0
    expect(snap(k).containers[0]!.pasids).toEqual(['5']);
  });

  it.each([
    ['argsz 15', pasidRequest(ALLOC, 1, 2, 15)],
    ['unknown flag', pasidRequest(ALLOC | 4, 1, 2)],
    ['min > max', pasidRequest(ALLOC, 3, 2)],
    ['both flags', pasidRequest(ALLOC | FREE, 1, 2)],
    ['no flag', pasidRequest(0, 1, 2)],
    ['max above 2^20 - 1 (SHOULD)', pasidRequest(ALLOC, 1, 0x100000)],
  ])('EINVAL for %s', (_name, bytes) => {
    const k = kernel();
    const { c } = nestingContainer(k);
    expect(errno(k.call(call('vfio-nesting.pasid_request', bytes, { container: c })))).toBe('EINVAL');
  });

  it('EINVAL without a backend (vfio.c, before reading); ENOTSUPP without a PASID context, after the header checks', () => {
    const k = kernel();
    const c = container(k);
    expect(errno(k.call(call('vfio-nesting.pasid_request', pasidRequest(ALLOC, 1, 2), { container: c })))).toBe('EINVAL');
    const g = group(k);
    expect(errno(k.call(call('vfio-nesting.set_container', null, { group: g, container: c })))).toBeUndefined();
    expect(errno(k.call(call('vfio-nesting.set_iommu', null, { container: c, type: TYPE1v2 })))).toBeUndefined();
    expect(errno(k.call(call('vfio-nesting.pasid_request', pasidRequest(ALLOC, 1, 2), { container: c })))).toBe('ENOTSUPP');
    expect(errno(k.call(call('vfio-nesting.pasid_request', pasidRequest(ALLOC, 3, 2), { container: c })))).toBe('EINVAL');
  });
});

describe('vfio-nesting: VFIO_IOMMU_NESTING_OP', () => {
  it('binds an owned PASID on every device and unbinds it', () => {
    const k = kernel();
    const { c } = nestingContainer(k, 3);
    alloc(k, c, 5, 5);
    expect(errno(bind(k, c, 5n))).toBeUndefined();
    expect(snap(k).containers[0]!.binds).toEqual([{ pasid: '5', devices: 3 }]);
    expect(errno(bind(k, c, 5n))).toBe('EBUSY');
    expect(snap(k).containers[0]!.binds).toEqual([{ pasid: '5', devices: 3 }]);
    expect(errno(bind(k, c, 5n, UNBIND))).toBeUndefined();
    expect(snap(k).containers[0]!.binds).toEqual([]);
  });

  it('refuses a PASID the container does not own (EINVAL), including another container\'s', () => {
    const k = kernel();
    const { c } = nestingContainer(k);
    const { c: c2 } = nestingContainer(k);
    alloc(k, c2, 5, 5);
    expect(errno(bind(k, c, 5n))).toBe('EINVAL');
    expect(errno(bind(k, c, 5n, UNBIND))).toBe('EINVAL');
  });

  it('runs the IOMMU-core checks on the payload', () => {
    const k = kernel();
    const { c } = nestingContainer(k);
    alloc(k, c, 5, 5);
    const bad = vfioHdr(80, BIND, bindData({ hpasid: 5n, flags: 1n << 40n }));
    expect(errno(k.call(call('vfio-nesting.nesting_op', bad, { container: c })))).toBe('EINVAL');
    const inv = vfioHdr(64, CACHE_INVLD, cacheInfo({ granularity: 2 }));
    expect(errno(k.call(call('vfio-nesting.nesting_op', inv, { container: c })))).toBeUndefined();
  });

  it('header: argsz 7 or flags above the op mask or an unknown op → EINVAL', () => {
    const k = kernel();
    const { c } = nestingContainer(k);
    for (const hdr of [vfioHdr(7, BIND), vfioHdr(8, 1 << 16), vfioHdr(8, 3)]) {
      expect(errno(k.call(call('vfio-nesting.nesting_op', hdr, { container: c })))).toBe('EINVAL');
    }
  });

  it('no domain → EINVAL; not nesting → EOPNOTSUPP', () => {
    const k = kernel();
    const c = container(k);
    expect(errno(bind(k, c, 5n))).toBe('EINVAL');
    k.call(call('vfio-nesting.set_container', null, { group: group(k), container: c }));
    k.call(call('vfio-nesting.set_iommu', null, { container: c, type: TYPE1v2 }));
    expect(errno(bind(k, c, 5n))).toBe('EOPNOTSUPP');
  });

  it('all or nothing: a device lacking bind fails the bind with ENODEV and no device stays bound', () => {
    const k = kernel();
    const { c } = nestingContainer(k, 3, 2, 1);
    alloc(k, c, 5, 5);
    expect(errno(bind(k, c, 5n))).toBe('ENODEV');
    expect(snap(k).containers[0]!.binds).toEqual([]);
  });

  it('detaching the group unbinds its PASIDs', () => {
    const k = kernel();
    const { c, g } = nestingContainer(k, 2);
    alloc(k, c, 5, 5);
    bind(k, c, 5n);
    k.call(call('vfio-nesting.unset_container', null, { group: g }));
    expect(snap(k).containers[0]!.binds).toEqual([]);
    expect(snap(k).containers[0]!.pasids).toEqual(['5']);
  });

  it('freeing a bound PASID unbinds it', () => {
    const k = kernel();
    const { c } = nestingContainer(k);
    alloc(k, c, 5, 5);
    bind(k, c, 5n);
    k.call(call('vfio-nesting.pasid_request', pasidRequest(FREE, 0, 10), { container: c }));
    expect(snap(k).containers[0]).toMatchObject({ pasids: [], binds: [] });
  });
});

describe('vfio-nesting: SET_PASID_TABLE and CACHE_INVALIDATE', () => {
  it('SET needs flags exactly SET or UNSET', () => {
    const k = kernel();
    const { c } = nestingContainer(k);
    for (const flags of [0, 3, 5]) {
      expect(errno(k.call(call('vfio-nesting.set_pasid_table', vfioHdr(40, flags, pasidTableConfig({})), { container: c })))).toBe('EINVAL');
    }
    expect(errno(k.call(call('vfio-nesting.set_pasid_table', vfioHdr(8, 2), { container: c })))).toBeUndefined();
  });

  it('SET runs the generic and SMMUv3 checks; UNSET always succeeds', () => {
    const k = kernel();
    const { c } = nestingContainer(k);
    const set = (cfg: Uint8Array) => errno(k.call(call('vfio-nesting.set_pasid_table', vfioHdr(40, 1, cfg), { container: c })));
    expect(set(pasidTableConfig({ basePtr: 0x4010n }))).toBe('EINVAL');
    expect(set(pasidTableConfig({ argsz: 24, len: 32 }))).toBe('EINVAL');
    expect(set(pasidTableConfig({}))).toBeUndefined();
    expect(set(pasidTableConfig({}))).toBe('EINVAL'); // no S1 -> S1
    expect(snap(k).containers[0]!.pasidTable).toBe(true);
    expect(errno(k.call(call('vfio-nesting.set_pasid_table', vfioHdr(8, 2), { container: c })))).toBeUndefined();
    expect(snap(k).containers[0]!.pasidTable).toBe(false);
  });

  it('a domain lacking attach_pasid_table → ENODEV', () => {
    const k = kernel();
    const { c } = nestingContainer(k, 2, 1, 2);
    expect(errno(k.call(call('vfio-nesting.set_pasid_table', vfioHdr(40, 1, pasidTableConfig({})), { container: c })))).toBe('ENODEV');
  });

  it('CACHE_INVALIDATE: flags must be 0; payload goes to every device', () => {
    const k = kernel();
    const { c } = nestingContainer(k, 2, 1, 4);
    expect(errno(k.call(call('vfio-nesting.cache_invalidate', vfioHdr(64, 1, cacheInfo({})), { container: c })))).toBe('EINVAL');
    expect(errno(k.call(call('vfio-nesting.cache_invalidate', vfioHdr(64, 0, cacheInfo({})), { container: c })))).toBe('ENODEV');
    const k2 = kernel();
    const { c: c2 } = nestingContainer(k2, 2);
    expect(errno(k2.call(call('vfio-nesting.cache_invalidate', vfioHdr(64, 0, cacheInfo({})), { container: c2 })))).toBeUndefined();
  });
});

describe('vfio-nesting: raw container ioctl', () => {
  const IO = (nr: number) => BigInt((0x3b << 8) | nr);
  const IOW = (nr: number, size: number) => (1n << 30n) | (BigInt(size) << 16n) | IO(nr);

  it('GET_API_VERSION, CHECK_EXTENSION; without a backend anything else is EINVAL; with one, unknown → ENOTTY', () => {
    const k = kernel();
    const c = container(k);
    const raw = (cmd: bigint, arg = 0n) => ok(k.call({ op: 'vfio-nesting.ioctl', argp: arg, args: { container: c, cmd }, memory: [] }));
    expect(raw(IO(100)).ret).toBe(0n);
    expect(raw(IO(101), 6n).ret).toBe(1n);
    expect(raw(IO(101), 2n).ret).toBe(0n);
    expect(raw(IO(150)).errno).toBe('EINVAL');
    expect(raw(IO(112)).errno).toBe('EINVAL'); // GET_INFO without a backend
    const g = group(k);
    expect(errno(k.call(call('vfio-nesting.set_container', null, { group: g, container: c })))).toBeUndefined();
    expect(errno(k.call(call('vfio-nesting.set_iommu', null, { container: c, type: TYPE1v2 })))).toBeUndefined();
    expect(raw(IO(150)).errno).toBe('ENOTTY');
    expect(raw(IOW(100, 4)).errno).toBe('ENOTTY');
  });
});

describe('vfio-nesting: defects', () => {
  it('lists one requirement per defect', () => {
    expect(Object.keys(VFIO_NESTING_DEFECTS)).toHaveLength(6);
  });

  it('multi-group-nesting (NEST-001)', () => {
    const k = kernel(['multi-group-nesting']);
    const { c } = nestingContainer(k);
    expect(errno(k.call(call('vfio-nesting.set_container', null, { group: group(k), container: c })))).toBeUndefined();
  });

  it('keeps-partial-bind (NEST-003)', () => {
    const k = kernel(['keeps-partial-bind']);
    const { c } = nestingContainer(k, 3, 2, 1);
    alloc(k, c, 5, 5);
    expect(errno(bind(k, c, 5n))).toBe('ENODEV');
    expect(snap(k).containers[0]!.binds).toEqual([{ pasid: '5', devices: 2 }]);
  });

  it('binds-unowned-pasid (NEST-005)', () => {
    const k = kernel(['binds-unowned-pasid']);
    const { c } = nestingContainer(k);
    expect(errno(bind(k, c, 5n))).toBeUndefined();
  });

  it('detach-keeps-binds (NEST-006)', () => {
    const k = kernel(['detach-keeps-binds']);
    const { c, g } = nestingContainer(k);
    alloc(k, c, 5, 5);
    bind(k, c, 5n);
    k.call(call('vfio-nesting.unset_container', null, { group: g }));
    expect(snap(k).containers[0]!.binds).toEqual([{ pasid: '5', devices: 1 }]);
  });

  it('accepts-both-alloc-free (VALID-010)', () => {
    const k = kernel(['accepts-both-alloc-free']);
    const { c } = nestingContainer(k);
    expect(ok(k.call(call('vfio-nesting.pasid_request', pasidRequest(ALLOC | FREE, 1, 2), { container: c }))).ret).toBe(1n);
  });

  it('info-fails-small-buffer (SIZE-009)', () => {
    const k = kernel(['info-fails-small-buffer']);
    const { c } = nestingContainer(k);
    const b = new Uint8Array(24);
    b[0] = 24;
    expect(errno(k.call(call('vfio-nesting.get_info', b, { container: c })))).toBe('EINVAL');
  });
});

describe('vfio-nesting: no input makes call() throw', () => {
  const ops = ['get_info', 'pasid_request', 'nesting_op', 'set_pasid_table', 'cache_invalidate', 'ioctl', 'set_container', 'unset_container', 'set_iommu', 'create_group'];
  it('random operations on random states', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            op: fc.constantFrom(...ops),
            bytes: fc.uint8Array({ maxLength: 120 }),
            writable: fc.boolean(),
            container: fc.bigInt(0n, 3n),
            group: fc.bigInt(0n, 3n),
            type: fc.constantFrom(0n, 1n, 3n, 6n, 9n),
            devices: fc.bigInt(0n, 5n),
            cmd: fc.bigInt(0n, 1n << 32n),
          }),
          { maxLength: 12 },
        ),
        fc.subarray(Object.keys(VFIO_NESTING_DEFECTS)),
        (steps, defects) => {
          const k = kernel(defects);
          container(k);
          container(k);
          group(k, 2);
          for (const s of steps) {
            const r = k.call(
              call(`vfio-nesting.${s.op}`, s.bytes, { container: s.container, group: s.group, type: s.type, devices: s.devices, cmd: s.cmd }, s.writable),
            );
            if (isUnsupported(r)) continue; // MAP_DMA and friends through the raw ioctl
            if (!s.writable) expect(r.memory[0]!.bytes).toEqual(s.bytes);
          }
          k.observe();
        },
      ),
      { numRuns: 300 },
    );
  });
});

