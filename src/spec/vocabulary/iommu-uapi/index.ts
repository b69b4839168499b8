import { byName, type ProfileVocabulary } from '../define.ts';
import { clone, initialState, snapshot, type IommuUapiState } from './state.ts';
import { driverHas } from './queries/driver-has.ts';
import { vendorIs } from './queries/vendor-is.ts';
import { domainNested } from './queries/domain-nested.ts';
import { ssidBits } from './queries/ssid-bits.ts';
import { pasidTableConfig } from './queries/pasid-table-config.ts';
import { gpasidBound } from './queries/gpasid-bound.ts';
import { faultPending } from './queries/fault-pending.ts';
import { faultNeedsPasid } from './queries/fault-needs-pasid.ts';
import { faultPasid } from './queries/fault-pasid.ts';
import { bindGpasid } from './effects/bind-gpasid.ts';
import { unbindGpasid } from './effects/unbind-gpasid.ts';
import { attachPasidTable } from './effects/attach-pasid-table.ts';
import { detachPasidTable } from './effects/detach-pasid-table.ts';
import { reportFault } from './effects/report-fault.ts';
import { completeFault } from './effects/complete-fault.ts';

/** The iommu-uapi profile's dialect: one domain and device, one vendor driver, Linux 5.10's generic checks. */
export const iommuUapiVocabulary: ProfileVocabulary<IommuUapiState> = {
  profile: 'iommu-uapi',
  initialState,
  clone,
  snapshot,
  isFreshId: () => true,
  queries: byName(driverHas, vendorIs, domainNested, ssidBits, pasidTableConfig, gpasidBound, faultPending, faultNeedsPasid, faultPasid),
  effects: byName(bindGpasid, unbindGpasid, attachPasidTable, detachPasidTable, reportFault, completeFault),
};
