/**
 * 文明班级评比: class averages of the inspections by week or month, ranked, and written to the
 * 文明班级评比 tab when the head publishes them (publishing again updates the same rows).
 */
import { Hono } from 'hono';
import {
  addDays,
  localDate,
  localDateTime,
  msg,
  readForm,
  render,
  requireRole,
  roles,
  writes,
  type AppEnv,
  type Ctx,
  type Table,
  type TableFor,
} from '../../core/kit.js';
import { monthOf, rankingId, readInspections, standings, weekOf, type Period } from './logic/scores.js';
import { isoDate } from './shared.js';

export const rankingRoutes = new Hono<AppEnv>();

function periodOf(kind: string | undefined, date: string): Period {
  return kind === 'month' ? monthOf(date) : weekOf(date);
}

/** Standings for a period plus the one before, from one snapshot of the tabs. */
export function rankingFor(tables: { inspections: TableFor<'inspections'>; classes: Table }, period: Period) {
  const { records, problems } = readInspections(tables.inspections.rows, tables.inspections.title, tables.inspections.header.index.score);
  const classes = tables.classes.rows.map((r) => r.id);
  const before = periodOf(period.kind, addDays(period.start, -1));
  const previous = new Map(standings(classes, records, before).map((s) => [s.class, s]));
  const rows = standings(classes, records, period).map((s) => ({ ...s, previous: previous.get(s.class) ?? null }));
  return { rows, problems, before };
}

async function page(c: Ctx, status = 200) {
  const kind = c.req.query('period') === 'month' ? 'month' : 'week';
  const date = isoDate(c.req.query('date')) ?? localDate();
  const period = periodOf(kind, date);
  const tables = await c.var.data.read(['inspections', 'classes', 'classRanking']);
  const { rows, problems, before } = rankingFor(tables, period);
  const published = tables.classRanking.rows.filter((r) => r.id.startsWith(rankingId(period, '')));
  const updatedAt =
    published
      .map((r) => r.values.updatedAt ?? '')
      .sort()
      .pop() ?? null;
  return render(
    c,
    'cleaning/ranking',
    {
      title: msg(c, 'cleaning.ranking'),
      kind,
      date,
      period,
      before,
      prevDate: addDays(period.start, -1),
      nextDate: addDays(period.end, 1),
      rows,
      problems,
      updatedAt,
      published: c.req.query('published') ?? null,
      canPublish: c.var.person?.role === 'head',
    },
    { status },
  );
}

rankingRoutes.get('/ranking', requireRole(...roles.everyone), (c) => page(c));

rankingRoutes.post('/ranking/publish', requireRole('head'), async (c) => {
  const f = (await readForm(c)).fields();
  const date = isoDate(f.date);
  if ((f.period !== 'week' && f.period !== 'month') || !date) {
    return render(c, 'error', { title: msg(c, 'cleaning.ranking'), message: msg(c, 'cleaning.ranking.badPeriod') }, { status: 422 });
  }
  const period = periodOf(f.period, date);
  const tables = await c.var.data.read(['inspections', 'classes', 'classRanking']);
  const { rows } = rankingFor(tables, period);
  const existing = new Set(tables.classRanking.rows.map((r) => r.id));
  const now = localDateTime();
  const stamp = Date.now();
  // One after another, so the sheet lists the classes in rank order (concurrent calls may arrive in any order).
  for (const s of rows) {
    const id = rankingId(period, s.class);
    const values = {
      period: period.kind,
      start: period.start,
      end: period.end,
      class: s.class,
      count: s.count,
      average: s.average,
      rank: s.rank,
      updatedAt: now,
    };
    const key = `cleaning.ranking:${id}:${stamp}`;
    await (existing.has(id)
      ? writes(c).update('classRanking', id, values, 'cleaning.ranking.publish', key)
      : writes(c).append('classRanking', { id, ...values }, 'cleaning.ranking.publish', key));
  }
  return c.redirect(`/cleaning/ranking?period=${period.kind}&date=${period.start}&published=${rows.length}`, 303);
});
