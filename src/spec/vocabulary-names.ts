import type { Profile } from './generated/requirement.ts';

/** The query and effect names each profile's vocabulary defines (documented in spec/README.md). */
const NAMES: Record<Profile, { queries: string[]; effects: string[] }> = {
  'iommu-uapi': {
    queries: ['driver-has', 'vendor-is', 'domain-nested', 'ssid-bits', 'pasid-table-config', 'gpasid-bound', 'fault-pending', 'fault-needs-pasid', 'fault-pasid'],
    effects: ['bind-gpasid', 'unbind-gpasid', 'attach-pasid-table', 'detach-pasid-table', 'report-fault', 'complete-fault'],
  },
  'vfio-nesting': {
    queries: ['container-exists', 'group-exists', 'container-iommu', 'container-groups', 'group-container', 'container-has-domain', 'container-owns-pasid', 'pasid-available', 'container-device-lacks', 'pasid-bound', 'pasid-table-set'],
    effects: ['create-container', 'create-group', 'set-container', 'set-iommu', 'unset-container', 'pasid-alloc', 'pasid-free', 'bind', 'unbind', 'pasid-table-set', 'pasid-table-unset'],
  },
  iommufd: {
    queries: [
      'object-is', 'object-busy', 'hwpt-nest-parent', 'hwpt-auto', 'hwpt-dirty', 'device-driver', 'device-dirty-capable', 'ioas-alignment',
      'ioas-has-domain', 'ioas-reserved-hit', 'ioas-mapped-hit', 'ioas-allowed-miss', 'ioas-free-span', 'ioas-exact-areas', 'ioas-mapped-bytes',
      'ioas-covered', 'ioas-readonly-hit', 'ioas-misaligned', 'ioas-iova-range-count', 'ioas-iova-ranges', 'user-ranges-inverted',
      'user-ranges-overlap', 'user-ranges-reserved', 'objects-exist', 'ioas-huge-pages', 'compat-ioas', 'fault-outstanding', 'fault-fd-open',
      'fault-read-bytes', 'hw-info-type', 'hw-info-length', 'hw-info-data', 'hw-capabilities',
    ],
    effects: [
      'create-ioas', 'create-hwpt-paging', 'create-hwpt-nested', 'create-fault', 'destroy', 'ioas-map', 'ioas-unmap', 'ioas-unmap-all', 'ioas-allow',
      'ioas-add-reserved', 'ioas-copy', 'set-huge-pages', 'set-compat-ioas', 'mock-domain', 'replace', 'raise-fault', 'deliver-faults', 'respond-fault',
      'close-fault-fd', 'invalidate-iotlb', 'set-dirty-tracking',
    ],
  },
};

/** Names a table of the profile may use; check tables are shared, so names of every profile are allowed. */
export function vocabularyNames(_profile: Profile): { queries: Set<string>; effects: Set<string> } {
  const all = Object.values(NAMES);
  return { queries: new Set(all.flatMap((n) => n.queries)), effects: new Set(all.flatMap((n) => n.effects)) };
}
