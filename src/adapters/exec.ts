import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
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
  /** The longest line the implementation may write; more is garbage. */
  maxLineBytes: number;
}

export const DEFAULT_EXEC_OPTIONS: ExecOptions = { timeoutMs: 10_000, maxLineBytes: 16 * 1024 * 1024 };

const STDERR_TAIL = 2048;

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  method: string;
}

/**
 * Any implementation, in any language: a program that reads one JSON request per line on stdin and answers
 * one JSON response per line on stdout (docs/adapter-protocol.md). A program that crashes, hangs, prints
 * garbage or answers the wrong id makes every later request fail with AdapterBroken.
 */
export class ExecAdapter implements Adapter {
  readonly name: string;
  private child?: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stdout = '';
  private stderr = '';
  private broken?: AdapterBroken;
  private description?: Description;

  constructor(
    private readonly command: string,
    private readonly options: ExecOptions = DEFAULT_EXEC_OPTIONS,
  ) {
    this.name = `exec:${command}`;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('/bin/sh', ['-c', this.command], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.onStdout(chunk));
    child.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_TAIL);
    });
    child.on('exit', (code, signal) => this.fail(`exited ${signal ? `on signal ${signal}` : `with status ${code}`}`));
    child.on('error', (e) => this.fail(`could not be started: ${e.message}`));
    child.stdin.on('error', () => {
      /* a dead child's stdin: the exit handler reports it */
    });
    this.child = child;
    return child;
  }

  /** Marks the adapter broken: every pending and later request fails with the reason and the stderr tail. */
  private fail(reason: string): void {
    if (this.broken) return;
    this.broken = new AdapterBroken(`${this.name} ${reason}`, this.stderr);
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(this.broken);
    }
    this.pending.clear();
    this.child?.kill('SIGKILL');
  }

  private onStdout(chunk: string): void {
    // Only the new chunk is searched for line ends: a program that floods without newlines costs linear time.
    let start = 0;
    let newline: number;
    while ((newline = chunk.indexOf('\n', start)) >= 0) {
      const line = (this.stdout + chunk.slice(start, newline)).trim();
      this.stdout = '';
      start = newline + 1;
      if (line) this.onLine(line);
    }
    this.stdout += chunk.slice(start);
    if (this.stdout.length > this.options.maxLineBytes) this.fail(`wrote more than ${this.options.maxLineBytes} bytes without a newline`);
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
    if (response.error) pending.reject(new AdapterBroken(`${this.name} reported an error on ${pending.method}: ${response.error.message}`, this.stderr));
    else pending.resolve(response.result ?? null);
  }

  private request(method: string, fields: Record<string, unknown> = {}): Promise<unknown> {
    if (this.broken) return Promise.reject(this.broken);
    const child = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(`did not answer ${method} within ${this.options.timeoutMs} ms (hung?)`), this.options.timeoutMs);
      this.pending.set(id, { resolve, reject, timer, method });
      child.stdin.write(JSON.stringify({ id, method, ...fields }) + '\n');
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

  async close(): Promise<void> {
    const child = this.child;
    if (!child || this.broken) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.broken = new AdapterBroken(`${this.name} was shut down`, '');
    child.stdin.end(JSON.stringify({ id: this.nextId++, method: 'shutdown' }) + '\n');
    const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
    await exited;
    clearTimeout(timer);
  }
}
