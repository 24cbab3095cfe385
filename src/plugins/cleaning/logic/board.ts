/**
 * The head's Today view and the monthly completion figures: check-ins and disinfection
 * records grouped by zone and day, each zone's required checks with their states.
 * Pure functions, no I/O.
 */
import type { TableRow } from '../../../core/kit.js';
import { assignSlots, clockOf, type SlotStatus } from './slots.js';
import type { Zone } from './zones.js';

export interface CheckinRecord {
  id: string;
  time: string;
  date: string;
  zone: string;
  kind: 'routine' | 'bigClean';
  person: string;
  personId: string;
  issue: boolean;
  note: string;
  row: number;
}

export interface DisinfectionRecord {
  id: string;
  time: string;
  date: string;
  zone: string;
  target: string;
  method: string | null;
  person: string;
}

/** Disinfection is due by this school-local time on a school day. */
export const DISINFECTION_DUE = '18:00';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** What a check-in and a disinfection record share: when (time and school day) and where; null without both. */
function stamped(row: TableRow): Pick<CheckinRecord, 'id' | 'time' | 'date' | 'zone'> | null {
  const { time, zone } = row.values;
  if (typeof time !== 'string' || typeof zone !== 'string') return null;
  return { id: row.id, time, date: time.slice(0, 10), zone: zone.trim() };
}

export function checkinFrom(row: TableRow): CheckinRecord | null {
  const at = stamped(row);
  if (!at) return null;
  const v = row.values;
  return {
    ...at,
    kind: v.kind === 'bigClean' ? 'bigClean' : 'routine',
    person: text(v.person),
    personId: text(v.personId),
    issue: v.issue === true || text(v.note).trim() !== '',
    note: text(v.note),
    row: row.row,
  };
}

export function disinfectionFrom(row: TableRow): DisinfectionRecord | null {
  const at = stamped(row);
  if (!at) return null;
  const v = row.values;
  return { ...at, target: text(v.target), method: typeof v.method === 'string' ? v.method : null, person: text(v.person) };
}

/** Records grouped by zone, then by day. */
export function byZoneAndDay<R extends { zone: string; date: string }>(records: Iterable<R | null>): Map<string, Map<string, R[]>> {
  const out = new Map<string, Map<string, R[]>>();
  for (const r of records) {
    if (!r) continue;
    let days = out.get(r.zone);
    if (!days) out.set(r.zone, (days = new Map()));
    const list = days.get(r.date);
    if (list) list.push(r);
    else days.set(r.date, [r]);
  }
  return out;
}

export type DisinfectionState = 'done' | 'missing' | 'pending';

export interface ZoneDay {
  zone: Zone;
  slots: SlotStatus<CheckinRecord>[];
  disinfection: { state: DisinfectionState; record: DisinfectionRecord | null } | null;
  /** Required checks not done and past due (slots and disinfection). */
  missing: number;
  late: number;
  done: number;
  required: number;
  /** Check-ins of the day that reported a problem. */
  issues: CheckinRecord[];
}

/**
 * One zone on one day. `now` is 'HH:MM' today, '24:00' for a past day, '00:00' for a future one.
 * On a day that is not a school day (or for an inactive zone) nothing is required.
 */
export function zoneDay(
  zone: Zone,
  checkins: readonly CheckinRecord[],
  disinfections: readonly DisinfectionRecord[],
  now: string,
  schoolDay: boolean,
): ZoneDay {
  const routine = checkins.filter((c) => c.kind === 'routine');
  const required = schoolDay && zone.active;
  const slots = required ? assignSlots(zone.slots, routine, now, (c) => clockOf(c.time)) : [];
  let disinfection: ZoneDay['disinfection'] = null;
  if (required && zone.disinfect) {
    const record = [...disinfections].sort((a, b) => a.time.localeCompare(b.time))[0] ?? null;
    disinfection = { state: record ? 'done' : now > DISINFECTION_DUE ? 'missing' : 'pending', record };
  }
  const count = (state: string) => slots.filter((s) => s.state === state).length;
  return {
    zone,
    slots,
    disinfection,
    missing: count('missing') + (disinfection?.state === 'missing' ? 1 : 0),
    late: count('late'),
    done: count('done') + count('late') + (disinfection?.state === 'done' ? 1 : 0),
    required: slots.length + (disinfection ? 1 : 0),
    issues: checkins.filter((c) => c.issue),
  };
}

export interface Completion {
  /** Required slot checks on the school days counted. */
  required: number;
  /** Of which done (on time or late). */
  done: number;
  late: number;
  disinfectionRequired: number;
  disinfectionDone: number;
}

/**
 * Check-in completion of one zone over some school days that are over (`days`, each
 * counted as a whole day). Disinfection is counted apart from the slot checks.
 */
export function zoneCompletion(
  zone: Zone,
  days: readonly string[],
  checkins: Map<string, CheckinRecord[]> | undefined,
  disinfections: Map<string, DisinfectionRecord[]> | undefined,
): Completion {
  const out: Completion = { required: 0, done: 0, late: 0, disinfectionRequired: 0, disinfectionDone: 0 };
  if (!zone.active) return out;
  for (const day of days) {
    const d = zoneDay(zone, checkins?.get(day) ?? [], disinfections?.get(day) ?? [], '24:00', true);
    out.required += d.slots.length;
    out.done += d.slots.filter((s) => s.state === 'done' || s.state === 'late').length;
    out.late += d.late;
    if (d.disinfection) {
      out.disinfectionRequired++;
      if (d.disinfection.state === 'done') out.disinfectionDone++;
    }
  }
  return out;
}
