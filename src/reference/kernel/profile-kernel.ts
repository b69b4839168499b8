/**
 * The interface every profile's reference kernel implements, and small helpers shared by them.
 *
 * Each profile exports, from src/reference/<profile>/index.ts, a factory
 *   create<Profile>Kernel(options: ReferenceOptions): ProfileKernel
 * The reference adapter passes the same options to every profile: a kernel ignores struct names and defect
 * names that are not its own.
 */
import type { Unsupported } from '../../adapters/adapter.ts';
import type { Call, CallResult, ProfileConfig } from '../../adapters/call.ts';
import { errnoName } from './errno.ts';
import type { UserMemory } from './user-memory.ts';

export interface ReferenceOptions {
  /** Modelled kernel, "major.minor"; default "6.12". */
  kernel: string;
  /** Struct name -> layout version the implementation knows (default: newest). */
  structs: Record<string, number>;
  /** Deliberate bugs to turn on (mutants); names a profile does not define are ignored by it. */
  defects: ReadonlySet<string>;
}

export interface ProfileKernel {
  /** Back to an empty state, with the profile's configuration (see /work/plan/vocabulary.md). */
  reset(config: ProfileConfig): void;
  /** One operation: a success or an errno, never a throw. Unsupported for an operation the profile does not implement. */
  call(call: Call): CallResult | Unsupported;
  /** The object state, as schemas/snapshot.schema.json describes the profile's branch. */
  observe(): unknown;
}

export const DEFAULT_KERNEL = '6.12';

/** Fills in the defaults of partially given options. */
export function referenceOptions(options: Partial<ReferenceOptions> = {}): ReferenceOptions {
  return {
    kernel: options.kernel ?? DEFAULT_KERNEL,
    structs: options.structs ?? {},
    defects: options.defects ?? new Set<string>(),
  };
}

/** Parses "major.minor" (a trailing ".patch" or suffix is ignored). Throws on a malformed version. */
export function parseKernelVersion(kernel: string): [number, number] {
  const m = /^(\d+)\.(\d+)/.exec(kernel.trim());
  if (!m) throw new Error(`reference: kernel version "${kernel}" is not "major.minor"`);
  return [Number(m[1]), Number(m[2])];
}

/** True when `kernel` is `want` or newer ("6.13" is at least "6.12"). */
export function kernelAtLeast(kernel: string, want: string): boolean {
  const [a, b] = parseKernelVersion(kernel);
  const [c, d] = parseKernelVersion(want);
  return a !== c ? a > c : b >= d;
}

/**
 * The version of `struct` the implementation knows: options.structs[struct] when given, else the newest.
 * Throws (at kernel creation, never during a call) when the requested version does not exist.
 */
export function knownStructVersion(options: ReferenceOptions, struct: string, newest: number): number {
  const v = options.structs[struct];
  if (v === undefined) return newest;
  if (!Number.isInteger(v) || v < 1 || v > newest) {
    throw new Error(`reference: struct ${struct} has versions 1..${newest}, not ${v}`);
  }
  return v;
}

/** An integer argument of a call (call.args[name]), or the default when absent. */
export function callArg(call: Call, name: string, dflt = 0n): bigint {
  return call.args[name] ?? dflt;
}

/**
 * The result of a call from its return code, in the kernel's convention: a negative value is -errno;
 * otherwise the call succeeded, and `ret` is reported only for operations whose return value means
 * something (a byte count, a PASID). `memory` is the call's private user memory with the writes applied.
 */
export function callResult(
  memory: UserMemory,
  rc: number | bigint,
  extra: { ret?: bigint; out?: Record<string, bigint> } = {},
): CallResult {
  const segments = memory.segments();
  if (rc < 0) return { errno: errnoName(Number(rc)), memory: segments };
  return { ...extra, memory: segments };
}
