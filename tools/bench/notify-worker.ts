/**
 * Bench-only Worker entry for tools/bench/notify.ts: the real Worker's queue consumer and
 * Durable Objects, plus two bench routes. Never deployed.
 *
 * POST /__bench/emit?n=1000&from=0   enqueue n notices (each sent twice, as an at-least-once producer may)
 * GET  /__bench/log                  the delivery log's counts and the once-only record's states
 */
import worker from '../../src/index.js';
import { enqueueNotice, storeFor } from '../../src/core/notify/outbox.js';
import type { Env } from '../../src/env.js';

export { SheetsGateway, AuthStore, NotifyStore } from '../../src/index.js';

export default {
  async fetch(req: Request, env: Env): Promise<Response> {
    const url = new URL(req.url);
    const school = url.searchParams.get('sheet') ?? '';
    if (url.pathname === '/__bench/emit') {
      const n = Number(url.searchParams.get('n') ?? 1000);
      const from = Number(url.searchParams.get('from') ?? 0);
      for (let i = from; i < from + n; i++) {
        const notice = {
          event: 'summary.published',
          id: `bench:${i}`,
          to: [url.searchParams.get('to') ?? 'P004'],
          params: { month: `#${i}`, by: 'bench' },
          href: '/summary',
        };
        await enqueueNotice(env, school, 'http://bench', notice);
        await enqueueNotice(env, school, 'http://bench', notice);
      }
      return Response.json({ queued: n * 2 });
    }
    if (url.pathname === '/__bench/log') {
      const store = storeFor(env, school);
      const [{ counts }, states] = await Promise.all([store.recent(0, 0), store.states()]);
      return Response.json({ counts, states });
    }
    return new Response('not found', { status: 404 });
  },
  queue: worker.queue,
} satisfies ExportedHandler<Env>;
