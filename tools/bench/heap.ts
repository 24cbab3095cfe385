/**
 * The JS heap of the app's isolate in workerd, through its V8 inspector (Miniflare's
 * `inspectorPort`): what counts against a Worker isolate's 128 MB, unlike the process's
 * resident memory. workerd does not answer HeapProfiler.collectGarbage, but a heap snapshot
 * collects garbage first, so `usedMb` takes one (discarding its text) and then asks
 * Runtime.getHeapUsage.
 */
import { createServer } from 'node:net';
// Miniflare's own WebSocket client (Node 20 has none built in without a flag).
import { WebSocket, type MessageEvent } from 'undici';

/** A free TCP port for the inspector (the OS picks it; closed again at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface HeapProbe {
  /** Used heap after a full garbage collection, MB. */
  usedMb(): Promise<number>;
  close(): void;
}

/** Connects to the isolate of the Worker named `name` ('' for Miniflare's unnamed Worker). */
export async function heapProbe(port: number, name = ''): Promise<HeapProbe> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/core:user:${name}`);
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', reject, { once: true });
  });
  let next = 0;
  const send = (method: string, params: object = {}) =>
    new Promise<{ result?: Record<string, number> }>((resolve) => {
      const id = ++next;
      const onMessage = (event: MessageEvent) => {
        const text = String(event.data);
        // Snapshot chunks stream as events (tens of MB): skipped unparsed.
        if (text.slice(0, 80).includes('addHeapSnapshotChunk')) return;
        const message = JSON.parse(text) as { id?: number; result?: Record<string, number> };
        if (message.id !== id) return;
        ws.removeEventListener('message', onMessage);
        resolve(message);
      };
      ws.addEventListener('message', onMessage);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    async usedMb() {
      await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      const usage = await send('Runtime.getHeapUsage');
      return (usage.result?.usedSize ?? NaN) / 1024 / 1024;
    },
    close: () => ws.close(),
  };
}
