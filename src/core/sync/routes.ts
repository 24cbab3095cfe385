/**
 * What people see of the sync engine: the "saved / syncing / synced" badge a form shows
 * after a write (it polls itself until the write is synced or parked), and the sync page
 * where the head of logistics sees the backlog, the warning and the parked conflicts,
 * and retries (after fixing the sheet) or discards them.
 */
import { Hono } from 'hono';
import { tabs } from '../../../sheets-schema/index.js';
import { requireRole, requireSignedIn } from '../auth/index.js';
import { render } from '../views/render.js';
import type { AppEnv } from '../../env.js';

export const syncRoutes = new Hono<AppEnv>();

const final = new Set(['synced', 'conflict', 'failed']);

/** The badge fragment for one write: `hx-get` on itself until its state is final. */
syncRoutes.get('/badge/:writeId', requireSignedIn(), async (c) => {
  const writeId = c.req.param('writeId');
  const states = await c.var.data.writeStates([writeId]);
  const found = states[writeId];
  return render(
    c,
    'sync/badge',
    { writeId, state: found?.state ?? 'unknown', reason: found?.reason ?? null, polling: found ? !final.has(found.state) : false },
    { fragment: true },
  );
});

syncRoutes.get('/', requireRole('head', 'staff', 'leader'), async (c) => {
  const [status, parked] = await Promise.all([c.var.data.status(), c.var.data.conflicts()]);
  const oldestMinutes = status.oldestPendingAgeMs === null ? null : Math.round(status.oldestPendingAgeMs / 60_000);
  // People read the tab's title and "new row" / "change", not internal keys such as asset.move.
  const conflicts = parked.map((w) => ({
    ...w,
    tabTitle: Object.hasOwn(tabs, w.tab)
      ? { zh: tabs[w.tab as keyof typeof tabs].zh, en: tabs[w.tab as keyof typeof tabs].en }
      : { zh: w.tab, en: w.tab },
    kindLabel: w.kind === 'append' ? 'sync.kind.append' : 'sync.kind.update',
  }));
  // The last error only while writes are failing: once the queue drained it is history, not news.
  const failing = status.consecutiveFailures > 0;
  return render(c, 'sync/page', {
    status,
    conflicts,
    oldestMinutes,
    lastError: failing ? status.lastFailure : null,
    canResolve: c.var.person?.role === 'head',
  });
});

syncRoutes.post('/conflicts/:writeId/retry', requireRole('head'), async (c) => {
  await c.var.data.retry(c.req.param('writeId'));
  return c.redirect('/sync', 303);
});

syncRoutes.post('/conflicts/:writeId/discard', requireRole('head'), async (c) => {
  const person = c.var.person!;
  await c.var.data.discard(c.req.param('writeId'), { id: person.id, name: person.name });
  return c.redirect('/sync', 303);
});
