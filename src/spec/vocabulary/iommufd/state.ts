/** The oracle's picture of an iommufd context with the kernel's mock IOMMU driver (Linux 6.12). */

export type Kind = 'ioas' | 'hwpt_paging' | 'hwpt_nested' | 'device' | 'stdev' | 'fault';

export interface Mapping {
  iova: bigint;
  length: bigint;
  /** The user VA backing the first byte: alignment rules look at its page offset. */
  uva: bigint;
  writable: boolean;
}

export interface Range {
  start: bigint;
  /** Inclusive. */
  last: bigint;
}

/** A reserved IOVA region; owner is the paging HWPT whose domain aperture put it there, or 0 (the test op). */
export interface Reserved extends Range {
  owner: bigint;
}

export interface Ioas {
  kind: 'ioas';
  id: bigint;
  mappings: Mapping[];
  allowed: Range[];
  reserved: Reserved[];
  hugePages: boolean;
}

export interface HwptPaging {
  kind: 'hwpt_paging';
  id: bigint;
  ioas: bigint;
  driver: bigint;
  nestParent: boolean;
  dirty: boolean;
  auto: boolean;
  dirtyEnabled: boolean;
}

export interface HwptNested {
  kind: 'hwpt_nested';
  id: bigint;
  parent: bigint;
  driver: bigint;
  /** The fault object its faults go to; 0 for none. */
  fault: bigint;
  iotlb: bigint[];
}

export interface Device {
  kind: 'device';
  id: bigint;
  driver: bigint;
  noDirty: boolean;
  stdev: bigint;
  hwpt: bigint;
  /** Page requests raised without LAST_PAGE, waiting for the last request of their group. */
  partial: FaultRecord[];
}

export interface Stdev {
  kind: 'stdev';
  id: bigint;
  dev: bigint;
}

export interface FaultRecord {
  flags: bigint;
  dev_id: bigint;
  pasid: bigint;
  grpid: bigint;
  perm: bigint;
  addr: bigint;
}

/** A page-request group raised by a device through the HWPT it was attached to. */
export interface FaultGroup {
  dev: bigint;
  hwpt: bigint;
  records: FaultRecord[];
}

export interface Fault {
  kind: 'fault';
  id: bigint;
  fdOpen: boolean;
  queue: FaultGroup[];
  /** Groups handed out by read(), by the cookie the implementation gave them. */
  outstanding: Map<bigint, FaultGroup>;
}

export type IommufdObject = Ioas | HwptPaging | HwptNested | Device | Stdev | Fault;

export interface IommufdState {
  objects: Map<bigint, IommufdObject>;
  /** The IOAS the VFIO compatibility layer uses; 0 for none. */
  compat: bigint;
  rlimitMode: bigint;
}

export const PAGE_SIZE = 4096n;
export const MOCK_PAGE_SIZE = 2048n;
export const MOCK_APERTURE_START = 0x1000000n;
export const MOCK_APERTURE_LAST = 0x7fffffffn;
export const U64_MAX = (1n << 64n) - 1n;
export const RECORD_SIZE = 40n;
export const MOCK_IOTLB_ENTRIES = 4;

export function initialState(): IommufdState {
  return { objects: new Map(), compat: 0n, rlimitMode: 0n };
}

export function clone(s: IommufdState): IommufdState {
  const objects = new Map<bigint, IommufdObject>();
  const groups = new Map<FaultGroup, FaultGroup>();
  const copyGroup = (g: FaultGroup) => {
    let c = groups.get(g);
    if (!c) groups.set(g, (c = { ...g, records: g.records.map((r) => ({ ...r })) }));
    return c;
  };
  for (const [id, o] of s.objects) {
    switch (o.kind) {
      case 'ioas':
        objects.set(id, { ...o, mappings: o.mappings.map((m) => ({ ...m })), allowed: o.allowed.map((r) => ({ ...r })), reserved: o.reserved.map((r) => ({ ...r })) });
        break;
      case 'hwpt_nested':
        objects.set(id, { ...o, iotlb: [...o.iotlb] });
        break;
      case 'device':
        objects.set(id, { ...o, partial: o.partial.map((r) => ({ ...r })) });
        break;
      case 'fault':
        objects.set(id, { ...o, queue: o.queue.map(copyGroup), outstanding: new Map([...o.outstanding].map(([c, g]) => [c, copyGroup(g)])) });
        break;
      default:
        objects.set(id, { ...o });
    }
  }
  return { ...s, objects };
}

/** The object with this id, if it is of one of the kinds. */
export function get<K extends Kind>(s: IommufdState, id: bigint, ...kinds: K[]): Extract<IommufdObject, { kind: K }> | undefined {
  const o = s.objects.get(id);
  return o && (kinds.length === 0 || (kinds as Kind[]).includes(o.kind)) ? (o as Extract<IommufdObject, { kind: K }>) : undefined;
}

export function must<K extends Kind>(s: IommufdState, id: bigint, ...kinds: K[]): Extract<IommufdObject, { kind: K }> {
  const o = get(s, id, ...kinds);
  if (!o) throw new Error(`no ${kinds.join(' or ')} with id ${id}`);
  return o;
}

export function ofKind<K extends Kind>(s: IommufdState, kind: K): Extract<IommufdObject, { kind: K }>[] {
  return [...s.objects.values()].filter((o) => o.kind === kind) as Extract<IommufdObject, { kind: K }>[];
}

export const overlaps = (a: Range, b: Range) => a.start <= b.last && b.start <= a.last;
export const rangeOf = (iova: bigint, length: bigint): Range => ({ start: iova, last: iova + length - 1n });

/** An IOAS's allowed ranges as the kernel's span iterator walks them: ranges that touch or overlap make one span. */
export function allowedSpans(ioas: Ioas): Range[] {
  const out: Range[] = [];
  for (const r of [...ioas.allowed].sort((x, y) => ascending(x.start, y.start))) {
    const prev = out.at(-1);
    if (prev && r.start <= prev.last + 1n) prev.last = r.last > prev.last ? r.last : prev.last;
    else out.push({ start: r.start, last: r.last });
  }
  return out;
}

/** Paging HWPTs whose domains are attached to the IOAS. */
export function domainsOf(s: IommufdState, ioas: bigint): HwptPaging[] {
  return ofKind(s, 'hwpt_paging').filter((h) => h.ioas === ioas);
}

/** The IOAS's IOVA alignment: PAGE_SIZE with huge pages off, the mock page size with a domain, else 1. */
export function alignmentOf(s: IommufdState, ioas: Ioas): bigint {
  if (!ioas.hugePages) return PAGE_SIZE;
  return domainsOf(s, ioas.id).length > 0 ? MOCK_PAGE_SIZE : 1n;
}

/** Adds a new domain's aperture to the IOAS: everything outside the mock aperture becomes reserved. */
export function reserveAperture(ioas: Ioas, owner: bigint): void {
  ioas.reserved.push({ start: 0n, last: MOCK_APERTURE_START - 1n, owner }, { start: MOCK_APERTURE_LAST + 1n, last: U64_MAX, owner });
}

export function removeHwpt(s: IommufdState, id: bigint): void {
  const h = s.objects.get(id);
  if (h?.kind === 'hwpt_paging') {
    const ioas = get(s, h.ioas, 'ioas');
    if (ioas) ioas.reserved = ioas.reserved.filter((r) => r.owner !== id);
  }
  s.objects.delete(id);
}

/** Answers INVALID (drops) every group a device raised through a HWPT, queued or handed out. */
export function answerGroupsOf(s: IommufdState, dev: bigint, hwpt: bigint): void {
  const h = get(s, hwpt, 'hwpt_nested');
  const fault = h && h.fault ? get(s, h.fault, 'fault') : undefined;
  if (!fault) return;
  fault.queue = fault.queue.filter((g) => g.dev !== dev);
  for (const [cookie, g] of fault.outstanding) if (g.dev === dev) fault.outstanding.delete(cookie);
}

/** Moves a device off its HWPT: its faults are answered, and an automatic HWPT left empty goes away. */
export function detachDevice(s: IommufdState, device: Device): void {
  const old = device.hwpt;
  answerGroupsOf(s, device.id, old);
  device.hwpt = 0n;
  const h = get(s, old, 'hwpt_paging');
  if (h?.auto && !ofKind(s, 'device').some((d) => d.hwpt === old)) removeHwpt(s, old);
}

/** Attaches a device to `hwpt`, creating an automatic paging HWPT on the IOAS `pt` when `hwpt` is new. */
export function attachDevice(s: IommufdState, device: Device, pt: bigint, hwpt: bigint): void {
  if (!s.objects.has(hwpt)) {
    const ioas = must(s, pt, 'ioas');
    s.objects.set(hwpt, { kind: 'hwpt_paging', id: hwpt, ioas: pt, driver: device.driver, nestParent: false, dirty: false, auto: true, dirtyEnabled: false });
    reserveAperture(ioas, hwpt);
  }
  device.hwpt = hwpt;
}

/** The queued groups, in order, whose records all fit in `capacity` bytes. */
export function groupsThatFit(fault: Fault, capacity: bigint): FaultGroup[] {
  const out: FaultGroup[] = [];
  let used = 0n;
  for (const g of fault.queue) {
    const size = BigInt(g.records.length) * RECORD_SIZE;
    if (used + size > capacity) break;
    out.push(g);
    used += size;
  }
  return out;
}

/** The parts of `window` that no range of `used` covers. */
export function holes(window: Range, used: Range[]): Range[] {
  const out: Range[] = [];
  let next = window.start;
  for (const u of [...used].sort((a, b) => ascending(a.start, b.start))) {
    if (u.last < next || u.start > window.last) continue;
    if (u.start > next) out.push({ start: next, last: u.start - 1n });
    next = u.last + 1n;
    if (next > window.last) return out;
  }
  out.push({ start: next, last: window.last });
  return out;
}

/** The usable IOVA ranges: the holes between reserved regions over the whole 64-bit space. */
export function iovaRanges(ioas: Ioas): Range[] {
  return holes({ start: 0n, last: U64_MAX }, ioas.reserved);
}

export const ascending = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

export function snapshot(s: IommufdState) {
  const objects = [...s.objects.values()].sort((a, b) => ascending(a.id, b.id));
  return {
    profile: 'iommufd' as const,
    objects: objects.map((o) => ({ id: Number(o.id), kind: o.kind })),
    mappings: ofKind(s, 'ioas')
      .sort((a, b) => ascending(a.id, b.id))
      .flatMap((i) => [...i.mappings].sort((a, b) => ascending(a.iova, b.iova)).map((m) => ({ ioas: Number(i.id), iova: String(m.iova), length: String(m.length) }))),
    attachments: ofKind(s, 'device')
      .filter((d) => d.hwpt !== 0n)
      .sort((a, b) => ascending(a.id, b.id))
      .map((d) => ({ device: Number(d.id), hwpt: Number(d.hwpt) })),
    iotlb: ofKind(s, 'hwpt_nested')
      .filter((h) => h.driver === 0n)
      .sort((a, b) => ascending(a.id, b.id))
      .map((h) => ({ hwpt: Number(h.id), entries: h.iotlb.map(String) })),
    faults: ofKind(s, 'fault')
      .sort((a, b) => ascending(a.id, b.id))
      .map((f) => ({ id: Number(f.id), queued: f.queue.length, outstanding: [...f.outstanding.keys()].sort(ascending).map(String) })),
  };
}
