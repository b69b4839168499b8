/**
 * The generic IOMMU uAPI code of drivers/iommu/iommu.c, v5.10 (Jacob Pan's "IOMMU user API enhancement",
 * d90573812eea with the u64-mask fix 4dd6ce478003), plus iommu_uapi_attach_pasid_table of Eric Auger's
 * SMMUv3 nested series (v14+ layout). Shared by the iommu-uapi profile (one domain, one device) and the
 * vfio-nesting profile (VFIO hands the user pointer of its payload to these functions for every device).
 *
 * Conventions of the argsz era (facts §1.3): copy the fixed header (minsz) first, then the argsz checks,
 * then copy min(argsz, known size) − minsz more bytes; bytes past the known size are ignored, not checked.
 * Every function returns 0 or a negative errno.
 */
import { EFAULT, EINVAL, ENODEV } from '../kernel/errno.ts';
import { copy_from_user, getU32, getU64, getU8, isZeroed, put_user_u32, type UserMemory } from '../kernel/user-memory.ts';
import {
  BIND_DATA,
  CACHE_INFO,
  IOMMU_CACHE_INVALIDATE_INFO_VERSION_1,
  IOMMU_CACHE_INV_TYPE_DEV_IOTLB,
  IOMMU_CACHE_INV_TYPE_NR,
  IOMMU_CACHE_INV_TYPE_PASID,
  IOMMU_FAULT_PAGE_REQUEST_LAST_PAGE,
  IOMMU_FAULT_PAGE_RESPONSE_NEEDS_PASID,
  IOMMU_GPASID_BIND_VERSION_1,
  IOMMU_INV_ADDR_FLAGS_ARCHID,
  IOMMU_INV_ADDR_FLAGS_LEAF,
  IOMMU_INV_ADDR_FLAGS_PASID,
  IOMMU_INV_GRANU_ADDR,
  IOMMU_INV_GRANU_DOMAIN,
  IOMMU_INV_GRANU_NR,
  IOMMU_INV_GRANU_PASID,
  IOMMU_INV_PASID_FLAGS_ARCHID,
  IOMMU_INV_PASID_FLAGS_PASID,
  IOMMU_PAGE_RESP_PASID_VALID,
  IOMMU_PAGE_RESP_VERSION_1,
  IOMMU_PASID_CONFIG_ABORT,
  IOMMU_PASID_CONFIG_TRANSLATE,
  IOMMU_PASID_FORMAT_LAST,
  IOMMU_PASID_FORMAT_SMMUV3,
  IOMMU_SVA_GPASID_VAL,
  MAX_NR_PASID_BITS,
  PAGE_RESPONSE,
  PASID_TABLE_CONFIG,
  PASID_TABLE_CFG_VERSION_1,
} from './uapi.ts';

/* ---------------------------------------------------------------------------------------------- */
/* Kernel-side decoded structs (what the core hands to the vendor driver).                         */

export interface InvPasidInfo {
  flags: number;
  archid: number;
  pasid: bigint;
}

export interface InvAddrInfo {
  flags: number;
  archid: number;
  pasid: bigint;
  addr: bigint;
  granuleSize: bigint;
  nbGranules: bigint;
}

/** struct iommu_cache_invalidate_info */
export interface CacheInvalidateInfo {
  argsz: number;
  version: number;
  cache: number;
  granularity: number;
  pasidInfo: InvPasidInfo;
  addrInfo: InvAddrInfo;
}

/** struct iommu_gpasid_bind_data (with vendor.vtd) */
export interface GpasidBindData {
  argsz: number;
  version: number;
  format: number;
  addrWidth: number;
  flags: bigint;
  gpgd: bigint;
  hpasid: bigint;
  gpasid: bigint;
  vtd: { flags: bigint; pat: number; emt: number };
}

/** struct iommu_pasid_table_config (v14+, with vendor_data.smmuv3) */
export interface PasidTableConfig {
  argsz: number;
  version: number;
  basePtr: bigint;
  format: number;
  pasidBits: number;
  config: number;
  smmuv3: { version: number; s1fmt: number; s1dss: number };
}

/** struct iommu_page_response */
export interface PageResponse {
  argsz: number;
  version: number;
  flags: number;
  pasid: number;
  grpid: number;
  code: number;
}

/** struct iommu_fault_page_request, as kept in the device's pending list (struct iommu_fault_event). */
export interface FaultEvent {
  flags: number;
  pasid: number;
  grpid: number;
}

/* ---------------------------------------------------------------------------------------------- */
/* Domains, devices and driver ops (include/linux/iommu.h, reduced).                               */

/** The domain ops the uAPI reaches. A missing op is `undefined`, and the core answers ENODEV. */
export interface IommuOps {
  cache_invalidate?(dev: IommuDevice, info: CacheInvalidateInfo): number;
  sva_bind_gpasid?(dev: IommuDevice, data: GpasidBindData): number;
  sva_unbind_gpasid?(dev: IommuDevice, pasid: bigint): number;
  attach_pasid_table?(cfg: PasidTableConfig): number;
  detach_pasid_table?(): void;
  page_response?(dev: IommuDevice, evt: FaultEvent, msg: PageResponse): number;
}

export interface IommuDomain {
  ops: IommuOps;
}

/** struct device, with dev->iommu->fault_param->faults (the pending page requests, oldest first). */
export interface IommuDevice {
  faults: FaultEvent[];
}

/** What one call of the core needs: the caller's user memory, the known struct sizes, and the defects. */
export interface UapiCtx {
  mem: UserMemory;
  defects: ReadonlySet<string>;
  known: KnownSizes;
}

/** sizeof() of each struct for the version the implementation knows. */
export interface KnownSizes {
  cacheInfo: number;
  bindData: number;
  pageResponse: number;
  pasidTableConfig: number;
}

/* ---------------------------------------------------------------------------------------------- */
/* The argsz-era copy.                                                                             */

/**
 * The kernel's copy of a struct: sizeof() of the version it knows, and never shorter than the fixed header.
 * Fields the known version does not have lie past its end and decode as zero (getU8 of a missing byte).
 */
function kernelBuffer(minsz: number, known: number): Uint8Array {
  return new Uint8Array(Math.max(minsz, known));
}

/**
 * The second copy of every argsz-era entry point: `copy_from_user(kbuf + minsz, uptr + minsz,
 * min_t(u32, argsz, sizeof(*kbuf)) - minsz)`. Bytes past the known size are neither read nor checked.
 * A length of 0 copies nothing; a negative one (argsz < minsz, only without the argsz check) faults, as
 * the kernel's wrapped unsigned length does.
 */
function copyRemaining(ctx: UapiCtx, kbuf: Uint8Array, uptr: bigint, minsz: number, argsz: number, known: number): number {
  let end = Math.min(argsz, known);
  // DEFECT reads-fixed-size (SIZE-002): copies the whole known struct whatever argsz says.
  if (ctx.defects.has('reads-fixed-size')) end = known;
  return copy_from_user(ctx.mem, kbuf.subarray(minsz), uptr + BigInt(minsz), end - minsz) ? -EFAULT : 0;
}

/** The fixed header: `copy_from_user(kbuf, uptr, minsz)`. */
function copyHeader(ctx: UapiCtx, kbuf: Uint8Array, uptr: bigint, minsz: number): number {
  return copy_from_user(ctx.mem, kbuf, uptr, minsz) ? -EFAULT : 0;
}

/* ---------------------------------------------------------------------------------------------- */
/* Cache invalidation.                                                                             */

function decodeCacheInfo(b: Uint8Array): CacheInvalidateInfo {
  const C = CACHE_INFO;
  return {
    argsz: getU32(b, C.argsz),
    version: getU32(b, C.version),
    cache: getU8(b, C.cache),
    granularity: getU8(b, C.granularity),
    pasidInfo: { flags: getU32(b, C.pasidInfoFlags), archid: getU32(b, C.pasidInfoArchid), pasid: getU64(b, C.pasidInfoPasid) },
    addrInfo: {
      flags: getU32(b, C.addrInfoFlags),
      archid: getU32(b, C.addrInfoArchid),
      pasid: getU64(b, C.addrInfoPasid),
      addr: getU64(b, C.addrInfoAddr),
      granuleSize: getU64(b, C.addrInfoGranuleSize),
      nbGranules: getU64(b, C.addrInfoNbGranules),
    },
  };
}

/** iommu_check_cache_invl_data() */
function iommu_check_cache_invl_data(ctx: UapiCtx, b: Uint8Array, info: CacheInvalidateInfo): number {
  const defects = ctx.defects;
  // DEFECT accepts-unknown-version (VALID-001)
  if (!defects.has('accepts-unknown-version') && info.version !== IOMMU_CACHE_INVALIDATE_INFO_VERSION_1) return -EINVAL;

  if (info.cache & ~((1 << IOMMU_CACHE_INV_TYPE_NR) - 1)) return -EINVAL;
  // The kernel has both this range check and the switch's default: each refuses what the other would.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the switch's default refuses the same values with the same errno
  if (info.granularity >= IOMMU_INV_GRANU_NR) return -EINVAL;

  switch (info.granularity) {
    case IOMMU_INV_GRANU_ADDR: {
      // DEFECT accepts-bad-cache-granularity (VALID-008)
      if (!defects.has('accepts-bad-cache-granularity') && info.cache & IOMMU_CACHE_INV_TYPE_PASID) return -EINVAL;
      const mask = IOMMU_INV_ADDR_FLAGS_PASID | IOMMU_INV_ADDR_FLAGS_ARCHID | IOMMU_INV_ADDR_FLAGS_LEAF;
      // DEFECT accepts-unknown-flags (VALID-002)
      if (!defects.has('accepts-unknown-flags') && info.addrInfo.flags & ~mask) return -EINVAL;
      break;
    }
    case IOMMU_INV_GRANU_PASID: {
      const mask = IOMMU_INV_PASID_FLAGS_PASID | IOMMU_INV_PASID_FLAGS_ARCHID;
      // DEFECT accepts-unknown-flags (VALID-002)
      if (!defects.has('accepts-unknown-flags') && info.pasidInfo.flags & ~mask) return -EINVAL;
      // Stronger than v5.10 (VALID-009, SHOULD): iommu.h documents that a PASID-selective invalidation
      // names its PASID or ARCHID; upstream never enforced it, the reference does.
      if (!(info.pasidInfo.flags & mask)) return -EINVAL;
      break;
    }
    case IOMMU_INV_GRANU_DOMAIN:
      // DEFECT accepts-bad-cache-granularity (VALID-008)
      if (!defects.has('accepts-bad-cache-granularity') && info.cache & IOMMU_CACHE_INV_TYPE_DEV_IOTLB) return -EINVAL;
      break;
    // Stryker disable next-line ConditionalExpression: pre-empted by the granularity range check above
    default:
      // Stryker disable next-line UnaryOperator: pre-empted by the granularity range check above
      return -EINVAL;
  }

  // Check reserved padding fields. DEFECT ignores-padding (VALID-005)
  if (!defects.has('ignores-padding') && !isZeroed(b, CACHE_INFO.padding, CACHE_INFO.paddingSize)) return -EINVAL;
  return 0;
}

/** iommu_uapi_cache_invalidate(domain, dev, uinfo) */
export function iommu_uapi_cache_invalidate(ctx: UapiCtx, domain: IommuDomain, dev: IommuDevice, uinfo: bigint): number {
  const C = CACHE_INFO;
  const kbuf = kernelBuffer(C.minsz, ctx.known.cacheInfo);

  if (!domain.ops.cache_invalidate) return -ENODEV;

  // No new spaces can be added before the variable sized union: the minimum size is the offset to the union.
  const minsz = C.minsz;
  let ret = copyHeader(ctx, kbuf, uinfo, minsz);
  if (ret) return ret;
  const argsz = getU32(kbuf, C.argsz);
  const granularity = getU8(kbuf, C.granularity);

  // Fields before the variable size union are mandatory. DEFECT accepts-short-argsz (SIZE-003)
  if (!ctx.defects.has('accepts-short-argsz') && argsz < minsz) return -EINVAL;

  // PASID and address granu require additional info beyond minsz. DEFECT skips-selector-size (SIZE-007)
  if (!ctx.defects.has('skips-selector-size')) {
    if (granularity === IOMMU_INV_GRANU_PASID && argsz < C.endPasidInfo) return -EINVAL;
    if (granularity === IOMMU_INV_GRANU_ADDR && argsz < C.endAddrInfo) return -EINVAL;
  }

  // Copy the remaining user data after minsz but not more than the current kernel supported size.
  ret = copyRemaining(ctx, kbuf, uinfo, minsz, argsz, ctx.known.cacheInfo);
  if (ret) return ret;
  // DEFECT clobbers-argsz (SIZE-008): the core writes its struct size into the user's argsz (best effort).
  if (ctx.defects.has('clobbers-argsz')) put_user_u32(ctx.mem, uinfo, ctx.known.cacheInfo);

  const info = decodeCacheInfo(kbuf);
  ret = iommu_check_cache_invl_data(ctx, kbuf, info);
  // Stryker disable next-line ConditionalExpression: the modelled drivers' cache_invalidate returns 0, as this early return does
  if (ret) return ret;

  return domain.ops.cache_invalidate(dev, info);
}

/* ---------------------------------------------------------------------------------------------- */
/* Guest PASID bind / unbind.                                                                      */

function decodeBindData(b: Uint8Array): GpasidBindData {
  const B = BIND_DATA;
  return {
    argsz: getU32(b, B.argsz),
    version: getU32(b, B.version),
    format: getU32(b, B.format),
    addrWidth: getU32(b, B.addrWidth),
    flags: getU64(b, B.flags),
    gpgd: getU64(b, B.gpgd),
    hpasid: getU64(b, B.hpasid),
    gpasid: getU64(b, B.gpasid),
    vtd: { flags: getU64(b, B.vtdFlags), pat: getU32(b, B.vtdPat), emt: getU32(b, B.vtdEmt) },
  };
}

/** iommu_check_bind_data() (after 4dd6ce478003: a u64 mask) */
function iommu_check_bind_data(ctx: UapiCtx, b: Uint8Array, data: GpasidBindData): number {
  const defects = ctx.defects;
  // DEFECT accepts-unknown-version (VALID-001)
  if (!defects.has('accepts-unknown-version') && data.version !== IOMMU_GPASID_BIND_VERSION_1) return -EINVAL;

  // Check the range of supported formats (format 0 passes; the vendor driver refuses it).
  if (data.format >= IOMMU_PASID_FORMAT_LAST) return -EINVAL;

  // Check all flags.
  let mask = ~IOMMU_SVA_GPASID_VAL;
  // DEFECT u32-flags-mask (VALID-004): the v5.10-rc `u32 mask`, so bits 32..63 pass.
  if (defects.has('u32-flags-mask')) mask &= 0xffff_ffffn;
  // DEFECT accepts-unknown-flags (VALID-002)
  if (!defects.has('accepts-unknown-flags') && data.flags & mask) return -EINVAL;

  // Check reserved padding fields. DEFECT ignores-padding (VALID-005)
  if (!defects.has('ignores-padding') && !isZeroed(b, BIND_DATA.padding, BIND_DATA.paddingSize)) return -EINVAL;
  return 0;
}

/** iommu_sva_prepare_bind_data(udata, data): shared by bind and unbind. Returns the data or -errno. */
export function iommu_sva_prepare_bind_data(ctx: UapiCtx, udata: bigint): GpasidBindData | number {
  const B = BIND_DATA;
  const kbuf = kernelBuffer(B.minsz, ctx.known.bindData);

  // No new spaces can be added before the variable sized union: the minimum size is the offset to the union.
  const minsz = B.minsz;
  let ret = copyHeader(ctx, kbuf, udata, minsz);
  if (ret) return ret;
  const argsz = getU32(kbuf, B.argsz);

  // Fields before the variable size union are mandatory. DEFECT accepts-short-argsz (SIZE-003)
  if (!ctx.defects.has('accepts-short-argsz') && argsz < minsz) return -EINVAL;

  // The vendor driver decides what size it needs; copy the rest up to the kernel's size.
  ret = copyRemaining(ctx, kbuf, udata, minsz, argsz, ctx.known.bindData);
  if (ret) return ret;
  // DEFECT clobbers-argsz (SIZE-008): the core writes its struct size into the user's argsz (best effort).
  if (ctx.defects.has('clobbers-argsz')) put_user_u32(ctx.mem, udata, ctx.known.bindData);

  const data = decodeBindData(kbuf);
  ret = iommu_check_bind_data(ctx, kbuf, data);
  return ret ? ret : data;
}

/** iommu_uapi_sva_bind_gpasid(domain, dev, udata) */
export function iommu_uapi_sva_bind_gpasid(ctx: UapiCtx, domain: IommuDomain, dev: IommuDevice, udata: bigint): number {
  if (!domain.ops.sva_bind_gpasid) return -ENODEV;

  const data = iommu_sva_prepare_bind_data(ctx, udata);
  if (typeof data === 'number') return data;

  return domain.ops.sva_bind_gpasid(dev, data);
}

/**
 * iommu_uapi_sva_unbind_gpasid(domain, dev, udata). The v5.10 quirk: the ENODEV test looks at the bind op,
 * not the unbind op. Only hpasid is used after the full prepare-and-check.
 */
export function iommu_uapi_sva_unbind_gpasid(ctx: UapiCtx, domain: IommuDomain, dev: IommuDevice, udata: bigint): number {
  if (!domain.ops.sva_bind_gpasid) return -ENODEV;

  const data = iommu_sva_prepare_bind_data(ctx, udata);
  if (typeof data === 'number') return data;

  return iommu_sva_unbind_gpasid(domain, dev, data.hpasid);
}

/** iommu_sva_unbind_gpasid(domain, dev, pasid): the in-kernel variant (ENODEV when the unbind op is missing). */
export function iommu_sva_unbind_gpasid(domain: IommuDomain, dev: IommuDevice, pasid: bigint): number {
  // Every modelled driver has the unbind op exactly when it has the bind op, which the caller tested.
  // Stryker disable next-line ConditionalExpression,UnaryOperator: pre-empted by the bind-op test of the uAPI entry point
  if (!domain.ops.sva_unbind_gpasid) return -ENODEV;
  return domain.ops.sva_unbind_gpasid(dev, pasid);
}

/* ---------------------------------------------------------------------------------------------- */
/* PASID table (Eric Auger, "SMMUv3 Nested Stage Setup", IOMMU part v14+).                         */

function decodePasidTableConfig(b: Uint8Array): PasidTableConfig {
  const P = PASID_TABLE_CONFIG;
  return {
    argsz: getU32(b, P.argsz),
    version: getU32(b, P.version),
    basePtr: getU64(b, P.basePtr),
    format: getU32(b, P.format),
    pasidBits: getU8(b, P.pasidBits),
    config: getU8(b, P.config),
    smmuv3: { version: getU32(b, P.smmuv3Version), s1fmt: getU8(b, P.smmuv3S1fmt), s1dss: getU8(b, P.smmuv3S1dss) },
  };
}

/** iommu_uapi_attach_pasid_table(domain, uinfo) */
export function iommu_uapi_attach_pasid_table(ctx: UapiCtx, domain: IommuDomain, uinfo: bigint): number {
  const P = PASID_TABLE_CONFIG;
  const kbuf = kernelBuffer(P.minsz, ctx.known.pasidTableConfig);

  if (!domain.ops.attach_pasid_table) return -ENODEV;

  // No new spaces can be added before the variable sized union: the minimum size is the offset to the union.
  const minsz = P.minsz;
  let ret = copyHeader(ctx, kbuf, uinfo, minsz);
  if (ret) return ret;
  const argsz = getU32(kbuf, P.argsz);

  // Fields before the variable size union are mandatory. DEFECT accepts-short-argsz (SIZE-003)
  // Stryker disable next-line EqualityOperator: no config of argsz 24 can succeed (only SMMUv3 has a driver, and it needs 32), and nothing remains to copy that could fault
  if (!ctx.defects.has('accepts-short-argsz') && argsz < minsz) return -EINVAL;

  // DEFECT accepts-unknown-version (VALID-001)
  if (!ctx.defects.has('accepts-unknown-version') && getU32(kbuf, P.version) !== PASID_TABLE_CFG_VERSION_1) return -EINVAL;

  // The SMMUv3 format needs vendor_data.smmuv3. DEFECT skips-selector-size (SIZE-007)
  if (!ctx.defects.has('skips-selector-size') && getU32(kbuf, P.format) === IOMMU_PASID_FORMAT_SMMUV3 && argsz < P.endSmmuv3) {
    return -EINVAL;
  }

  // Copy the remaining user data after minsz but not more than the current kernel supported size.
  ret = copyRemaining(ctx, kbuf, uinfo, minsz, argsz, ctx.known.pasidTableConfig);
  if (ret) return ret;
  // DEFECT clobbers-argsz (SIZE-008): the core writes its struct size into the user's argsz (best effort).
  if (ctx.defects.has('clobbers-argsz')) put_user_u32(ctx.mem, uinfo, ctx.known.pasidTableConfig);

  const cfg = decodePasidTableConfig(kbuf);
  // Now the argsz is validated, check the content. (The SMMUv3 driver's switch refuses the same configs,
  // and nothing between here and there answers anything but EINVAL.)
  // Stryker disable next-line ConditionalExpression,LogicalOperator: the SMMUv3 driver refuses the same configs with the same errno, and every check in between answers EINVAL
  if (cfg.config < IOMMU_PASID_CONFIG_TRANSLATE || cfg.config > IOMMU_PASID_CONFIG_ABORT) return -EINVAL;

  // Stronger than the posted series (VALID-016, SHOULD): the padding must be zero so it can gain a meaning.
  if (!isZeroed(kbuf, P.padding, P.paddingSize)) return -EINVAL;
  // Likewise for the padding of the SMMUv3 part (VALID-016, SHOULD).
  // Stryker disable next-line ConditionalExpression: any other format ends in the SMMUv3 driver's format check, with the same errno
  if (cfg.format === IOMMU_PASID_FORMAT_SMMUV3 && !isZeroed(kbuf, P.smmuv3Padding, 2)) return -EINVAL;
  // Stronger than the posted series (VALID-015, SHOULD): no PASID table is wider than 20 bits
  // (VT-d MAX_NR_PASID_BITS, SMMUv3 SSIDSIZE).
  if (cfg.pasidBits > MAX_NR_PASID_BITS) return -EINVAL;

  return domain.ops.attach_pasid_table(cfg);
}

/** iommu_detach_pasid_table(domain): nothing happens when the op is missing. */
export function iommu_detach_pasid_table(domain: IommuDomain): void {
  if (!domain.ops.detach_pasid_table) return;
  domain.ops.detach_pasid_table();
}

/* ---------------------------------------------------------------------------------------------- */
/* Page requests and responses.                                                                    */

/**
 * iommu_report_device_fault(dev, evt) for a page request: only the last request of a group
 * (IOMMU_FAULT_PAGE_REQUEST_LAST_PAGE) waits for a response, so only it joins the pending list.
 */
export function iommu_report_device_fault(dev: IommuDevice, evt: FaultEvent): void {
  if (evt.flags & IOMMU_FAULT_PAGE_REQUEST_LAST_PAGE) dev.faults.push({ ...evt });
}

function decodePageResponse(b: Uint8Array): PageResponse {
  const R = PAGE_RESPONSE;
  return {
    argsz: getU32(b, R.argsz),
    version: getU32(b, R.version),
    flags: getU32(b, R.flags),
    pasid: getU32(b, R.pasid),
    grpid: getU32(b, R.grpid),
    code: getU32(b, R.code),
  };
}

/**
 * iommu_page_response(dev, msg), v5.10. Mainline never had a uAPI caller; the model takes the message
 * from user memory with the argsz-era copy of the other entry points (the struct has no union, so its
 * minimum size is the whole v5.10 struct).
 */
export function iommu_page_response(ctx: UapiCtx, domain: IommuDomain, dev: IommuDevice, umsg: bigint): number {
  const R = PAGE_RESPONSE;
  const kbuf = kernelBuffer(R.minsz, ctx.known.pageResponse);

  if (!domain.ops.page_response) return -ENODEV;

  const minsz = R.minsz;
  let ret = copyHeader(ctx, kbuf, umsg, minsz);
  if (ret) return ret;
  const argsz = getU32(kbuf, R.argsz);
  // DEFECT accepts-short-argsz (SIZE-003)
  if (!ctx.defects.has('accepts-short-argsz') && argsz < minsz) return -EINVAL;
  // The struct has no union: the header is all of it, and nothing remains to copy.
  // DEFECT clobbers-argsz (SIZE-008): the core writes its struct size into the user's argsz (best effort).
  if (ctx.defects.has('clobbers-argsz')) put_user_u32(ctx.mem, umsg, ctx.known.pageResponse);
  const msg = decodePageResponse(kbuf);

  // (The model's device always has a fault handler, so dev->iommu->fault_param exists.)

  // DEFECT accepts-unknown-version (VALID-001) / accepts-unknown-flags (VALID-002)
  if (!ctx.defects.has('accepts-unknown-version') && msg.version !== IOMMU_PAGE_RESP_VERSION_1) return -EINVAL;
  if (!ctx.defects.has('accepts-unknown-flags') && msg.flags & ~IOMMU_PAGE_RESP_PASID_VALID) return -EINVAL;

  // Only send a response if there is a fault report pending: find a matching page request.
  let matched = false;
  const hasPasid = (msg.flags & IOMMU_PAGE_RESP_PASID_VALID) !== 0;
  for (let i = 0; i < dev.faults.length; i++) {
    const evt = dev.faults[i]!;
    if (evt.grpid !== msg.grpid) continue;

    // If the PASID is required, the request is matched using the PASID too; if not, by grpid only.
    const needsPasid = (evt.flags & IOMMU_FAULT_PAGE_RESPONSE_NEEDS_PASID) !== 0;
    // DEFECT ignores-pasid-match (FAULT-012)
    if (!ctx.defects.has('ignores-pasid-match') && needsPasid && (!hasPasid || msg.pasid !== evt.pasid)) continue;

    // Kept from the kernel: the modelled drivers' page_response ignores the message, so this is unobservable.
    // Stryker disable next-line ConditionalExpression,LogicalOperator,BooleanLiteral,BlockStatement: the message is read by no one after this
    if (!needsPasid && hasPasid) {
      // No big deal, just clear it.
      // Stryker disable next-line AssignmentOperator,UnaryOperator: the message is read by no one after this
      msg.flags &= ~IOMMU_PAGE_RESP_PASID_VALID;
      msg.pasid = 0;
    }

    matched = true;
    ret = domain.ops.page_response(dev, evt, msg);
    dev.faults.splice(i, 1);
    break;
  }
  if (matched) return ret;
  // Nothing pending, or no match. DEFECT responds-to-unraised-fault (FAULT-011): that "succeeds".
  if (ctx.defects.has('responds-to-unraised-fault')) return 0;
  return -EINVAL;
}
