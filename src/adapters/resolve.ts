import { UsageError } from '../commands/usage-error.ts';
import type { Adapter } from './adapter.ts';
import { ReferenceAdapter } from './reference.ts';

/** Adapter specs the command line accepts, for help texts and `adapters`. */
export const ADAPTER_SPECS = ['reference'];

/** Builds the adapter named on the command line. */
export function resolveAdapter(spec: string): Adapter {
  if (spec === 'reference') return new ReferenceAdapter();
  throw new UsageError(`unknown adapter "${spec}" (known: ${ADAPTER_SPECS.join(', ')})`);
}
