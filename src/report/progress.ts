import cliProgress from 'cli-progress';

/**
 * A progress bar on stderr for runs that last more than a moment; nothing in CI or when stderr is not a
 * terminal, so logs stay clean.
 */
export function progressReporter(label: string): { update: (done: number, total: number) => void; stop: () => void } {
  const interactive = process.stderr.isTTY && !process.env.CI;
  const started = Date.now();
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(done, total) {
      if (!interactive) return;
      if (!bar) {
        if (Date.now() - started < 700) return;
        bar = new cliProgress.SingleBar({ stream: process.stderr, format: `${label} [{bar}] {value}/{total} cases, {eta}s left`, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
        bar.start(total, done);
      }
      bar.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}
