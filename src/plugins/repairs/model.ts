/**
 * Repair rules that need no I/O: the service level (小修不隔夜，大修不隔天), who may move a
 * request to which status, and repeat failures. Routes, alerts and the summary share them.
 */
import { addDays, type Person, type SchoolCalendar, type TableRow, type Text, type Values } from '../../core/kit.js';

/**
 * The office's rules, in one place (README "Repairs"): change them here.
 * - `dueSchoolDays`: school days after the first school day on or after the report day by
 *   which the repair must be done (0 = the end of that day). Small → same day, large → the
 *   next school day. A report on a weekend or holiday starts counting on the next school day.
 * - Repeat failure: the same asset (or, without an asset, the same room) reported
 *   `repeatCount` times within `repeatWindowDays`.
 * - Hazards get a default rectification deadline `hazardDays` calendar days ahead.
 * - Photos: at most `maxPhotos` per request, each ≤ `photoMaxBytes` (the Worker refuses
 *   request bodies over 256 KB, so the whole form must stay under that).
 */
export const repairRules = {
  dueSchoolDays: { small: 0, large: 1 } as Record<string, number>,
  repeatCount: 3,
  repeatWindowDays: 30,
  hazardDays: 7,
  maxPhotos: 3,
  photoMaxBytes: 200 * 1024,
} as const;

export type RepairStatus = 'reported' | 'assigned' | 'in_progress' | 'done' | 'signed_off' | 'reopened' | 'escalated';
export type RepairAction = 'assign' | 'start' | 'done' | 'escalate' | 'signoff' | 'reopen';

/** Done or signed off: the work is finished (a reopen clears it). */
export const finished = (status: unknown): boolean => status === 'done' || status === 'signed_off';

/**
 * The date by which a request is due ('YYYY-MM-DD', due at the end of that day), or null for
 * holiday work (planned for the break, no service level) and unreadable rows.
 * Without school terms in the 校历, weekdays count as school days.
 */
export function dueDate(values: Values, calendar: SchoolCalendar): string | null {
  const reported = typeof values.reportedAt === 'string' ? values.reportedAt.slice(0, 10) : null;
  const extra = repairRules.dueSchoolDays[String(values.urgency)];
  if (!reported || extra === undefined || values.holiday === true) return null;
  const isSchoolDay = calendar.terms.length > 0 ? calendar.isSchoolDay : (d: string) => weekdayOf(d) <= 5;
  const next = (d: string): string | null => {
    if (calendar.terms.length > 0) return calendar.nextSchoolDay(d);
    let day = addDays(d, 1);
    while (!isSchoolDay(day)) day = addDays(day, 1);
    return day;
  };
  let due: string | null = isSchoolDay(reported) ? reported : next(reported);
  for (let i = 0; i < extra && due; i++) due = next(due);
  return due;
}

function weekdayOf(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** Service-level state at `now` ('YYYY-MM-DDTHH:mm:ss'): met, breached, open (not yet due) or none. */
export function serviceLevel(
  values: Values,
  calendar: SchoolCalendar,
  now: string,
): { due: string | null; state: 'met' | 'breached' | 'open' | 'none' } {
  const due = dueDate(values, calendar);
  if (!due) return { due, state: 'none' };
  const deadline = `${due}T23:59:59`;
  if (finished(values.status) && typeof values.doneAt === 'string') return { due, state: values.doneAt <= deadline ? 'met' : 'breached' };
  return { due, state: now > deadline ? 'breached' : 'open' };
}

const allowedFrom: Record<RepairAction, readonly RepairStatus[]> = {
  assign: ['reported', 'assigned', 'in_progress', 'reopened', 'escalated'],
  start: ['assigned', 'reopened'],
  done: ['assigned', 'in_progress', 'reopened', 'escalated'],
  escalate: ['reported', 'assigned', 'in_progress', 'reopened'],
  signoff: ['done'],
  reopen: ['done'],
};

export const actionTarget: Record<RepairAction, RepairStatus> = {
  assign: 'assigned',
  start: 'in_progress',
  done: 'done',
  escalate: 'escalated',
  signoff: 'signed_off',
  reopen: 'reopened',
};

const same = (a: unknown, b: string) => typeof a === 'string' && a.trim() !== '' && a.trim() === b;

/** Is this person the reporter? By ID, or by name when staff typed the row without an ID. */
export function isReporter(values: Values, person: Person): boolean {
  if (typeof values.reporterId === 'string' && values.reporterId.trim()) return values.reporterId.trim() === person.id;
  return same(values.reporter, person.name);
}

/** Is this person the assigned worker? By ID, or by name when the head typed it in the sheet. */
export function isWorker(values: Values, person: Person): boolean {
  if (same(values.workerId, person.id)) return true;
  return same(values.worker, person.name) && !(typeof values.workerId === 'string' && values.workerId.trim());
}

/**
 * May `person` do `action` on a request in its current state (as the sheet says now)?
 * The reason is shown to the person as it is.
 */
export function checkAction(
  values: Values,
  action: RepairAction,
  person: Person,
): { ok: true; to: RepairStatus } | { ok: false; reason: Text; status: 403 | 409 } {
  const status = values.status as RepairStatus | null;
  if (!status) {
    return {
      ok: false,
      status: 409,
      reason: {
        zh: '这张报修单的状态在表格中无法识别，请先在“数据问题”页修正。',
        en: 'This request’s status in the sheet cannot be read; fix it first (see Data problems).',
      },
    };
  }
  const head = person.role === 'head';
  const permitted =
    action === 'assign'
      ? head
      : action === 'signoff'
        ? isReporter(values, person)
        : action === 'reopen'
          ? isReporter(values, person) || head
          : head || isWorker(values, person);
  if (!permitted) {
    const reason: Text =
      action === 'signoff'
        ? { zh: '只有报修人本人可以验收签字。', en: 'Only the person who reported it can sign it off.' }
        : action === 'assign'
          ? { zh: '只有后勤主任可以派工。', en: 'Only the head of logistics can assign repairs.' }
          : action === 'reopen'
            ? { zh: '只有报修人或后勤主任可以退回返修。', en: 'Only the reporter or the head of logistics can reopen it.' }
            : {
                zh: '只有被派工的维修人员或后勤主任可以处理这张报修单。',
                en: 'Only the assigned worker or the head of logistics can work on this request.',
              };
    return { ok: false, status: 403, reason };
  }
  if (!allowedFrom[action].includes(status)) {
    return {
      ok: false,
      status: 409,
      reason: {
        zh: '这张报修单的状态已变化，不能执行这一步；页面已按表格中的最新状态显示。',
        en: 'This request’s status has changed, so this step is not possible; the page now shows the sheet’s current status.',
      },
    };
  }
  return { ok: true, to: actionTarget[action] };
}

/** Which group a repair counts towards for repeat failures: the asset, else the room. */
export function repeatKey(values: Values): string | null {
  if (typeof values.asset === 'string' && values.asset.trim()) return `asset:${values.asset.trim()}`;
  if (typeof values.room === 'string' && values.room.trim()) return `room:${values.room.trim()}`;
  return null;
}

/** One report in its repeat group: the request ID, its report day, and that day as a day number. */
export interface GroupedReport {
  id: string;
  day: string;
  dayNumber: number;
}

/**
 * Reports grouped by `repeatKey` (groups in first-seen order, reports in row order), each
 * group with its valid day numbers sorted so a window can be counted by binary search.
 */
export function repeatGroupsOf(rows: readonly TableRow[]): Map<string, { reports: GroupedReport[]; sortedDays: number[] }> {
  const byKey = new Map<string, { reports: GroupedReport[]; sortedDays: number[] }>();
  for (const r of rows) {
    const key = repeatKey(r.values);
    const at = r.values.reportedAt;
    if (!key || typeof at !== 'string') continue;
    const day = at.slice(0, 10);
    const group = byKey.get(key) ?? { reports: [], sortedDays: [] };
    const dayNumber = dayNumberOf(day);
    group.reports.push({ id: r.id, day, dayNumber });
    if (!Number.isNaN(dayNumber)) group.sortedDays.push(dayNumber);
    byKey.set(key, group);
  }
  for (const group of byKey.values()) group.sortedDays.sort((a, b) => a - b);
  return byKey;
}

/** How many of a group's reports fall within the repeat window ending on `dayNumber`, it included. */
export function reportsInWindow(sortedDays: readonly number[], dayNumber: number): number {
  return countAtMost(sortedDays, dayNumber) - countAtMost(sortedDays, dayNumber - repairRules.repeatWindowDays);
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date (NaN when unreadable, so it never falls in a window). */
export function dayNumberOf(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

/** How many of the ascending `sorted` are ≤ `x`. */
function countAtMost(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Requests that are repeat failures: reported when `repeatCount` or more reports of the same
 * asset (or room without an asset) fall within the `repeatWindowDays` ending that day, it included.
 * Returns the IDs flagged, and per group the count in the window ending `today`.
 * Each group is sorted once and windows are counted by binary search (a year of rows has
 * groups of hundreds of reports; comparing every pair took most of the monthly summary's time).
 */
export function repeatFailures(
  rows: readonly TableRow[],
  today: string,
  grouped = repeatGroupsOf(rows),
): { flagged: Set<string>; groups: Array<{ key: string; label: string; count: number; last: string }> } {
  const flagged = new Set<string>();
  const groups: Array<{ key: string; label: string; count: number; last: string }> = [];
  const todayNumber = dayNumberOf(today);
  for (const [key, { reports, sortedDays }] of grouped) {
    if (reports.length < repairRules.repeatCount) continue;
    for (const item of reports) {
      if (reportsInWindow(sortedDays, item.dayNumber) >= repairRules.repeatCount) flagged.add(item.id);
    }
    const count = reportsInWindow(sortedDays, todayNumber);
    if (count >= repairRules.repeatCount) {
      const lastNumber = sortedDays[countAtMost(sortedDays, todayNumber) - 1]!;
      groups.push({ key, label: key.slice(key.indexOf(':') + 1), count, last: reports.find((o) => o.dayNumber === lastNumber)!.day });
    }
  }
  groups.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return { flagged, groups };
}

/** Whole hours (one decimal) between two local date-times. */
export function hoursBetween(from: string, to: string): number {
  return Math.round(((Date.parse(`${to}Z`) - Date.parse(`${from}Z`)) / 3_600_000) * 10) / 10;
}

/** Median of numbers (mean of the middle two for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
