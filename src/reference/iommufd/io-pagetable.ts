/**
 * The IOVA address space of an IOAS (drivers/iommu/iommufd/io_pagetable.c, pages.c): areas (mappings),
 * reserved ranges, allowed ranges, the domains it fills and the IOVA alignment they impose.
 *
 * Every function returns 0 / a value, or a negative errno, in the kernel's check order.
 */
import { EADDRINUSE, EEXIST, EFAULT, EINVAL, ENOENT, ENOSPC, EOVERFLOW, EPERM } from '../kernel/errno.ts';
import { ULONG_MAX, type UserMemory } from '../kernel/user-memory.ts';
import type { Domain } from './driver.ts';
import { PAGE_SIZE } from './mock-driver.ts';

/** SIZE_MAX on the 64-bit kernel */
const SIZE_MAX = ULONG_MAX;
/**
 * The largest IOVA alignment iopt_alloc_iova() keeps from the user address: PAGE_SIZE, as in a kernel
 * built without CONFIG_TRANSPARENT_HUGEPAGE (HPAGE_SIZE otherwise).
 */
const MAX_ALLOC_ALIGNMENT = PAGE_SIZE;

export const IOMMU_READ = 1 << 0;
export const IOMMU_WRITE = 1 << 1;
export const IOPT_ALLOC_IOVA = 1 << 0;

/** struct iopt_pages: the user pages behind one IOAS_MAP, shared by the areas IOAS_COPY makes from them. */
export interface Pages {
  /** Page-aligned user address of the first page. */
  uptr: bigint;
  writable: boolean;
}

/** struct iopt_area: one mapping. */
export interface Area {
  iova: bigint;
  length: bigint;
  pages: Pages;
  /** Offset of the area's first byte from pages.uptr. */
  startByte: bigint;
}

/** One element of a pages list: a slice of one Pages to be mapped. */
export interface PagesElm {
  pages: Pages;
  startByte: bigint;
  length: bigint;
}

export interface Range {
  start: bigint;
  last: bigint;
}

interface Reserved extends Range {
  /** The domain that reserved it (its aperture), or null for IOMMU_TEST_OP_ADD_RESERVED. */
  owner: Domain | null;
}

function intersects(a: Range, start: bigint, last: bigint): boolean {
  return a.start <= last && start <= a.last;
}

/** Merges ranges into maximal used spans (overlapping or adjacent ranges join), ascending. */
export function mergeSpans(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: Range[] = [];
  for (const r of sorted) {
    const prev = out[out.length - 1];
    if (prev && r.start <= prev.last + 1n) {
      if (r.last > prev.last) prev.last = r.last;
    } else out.push({ start: r.start, last: r.last });
  }
  return out;
}

/** The holes of `used` (merged spans) within [first, last]. */
export function holes(used: readonly Range[], first: bigint, last: bigint): Range[] {
  const out: Range[] = [];
  let cur = first;
  for (const u of used) {
    if (u.last < cur) continue;
    if (u.start > last) break;
    if (u.start > cur) out.push({ start: cur, last: u.start - 1n });
    // Stryker disable next-line ConditionalExpression,EqualityOperator: used spans are merged and sorted, so the next one starts past last and the loop ends with nothing added
    if (u.last >= last) return out;
    cur = u.last + 1n;
  }
  if (cur <= last) out.push({ start: cur, last });
  return out;
}

function lowestBit(x: bigint): bigint {
  return x & -x;
}

function roundupPowOfTwo(x: bigint): bigint {
  let p = 1n;
  while (p < x) p <<= 1n;
  return p;
}

/** __alloc_iova_check_range(): the aligned start of a fitting block in [start, last], or null. */
function allocIovaCheckRange(
  start: bigint,
  last: bigint,
  length: bigint,
  iovaAlignment: bigint,
  pageOffset: bigint,
): bigint | null {
  let aligned = start + iovaAlignment - 1n;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: spans end at ULONG_MAX - PAGE_SIZE and the alignment is at most PAGE_SIZE, so this sum stays below ULONG_MAX
  if (aligned > ULONG_MAX) return null;
  aligned &= ~(iovaAlignment - 1n);
  aligned |= pageOffset;
  if (aligned >= last || last - aligned < length - 1n) return null;
  return aligned;
}

/** struct io_pagetable */
export class IoPagetable {
  /** Areas by IOVA ascending. */
  areas: Area[] = [];
  reserved: Reserved[] = [];
  allowed: Range[] = [];
  domains: Domain[] = [];
  iovaAlignment = 1n;
  disableLargePages = false;

  areaIterFirst(start: bigint, last: bigint): Area | undefined {
    return this.areas.find((a) => intersects({ start: a.iova, last: a.iova + a.length - 1n }, start, last));
  }

  reservedIterFirst(start: bigint, last: bigint): Reserved | undefined {
    return this.reserved.find((r) => intersects(r, start, last));
  }

  allowedIterFirst(start: bigint, last: bigint): Range | undefined {
    return this.allowed.find((r) => intersects(r, start, last));
  }

  /* ---- allocation and checks of IOVA ---- */

  /** iopt_alloc_iova(): finds a free, allowed, unreserved block; `skipAlign` is the accepts-unaligned-map mutant. */
  allocIova(uptr: bigint, length: bigint, skipAlign: boolean): bigint | number {
    const pageOffset = uptr % PAGE_SIZE;
    if (length === 0n || length >= ULONG_MAX / 2n) return -EOVERFLOW;
    let iovaAlignment = roundupPowOfTwo(length);
    if (uptr) {
      const uptrAlignment = lowestBit(uptr);
      if (uptrAlignment < iovaAlignment) iovaAlignment = uptrAlignment;
    }
    if (iovaAlignment >= MAX_ALLOC_ALIGNMENT) iovaAlignment = MAX_ALLOC_ALIGNMENT;
    if (!skipAlign && iovaAlignment < this.iovaAlignment) return -EINVAL;

    const first = PAGE_SIZE;
    const lastIndex = ULONG_MAX - PAGE_SIZE;
    const allowedSpans =
      this.allowed.length === 0
        ? [{ start: first, last: lastIndex }]
        : /* a span wholly outside [first, lastIndex] comes out empty (start > last), which no block fits */
          mergeSpans(this.allowed).map((s) => ({ start: s.start > first ? s.start : first, last: s.last < lastIndex ? s.last : lastIndex }));
    const used = mergeSpans([
      ...this.reserved,
      ...this.areas.map((a) => ({ start: a.iova, last: a.iova + a.length - 1n })),
    ]);
    for (const span of allowedSpans) {
      const start = allocIovaCheckRange(span.start, span.last, length, iovaAlignment, pageOffset);
      if (start === null) continue;
      for (const hole of holes(used, start, span.last)) {
        const iova = allocIovaCheckRange(hole.start, hole.last, length, iovaAlignment, pageOffset);
        if (iova !== null) return iova;
      }
    }
    return -ENOSPC;
  }

  /** iopt_check_iova(): a fixed IOVA must be aligned, not wrap, avoid reserved ranges and existing areas. */
  checkIova(iova: bigint, length: bigint, skipAlign: boolean): number {
    if (!skipAlign && iova & (this.iovaAlignment - 1n)) return -EINVAL;
    const last = iova + length - 1n;
    if (last > ULONG_MAX) return -EOVERFLOW;
    if (this.reservedIterFirst(iova, last)) return -EINVAL;
    if (this.areaIterFirst(iova, last)) return -EEXIST;
    return 0;
  }

  /**
   * iopt_alloc_area_pages() + iopt_insert_area(): checks every area the pages list would make and returns
   * them, uninserted, with the IOVA chosen. The kernel inserts as it goes and removes them again on failure;
   * the outcome is the same.
   */
  allocAreaPages(
    list: readonly PagesElm[],
    length: bigint,
    dstIova: bigint,
    prot: number,
    flags: number,
    skipAlign: boolean,
  ): { iova: bigint; areas: Area[] } | number {
    if ((!skipAlign && length & (this.iovaAlignment - 1n)) || !length) return -EINVAL;
    let iova = dstIova;
    /* both callers pass at least one element: the user range, or the pages of a copy's covered source */
    const first = list[0] as PagesElm;
    if (flags & IOPT_ALLOC_IOVA) {
      const r = this.allocIova(first.pages.uptr + first.startByte, length, skipAlign);
      if (typeof r === 'number') return r;
      iova = r;
    } else {
      const rc = this.checkIova(iova, length, skipAlign);
      if (rc) return rc;
    }
    const areas: Area[] = [];
    let cur = iova;
    for (const elm of list) {
      /* iopt_insert_area() */
      if (prot & IOMMU_WRITE && !elm.pages.writable) return -EPERM;
      const pageOffset = elm.startByte % PAGE_SIZE;
      if (!skipAlign && pageOffset & (this.iovaAlignment - 1n)) return -EINVAL;
      if (cur + elm.length - 1n > ULONG_MAX) return -EOVERFLOW;
      // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator,UnaryOperator: pages.uptr + startByte + length ends a user range checked not to wrap; it could reach ULONG_MAX only with pages.uptr 0, i.e. a user range refused as too long
      if (elm.startByte + elm.length - 1n > ULONG_MAX) return -EOVERFLOW;
      areas.push({ iova: cur, length: elm.length, pages: elm.pages, startByte: elm.startByte });
      cur += elm.length;
    }
    return { iova, areas };
  }

  /**
   * iopt_map_pages(): allocates the areas, fills the domains (pinning the user pages when the IOAS has a
   * domain: unreadable, or for a writable mapping unwritable, user memory → EFAULT; IOAS_MAP's pages are
   * new, so no other domain holds them yet), then inserts the areas. `mem` is null for IOAS_COPY: its pages were handed over by
   * an earlier call, whose user memory the model no longer has, so the model does not pin them again.
   */
  mapPages(
    mem: UserMemory | null,
    list: readonly PagesElm[],
    length: bigint,
    dstIova: bigint,
    prot: number,
    flags: number,
    skipAlign = false,
  ): bigint | number {
    const r = this.allocAreaPages(list, length, dstIova, prot, flags, skipAlign);
    if (typeof r === 'number') return r;
    if (mem && this.domains.length > 0) {
      for (const elm of list) {
        const uva = elm.pages.uptr + elm.startByte;
        if (mem.accessible(uva, elm.length, elm.pages.writable) !== elm.length) return -EFAULT;
      }
    }
    for (const area of r.areas) this.insertArea(area);
    return r.iova;
  }

  /** iopt_map_user_pages(): maps length bytes of user memory at uptr. */
  mapUserPages(
    mem: UserMemory,
    iova: bigint,
    uptr: bigint,
    length: bigint,
    prot: number,
    flags: number,
    skipAlign: boolean,
  ): bigint | number {
    /* iopt_alloc_pages() */
    if (length > SIZE_MAX - PAGE_SIZE || length === 0n) return -EINVAL;
    if (uptr + length > ULONG_MAX) return -EOVERFLOW;
    const pages: Pages = { uptr: uptr - (uptr % PAGE_SIZE), writable: (prot & IOMMU_WRITE) !== 0 };
    return this.mapPages(mem, [{ pages, startByte: uptr - pages.uptr, length }], length, iova, prot, flags, skipAlign);
  }

  private insertArea(area: Area): void {
    this.areas.push(area);
    // Stryker disable next-line EqualityOperator: two areas never share an IOVA
    this.areas.sort((a, b) => (a.iova < b.iova ? -1 : 1));
  }

  private removeArea(area: Area): void {
    this.areas = this.areas.filter((a) => a !== area);
  }

  /**
   * iopt_get_pages(): the pages list behind [iova, iova + length), which contiguous areas must cover
   * completely (else ENOENT).
   */
  getPages(iova: bigint, length: bigint): PagesElm[] | number {
    if (!length) return -EINVAL;
    const lastIova = iova + length - 1n;
    if (lastIova > ULONG_MAX) return -EOVERFLOW;
    const out: PagesElm[] = [];
    let cur = iova;
    let area = this.areaIterFirst(iova, iova);
    while (area) {
      const areaLast = area.iova + area.length - 1n;
      // Stryker disable next-line EqualityOperator: when the two are equal either is the value
      const last = lastIova < areaLast ? lastIova : areaLast;
      out.push({ pages: area.pages, startByte: area.startByte + (cur - area.iova), length: last - cur + 1n });
      if (lastIova <= areaLast) return out;
      cur = areaLast + 1n;
      const next: Area | undefined = this.areas.find((a) => a.iova === cur);
      area = next;
    }
    return -ENOENT;
  }

  /**
   * iopt_unmap_iova_range(): removes, in IOVA order, every area inside [start, last]. An area that sticks
   * out of the range stops the walk with ENOENT; the areas before it stay unmapped.
   */
  unmapIovaRange(start: bigint, last: bigint): { rc: number; unmapped: bigint } {
    let unmapped = 0n;
    let from = start;
    for (;;) {
      const area = this.areaIterFirst(from, last);
      if (!area) break;
      const areaFirst = area.iova;
      const areaLast = area.iova + area.length - 1n;
      // Stryker disable next-line ObjectLiteral: the only caller that can meet this answers ENOENT for a missing rc as well (nothing counted as unmapped)
      if (areaFirst < from || areaLast > last) return { rc: -ENOENT, unmapped };
      this.removeArea(area);
      unmapped += areaLast - areaFirst + 1n;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: the next lookup starts past last and finds no area, so the loop ends there anyway
      if (areaLast >= last) break;
      from = areaLast + 1n;
    }
    return { rc: 0, unmapped };
  }

  /** iopt_unmap_iova() */
  unmapIova(iova: bigint, length: bigint): { rc: number; unmapped: bigint } {
    if (!length) return { rc: -EINVAL, unmapped: 0n };
    const last = iova + length - 1n;
    if (last > ULONG_MAX) return { rc: -EOVERFLOW, unmapped: 0n };
    return this.unmapIovaRange(iova, last);
  }

  /** iopt_unmap_all(): succeeds on an empty IOAS. */
  unmapAll(): { rc: number; unmapped: bigint } {
    return this.unmapIovaRange(0n, ULONG_MAX);
  }

  /* ---- allowed and reserved ranges ---- */

  /** iopt_set_allow_iova(): replaces the allowed ranges unless one meets a reserved range (EADDRINUSE). */
  setAllowIova(ranges: Range[]): number {
    for (const r of ranges) if (this.reservedIterFirst(r.start, r.last)) return -EADDRINUSE;
    this.allowed = ranges;
    return 0;
  }

  /** iopt_reserve_iova(): a reserved range may not meet an area or an allowed range. */
  reserveIova(start: bigint, last: bigint, owner: Domain | null): number {
    if (this.areaIterFirst(start, last) || this.allowedIterFirst(start, last)) return -EADDRINUSE;
    this.reserved.push({ start, last, owner });
    return 0;
  }

  /** __iopt_remove_reserved_iova() */
  removeReservedIova(owner: Domain | null): void {
    this.reserved = this.reserved.filter((r) => r.owner !== owner);
  }

  /** The holes of the reserved ranges over the whole IOVA space (what IOAS_IOVA_RANGES reports). */
  reservedHoles(): Range[] {
    return holes(mergeSpans(this.reserved), 0n, ULONG_MAX);
  }

  /* ---- domains and alignment ---- */

  /** iopt_check_iova_alignment(): every area must conform to a larger alignment. */
  private checkIovaAlignment(newAlignment: bigint): number {
    const mask = newAlignment - 1n;
    for (const a of this.areas) {
      if (a.iova & mask || a.length & mask || (a.startByte % PAGE_SIZE) & mask) return -EADDRINUSE;
    }
    return 0;
  }

  /** iopt_table_add_domain(): reserves everything outside the domain's aperture and raises the alignment. */
  tableAddDomain(domain: Domain): number {
    let newAlignment = lowestBit(domain.pgsizeBitmap);
    if (newAlignment < this.iovaAlignment) newAlignment = this.iovaAlignment;
    // Stryker disable next-line ConditionalExpression,UnaryOperator: every paging domain has the mock page size (2048) and the IOAS alignment is at most PAGE_SIZE
    if (newAlignment > PAGE_SIZE) return -EINVAL;
    // Stryker disable next-line ConditionalExpression: the areas already keep the current alignment, so checking them against it passes
    if (newAlignment !== this.iovaAlignment) {
      const rc = this.checkIovaAlignment(newAlignment);
      if (rc) return rc;
    }
    // Stryker disable next-line ConditionalExpression: every paging domain has the mock aperture, which starts at 0x1000000
    if (domain.apertureStart !== 0n) {
      const rc = this.reserveIova(0n, domain.apertureStart - 1n, domain);
      if (rc) {
        this.removeReservedIova(domain);
        return rc;
      }
    }
    // Stryker disable next-line ConditionalExpression: every paging domain has the mock aperture, which ends at 0x7fffffff
    if (domain.apertureEnd !== ULONG_MAX) {
      const rc = this.reserveIova(domain.apertureEnd + 1n, ULONG_MAX, domain);
      if (rc) {
        this.removeReservedIova(domain);
        return rc;
      }
    }
    /*
     * iopt_fill_domain() pins every existing area into the new domain. The model never fails here: each
     * call carries its own user memory, and the memory behind earlier mappings belonged to earlier calls,
     * so only IOAS_MAP / IOAS_COPY into an IOAS that already has a domain check the user pages.
     */
    this.iovaAlignment = newAlignment;
    this.domains.push(domain);
    return 0;
  }

  /** iopt_table_remove_domain() */
  tableRemoveDomain(domain: Domain): void {
    if (!this.domains.includes(domain)) return;
    this.domains = this.domains.filter((d) => d !== domain);
    this.removeReservedIova(domain);
    this.calculateIovaAlignment();
  }

  /** iopt_calculate_iova_alignment() */
  private calculateIovaAlignment(): number {
    let newAlignment = this.disableLargePages ? PAGE_SIZE : 1n;
    for (const d of this.domains) {
      const a = lowestBit(d.pgsizeBitmap);
      if (a > newAlignment) newAlignment = a;
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the areas keep the current alignment, which a lower or equal one divides, so the check passes
    if (newAlignment > this.iovaAlignment) {
      const rc = this.checkIovaAlignment(newAlignment);
      if (rc) return rc;
    }
    this.iovaAlignment = newAlignment;
    return 0;
  }

  /** iopt_disable_large_pages(): OPTION HUGE_PAGES = 0; raises the alignment to PAGE_SIZE. */
  disableLargePagesOption(): number {
    if (this.disableLargePages) return 0;
    /* Won't do it if domains already have pages mapped in them */
    if (this.domains.length > 0 && this.areas.length > 0) return -EINVAL;
    this.disableLargePages = true;
    const rc = this.calculateIovaAlignment();
    if (rc) this.disableLargePages = false;
    return rc;
  }

  /** iopt_enable_large_pages(): OPTION HUGE_PAGES = 1. */
  enableLargePagesOption(): void {
    this.disableLargePages = false;
    this.calculateIovaAlignment();
  }
}
