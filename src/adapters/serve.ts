import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type * as Wire from '../spec/generated/adapter-protocol.ts';
import { validateDefinition } from '../spec/schemas.ts';
import type { Adapter } from './adapter.ts';
import { callFromWire, PROTOCOL_VERSION, resultToWire } from './protocol.ts';

/**
 * Serves an adapter over the exec protocol: one request per line in, one response per line out, in order.
 * `iommu-conformance serve --adapter reference` is the reference as an exec implementation (and a
 * working example of the protocol).
 */
export async function serveAdapter(adapter: Adapter, input: Readable, output: Writable): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  const send = (response: Wire.Response) => output.write(JSON.stringify(response) + '\n');
  for await (const line of lines) {
    if (!line.trim()) continue;
    let request: Wire.Request;
    try {
      request = JSON.parse(line) as Wire.Request;
    } catch {
      send({ id: 0, error: { message: 'request is not JSON' } });
      continue;
    }
    const problems = validateDefinition('adapter-protocol', 'request', request);
    if (problems.length > 0 || !('method' in request)) {
      send({ id: (request as { id?: number }).id ?? 0, error: { message: `not a request: ${problems.join('; ')}` } });
      continue;
    }
    try {
      switch (request.method) {
        case 'describe':
          send({ id: request.id, result: { protocol: PROTOCOL_VERSION, ...(await adapter.describe()) } as never });
          break;
        case 'reset':
          await adapter.reset(request.profile, request.config as never);
          send({ id: request.id, result: null });
          break;
        case 'call': {
          const call = callFromWire(request.call);
          // The adapter works on its own copy of the memory, so `call` still holds what was sent.
          const sent = { ...call, memory: call.memory.map((m) => ({ ...m, bytes: new Uint8Array(m.bytes) })) };
          send({ id: request.id, result: resultToWire(await adapter.call(call), sent) });
          break;
        }
        case 'observe':
          send({ id: request.id, result: ((await adapter.observe()) ?? { unsupported: true }) as never });
          break;
        case 'shutdown':
          send({ id: request.id, result: null });
          await adapter.close();
          return;
      }
    } catch (e) {
      send({ id: request.id, error: { message: (e as Error).message } });
    }
  }
  await adapter.close();
}
