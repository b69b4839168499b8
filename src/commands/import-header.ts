import { importHeader } from '../layout/import-header.ts';
import { UsageError } from './usage-error.ts';

export function importHeaderCommand(header: string, options: { struct: string[] }): void {
  try {
    const layouts = importHeader(header, options.struct);
    console.log(JSON.stringify(layouts.length === 1 ? layouts[0] : layouts, null, 2));
  } catch (e) {
    const err = e as Error & { stderr?: Buffer };
    throw new UsageError(`import-header ${header}: ${err.stderr?.toString().trim() || err.message}`);
  }
}
