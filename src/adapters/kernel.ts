import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { UsageError } from '../commands/usage-error.ts';
import { projectRoot } from '../spec/paths.ts';
import { AdapterBroken } from './adapter-broken.ts';
import type { Description } from './call.ts';
import { DEFAULT_EXEC_OPTIONS, LineProtocolAdapter, type ExecOptions } from './line-protocol.ts';

/**
 * The real Linux kernel: Linux 6.12 with iommufd and its mock IOMMU driver (CONFIG_IOMMUFD_TEST), booted
 * under QEMU. scripts/kernel/build.sh (`npm run kernel:build`) builds the kernel and an initramfs whose
 * /init is the guest program of kernel/guest/; this adapter boots them once per run and speaks the exec
 * protocol with the guest over a serial port of its own (a virtio serial port, or the second UART; a Unix
 * socket on this side), while the kernel console (ttyS0) goes to a log file. See docs/kernel-findings.md for what the real kernel answered.
 */

/** The line the guest writes once its protocol port is open (kernel/guest/main.c, READY_LINE). */
const READY_LINE = '#iommu-conformance-guest ready';
const CONSOLE_TAIL = 3000;
const BUILD_HINT = 'run `npm run kernel:build` (scripts/kernel/build.sh) first';

/** What scripts/kernel/build.sh wrote to <cache>/current.json. */
export interface KernelManifest {
  key: string;
  sourcePackage: string;
  sourceVersion: string;
  release: string;
  fragmentSha: string;
  guestHash: string;
  bzImage: string;
  initramfs: string;
  config: string;
}

export interface KernelOptions {
  /** How long the guest may take from QEMU's start to its ready line (TCG boots in 1-3 s). */
  bootTimeoutMs: number;
  /** The outer `timeout` on QEMU, in seconds: the whole run must end before it. */
  qemuTimeoutSeconds: number;
  /** Guest memory in MiB. */
  memoryMiB: number;
  /**
   * The protocol's port: a virtio serial port (default) or the second 16550 UART. Both carry the same
   * bytes; the UART moves about 160 KB/s under TCG, which makes a full run take over 20 minutes.
   */
  transport: 'virtio' | 'serial';
}

export const DEFAULT_KERNEL_OPTIONS: KernelOptions = {
  bootTimeoutMs: 120_000,
  qemuTimeoutSeconds: Number(process.env.IOMMU_CONFORMANCE_QEMU_TIMEOUT ?? 3 * 3600),
  memoryMiB: 512,
  transport: process.env.IOMMU_CONFORMANCE_TRANSPORT === 'serial' ? 'serial' : 'virtio',
};

/** Where build.sh caches the kernel: the same rule as the script. */
export function kernelCacheDir(): string {
  if (process.env.IOMMU_CONFORMANCE_CACHE) return process.env.IOMMU_CONFORMANCE_CACHE;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'iommu-uapi-conformance');
}

const sha16 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex').slice(0, 16);

/** The digest build.sh records for kernel/guest: each regular file in byte order of its name, as "<name>\n<contents>". */
export function guestSourceHash(dir = path.join(projectRoot, 'kernel', 'guest')): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))) {
    const file = path.join(dir, name);
    if (!statSync(file).isFile()) continue;
    hash.update(name + '\n');
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

function onPath(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

/**
 * The built kernel and guest, checked against the checkout: a UsageError (exit 2) telling the user to run
 * the build when anything is missing or stale, or QEMU is not installed.
 */
export function kernelArtifacts(cache = kernelCacheDir()): KernelManifest {
  const file = path.join(cache, 'current.json');
  if (!existsSync(file)) throw new UsageError(`the kernel adapter needs a built kernel and guest (no ${file}): ${BUILD_HINT}`);
  let manifest: KernelManifest;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as KernelManifest;
  } catch (e) {
    throw new UsageError(`${file} is unreadable (${(e as Error).message}): ${BUILD_HINT}`);
  }
  for (const artifact of [manifest.bzImage, manifest.initramfs]) {
    if (!artifact || !existsSync(artifact)) throw new UsageError(`the kernel adapter's ${artifact ? path.basename(artifact) : 'bzImage'} is missing (${artifact}): ${BUILD_HINT}`);
  }
  const fragment = sha16(readFileSync(path.join(projectRoot, 'kernel', 'config.fragment')));
  if (manifest.fragmentSha !== fragment) throw new UsageError(`the built kernel is stale: kernel/config.fragment changed since it was built; ${BUILD_HINT}`);
  if (manifest.guestHash !== guestSourceHash()) throw new UsageError(`the built guest is stale: kernel/guest/ changed since it was built; ${BUILD_HINT}`);
  for (const program of ['qemu-system-x86_64', 'timeout']) {
    if (!onPath(program)) throw new UsageError(`${program} is not installed: ${BUILD_HINT} (it installs qemu-system-x86)`);
  }
  return manifest;
}

/**
 * KVM only on request (IOMMU_CONFORMANCE_KVM=1) and when /dev/kvm is usable: under nested virtualisation
 * QEMU 7.2 with KVM can abort at boot ("failed to set MSR 0x10a"), and TCG boots this kernel in 1-2 s.
 */
function kvmUsable(): boolean {
  if (process.env.IOMMU_CONFORMANCE_KVM !== '1') return false;
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The `kernel` adapter: iommufd only, Linux 6.12, through the real ioctls. One VM serves the whole run;
 * `reset` reopens /dev/iommu inside it. observe is unsupported (the kernel cannot list its objects).
 */
export class KernelAdapter extends LineProtocolAdapter {
  readonly name = 'kernel';
  private qemu?: ChildProcess;
  private server?: Server;
  private socket?: Socket;
  /** The run's own directory (the socket, the console log), made when the VM boots. */
  private runDir?: string;
  private consoleLog = '';
  private qemuStderr = '';
  private exited?: Promise<void>;
  private readonly onProcessExit = () => this.kill();

  constructor(
    private readonly manifest: KernelManifest = kernelArtifacts(),
    options: ExecOptions = DEFAULT_EXEC_OPTIONS,
    private readonly kernel: KernelOptions = DEFAULT_KERNEL_OPTIONS,
  ) {
    super(options);
  }

  /** The QEMU command line: console on ttyS0 into a file, the protocol on its own port through a Unix socket. */
  qemuArgs(socketPath: string, consoleLog: string): string[] {
    const port =
      this.kernel.transport === 'serial'
        ? { device: ['-serial', 'chardev:proto'], path: '/dev/ttyS1' }
        : {
            device: ['-device', 'virtio-serial-pci,id=vser', '-device', 'virtserialport,bus=vser.0,nr=1,chardev=proto,name=org.iommu-conformance.protocol'],
            path: '/dev/vport0p1',
          };
    return [
      '--kill-after=10',
      String(this.kernel.qemuTimeoutSeconds),
      'qemu-system-x86_64',
      ...(kvmUsable() ? ['-enable-kvm', '-cpu', 'host'] : ['-accel', 'tcg']),
      '-nodefaults',
      '-nographic',
      '-no-reboot',
      '-monitor',
      'none',
      '-m',
      String(this.kernel.memoryMiB),
      '-kernel',
      this.manifest.bzImage,
      '-initrd',
      this.manifest.initramfs,
      // An unknown name=value parameter reaches /init as an environment variable.
      '-append',
      `console=ttyS0 panic=-1 quiet conformance_port=${port.path}`,
      '-serial',
      `file:${consoleLog}`,
      '-chardev',
      `socket,id=proto,path=${socketPath}`,
      ...port.device,
    ];
  }

  protected open(): Promise<Writable> {
    this.runDir = mkdtempSync(path.join(os.tmpdir(), 'iommu-kernel-'));
    this.consoleLog = path.join(this.runDir, 'console.log');
    const socketPath = path.join(this.runDir, 'proto.sock');
    return new Promise<Writable>((resolve, reject) => {
      let ready = false;
      const bootTimer = setTimeout(
        () => reject(new AdapterBroken(`${this.name}: the guest did not come up within ${this.kernel.bootTimeoutMs} ms`, this.diagnostics())),
        this.kernel.bootTimeoutMs,
      );
      const server = createServer((socket) => {
        if (this.socket) return socket.destroy();
        this.socket = socket;
        socket.setEncoding('utf8');
        let early = '';
        socket.on('data', (chunk: string) => {
          if (ready) return this.onData(chunk);
          // Before the ready line: the UART's power-on noise. What follows it is the protocol.
          early += chunk;
          const at = early.indexOf(READY_LINE + '\n');
          if (at < 0) {
            early = early.slice(-READY_LINE.length - 1);
            return;
          }
          ready = true;
          clearTimeout(bootTimer);
          resolve(socket);
          const rest = early.slice(at + READY_LINE.length + 1);
          if (rest) this.onData(rest);
        });
        socket.on('error', () => {
          /* the VM went away: QEMU's exit reports it */
        });
        socket.on('close', () => {
          if (ready) this.fail('closed its serial port (the guest died or the VM stopped)');
        });
      });
      this.server = server;
      server.on('error', (e) => {
        clearTimeout(bootTimer);
        reject(new Error(`cannot listen on ${socketPath}: ${e.message}`));
      });
      server.listen(socketPath, () => {
        // A process group of its own, so the whole of it (timeout and QEMU) can be stopped by its id.
        const qemu = spawn('timeout', this.qemuArgs(socketPath, this.consoleLog), { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
        this.qemu = qemu;
        process.once('exit', this.onProcessExit);
        qemu.stderr!.setEncoding('utf8');
        qemu.stderr!.on('data', (chunk: string) => {
          this.qemuStderr = (this.qemuStderr + chunk).slice(-CONSOLE_TAIL);
        });
        this.exited = new Promise((done) =>
          qemu.on('exit', (code, signal) => {
            process.off('exit', this.onProcessExit);
            const how = signal ? `on signal ${signal}` : code === 124 ? `after the ${this.kernel.qemuTimeoutSeconds} s outer timeout` : `with status ${code}`;
            clearTimeout(bootTimer);
            if (!ready) reject(new AdapterBroken(`${this.name}: QEMU exited ${how} before the guest was ready`, this.diagnostics()));
            else this.fail(`stopped: QEMU exited ${how}`);
            done();
          }),
        );
        qemu.on('error', (e) => {
          clearTimeout(bootTimer);
          reject(new Error(`cannot start QEMU: ${e.message}`));
        });
      });
    });
  }

  /** The tail of the kernel console (oopses and WARNs land there) and of QEMU's own complaints. */
  protected diagnostics(): string {
    let console = '';
    if (!this.consoleLog) return '';
    try {
      console = readFileSync(this.consoleLog, 'latin1')
        // SeaBIOS's terminal escapes, and CRLF line ends.
        .replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1bc/g, '')
        .replace(/\r/g, '')
        .slice(-CONSOLE_TAIL);
    } catch {
      /* not created yet */
    }
    return [console && `kernel console:\n${console}`, this.qemuStderr && `qemu:\n${this.qemuStderr}`].filter(Boolean).join('\n');
  }

  protected kill(): void {
    const pid = this.qemu?.pid;
    if (pid !== undefined && this.qemu!.exitCode === null && this.qemu!.signalCode === null) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    this.socket?.destroy();
  }

  /** The guest's own description, checked: it must claim iommufd on Linux 6.12 and nothing else. */
  override async describe(): Promise<Description> {
    const guest = await super.describe();
    const claimed = Object.keys(guest.profiles);
    if (claimed.length !== 1 || claimed[0] !== 'iommufd') {
      this.fail(`guest claims ${claimed.join(', ') || 'no profile'}, not iommufd alone`);
      throw this.broken;
    }
    const kernel = guest.profiles.iommufd?.kernel;
    if (kernel !== '6.12') {
      this.fail(`guest runs Linux ${kernel ?? '(unknown)'}, not 6.12`);
      throw this.broken;
    }
    return {
      name: `${guest.name}; ${this.manifest.sourcePackage} ${this.manifest.sourceVersion}`,
      profiles: { iommufd: { kernel } },
    };
  }

  async close(): Promise<void> {
    if (await this.sendShutdown(false)) {
      // The guest answers and reboots; with -no-reboot QEMU exits.
      const timer = setTimeout(() => this.kill(), 15_000);
      await this.exited;
      clearTimeout(timer);
    } else {
      this.kill();
      await this.exited;
    }
    this.socket?.destroy();
    this.server?.close();
    try {
      copyFileSync(this.consoleLog, path.join(kernelCacheDir(), 'last-console.log'));
    } catch {
      /* no console: QEMU never started */
    }
    if (this.runDir) rmSync(this.runDir, { recursive: true, force: true });
  }
}
