import { resolveAdapter } from '../adapters/resolve.ts';
import { serveAdapter } from '../adapters/serve.ts';

export async function serveCommand(options: { adapter: string }): Promise<void> {
  await serveAdapter(await resolveAdapter(options.adapter), process.stdin, process.stdout);
}
