import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../../src/spec/paths.ts';

export const BIN = path.join(projectRoot, 'bin', 'iommu-conformance.js');

/** Runs the command line as a user would, returning its exit code and output. */
export function cli(args: string[], options: { timeoutMs?: number } = {}): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: projectRoot, encoding: 'utf8', timeout: options.timeoutMs ?? 120_000, env: { ...process.env, CI: '1' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The exec adapter spec that serves an in-process adapter through this command line. */
export function served(adapter: string): string {
  return `exec:${process.execPath} ${BIN} serve --adapter ${adapter}`;
}
