/**
 * The plugin's hooks and the Today board they share with the routes: desk alerts for missed
 * checks and the monthly summary section. No route imports, so tests can run them in Node.
 */
import {
  glossary,
  localDate,
  localDateTime,
  normalizeUnit,
  PHOTO_EXTENSIONS,
  schoolCalendar,
  type Alert,
  type FieldReport,
  type Person,
  type PluginContext,
  type SchoolData,
  type SummaryContext,
  type SummarySection,
} from '../../core/kit.js';
import { byZoneAndDay, checkinFrom, disinfectionFrom, zoneDay, type ZoneDay } from './logic/board.js';
import { cleaningSection } from './logic/summary.js';
import { zoneFrom, type Zone } from './logic/zones.js';
import { cleaningMessages } from './messages.js';

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
  const all = zones.rows.map(zoneFrom);
  const days = all.map((z) => zoneDay(z, ins.get(z.id)?.get(date) ?? [], dis.get(z.id)?.get(date) ?? [], clock, schoolDay));
  days.sort((a, b) => b.missing - a.missing || b.late - a.late || (a.zone.active === b.zone.active ? 0 : a.zone.active ? -1 : 1));
  return {
    zones: all,
    days,
    schoolDay,
    clock,
    checkinsToday: [...ins.values()].flatMap((d) => d.get(date) ?? []).sort((a, b) => b.time.localeCompare(a.time)),
  };
}

export function totals(days: readonly ZoneDay[]) {
  return days.reduce(
    (t, d) => ({
      required: t.required + d.required,
      done: t.done + d.done,
      late: t.late + d.late,
      missing: t.missing + d.missing,
      zonesMissing: t.zonesMissing + (d.missing > 0 ? 1 : 0),
    }),
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

/** Missed checks today: the whole school for logistics, their own zones for a class head. */
export async function cleaningAlerts({ data, person, today }: PluginContext, nowLocal = localDateTime()): Promise<Alert[]> {
  if (person.role === 'teacher' || person.role === 'leader') return [];
  const { days, schoolDay } = await board(data, today, today === nowLocal.slice(0, 10) ? nowLocal : `${today}T23:59:00`);
  if (!schoolDay) return [];
  if (person.role === 'class_head') {
    const mine = new Set(
      zonesFor(
        person,
        days.map((d) => d.zone),
      ).map((z) => z.id),
    );
    const t = totals(days.filter((d) => mine.has(d.zone.id)));
    return t.missing
      ? [{ level: 'warn', text: cleaningMessages['cleaning.alert.mine'], params: { count: t.missing }, href: '/cleaning' }]
      : [];
  }
  const t = totals(days);
  return t.missing
    ? [
        {
          level: 'bad',
          text: cleaningMessages['cleaning.alert.missing'],
          params: { count: t.missing, zones: t.zonesMissing },
          href: '/cleaning?only=missing',
        },
      ]
    : [];
}

/** My zones today with checks still to do (the desk's "我的责任区" and the daily digest). */
export async function cleaningDuties({ data, person, today }: PluginContext, nowLocal = localDateTime()): Promise<Alert[]> {
  const { days, schoolDay } = await board(data, today, today === nowLocal.slice(0, 10) ? nowLocal : `${today}T00:00:00`);
  if (!schoolDay) return [];
  const mine = new Set(
    zonesFor(
      person,
      days.map((d) => d.zone),
    ).map((z) => z.id),
  );
  return days
    .filter((d) => mine.has(d.zone.id) && d.zone.active && d.required > d.done)
    .map((d) => ({
      level: d.missing > 0 ? 'bad' : 'info',
      text: { zh: '责任区 {zone}：今日已打卡 {done}/{required}', en: 'Zone {zone}: {done} of {required} checks today' },
      params: { zone: d.zone.name, done: d.done, required: d.required },
      href: `/cleaning/c/${encodeURIComponent(d.zone.id)}`,
    }));
}

/** The cleaning section of the monthly summary, from one snapshot of its tabs. */
export async function cleaningSummary({ data, month, calendar }: SummaryContext, today = localDate()): Promise<SummarySection> {
  const tables = await data.read(['zones', 'checkins', 'inspections', 'disinfections', 'classes', 'companyEvaluations']);
  return cleaningSection(tables, month, calendar, today);
}

/** Check-ins with an issue note or photo, for repairs and hazards (the photo goes along). */
export async function cleaningReports(data: SchoolData): Promise<FieldReport[]> {
  const { checkins, zones } = await data.read(['checkins', 'zones']);
  const names = new Map(zones.rows.map((r) => [r.id, r.values.name ?? r.id]));
  return checkins.rows.flatMap((row) => {
    const c = checkinFrom(row);
    if (!c || !c.issue) return [];
    const photo = new RegExp(`/cleaning/photos/([A-Za-z0-9-]+\\.(?:${PHOTO_EXTENSIONS}))$`).exec((row.values.photo ?? '').trim())?.[1];
    return [
      {
        ref: `cleaning:${c.id}`,
        module: glossary['term.cleaning'],
        place: names.get(c.zone) ?? row.values.zoneName ?? c.zone,
        description: c.note,
        at: c.time,
        by: c.person,
        byId: c.personId,
        photos: photo ? [`cleaning/${photo}`] : [],
        hazardArea: 'hygiene',
        href: `/cleaning?date=${c.date}`,
      },
    ];
  });
}
