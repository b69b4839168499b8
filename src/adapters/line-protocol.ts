import type { Writable } from 'node:stream';
import type { Profile } from '../spec/generated/requirement.ts';
import type * as Wire from '../spec/generated/adapter-protocol.ts';
import { validateDefinition, validateDocument } from '../spec/schemas.ts';
import type { Adapter, Unsupported } from './adapter.ts';
import { AdapterBroken } from './adapter-broken.ts';
import type { Call, CallResult, Description, ProfileConfig } from './call.ts';
import { callToWire, resultFromWire } from './protocol.ts';

export interface ExecOptions {
  /** How long one request may take before the implementation counts as hung. */
  timeoutMs: number;
  /** How long the first request may take: it waits for the program to start (a runtime, a VM). */
  startupMs?: number;
  /** The longest line the implementation may write; more is garbage. */
  maxLineBytes: number;
}

export const DEFAULT_EXEC_OPTIONS: ExecOptions = { timeoutMs: 10_000, maxLineBytes: 16 * 1024 * 1024 };

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  method: string;
}

/**
 * The client side of the exec protocol (docs/adapter-protocol.md) over any byte stream: one JSON request
 * per line out, one JSON response per line in. A subclass starts the implementation and connects the
 * stream: a child's stdio (ExecAdapter), or a serial port of a virtual machine (KernelAdapter). An
 * implementation that crashes, hangs, prints garbage or answers the wrong id makes every later request
 * fail with AdapterBroken.
 */
export abstract class LineProtocolAdapter implements Adapter {
  abstract readonly name: string;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private buffered = '';
  private description?: Description;
  private opened?: Promise<Writable>;
  protected broken?: AdapterBroken;

  constructor(protected readonly options: ExecOptions = DEFAULT_EXEC_OPTIONS) {}

  /**
   * Starts the implementation and returns where requests are written. Its responses must reach
   * onData(); its end must reach fail(). Called once, by the first request.
   */
  protected abstract open(): Writable | Promise<Writable>;
  /** What the implementation said besides the protocol (a stderr tail, a console log tail), for the report. */
  protected abstract diagnostics(): string;
  /** Stops the implementation at once. */
  protected abstract kill(): void;

  /** Marks the adapter broken: every pending and later request fails with the reason and the diagnostics. */
  protected fail(reason: string): void {
    if (this.broken) return;
    this.broken = new AdapterBroken(`${this.name} ${reason}`, this.diagnostics());
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(this.broken);
    }
    this.pending.clear();
    this.kill();
  }

  /** The implementation's output, in chunks as they arrive. */
  protected onData(chunk: string): void {
    // Only the new chunk is searched for line ends: a program that floods without newlines costs linear time.
    let start = 0;
    let newline: number;
    while ((newline = chunk.indexOf('\n', start)) >= 0) {
      const line = (this.buffered + chunk.slice(start, newline)).trim();
      this.buffered = '';
      start = newline + 1;
      if (line) this.onLine(line);
    }
    this.buffered += chunk.slice(start);
    if (this.buffered.length > this.options.maxLineBytes) this.fail(`wrote more than ${this.options.maxLineBytes} bytes without a newline`);
  }

  private onLine(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return this.fail(`printed a line that is not JSON: ${line.slice(0, 120)}`);
    }
    const problems = validateDocument('adapter-protocol', message, 'response');
    const response = message as Wire.Response;
    if (problems.length > 0 || typeof response.id !== 'number') return this.fail(`sent a message the protocol does not allow: ${line.slice(0, 120)}`);
    const pending = this.pending.get(response.id);
    if (!pending) return this.fail(`answered id ${response.id}, which no request has`);
    this.pending.delete(response.id);
    clearTimeout(pending.timer);
    if (response.error) pending.reject(new AdapterBroken(`${this.name} reported an error on ${pending.method}: ${response.error.message}`, this.diagnostics()));
    else pending.resolve(response.result ?? null);
  }

  /** The stream, opened by the first request; a failure to open breaks the adapter. */
  private input(): Promise<Writable> {
    this.opened ??= Promise.resolve()
      .then(() => this.open())
      .catch((e: unknown) => {
        if (e instanceof AdapterBroken) {
          this.broken ??= e;
          this.kill();
        } else this.fail(`could not be started: ${(e as Error).message}`);
        throw this.broken;
      });
    return this.opened;
  }

  private async request(method: string, fields: Record<string, unknown> = {}): Promise<unknown> {
    if (this.broken) throw this.broken;
    const input = await this.input();
    if (this.broken) throw this.broken;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const ms = id === 1 ? Math.max(this.options.timeoutMs, this.options.startupMs ?? 30_000) : this.options.timeoutMs;
      const timer = setTimeout(() => this.fail(`did not answer ${method} within ${ms} ms (hung?)`), ms);
      this.pending.set(id, { resolve, reject, timer, method });
      input.write(JSON.stringify({ id, method, ...fields }) + '\n');
    });
  }

  async describe(): Promise<Description> {
    if (this.description) return this.description;
    const result = await this.request('describe');
    const problems = validateDefinition('adapter-protocol', 'description', result);
    if (problems.length > 0) {
      this.fail(`answered describe with something that is not a description (${problems[0]})`);
      throw this.broken;
    }
    this.description = result as Description;
    return this.description;
  }

  async reset(profile: Profile, config: ProfileConfig): Promise<void> {
    await this.request('reset', { profile, config });
  }

  async call(call: Call): Promise<CallResult | Unsupported> {
    const result = (await this.request('call', { call: callToWire(call) })) as Wire.CallResult;
    const problems = validateDefinition('adapter-protocol', 'callResult', result);
    if (problems.length > 0) {
      this.fail(`answered ${call.op} with something that is not a call result (${problems[0]})`);
      throw this.broken;
    }
    return resultFromWire(result, call);
  }

  async observe(): Promise<unknown> {
    return this.request('observe');
  }

  /**
   * Sends shutdown without waiting for its answer (the implementation may exit right after it) and
   * returns false when there is nothing to shut down. From then on the adapter refuses requests.
   */
  protected async sendShutdown(end: boolean): Promise<boolean> {
    if (!this.opened || this.broken) return false;
    let input: Writable;
    try {
      input = await this.opened;
    } catch {
      return false;
    }
    if (this.broken) return false;
    this.broken = new AdapterBroken(`${this.name} was shut down`, '');
    const line = JSON.stringify({ id: this.nextId++, method: 'shutdown' }) + '\n';
    if (end) input.end(line);
    else input.write(line);
    return true;
  }

  abstract close(): Promise<void>;
}
