/**
 * Bench-only Worker entry: the real SheetsGateway plus a tiny HTTP surface so the
 * Node bench can drive it like phones would (no sessions, no views — the bench
 * measures the sync engine). Never deployed.
 *
 * POST /:sheet/append   {tab, values, meta}   → WriteReceipt
 * POST /:sheet/update   {tab, id, changes, meta}
 * POST /:sheet/read     {keys, fresh?}        → {tables}
 * POST /:sheet/configure {…GatewayOptions}
 * POST /:sheet/flush    {ignoreBackoff?}
 * GET  /:sheet/status
 * GET  /:sheet/conflicts
 * POST /:sheet/restart  (aborts the gateway object: the next call starts a fresh instance)
 */
import type { Env } from '../../src/env.js';
import { gatewayFor } from '../../src/core/data/school-data.js';

export { SheetsGateway } from '../../src/core/sync/gateway.js';

export default {
  async fetch(req: Request, env: Env): Promise<Response> {
    const url = new URL(req.url);
    const [, sheet, op] = url.pathname.split('/');
    if (!sheet || !op) return new Response('not found', { status: 404 });
    const id = decodeURIComponent(sheet);
    const gw = gatewayFor(env, id);
    const body = req.method === 'POST' ? ((await req.json().catch(() => ({}))) as any) : {};
    const json = (v: unknown) => Response.json(v);
    try {
      switch (op) {
        case 'append':
          return json(await gw.append(id, body.tab, body.values, body.meta));
        case 'update':
          return json(await gw.update(id, body.tab, body.id, body.changes, body.meta));
        case 'read':
          return json((await gw.read(id, body.keys, { fresh: !!body.fresh })).tables);
        case 'configure':
          return json(await gw.configure(id, body));
        case 'flush':
          return json(await gw.flush(id, body));
        case 'status':
          return json(await gw.status(id));
        case 'conflicts':
          return json(await gw.conflicts(id));
        case 'discard':
          return json(await gw.discard(id, body.writeId, { id: 'bench', name: 'bench' }));
        case 'restart':
          await gw.restart(id).catch(() => {});
          return json({ ok: true });
      }
      return new Response('not found', { status: 404 });
    } catch (err) {
      return Response.json({ error: err instanceof Error ? err.message : String(err) }, { status: 500 });
    }
  },
};
