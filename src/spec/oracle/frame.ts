import type { Call, CallResult } from '../../adapters/call.ts';
import { readUint } from '../../layout/codec.ts';
import type { LayoutRegistry } from '../../layout/registry.ts';
import type { ProfileVocabulary } from '../vocabulary/define.ts';
import type { UserMemoryView } from './user-memory.ts';

/** What the implementation under judgement claims to know: struct versions and the kernel it models. */
export interface Target {
  /** Known version per struct; structs not listed are known at their newest version. */
  structs: Record<string, number>;
  /** Kernel version the implementation models, "major.minor"; rows tagged for other versions are skipped. */
  kernel: string;
}

/** Everything fixed for one call: the call, its memory, the spec, and the draft object state. */
export interface Run {
  call: Call;
  mem: UserMemoryView;
  registry: LayoutRegistry;
  vocabulary: ProfileVocabulary<unknown>;
  target: Target;
  state: unknown;
  /** After the call: the memory and the result, for `written`, `ret` and `out`. */
  after?: UserMemoryView;
  result?: CallResult;
}

/**
 * One struct being judged: the argument struct of the call, or an entry, or a payload a check table looks
 * at. Holds the kernel copy: the bytes an implementation that knows `version` copies from user memory.
 */
export class Frame {
  private copy?: Uint8Array;

  constructor(
    readonly run: Run,
    readonly struct: string | undefined,
    readonly argp: bigint,
    /** Bytes the implementation copies when the struct has no size word of its own (entries, payloads). */
    readonly length: bigint | undefined,
    readonly outer?: Frame,
    readonly index?: bigint,
  ) {}

  /** The version of this frame's struct the implementation knows. */
  get version(): number | undefined {
    // Stryker disable next-line ConditionalExpression: every reader has a struct (slotOf tests it first; offsetof and a field writeback in a table without one fail in registry.slots either way)
    if (!this.struct) return undefined;
    return this.run.target.structs[this.struct] ?? this.run.registry.newest(this.struct).version;
  }

  knownSize(struct?: string): number {
    const name = struct || this.struct;
    // Stryker disable next-line ConditionalExpression,StringLiteral: only a broken spec asks a table without a struct for its own size; without the test registry.version(undefined) throws, the case aborts either way
    if (!name) throw new Error('knownSize of a table without a struct');
    return this.run.registry.version(name, this.run.target.structs[name]).size;
  }

  hasSizeWord(): boolean {
    const first = this.run.registry.version(this.struct!, this.version).fields[0];
    return first?.role === 'size' && first.offset === 0;
  }

  /** The caller's size word (argsz/size) at offset 0. */
  get sizeWord(): bigint {
    return readUint(this.run.mem.read(this.argp, 4), 0, 4);
  }

  /** How many bytes the implementation copies in (and may copy back). */
  get copyLength(): number {
    const known = BigInt(this.knownSize());
    const limit = this.length ?? (this.hasSizeWord() ? this.sizeWord : known);
    // Stryker disable next-line EqualityOperator: when the two are equal either is the minimum
    return Number(limit < known ? limit : known);
  }

  /** The kernel copy: `copyLength` bytes of user memory, zero-extended to the known size. */
  get kcopy(): Uint8Array {
    // Stryker disable next-line ConditionalExpression: a cache; the copy is made again from the same before-call memory, which nothing writes
    if (!this.copy) {
      this.copy = new Uint8Array(this.knownSize());
      this.copy.set(this.run.mem.read(this.argp, this.copyLength));
    }
    return this.copy;
  }
}
