import { UsageError } from '../commands/usage-error.ts';
import { IOMMU_UAPI_DEFECTS } from '../reference/iommu-uapi/defects.ts';
import { IOMMUFD_DEFECTS } from '../reference/iommufd/defects.ts';
import { VFIO_NESTING_DEFECTS } from '../reference/vfio-nesting/defects.ts';
import type { Profile } from '../spec/generated/requirement.ts';
import { ReferenceAdapter } from './reference.ts';

/** A known-bad implementation: the reference with one defect, one per historical bug class. */
export interface Mutant {
  name: string;
  profile: Profile;
  defect: string;
  /** The requirement the defect breaks; the suite must fail the mutant on it. */
  breaks: string[];
}

const byProfile: [Profile, Record<string, string>][] = [
  ['iommu-uapi', IOMMU_UAPI_DEFECTS],
  ['vfio-nesting', VFIO_NESTING_DEFECTS],
  ['iommufd', IOMMUFD_DEFECTS],
];

/** Every mutant, named <profile>/<defect> (the same defect name may exist in two profiles). */
export const MUTANTS: Mutant[] = byProfile.flatMap(([profile, defects]) =>
  Object.entries(defects).map(([defect, requirement]) => ({ name: `${profile}/${defect}`, profile, defect, breaks: [requirement] })),
);

export function findMutant(name: string): Mutant {
  const mutant = MUTANTS.find((m) => m.name === name);
  if (!mutant) throw new UsageError(`unknown mutant "${name}" (try: iommu-conformance adapters)`);
  return mutant;
}

/** The reference with the mutant's defect; it claims only the profile the defect lives in. */
export function mutantAdapter(name: string): ReferenceAdapter {
  const mutant = findMutant(name);
  return new ReferenceAdapter(`mutant:${name}`, { kernel: '6.12', structs: {}, defects: new Set([mutant.defect]) }, [mutant.profile]);
}
