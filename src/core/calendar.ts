/**
 * The school calendar (校历 tab), shared by every module: which days are school days,
 * which term a day is in. Weekdays inside a term are school days; 假期 rows remove days
 * and 调休上课 rows add them. Rows staff typed wrongly become data problems, never crashes.
 *
 * @example
 * const cal = schoolCalendar((await c.var.data.read(['calendar'])).calendar)
 * cal.isSchoolDay('2026-10-10') // true: a Saturday make-up day
 */
import type { DataProblem, Table } from './table/types.js';
import { addDays, daysBetween, weekday } from './time.js';

export interface Term {
  id: string;
  name: string;
  start: string;
  end: string;
}

export interface SchoolCalendar {
  terms: Term[];
  isSchoolDay(date: string): boolean;
  /** The term containing the date, if any. */
  termOf(date: string): Term | null;
  /** School days from `from` to `to`, both included. */
  schoolDays(from: string, to: string): string[];
  /** The first school day strictly after `date` (within two years), or null. */
  nextSchoolDay(date: string): string | null;
  problems: DataProblem[];
}

interface Span {
  start: string;
  end: string;
}

const inside = (date: string, span: Span) => date >= span.start && date <= span.end;

export function schoolCalendar(table: Table | undefined): SchoolCalendar {
  const terms: Term[] = [];
  const holidays: Span[] = [];
  const makeups: Span[] = [];
  const problems: DataProblem[] = [];
  for (const row of table?.rows ?? []) {
    const { kind, name, start, end } = row.values;
    if (typeof start !== 'string' || typeof end !== 'string') continue; // unreadable dates are already data problems
    if (end < start) {
      const endCol = table!.header.index.end ?? 0;
      problems.push({
        sheet: table!.title,
        cell: `${String.fromCharCode(65 + endCol)}${row.row}`,
        value: end,
        column: 'end',
        rowId: row.id,
        expected: { zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' },
      });
      continue;
    }
    if (kind === 'term') terms.push({ id: row.id, name: String(name ?? ''), start, end });
    else if (kind === 'holiday') holidays.push({ start, end });
    else if (kind === 'makeup') makeups.push({ start, end });
  }
  terms.sort((a, b) => a.start.localeCompare(b.start));

  const termOf = (date: string) => terms.find((t) => inside(date, t)) ?? null;
  // Answers are kept per date: a report asks about the same few hundred days thousands of times.
  const known = new Map<string, boolean>();
  const isSchoolDay = (date: string) => {
    let answer = known.get(date);
    if (answer === undefined) {
      answer = !termOf(date)
        ? false
        : makeups.some((m) => inside(date, m))
          ? true
          : holidays.some((h) => inside(date, h))
            ? false
            : weekday(date) <= 5;
      known.set(date, answer);
    }
    return answer;
  };
  let ordered: string[] | null | undefined; // every school day in date order; null when the terms are implausibly long
  const allSchoolDays = () => {
    if (ordered !== undefined) return ordered;
    const span = terms.reduce((n, t) => n + daysBetween(t.start, t.end) + 1, 0);
    if (!(span <= MAX_TERM_DAYS)) return (ordered = null);
    const days = new Set<string>();
    for (const t of terms) for (let d = t.start; d <= t.end; d = addDays(d, 1)) if (isSchoolDay(d)) days.add(d);
    return (ordered = [...days].sort());
  };
  return {
    terms,
    problems,
    isSchoolDay,
    termOf,
    schoolDays(from, to) {
      const days: string[] = [];
      for (let d = from; d <= to; d = addDays(d, 1)) if (isSchoolDay(d)) days.push(d);
      return days;
    },
    nextSchoolDay(date) {
      const limit = addDays(date, NEXT_SCHOOL_DAY_LIMIT);
      const days = allSchoolDays();
      if (days) {
        const next = days[firstAfter(days, date)];
        return next !== undefined && next <= limit ? next : null;
      }
      for (let d = addDays(date, 1), n = 0; n < NEXT_SCHOOL_DAY_LIMIT; d = addDays(d, 1), n++) if (isSchoolDay(d)) return d;
      return null;
    },
  };
}

/** How far ahead `nextSchoolDay` looks (two years). */
const NEXT_SCHOOL_DAY_LIMIT = 730;
/** Terms longer than this in total (a mistyped year) are walked day by day instead of listed. */
const MAX_TERM_DAYS = 20_000;

/** Index of the first of the ascending `days` strictly after `date` (days.length when none). */
function firstAfter(days: readonly string[], date: string): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! <= date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
