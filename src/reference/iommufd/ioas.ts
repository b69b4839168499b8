/**
 * IO address spaces (drivers/iommu/iommufd/ioas.c): IOAS_ALLOC, IOAS_IOVA_RANGES, IOAS_ALLOW_IOVAS,
 * IOAS_MAP, IOAS_COPY, IOAS_UNMAP and the per-IOAS option HUGE_PAGES.
 */
import { EFAULT, EINVAL, EMSGSIZE, ENOENT, EOPNOTSUPP, EOVERFLOW } from '../kernel/errno.ts';
import {
  copy_from_user,
  copy_to_user,
  getU16,
  getU32,
  getU64,
  putU32,
  putU64,
  U64_MAX,
  ULONG_MAX,
} from '../kernel/user-memory.ts';
import { IoPagetable, IOMMU_READ, IOMMU_WRITE, IOPT_ALLOC_IOVA, type Range } from './io-pagetable.ts';
import type { Ioas, IommufdCtx } from './objects.ts';
import { type Ucmd, ucmdRespond } from './ucmd.ts';
import {
  IOAS_ALLOC,
  IOAS_ALLOW_IOVAS,
  IOAS_COPY,
  IOAS_IOVA_RANGES,
  IOAS_MAP,
  IOAS_UNMAP,
  IOMMU_IOAS_MAP_FIXED_IOVA,
  IOMMU_IOAS_MAP_READABLE,
  IOMMU_IOAS_MAP_WRITEABLE,
  IOMMU_OPTION_HUGE_PAGES,
  IOMMU_OPTION_OP_GET,
  IOMMU_OPTION_OP_SET,
  IOVA_RANGE,
  OPTION,
} from './uapi.ts';

const MAP_FLAGS = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_WRITEABLE | IOMMU_IOAS_MAP_READABLE;

/** iommufd_ioas_alloc(): a new, empty IOAS, not yet finalized. */
export function ioasAlloc(ctx: IommufdCtx): Ioas {
  return ctx.objectAlloc<Ioas>({ kind: 'ioas', iopt: new IoPagetable(), hwptList: [] });
}

/** iommufd_ioas_destroy(): unmaps everything. */
// Stryker disable next-line BlockStatement: a destroyed IOAS is unreachable, and its areas are dropped with it
export function ioasDestroy(ioas: Ioas): void {
  ioas.iopt.unmapAll();
}

/** iommufd_ioas_alloc_ioctl() (IOMMU_IOAS_ALLOC) */
export function iommufdIoasAllocIoctl(ucmd: Ucmd): number {
  const { ctx, cmd } = ucmd;
  if (getU32(cmd, IOAS_ALLOC.flags) && !ctx.defect('accepts-unknown-flags') /* MUTANT: VALID-003 */) {
    return -EOPNOTSUPP;
  }
  const ioas = ioasAlloc(ctx);
  putU32(cmd, IOAS_ALLOC.out_ioas_id, ioas.id);
  const rc = ucmdRespond(ucmd, IOAS_ALLOC.SIZE);
  if (rc) {
    ctx.release(ioas);
    return rc;
  }
  ctx.finalize(ioas);
  return 0;
}

/**
 * iommufd_ioas_iova_ranges() (IOMMU_IOAS_IOVA_RANGES): the holes of the reserved ranges, at most num_iovas
 * of them written; num_iovas and out_iova_alignment always written back; EMSGSIZE after that when the
 * caller's array was too small.
 */
export function iommufdIoasIovaRanges(ucmd: Ucmd): number {
  const { ctx, cmd } = ucmd;
  if (getU32(cmd, IOAS_IOVA_RANGES.__reserved) && !ctx.defect('ignores-reserved') /* MUTANT: VALID-006 */) {
    return -EOPNOTSUPP;
  }
  const ioas = ctx.getIoas(getU32(cmd, IOAS_IOVA_RANGES.ioas_id));
  if (typeof ioas === 'number') return ioas;

  const maxIovas = getU32(cmd, IOAS_IOVA_RANGES.num_iovas);
  const ranges = getU64(cmd, IOAS_IOVA_RANGES.allowed_iovas);
  let numIovas = 0;
  putU64(cmd, IOAS_IOVA_RANGES.out_iova_alignment, ioas.iopt.iovaAlignment);
  for (const hole of ioas.iopt.reservedHoles()) {
    if (numIovas < maxIovas) {
      const elm = new Uint8Array(IOVA_RANGE.SIZE);
      putU64(elm, IOVA_RANGE.start, hole.start);
      putU64(elm, IOVA_RANGE.last, hole.last);
      if (copy_to_user(ctx.mem, ranges + BigInt(numIovas * IOVA_RANGE.SIZE), elm)) return -EFAULT;
    }
    numIovas++;
  }
  putU32(cmd, IOAS_IOVA_RANGES.num_iovas, numIovas);
  const rc = ucmdRespond(ucmd, IOAS_IOVA_RANGES.SIZE);
  if (rc) return rc;
  if (numIovas > maxIovas) return -EMSGSIZE;
  return 0;
}

/**
 * iommufd_ioas_load_iovas(): reads num iommu_iova_range entries; start >= last, or a range overlapping an
 * earlier one of the list, is EINVAL. Kept sorted so that a long list stays cheap.
 */
function ioasLoadIovas(ctx: IommufdCtx, uptr: bigint, num: number): Range[] | number {
  const sorted: Range[] = [];
  for (let i = 0; i !== num; i++) {
    const buf = new Uint8Array(IOVA_RANGE.SIZE);
    if (copy_from_user(ctx.mem, buf, uptr + BigInt(i * IOVA_RANGE.SIZE))) return -EFAULT;
    const start = getU64(buf, IOVA_RANGE.start);
    const last = getU64(buf, IOVA_RANGE.last);
    if (start >= last) return -EINVAL;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      // Stryker disable next-line EqualityOperator: a range with the start of one already in the list overlaps it on either side
      if ((sorted[mid] as Range).start < start) lo = mid + 1;
      else hi = mid;
    }
    const prev = sorted[lo - 1];
    const next = sorted[lo];
    if ((prev && prev.last >= start) || (next && next.start <= last)) return -EINVAL;
    sorted.splice(lo, 0, { start, last });
  }
  return sorted;
}

/** iommufd_ioas_allow_iovas() (IOMMU_IOAS_ALLOW_IOVAS): replaces the allowed ranges atomically. */
export function iommufdIoasAllowIovas(ucmd: Ucmd): number {
  const { ctx, cmd } = ucmd;
  if (getU32(cmd, IOAS_ALLOW_IOVAS.__reserved) && !ctx.defect('ignores-reserved') /* MUTANT: VALID-006 */) {
    return -EOPNOTSUPP;
  }
  const ioas = ctx.getIoas(getU32(cmd, IOAS_ALLOW_IOVAS.ioas_id));
  if (typeof ioas === 'number') return ioas;
  const ranges = ioasLoadIovas(
    ctx,
    getU64(cmd, IOAS_ALLOW_IOVAS.allowed_iovas),
    getU32(cmd, IOAS_ALLOW_IOVAS.num_iovas),
  );
  if (typeof ranges === 'number') return ranges;
  return ioas.iopt.setAllowIova(ranges);
}

/** conv_iommu_prot() */
function convIommuProt(flags: number): number {
  let prot = 0;
  if (flags & IOMMU_IOAS_MAP_WRITEABLE) prot |= IOMMU_WRITE;
  // Stryker disable next-line ConditionalExpression: the model reads only IOMMU_WRITE of prot (the mock domain maps whatever it is given)
  if (flags & IOMMU_IOAS_MAP_READABLE) prot |= IOMMU_READ;
  return prot;
}

/**
 * iommufd_ioas_map() (IOMMU_IOAS_MAP). Order: unknown flag or __reserved (EOPNOTSUPP); iova or length
 * >= ULONG_MAX (EOVERFLOW); neither READABLE nor WRITEABLE (EINVAL); the IOAS (ENOENT); then
 * iopt_map_user_pages(): length and user range, length alignment, fixed-IOVA checks or IOVA allocation,
 * user_va page offset, and the pin of the user pages when the IOAS has a domain (EFAULT).
 */
export function iommufdIoasMap(ucmd: Ucmd): number {
  const { ctx, cmd } = ucmd;
  const flags = getU32(cmd, IOAS_MAP.flags);
  const iova = getU64(cmd, IOAS_MAP.iova);
  const length = getU64(cmd, IOAS_MAP.length);

  if (
    (flags & ~MAP_FLAGS && !ctx.defect('accepts-unknown-flags')) /* MUTANT: VALID-003 */ ||
    (getU32(cmd, IOAS_MAP.__reserved) && !ctx.defect('ignores-reserved')) /* MUTANT: VALID-006 */
  ) {
    return -EOPNOTSUPP;
  }
  if (iova >= ULONG_MAX || length >= ULONG_MAX) return -EOVERFLOW;
  if (!(flags & (IOMMU_IOAS_MAP_WRITEABLE | IOMMU_IOAS_MAP_READABLE))) return -EINVAL;

  const ioas = ctx.getIoas(getU32(cmd, IOAS_MAP.ioas_id));
  if (typeof ioas === 'number') return ioas;

  const allocFlags = flags & IOMMU_IOAS_MAP_FIXED_IOVA ? 0 : IOPT_ALLOC_IOVA;
  const r = ioas.iopt.mapUserPages(
    ctx.mem,
    iova,
    getU64(cmd, IOAS_MAP.user_va),
    length,
    convIommuProt(flags),
    allocFlags,
    ctx.defect('accepts-unaligned-map') /* MUTANT: LAYOUT-007 skips the alignment checks */,
  );
  if (typeof r === 'number') return r;
  putU64(cmd, IOAS_MAP.iova, r);
  return ucmdRespond(ucmd, IOAS_MAP.SIZE);
}

/**
 * iommufd_ioas_copy() (IOMMU_IOAS_COPY): maps into dst the pages behind [src_iova, src_iova + length) of
 * src, which contiguous areas must cover.
 */
export function iommufdIoasCopy(ucmd: Ucmd): number {
  const { ctx, cmd } = ucmd;
  const flags = getU32(cmd, IOAS_COPY.flags);
  const length = getU64(cmd, IOAS_COPY.length);
  const srcIova = getU64(cmd, IOAS_COPY.src_iova);
  const dstIova = getU64(cmd, IOAS_COPY.dst_iova);

  if (flags & ~MAP_FLAGS) return -EOPNOTSUPP;
  if (length >= ULONG_MAX || srcIova >= ULONG_MAX || dstIova >= ULONG_MAX) return -EOVERFLOW;
  if (!(flags & (IOMMU_IOAS_MAP_WRITEABLE | IOMMU_IOAS_MAP_READABLE))) return -EINVAL;

  const src = ctx.getIoas(getU32(cmd, IOAS_COPY.src_ioas_id));
  if (typeof src === 'number') return src;
  const pagesList = src.iopt.getPages(srcIova, length);
  if (typeof pagesList === 'number') return pagesList;

  const dst = ctx.getIoas(getU32(cmd, IOAS_COPY.dst_ioas_id));
  if (typeof dst === 'number') return dst;

  const allocFlags = flags & IOMMU_IOAS_MAP_FIXED_IOVA ? 0 : IOPT_ALLOC_IOVA;
  const r = dst.iopt.mapPages(null, pagesList, length, dstIova, convIommuProt(flags), allocFlags);
  if (typeof r === 'number') return r;
  putU64(cmd, IOAS_COPY.dst_iova, r);
  return ucmdRespond(ucmd, IOAS_COPY.SIZE);
}

/**
 * iommufd_ioas_unmap() (IOMMU_IOAS_UNMAP): iova 0 with length U64_MAX unmaps everything (also when nothing
 * is mapped); otherwise the range must cover whole areas, at least one. The bytes unmapped go to length.
 */
export function iommufdIoasUnmap(ucmd: Ucmd): number {
  const { ctx, cmd } = ucmd;
  const iova = getU64(cmd, IOAS_UNMAP.iova);
  const length = getU64(cmd, IOAS_UNMAP.length);

  const ioas = ctx.getIoas(getU32(cmd, IOAS_UNMAP.ioas_id));
  if (typeof ioas === 'number') return ioas;

  let unmapped: bigint;
  if (iova === 0n && length === U64_MAX) {
    const r = ioas.iopt.unmapAll();
    // Stryker disable next-line ConditionalExpression: [0, ULONG_MAX] holds every area whole, so unmapping all never stops at one
    if (r.rc) return r.rc;
    unmapped = r.unmapped;
  } else {
    if (iova >= ULONG_MAX) return -EOVERFLOW;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: iova + length - 1 wraps for such a length (iova 0 unmaps all): unmapIova answers EOVERFLOW as well
    if (length >= ULONG_MAX) return -EOVERFLOW;
    const r = ioas.iopt.unmapIova(iova, length);
    if (r.rc) return r.rc;
    if (!r.unmapped) return -ENOENT;
    unmapped = r.unmapped;
  }
  putU64(cmd, IOAS_UNMAP.length, unmapped);
  return ucmdRespond(ucmd, IOAS_UNMAP.SIZE);
}

/** iommufd_ioas_option() for IOMMU_OPTION_HUGE_PAGES: GET reports it, SET 0 / 1 turns large pages off / on. */
export function iommufdIoasOption(ucmd: Ucmd): number {
  const { ctx, cmd } = ucmd;
  // Stryker disable next-line ConditionalExpression,UnaryOperator: iommufd_option() refused a nonzero __reserved before dispatching here
  if (getU16(cmd, OPTION.__reserved) && !ctx.defect('ignores-reserved') /* MUTANT: VALID-006 */) return -EOPNOTSUPP;
  const ioas = ctx.getIoas(getU32(cmd, OPTION.object_id));
  if (typeof ioas === 'number') return ioas;
  // Stryker disable next-line ConditionalExpression,UnaryOperator: iommufd_option() dispatches only HUGE_PAGES here
  if (getU32(cmd, OPTION.option_id) !== IOMMU_OPTION_HUGE_PAGES) return -EOPNOTSUPP;

  const op = getU16(cmd, OPTION.op);
  if (op === IOMMU_OPTION_OP_GET) {
    putU64(cmd, OPTION.val64, ioas.iopt.disableLargePages ? 0n : 1n);
    return 0;
  }
  if (op === IOMMU_OPTION_OP_SET) {
    const val64 = getU64(cmd, OPTION.val64);
    if (val64 === 0n) return ioas.iopt.disableLargePagesOption();
    if (val64 === 1n) {
      ioas.iopt.enableLargePagesOption();
      return 0;
    }
    return -EINVAL;
  }
  return -EOPNOTSUPP;
}
