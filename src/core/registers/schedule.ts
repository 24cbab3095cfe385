/**
 * When a recurring rule wants something done, judged against what was done: a row's checks
 * (an extinguisher checked 每月一次) or a register's own entries (drills 每学期2次, a food
 * sample 每个上课日). Rules are the greening rules (src/core/rules.ts); days come from the 校历.
 * Pure: `today` and the calendar are passed in.
 *
 * - state: 'ok' (this period's done), 'due' (still to do this period), 'overdue' (the
 *   previous period was missed and this one is not done yet, or an interval ran out).
 * - inMonth: how many were wanted in a month and how many of those were done (summary).
 */
import type { SchoolCalendar } from '../calendar.js';
import type { Rule } from '../rules.js';
import { addDays, daysBetween, monthRange, previousMonth } from '../time.js';

export type DueState = 'ok' | 'due' | 'overdue';

export interface DueStatus {
  state: DueState;
  /** The day by which the next one is wanted (null: nothing wanted now). */
  dueBy: string | null;
  /** The last time it was done ('YYYY-MM-DD'), if ever. */
  last: string | null;
}

const countIn = (dates: readonly string[], from: string, to: string) => dates.filter((d) => d >= from && d <= to).length;

/** Days the rule counts: school days, or for a holiday rule the days that are not. */
function ruleDays(rule: Rule, cal: SchoolCalendar, from: string, to: string): string[] {
  if (rule.scope === 'school') return cal.schoolDays(from, to);
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (!cal.isSchoolDay(d)) days.push(d);
  return days;
}

/** The state of a rule today, given the days it was done ('YYYY-MM-DD', any order). */
export function dueStatus(rule: Rule, done: readonly string[], today: string, cal: SchoolCalendar): DueStatus {
  const dates = [...done].sort();
  const last = dates.filter((d) => d <= today).at(-1) ?? null;
  const status = (state: DueState, dueBy: string | null): DueStatus => ({ state, dueBy, last });
  switch (rule.kind) {
    case 'daily': {
      const days = ruleDays(rule, cal, addDays(today, -14), today);
      const isDay = days.at(-1) === today;
      const previous = days.filter((d) => d < today).at(-1);
      if (isDay && last === today) return status('ok', cal.nextSchoolDay(today));
      if (previous && (!last || last < previous)) return status('overdue', previous);
      return isDay ? status('due', today) : status('ok', null);
    }
    case 'perMonth': {
      const month = today.slice(0, 7);
      const { first, last: end } = monthRange(month);
      const prev = monthRange(previousMonth(month));
      if (countIn(dates, first, end) >= rule.times) return status('ok', monthRange(nextMonth(month)).last);
      // Overdue names the deadline that was missed (last month's end), not this month's.
      return countIn(dates, prev.first, prev.last) < rule.times ? status('overdue', prev.last) : status('due', end);
    }
    case 'interval':
    case 'after': {
      if (!last) return status('due', today);
      const dueBy = addDays(last, rule.days);
      return status(dueBy < today ? 'overdue' : daysBetween(today, dueBy) <= Math.min(2, rule.days - 1) ? 'due' : 'ok', dueBy);
    }
    case 'perTerm': {
      const term = cal.termOf(today);
      if (!term) return status('ok', null);
      const count = countIn(dates, term.start, term.end);
      if (count >= rule.times) return status('ok', null);
      // The n-th time is wanted by the end of the n-th equal share of the term's days.
      const days = ruleDays(rule, cal, term.start, term.end);
      const dueBy = days[Math.max(0, Math.ceil(((count + 1) * days.length) / rule.times) - 1)] ?? term.end;
      return status(dueBy < today ? 'overdue' : 'due', dueBy);
    }
    case 'window': {
      const m = Number(today.slice(5, 7));
      const w = rule.windows.find((x) => (x.from <= x.to ? m >= x.from && m <= x.to : m >= x.from || m <= x.to));
      if (!w) return status('ok', null);
      const year = Number(today.slice(0, 4));
      const startYear = w.from > w.to && m <= w.to ? year - 1 : year;
      const start = `${startYear}-${String(w.from).padStart(2, '0')}-01`;
      const end = monthRange(`${w.from > w.to ? startYear + 1 : startYear}-${String(w.to).padStart(2, '0')}`).last;
      return countIn(dates, start, end) >= w.times ? status('ok', null) : status('due', end);
    }
  }
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * How many times the rule wanted it in a month (up to `today` for the current month) and how
 * many of those were done. A term rule's times are shared over the term's months by school days.
 */
export function wantedInMonth(
  rule: Rule,
  done: readonly string[],
  month: string,
  today: string,
  cal: SchoolCalendar,
): { wanted: number; done: number } {
  const { first, last } = monthRange(month);
  const end = last < today ? last : today;
  if (end < first) return { wanted: 0, done: 0 };
  const doneIn = countIn(done, first, end);
  const cap = (wanted: number) => ({ wanted, done: Math.min(wanted, doneIn) });
  switch (rule.kind) {
    case 'daily': {
      const days = new Set(ruleDays(rule, cal, first, end));
      return { wanted: days.size, done: new Set(done.filter((d) => days.has(d))).size };
    }
    case 'perMonth':
      return cap(rule.times);
    case 'interval':
    case 'after':
      return cap(Math.max(1, Math.floor((daysBetween(first, last) + 1) / rule.days)));
    case 'perTerm': {
      const term = cal.termOf(first) ?? cal.termOf(last);
      if (!term) return cap(0);
      const inTerm = ruleDays(rule, cal, term.start, term.end).length;
      const inMonth = ruleDays(rule, cal, first < term.start ? term.start : first, last > term.end ? term.end : last).length;
      return cap(inTerm ? Math.round((rule.times * inMonth) / inTerm) : 0);
    }
    case 'window': {
      const m = Number(month.slice(5, 7));
      const w = rule.windows.find((x) => (x.from <= x.to ? m >= x.from && m <= x.to : m >= x.from || m <= x.to));
      if (!w) return cap(0);
      const months = w.from <= w.to ? w.to - w.from + 1 : 12 - w.from + 1 + w.to;
      return cap(Math.ceil(w.times / months));
    }
  }
}

/** Days a daily rule wanted something and nothing was done, among the last `span` days before today. */
export function missedDays(rule: Rule, done: readonly string[], today: string, cal: SchoolCalendar, span = 7): string[] {
  if (rule.kind !== 'daily') return [];
  const have = new Set(done);
  return ruleDays(rule, cal, addDays(today, -span), addDays(today, -1)).filter((d) => !have.has(d));
}
