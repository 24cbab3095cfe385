/**
 * The head's Today view (zones × required checks: done, late, missing, pending; filterable by
 * building; missed checks first and in red) and, for class heads and teachers, their own zones.
 */
import { Hono } from 'hono';
import { normalizeUnit, requireSignedIn } from '../../core/auth/index.js';
import { schoolCalendar } from '../../core/calendar.js';
import type { SchoolData } from '../../core/data/types.js';
import { localDate, localDateTime } from '../../core/time.js';
import { render } from '../../core/views/render.js';
import type { AppEnv, Person } from '../../env.js';
import { byZoneAndDay, checkinFrom, disinfectionFrom, zoneDay, type ZoneDay } from './logic/board.js';
import type { Zone } from './logic/zones.js';
import { buildings, isoDate, msg, zonesOf } from './shared.js';

export const todayRoutes = new Hono<AppEnv>();

/** Where "now" is on `date`: the clock today, the end of a past day, the start of a future one. */
export function clockFor(date: string, nowLocal: string): string {
  const today = nowLocal.slice(0, 10);
  return date < today ? '24:00' : date > today ? '00:00' : nowLocal.slice(11, 16);
}

/** Every zone's day (one snapshot read), missed checks first. */
export async function board(data: SchoolData, date: string, nowLocal: string) {
  const { zones, checkins, disinfections, calendar } = await data.read(['zones', 'checkins', 'disinfections', 'calendar']);
  const cal = schoolCalendar(calendar);
  const schoolDay = cal.isSchoolDay(date);
  const ins = byZoneAndDay(checkins.rows.map(checkinFrom));
  const dis = byZoneAndDay(disinfections.rows.map(disinfectionFrom));
  const clock = clockFor(date, nowLocal);
  const all = zonesOf(zones);
  const days = all.map((z) => zoneDay(z, ins.get(z.id)?.get(date) ?? [], dis.get(z.id)?.get(date) ?? [], clock, schoolDay));
  days.sort((a, b) => b.missing - a.missing || b.late - a.late || (a.zone.active === b.zone.active ? 0 : a.zone.active ? -1 : 1));
  return { zones: all, days, schoolDay, clock, checkinsToday: [...ins.values()].flatMap((d) => d.get(date) ?? []).sort((a, b) => b.time.localeCompare(a.time)) };
}

export function totals(days: readonly ZoneDay[]) {
  return days.reduce(
    (t, d) => ({ required: t.required + d.required, done: t.done + d.done, late: t.late + d.late, missing: t.missing + d.missing, zonesMissing: t.zonesMissing + (d.missing > 0 ? 1 : 0) }),
    { required: 0, done: 0, late: 0, missing: 0, zonesMissing: 0 },
  );
}

/** Zones this person answers for: their class or department, or zones naming them. */
export function zonesFor(person: Person, zones: readonly Zone[]): Zone[] {
  const unit = normalizeUnit(person.unit);
  const name = normalizeUnit(person.name);
  return zones.filter((z) => {
    const party = normalizeUnit(z.party);
    return party !== '' && (party === unit || party === name);
  });
}

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
