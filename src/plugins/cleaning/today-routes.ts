/**
 * The head's Today view (zones × required checks: done, late, missing, pending; filterable by
 * building; missed checks first and in red) and, for class heads and teachers, their own zones.
 */
import { Hono } from 'hono';
import { localDate, localDateTime, msg, render, requireSignedIn, type AppEnv } from '../../core/kit.js';
import { board, totals, zonesFor } from './hooks.js';
import { buildings, isoDate } from './shared.js';

export const todayRoutes = new Hono<AppEnv>();

todayRoutes.get('/', requireSignedIn(), async (c) => {
  const person = c.var.person!;
  const nowLocal = localDateTime();
  const date = isoDate(c.req.query('date')) ?? localDate();
  const building = c.req.query('building') ?? '';
  const only = c.req.query('only') === 'missing' ? 'missing' : '';
  const { zones, days, schoolDay, clock, checkinsToday } = await board(c.var.data, date, nowLocal);
  const desk = person.role === 'head' || person.role === 'staff' || person.role === 'leader';
  if (!desk) {
    const mine = new Set(zonesFor(person, zones).map((z) => z.id));
    return render(c, 'cleaning/mine', { title: msg(c, 'cleaning.mine'), days: days.filter((d) => mine.has(d.zone.id)), date, schoolDay });
  }
  let shown = days.filter((d) => d.zone.active || d.done > 0);
  if (building) shown = shown.filter((d) => d.zone.building === building);
  if (only) shown = shown.filter((d) => d.missing > 0);
  return render(c, 'cleaning/today', {
    title: msg(c, 'cleaning.today'),
    date,
    isToday: date === nowLocal.slice(0, 10),
    clock,
    schoolDay,
    building,
    only,
    buildings: buildings(zones),
    days: shown,
    totals: totals(days.filter((d) => !building || d.zone.building === building)),
    recent: checkinsToday.filter((r) => !building || zones.find((z) => z.id === r.zone)?.building === building).slice(0, 30),
    canManage: person.role === 'head' || person.role === 'staff',
  });
});
