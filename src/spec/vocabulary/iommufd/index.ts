import { byName, type ProfileVocabulary } from '../define.ts';
import { clone, initialState, snapshot, type IommufdState } from './state.ts';
import { faultRecords } from './fault-records.ts';
import { objectIs } from './queries/object-is.ts';
import { objectBusy } from './queries/object-busy.ts';
import { hwptNestParent } from './queries/hwpt-nest-parent.ts';
import { hwptAuto } from './queries/hwpt-auto.ts';
import { hwptDirty } from './queries/hwpt-dirty.ts';
import { hwptDriver } from './queries/hwpt-driver.ts';
import { hwptIoas } from './queries/hwpt-ioas.ts';
import { deviceDriver } from './queries/device-driver.ts';
import { deviceDirtyCapable } from './queries/device-dirty-capable.ts';
import { stdevDev } from './queries/stdev-dev.ts';
import { stdevHwpt } from './queries/stdev-hwpt.ts';
import { ioasAlignment } from './queries/ioas-alignment.ts';
import { ioasHasDomain } from './queries/ioas-has-domain.ts';
import { ioasHugePages } from './queries/ioas-huge-pages.ts';
import { ioasReservedHit } from './queries/ioas-reserved-hit.ts';
import { ioasMappedHit } from './queries/ioas-mapped-hit.ts';
import { ioasAllowedHit } from './queries/ioas-allowed-hit.ts';
import { ioasAllowedMiss } from './queries/ioas-allowed-miss.ts';
import { ioasFreeSpan } from './queries/ioas-free-span.ts';
import { ioasMappedBytes } from './queries/ioas-mapped-bytes.ts';
import { ioasMappedBytesIn } from './queries/ioas-mapped-bytes-in.ts';
import { ioasCovered } from './queries/ioas-covered.ts';
import { ioasReadonlyHit } from './queries/ioas-readonly-hit.ts';
import { ioasMisaligned } from './queries/ioas-misaligned.ts';
import { ioasMappingStart } from './queries/ioas-mapping-start.ts';
import { ioasMappingLast } from './queries/ioas-mapping-last.ts';
import { ioasUva } from './queries/ioas-uva.ts';
import { ioasUvaMisaligned } from './queries/ioas-uva-misaligned.ts';
import { ioasAutoHwpt } from './queries/ioas-auto-hwpt.ts';
import { ioasIovaRangeCount } from './queries/ioas-iova-range-count.ts';
import { ioasIovaRanges } from './queries/ioas-iova-ranges.ts';
import { userRangesFirstBad } from './queries/user-ranges-first-bad.ts';
import { userRangesReserved } from './queries/user-ranges-reserved.ts';
import { userU32 } from './queries/user-u32.ts';
import { objectsExist } from './queries/objects-exist.ts';
import { compatIoas } from './queries/compat-ioas.ts';
import { rlimitMode } from './queries/rlimit-mode.ts';
import { faultOutstanding } from './queries/fault-outstanding.ts';
import { faultFdOpen } from './queries/fault-fd-open.ts';
import { faultReadBytes } from './queries/fault-read-bytes.ts';
import { faultReadWritableBytes } from './queries/fault-read-writable-bytes.ts';
import { hwInfoType } from './queries/hw-info-type.ts';
import { hwInfoLength } from './queries/hw-info-length.ts';
import { hwInfoData } from './queries/hw-info-data.ts';
import { hwCapabilities } from './queries/hw-capabilities.ts';
import { createIoas } from './effects/create-ioas.ts';
import { createHwptPaging } from './effects/create-hwpt-paging.ts';
import { createHwptNested } from './effects/create-hwpt-nested.ts';
import { createFault } from './effects/create-fault.ts';
import { destroy } from './effects/destroy.ts';
import { ioasMap } from './effects/ioas-map.ts';
import { ioasCopy } from './effects/ioas-copy.ts';
import { ioasUnmap } from './effects/ioas-unmap.ts';
import { ioasUnmapAll } from './effects/ioas-unmap-all.ts';
import { ioasAllow } from './effects/ioas-allow.ts';
import { ioasAddReserved } from './effects/ioas-add-reserved.ts';
import { setHugePages } from './effects/set-huge-pages.ts';
import { setCompatIoas } from './effects/set-compat-ioas.ts';
import { setRlimitMode } from './effects/set-rlimit-mode.ts';
import { mockDomain } from './effects/mock-domain.ts';
import { replace } from './effects/replace.ts';
import { raiseFault } from './effects/raise-fault.ts';
import { deliverFaults } from './effects/deliver-faults.ts';
import { respondFault } from './effects/respond-fault.ts';
import { closeFaultFd } from './effects/close-fault-fd.ts';
import { invalidateIotlb } from './effects/invalidate-iotlb.ts';
import { setDirtyTracking } from './effects/set-dirty-tracking.ts';

/** The iommufd profile's dialect: an iommufd context of Linux 6.12 with the kernel's mock IOMMU driver. */
export const iommufdVocabulary: ProfileVocabulary<IommufdState> = {
  profile: 'iommufd',
  initialState,
  clone,
  snapshot,
  // Object ids share one space (the context's xarray), whatever their kind.
  isFreshId: (s, id) => !s.objects.has(id),
  queries: byName(objectIs, objectBusy, hwptNestParent, hwptAuto, hwptDirty, hwptDriver, hwptIoas, deviceDriver, deviceDirtyCapable, stdevDev, stdevHwpt, ioasAlignment, ioasHasDomain, ioasHugePages, ioasReservedHit, ioasMappedHit, ioasAllowedHit, ioasAllowedMiss, ioasFreeSpan, ioasMappedBytes, ioasMappedBytesIn, ioasCovered, ioasReadonlyHit, ioasMisaligned, ioasMappingStart, ioasMappingLast, ioasUva, ioasUvaMisaligned, ioasAutoHwpt, ioasIovaRangeCount, ioasIovaRanges, userRangesFirstBad, userRangesReserved, userU32, objectsExist, compatIoas, rlimitMode, faultOutstanding, faultFdOpen, faultReadBytes, faultReadWritableBytes, hwInfoType, hwInfoLength, hwInfoData, hwCapabilities),
  effects: byName(createIoas, createHwptPaging, createHwptNested, createFault, destroy, ioasMap, ioasCopy, ioasUnmap, ioasUnmapAll, ioasAllow, ioasAddReserved, setHugePages, setCompatIoas, setRlimitMode, mockDomain, replace, raiseFault, deliverFaults, respondFault, closeFaultFd, invalidateIotlb, setDirtyTracking),
  writebacks: { faultRecords },
};
