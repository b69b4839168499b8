import { crossCheck } from './cross-check.ts';
import { loadSpec, type Spec } from './load.ts';
import { SpecErrors, type SpecError } from './spec-error.ts';
import { specDir } from './paths.ts';

/** Loads the spec and runs every cross-check; throws SpecErrors when anything is wrong. */
export function loadCheckedSpec(dir: string = specDir()): { spec: Spec; warnings: SpecError[] } {
  const spec = loadSpec(dir);
  const { errors, warnings } = crossCheck(spec);
  if (errors.length > 0) throw new SpecErrors(errors);
  return { spec, warnings };
}
