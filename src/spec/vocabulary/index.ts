import type { Profile } from '../generated/requirement.ts';
import type { ProfileVocabulary } from './define.ts';
import { iommuUapiVocabulary } from './iommu-uapi/index.ts';
import { vfioNestingVocabulary } from './vfio-nesting/index.ts';
import { iommufdVocabulary } from './iommufd/index.ts';

/** Every profile's dialect of the rule-table language. */
export const vocabularies = {
  'iommu-uapi': iommuUapiVocabulary,
  'vfio-nesting': vfioNestingVocabulary,
  iommufd: iommufdVocabulary,
} as unknown as Record<Profile, ProfileVocabulary<unknown>>;
