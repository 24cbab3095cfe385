/**
 * Bench-only Worker entry for tools/bench/summary.ts: computes a monthly report with the
 * real plugins inside workerd and says how long it took. workerd's clock only moves at I/O,
 * so each measurement is bracketed by a zero-length timer (an I/O event): what it reports
 * is the compute between them. Never deployed.
 *
 * GET /__bench/summary?month=2026-10&mode=memory   sections over tables already in memory (pure compute)
 * GET /__bench/summary?month=2026-10&mode=gateway  through the gateway with its snapshots warm (what a page pays)
 * GET /__bench/calibrate                            a fixed busy loop, to show the clock moves
 * GET /__bench/tabs                                 the tabs the real sections read (to build the data)
 * (the spreadsheet is named per request: &sheet=<id>)
 */
import { schoolData } from '../../src/core/data/school-data.js';
import type { SchoolData } from '../../src/core/data/types.js';
import { composeReport } from '../../src/core/summary/report.js';
import { plugins } from '../../src/plugins/index.js';
import type { Env } from '../../src/env.js';
import type { TabKey } from '../../sheets-schema/index.js';

export { SheetsGateway, AuthStore } from '../../src/index.js';

const tick = () => new Promise((r) => setTimeout(r, 0));

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  await tick();
  const t0 = performance.now();
  const value = await fn();
  await tick();
  return { ms: performance.now() - t0, value };
}

export default {
  async fetch(req: Request, env: Env): Promise<Response> {
    const url = new URL(req.url);
    if (url.pathname === '/__bench/calibrate') {
      const { ms, value } = await timed(async () => {
        let x = 0;
        for (let i = 0; i < 50_000_000; i++) x = (x + i * 7) % 1_000_003;
        return x;
      });
      return Response.json({ ms, value });
    }
    const keys = [...new Set<TabKey>(['calendar', ...plugins.filter((p) => p.summary).flatMap((p) => p.tabs)])];
    if (url.pathname === '/__bench/tabs') return Response.json(keys);
    const month = url.searchParams.get('month') ?? '2026-10';
    const live = schoolData(env, url.searchParams.get('sheet') ?? env.SPREADSHEET_ID);
    const tables = await live.read(keys);
    const rows = Object.values(tables).reduce((n, t) => n + t.rows.length, 0);
    let data: SchoolData = live;
    const perSection: Record<string, number> = {};
    if (url.searchParams.get('mode') === 'memory') {
      const cache = tables as Record<string, unknown>;
      // Tabs a section reads beyond its declared list are fetched once, outside the timing.
      const extra = [
        'people',
        'rooms',
        'classes',
        'assets',
        'assetEvents',
        'assetLoans',
        'assetWriteOffs',
        'classChecks',
        'stocktakes',
        'stocktakeLines',
        'zones',
        'greenAreas',
        'repairs',
        'repairEvents',
        'patrolItems',
        'patrols',
        'hazards',
      ] as TabKey[];
      Object.assign(cache, await live.read(extra.filter((k) => !(k in cache))));
      data = { ...live, read: async (ks) => Object.fromEntries(ks.map((k) => [k, cache[k]])) as never };
    }
    if (url.searchParams.get('mode') === 'memory') {
      // Each section alone too, so a slow module can be found.
      const { calendar } = await data.read(['calendar']);
      const { schoolCalendar } = await import('../../src/core/calendar.js');
      const cal = schoolCalendar(calendar);
      for (const p of plugins)
        if (p.summary) perSection[p.id] = (await timed(() => p.summary!({ data, month, calendar: cal }).catch(() => null))).ms;
    }
    const { ms, value } = await timed(() => composeReport({ plugins, data, month, now: `${month}-28T00:00:00` }));
    return Response.json({
      ms,
      perSection,
      rows,
      tabs: keys.length,
      sections: value.sections.map((s) => ({ id: s.id, figures: s.figures.length, error: s.error?.en ?? null, problems: s.problemCount })),
    });
  },
};
