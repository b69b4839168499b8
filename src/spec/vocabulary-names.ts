import type { Profile } from './generated/requirement.ts';
import { vocabularies } from './vocabulary/index.ts';

/**
 * Query and effect names a table may use: its profile's; a check table may be run from another profile
 * (the vfio-nesting tables run the iommu-uapi payload checks), so it may use any profile's.
 */
export function vocabularyNames(profile: Profile, kind: 'operation' | 'fixture' | 'check'): { queries: Set<string>; effects: Set<string> } {
  const chosen = kind === 'check' ? Object.values(vocabularies) : [vocabularies[profile]];
  return {
    queries: new Set(chosen.flatMap((v) => Object.keys(v.queries))),
    effects: new Set(chosen.flatMap((v) => Object.keys(v.effects))),
  };
}
