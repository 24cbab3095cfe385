/**
 * Bench-only Worker entry for the asset register benchmark (tools/bench/assets.ts): the real
 * portal app, timed inside workerd. Never deployed.
 *
 * Every response carries `x-bench-ms`: the time from the request entering the app to its body
 * being complete (gateway RPC, snapshot read, filter and template included).
 * POST /__bench/restart drops the gateway instance (its in-memory snapshots) so the next
 * page view starts cold; `?deploy` also drops the tables this Worker isolate holds, as a
 * deploy does (both restart). POST /__bench/forget drops only this Worker's tables (the growth
 * bench weighs what each side holds).
 */
import worker from '../../src/index.js';
import { gatewayFor } from '../../src/core/data/school-data.js';
// A namespace import, so this entry also bundles against a checkout before forgetTables existed.
import * as tableCache from '../../src/core/data/table-cache.js';
import type { Env } from '../../src/env.js';

export { SheetsGateway, AuthStore } from '../../src/index.js';

export default {
  async fetch(req: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(req.url);
    if (url.pathname === '/__bench/restart') {
      await gatewayFor(env, env.SPREADSHEET_ID)
        .restart(env.SPREADSHEET_ID)
        .catch(() => {});
      if (url.searchParams.has('deploy')) (tableCache as { forgetTables?: () => void }).forgetTables?.();
      return new Response('ok');
    }
    if (url.pathname === '/__bench/forget') {
      (tableCache as { forgetTables?: () => void }).forgetTables?.();
      return new Response('ok');
    }
    const started = performance.now();
    const res = await worker.fetch(req as Parameters<typeof worker.fetch>[0], env, ctx);
    const body = await res.arrayBuffer();
    const headers = new Headers(res.headers);
    headers.set('x-bench-ms', (performance.now() - started).toFixed(2));
    return new Response(body, { status: res.status, headers });
  },
};
