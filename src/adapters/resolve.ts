import { UsageError } from '../commands/usage-error.ts';
import type { Adapter } from './adapter.ts';
import { DEFAULT_EXEC_OPTIONS, ExecAdapter, type ExecOptions } from './exec.ts';

/** Adapter specs the command line accepts, for help texts. */
export const ADAPTER_HELP = 'reference | mutant:<name> | exec:<command> | kernel';

/**
 * Builds the adapter named on the command line. The reference and its mutants are loaded on demand, so a
 * run against an exec implementation never loads them.
 */
export async function resolveAdapter(spec: string, exec: Partial<ExecOptions> = {}): Promise<Adapter> {
  if (spec === 'reference') {
    const { ReferenceAdapter } = await import('./reference.ts');
    return new ReferenceAdapter();
  }
  if (spec.startsWith('mutant:')) {
    const { mutantAdapter } = await import('./mutants.ts');
    return mutantAdapter(spec.slice('mutant:'.length));
  }
  if (spec === 'kernel') {
    // The real Linux 6.12 under QEMU: fails with a usage error (exit 2) until `npm run kernel:build` has run.
    const { KernelAdapter, kernelArtifacts } = await import('./kernel.ts');
    return new KernelAdapter(kernelArtifacts(), { ...DEFAULT_EXEC_OPTIONS, ...exec });
  }
  if (spec.startsWith('exec:')) {
    const command = spec.slice('exec:'.length).trim();
    if (!command) throw new UsageError('exec: needs a command, as in exec:./my-implementation');
    return new ExecAdapter(command, { ...DEFAULT_EXEC_OPTIONS, ...exec });
  }
  throw new UsageError(`unknown adapter "${spec}" (known: ${ADAPTER_HELP})`);
}
