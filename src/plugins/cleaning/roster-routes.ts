/**
 * Duty rotations (值日表): generate a class's or a cleaning team's turns over the school days
 * of a range, write them to the 值日表 tab (staff may edit them there; pages always show the
 * sheet as it is), and print a week-by-week A4 sheet for the wall.
 */
import { Hono } from 'hono';
import {
  addDays,
  forbidden,
  localDate,
  msg,
  ownsUnit,
  readForm,
  render,
  requireRole,
  roles,
  schoolCalendar,
  weekday,
  writes,
  type AppEnv,
  type Ctx,
  type RowFor,
  type TableFor,
  type Text,
  bilingual,
} from '../../core/kit.js';
import { cleaningMessages } from './messages.js';
import { NO_SCHOOL_DAYS, rosterErrors, rosterId, rosterNames, rotate } from './logic/roster.js';
import { weekOf } from './logic/scores.js';
import { findZone, isoDate, zoneMap } from './shared.js';

export const rosterRoutes = new Hono<AppEnv>();

interface RosterQuery {
  group: string;
  zone: string;
  from: string;
  to: string;
}

function query(c: Ctx): RosterQuery {
  const today = localDate();
  const from = isoDate(c.req.query('from')) ?? weekOf(today).start;
  return {
    group: (c.req.query('group') ?? '').trim(),
    zone: (c.req.query('zone') ?? '').trim(),
    from,
    to: isoDate(c.req.query('to')) ?? addDays(from, 13),
  };
}

/** Roster rows of a group (and zone) in a range, as the sheet has them now. */
function rowsFor(table: TableFor<'roster'>, q: RosterQuery): RowFor<'roster'>[] {
  return table.rows
    .filter((r) => typeof r.values.date === 'string' && r.values.date >= q.from && r.values.date <= q.to)
    .filter((r) => (!q.group || (r.values.group ?? '').trim() === q.group) && (!q.zone || (r.values.zone ?? '').trim() === q.zone))
    .sort(
      (a, b) => String(a.values.date).localeCompare(String(b.values.date)) || String(a.values.group).localeCompare(String(b.values.group)),
    );
}

function groupsOf(classes: TableFor<'classes'>, roster: TableFor<'roster'>): string[] {
  return [...new Set([...classes.rows.map((r) => r.id), ...roster.rows.map((r) => (r.values.group ?? '').trim()).filter(Boolean)])];
}

async function page(c: Ctx, q: RosterQuery, form: Record<string, string>, errors: Record<string, Text>, status = 200) {
  const { roster, classes, zones } = await c.var.data.read(['roster', 'classes', 'zones']);
  const role = c.var.person?.role;
  return render(
    c,
    'cleaning/roster',
    {
      title: msg(c, 'cleaning.roster'),
      q,
      rows: rowsFor(roster, q).slice(0, 500),
      groups: groupsOf(classes, roster),
      zones: [...zoneMap(zones).values()].filter((z) => z.active),
      form,
      errors,
      errorList: Object.values(errors),
      made: c.req.query('made') ?? null,
      kept: c.req.query('kept') ?? null,
      canGenerate: role === 'head' || role === 'staff' || role === 'class_head',
      sheetTitle: roster.title,
      formKey: crypto.randomUUID(),
    },
    { status },
  );
}

rosterRoutes.get('/roster', requireRole(...roles.everyone), (c) => {
  const q = query(c);
  return page(
    c,
    q,
    {
      group: q.group || (c.var.person?.role === 'class_head' ? (c.var.person.unit ?? '') : ''),
      zone: q.zone,
      from: q.from,
      to: q.to,
      perDay: '2',
    },
    {},
  );
});

rosterRoutes.post('/roster', requireRole('head', 'staff', 'class_head'), async (c) => {
  const person = c.var.person!;
  const f = (await readForm(c)).fields();
  const group = (f.group ?? '').normalize('NFKC').trim().slice(0, 40);
  const zoneId = (f.zone ?? '').trim();
  const duty = (f.duty ?? '').trim().slice(0, 100);
  const names = rosterNames(f.names, f.count);
  const input = { from: isoDate(f.from?.trim()), to: isoDate(f.to?.trim()), names, perDay: Number((f.perDay ?? '').trim() || '1') };
  const errors = rosterErrors(input);
  if (!group) errors.group = bilingual('cleaning.nameClassOrTeam');
  if (person.role === 'class_head' && group && !ownsUnit(person, group)) return forbidden(c, 'notOwner', { unit: group });
  const q = { group, zone: zoneId, from: input.from ?? localDate(), to: input.to ?? localDate() };
  const { roster, zones, calendar } = await c.var.data.read(['roster', 'zones', 'calendar']);
  let zoneName = '';
  if (zoneId) {
    const zone = findZone(zoneMap(zones), zoneId);
    if (!zone) errors.zone = bilingual('cleaning.noSuchZone', { zone: zoneId });
    else if (!zone.active) errors.zone = bilingual('cleaning.zoneInactive', { name: zone.name });
    // The zone's owner decides, not the group typed in the form: a class's roster on its own zones only.
    else if (person.role === 'class_head' && !ownsUnit(person, zone.party))
      return forbidden(c, 'notOwner', { unit: zone.party || zone.name });
    else zoneName = zone.name;
  }
  if (Object.keys(errors).length) return page(c, q, f, errors, 422);
  const days = schoolCalendar(calendar).schoolDays(input.from!, input.to!);
  if (days.length === 0) return page(c, q, f, { from: NO_SCHOOL_DAYS }, 422);

  const existing = new Set(roster.rows.map((r) => r.id));
  const turns = rotate(days, names, input.perDay);
  const fresh = turns.filter((t) => !existing.has(rosterId(t.date, group, zoneId, duty)));
  // One after another: the sheet keeps the days in order (concurrent calls may reach the gateway in any order).
  for (const t of fresh) {
    const id = rosterId(t.date, group, zoneId, duty);
    await writes(c).append(
      'roster',
      { id, date: t.date, group, zone: zoneId, onDuty: t.onDuty.join('、'), duty: duty || zoneName },
      'cleaning.roster',
      `cleaning.roster:${id}`,
    );
  }
  const params = new URLSearchParams({
    group,
    zone: zoneId,
    from: q.from,
    to: q.to,
    made: String(fresh.length),
    kept: String(turns.length - fresh.length),
  });
  return c.redirect(`/cleaning/roster?${params}`, 303);
});

const WEEKDAYS: Text[] = [
  cleaningMessages['cleaning.mon'],
  cleaningMessages['cleaning.tue'],
  cleaningMessages['cleaning.wed'],
  cleaningMessages['cleaning.thu'],
  cleaningMessages['cleaning.fri'],
  cleaningMessages['cleaning.sat'],
  cleaningMessages['cleaning.sun'],
];

/** Week rows × weekday columns (weekends only when a make-up day falls on one). */
rosterRoutes.get('/roster/print', requireRole(...roles.everyone), async (c) => {
  const q = query(c);
  const { roster } = await c.var.data.read(['roster']);
  const rows = rowsFor(roster, q);
  const weekend = rows.some((r) => weekday(String(r.values.date)) > 5);
  const columns = WEEKDAYS.slice(0, weekend ? 7 : 5);
  const weeks = new Map<string, Array<Array<{ date: string; onDuty: string; duty: string; group: string }>>>();
  for (const r of rows) {
    const date = String(r.values.date);
    const start = weekOf(date).start;
    if (!weeks.has(start))
      weeks.set(
        start,
        columns.map(() => []),
      );
    weeks.get(start)![weekday(date) - 1]?.push({
      date: date.slice(5),
      onDuty: r.values.onDuty ?? '',
      duty: r.values.duty ?? '',
      group: q.group ? '' : (r.values.group ?? ''),
    });
  }
  return render(c, 'cleaning/roster-print', {
    title: `${q.group || msg(c, 'cleaning.roster')} ${msg(c, 'cleaning.roster')}`,
    q,
    columns,
    weeks: [...weeks.entries()].map(([start, cells]) => ({ start, cells })),
    empty: rows.length === 0,
  });
});
