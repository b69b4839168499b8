import { classify } from '../layout/diff.ts';
import { readDiffSide } from '../layout/diff-input.ts';
import { EXIT } from '../exit-codes.ts';
import { loadCheckedSpec } from '../spec/checked-spec.ts';
import { UsageError } from './usage-error.ts';

/** Compares two layouts of one struct: exit 0 when the change is compatible growth, 1 when it breaks the ABI. */
export function diffCommand(oldArg: string, newArg: string, options: { json?: boolean }): number {
  const { spec } = loadCheckedSpec();
  let result;
  try {
    result = classify(readDiffSide(oldArg, spec.registry), readDiffSide(newArg, spec.registry));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (options.json) console.log(JSON.stringify(result, null, 2));
  else {
    for (const c of result.changes) console.log(`${c.verdict === 'break' ? 'BREAK     ' : 'compatible'} ${c.kind.padEnd(24)} ${c.detail}${c.requirement ? `  [${c.requirement}]` : ''}`);
    console.log(result.changes.length === 0 ? `${result.name}: no change` : result.compatible ? `${result.name}: compatible growth` : `${result.name}: ABI BREAK`);
  }
  return result.compatible ? EXIT.ok : EXIT.nonConformant;
}
