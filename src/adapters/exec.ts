import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Writable } from 'node:stream';
import { DEFAULT_EXEC_OPTIONS, LineProtocolAdapter, type ExecOptions } from './line-protocol.ts';

export { DEFAULT_EXEC_OPTIONS, type ExecOptions } from './line-protocol.ts';

const STDERR_TAIL = 2048;

/**
 * Any implementation, in any language: a program that reads one JSON request per line on stdin and answers
 * one JSON response per line on stdout (docs/adapter-protocol.md). A program that crashes, hangs, prints
 * garbage or answers the wrong id makes every later request fail with AdapterBroken.
 */
export class ExecAdapter extends LineProtocolAdapter {
  readonly name: string;
  private child?: ChildProcessWithoutNullStreams;
  private stderr = '';

  constructor(
    private readonly command: string,
    options: ExecOptions = DEFAULT_EXEC_OPTIONS,
  ) {
    super(options);
    this.name = `exec:${command}`;
  }

  protected open(): Writable {
    const child = spawn('/bin/sh', ['-c', this.command], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.onData(chunk));
    child.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_TAIL);
    });
    child.on('exit', (code, signal) => this.fail(`exited ${signal ? `on signal ${signal}` : `with status ${code}`}`));
    child.on('error', (e) => this.fail(`could not be started: ${e.message}`));
    child.stdin.on('error', () => {
      /* a dead child's stdin: the exit handler reports it */
    });
    this.child = child;
    return child.stdin;
  }

  protected diagnostics(): string {
    return this.stderr;
  }

  protected kill(): void {
    this.child?.kill('SIGKILL');
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    if (!(await this.sendShutdown(true))) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
    await exited;
    clearTimeout(timer);
  }
}
