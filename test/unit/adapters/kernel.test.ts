import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { guestSourceHash, kernelArtifacts, KernelAdapter, type KernelManifest } from '../../../src/adapters/kernel.ts';
import { UsageError } from '../../../src/commands/usage-error.ts';
import { projectRoot } from '../../../src/spec/paths.ts';

const BIN = path.join(projectRoot, 'bin', 'iommu-conformance.js');
const empty = mkdtempSync(path.join(os.tmpdir(), 'kernel-cache-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('the kernel adapter before the kernel is built', () => {
  it('refuses with a usage error that says how to build it', () => {
    expect(() => kernelArtifacts(empty)).toThrow(UsageError);
    expect(() => kernelArtifacts(empty)).toThrow(/npm run kernel:build/);
  });

  it('reports missing artifacts and a stale guest', () => {
    const manifest = { bzImage: path.join(empty, 'bzImage'), initramfs: path.join(empty, 'initramfs.cpio.gz') };
    writeFileSync(path.join(empty, 'current.json'), JSON.stringify(manifest));
    expect(() => kernelArtifacts(empty)).toThrow(/bzImage is missing.*npm run kernel:build/);
    writeFileSync(manifest.bzImage, '');
    writeFileSync(manifest.initramfs, '');
    writeFileSync(path.join(empty, 'current.json'), JSON.stringify({ ...manifest, fragmentSha: 'x' }));
    expect(() => kernelArtifacts(empty)).toThrow(/config.fragment changed/);
    rmSync(path.join(empty, 'current.json'));
  });

  it('`run --adapter kernel` exits 2 and tells the user to run npm run kernel:build', () => {
    const r = spawnSync(process.execPath, [BIN, 'run', '--adapter', 'kernel', '--report', path.join(empty, 'reports')], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, CI: '1', IOMMU_CONFORMANCE_CACHE: empty },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/npm run kernel:build/);
  });
});

describe('the kernel adapter and scripts/kernel/build.sh agree', () => {
  it('on the digest of kernel/guest (the stale-guest check)', () => {
    const script = `cd "${path.join(projectRoot, 'kernel', 'guest')}" && LC_ALL=C ls -1 | while IFS= read -r f; do [ -f "$f" ] && { printf '%s\\n' "$f"; cat "$f"; }; done | sha256sum | cut -c1-16`;
    const shell = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(shell.status).toBe(0);
    expect(guestSourceHash()).toBe(shell.stdout.trim());
  });

  it('boots with the console on ttyS0 and the protocol on a port of its own, under an outer timeout', () => {
    const manifest = { bzImage: '/k/bzImage', initramfs: '/k/initramfs.cpio.gz', sourcePackage: 'linux-source-6.12', sourceVersion: 'v' } as KernelManifest;
    const args = new KernelAdapter(manifest).qemuArgs('/run/proto.sock', '/run/console.log');
    expect(args.slice(0, 3)).toEqual(['--kill-after=10', expect.stringMatching(/^\d+$/), 'qemu-system-x86_64']);
    expect(args).toEqual(expect.arrayContaining(['-no-reboot', '-nographic', '-kernel', '/k/bzImage', '-initrd', '/k/initramfs.cpio.gz']));
    expect(args[args.indexOf('-append') + 1]).toMatch(/^console=ttyS0 .*conformance_port=\/dev\/(vport0p1|ttyS1)$/);
    expect(args.find((a) => a.startsWith('socket,id=proto,'))).toBe('socket,id=proto,path=/run/proto.sock');
    expect(args[args.indexOf('-serial') + 1]).toBe('file:/run/console.log');
  });
});
