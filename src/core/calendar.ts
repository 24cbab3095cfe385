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
import { addDays, weekday } from './time.js';

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
  const isSchoolDay = (date: string) => {
    if (!termOf(date)) return false;
    if (makeups.some((m) => inside(date, m))) return true;
    if (holidays.some((h) => inside(date, h))) return false;
    return weekday(date) <= 5;
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
      for (let d = addDays(date, 1), n = 0; n < 730; d = addDays(d, 1), n++) if (isSchoolDay(d)) return d;
      return null;
    },
  };
}
