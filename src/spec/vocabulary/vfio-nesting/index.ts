import { byName, type ProfileVocabulary } from '../define.ts';
import { clone, initialState, isFreshId, snapshot, type VfioNestingState } from './state.ts';
import { containerDeviceLacks } from './queries/container-device-lacks.ts';
import { containerExists } from './queries/container-exists.ts';
import { containerGroups } from './queries/container-groups.ts';
import { containerHasDomain } from './queries/container-has-domain.ts';
import { containerIommu } from './queries/container-iommu.ts';
import { containerOwnsPasid } from './queries/container-owns-pasid.ts';
import { domainNested } from './queries/domain-nested.ts';
import { groupContainer } from './queries/group-container.ts';
import { groupExists } from './queries/group-exists.ts';
import { pasidAvailable } from './queries/pasid-available.ts';
import { pasidBound } from './queries/pasid-bound.ts';
import { pasidTableConfig } from './queries/pasid-table-config.ts';
import { ssidBits } from './queries/ssid-bits.ts';
import { createContainer } from './effects/create-container.ts';
import { createGroup } from './effects/create-group.ts';
import { setContainer } from './effects/set-container.ts';
import { setIommu } from './effects/set-iommu.ts';
import { unsetContainer } from './effects/unset-container.ts';
import { pasidAlloc } from './effects/pasid-alloc.ts';
import { pasidFree } from './effects/pasid-free.ts';
import { bind } from './effects/bind.ts';
import { unbind } from './effects/unbind.ts';
import { pasidTableSet } from './effects/pasid-table-set.ts';
import { pasidTableUnset } from './effects/pasid-table-unset.ts';

/** The vfio-nesting profile's dialect: VFIO containers, groups and devices under the 2020 type1 nesting proposals. */
export const vfioNestingVocabulary: ProfileVocabulary<VfioNestingState> = {
  profile: 'vfio-nesting',
  initialState,
  clone,
  snapshot,
  isFreshId,
  queries: byName(containerDeviceLacks, containerExists, containerGroups, containerHasDomain, containerIommu, containerOwnsPasid, domainNested, groupContainer, groupExists, pasidAvailable, pasidBound, pasidTableConfig, ssidBits),
  effects: byName(createContainer, createGroup, setContainer, setIommu, unsetContainer, pasidAlloc, pasidFree, bind, unbind, pasidTableSet, pasidTableUnset),
};
