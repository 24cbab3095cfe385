/** The control API under /__emulator (JSON, no auth, no quotas, not logged as Sheets traffic). */
import type { ServerResponse } from 'node:http';
import { ApiError, badRequest, notFound } from './errors.js';
import type { Emulator } from './server.js';
import type { ValueRender } from './cells.js';

export async function handleControl(emu: Emulator, method: string, path: string, q: URLSearchParams, text: string, res: ServerResponse) {
  const send = (status: number, body: unknown) => emu.sendJson(res, status, body);
  try {
    let body: any = {};
    if (text.trim()) {
      try {
        body = JSON.parse(text);
      } catch {
        throw badRequest('Invalid JSON payload received.');
      }
    }
    const p = path.replace(/^\/__emulator/, '').replace(/\/$/, '') || '/';
    const key = `${method} ${p}`;
    switch (key) {
      case 'GET /':
      case 'GET /health':
        return send(200, { ok: true, url: emu.url, tokenUrl: emu.tokenUrl, spreadsheets: emu.list().length });
      case 'GET /config':
        return send(200, emu.configure({}));
      case 'POST /config':
        return send(200, emu.configure(body));
      case 'GET /log':
        return send(200, emu.log());
      case 'POST /log/reset':
        emu.resetLog();
        return send(200, { ok: true });
      case 'GET /counters':
        return send(200, emu.counters());
      case 'POST /quota/reset':
        emu.resetQuotas();
        return send(200, { ok: true });
      case 'POST /service-accounts':
        return send(200, await emu.createServiceAccount(body.email));
      case 'POST /keys':
        try {
          return send(200, emu.trustKey(body));
        } catch (e) {
          throw badRequest((e as Error).message);
        }
      case 'GET /spreadsheets':
        return send(200, emu.list());
      case 'POST /spreadsheets':
        return send(200, emu.createSpreadsheet(body));
      case 'POST /flush':
        emu.flush();
        return send(200, { ok: true });
    }
    const m = /^\/spreadsheets\/([^/]+)(\/share|\/edit|\/values|\/edit-before)?$/.exec(p);
    if (m) {
      const id = decodeURIComponent(m[1]!);
      if (!m[2] && method === 'GET') return send(200, emu.snapshot(id, (q.get('valueRenderOption') as ValueRender) ?? 'UNFORMATTED_VALUE'));
      if (!m[2] && method === 'DELETE') return send(emu.deleteSpreadsheet(id) ? 200 : 404, { ok: true });
      if (m[2] === '/share' && method === 'POST') {
        if (typeof body.email !== 'string') throw badRequest('share needs email');
        emu.share(id, body.email);
        return send(200, { ok: true });
      }
      if (m[2] === '/values' && method === 'GET') {
        return send(
          200,
          emu.sheetValues(
            id,
            q.get('sheet') ?? undefined,
            (q.get('render') ?? q.get('valueRenderOption') ?? 'UNFORMATTED_VALUE') as ValueRender,
          ),
        );
      }
      if (m[2] === '/edit' && method === 'POST') return send(200, emu.edit(id, body));
      if (m[2] === '/edit-before' && method === 'POST') return send(200, (emu.armed.arm(id, body), { ok: true }));
      if (m[2] === '/edit-before' && method === 'GET') return send(200, emu.armed.take(id));
    }
    throw notFound();
  } catch (e) {
    if (e instanceof ApiError) return send(e.code, e.toJSON());
    return send(500, { error: { code: 500, message: (e as Error).message, status: 'INTERNAL' } });
  }
}
