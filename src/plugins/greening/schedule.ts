/**
 * Turning care-plan rules into dated tasks for one term, over the shared school calendar.
 * Pure: the calendar, the plans and the existing schedule come in; dates and a write plan
 * come out, so every rule is unit-tested against hand-written dates.
 */
import { addDays, type Rule, type SchoolCalendar, type Table, type Term, type Text } from '../../core/kit.js';

export interface Span {
  start: string;
  end: string;
}

/**
 * Holiday spans (假期 rows) of the 校历 tab. The shared calendar answers "is it a school
 * day?"; holiday watering duty also needs "is it a holiday?" (a weekend is not).
 */
export function holidaySpans(calendarTable: Table | undefined): Span[] {
  const spans: Span[] = [];
  for (const row of calendarTable?.rows ?? []) {
    const { kind, start, end } = row.values;
    if (kind === 'holiday' && typeof start === 'string' && typeof end === 'string' && end >= start) spans.push({ start, end });
  }
  return spans.sort((a, b) => a.start.localeCompare(b.start));
}

/**
 * What a term's schedule covers: the term itself, then the break after it up to the day
 * before the next term (so the winter break's watering duty belongs to the autumn term).
 */
export function termPeriod(term: Term, calendar: SchoolCalendar, holidays: readonly Span[]): Span {
  const next = calendar.terms.find((t) => t.start > term.end);
  if (next) return { start: term.start, end: addDays(next.start, -1) };
  const breakAfter = holidays.find((h) => h.start > term.end && h.start <= addDays(term.end, 7));
  return { start: term.start, end: breakAfter && breakAfter.end > term.end ? breakAfter.end : term.end };
}

/** Days the rule may fall on: school days of the term, or holiday days of the period. */
export function eligibleDays(
  scope: Rule['scope'],
  term: Term,
  period: Span,
  calendar: SchoolCalendar,
  holidays: readonly Span[],
): string[] {
  if (scope === 'school') return calendar.schoolDays(term.start, term.end);
  const days: string[] = [];
  for (let d = period.start; d <= period.end; d = addDays(d, 1)) {
    if (!calendar.isSchoolDay(d) && holidays.some((h) => d >= h.start && d <= h.end)) days.push(d);
  }
  return days;
}

/** Fewest school days between two tasks of an "N times" rule: one school week. */
export const MIN_SPACING_DAYS = 5;

export interface Occurrence {
  date: string;
  /** The window's name (春灌) or the rule's remark, written as the task's note. */
  note: string;
}

export type Occurrences = { ok: true; dates: Occurrence[]; info?: Text } | { ok: false; message: Text };

/** `times` days out of `days`, one in the middle of each equal share: 2 of 95 → the 24th and the 72nd. */
export function spread(days: readonly string[], times: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < times; i++) out.push(days[Math.floor(((2 * i + 1) * days.length) / (2 * times))]!);
  return out;
}

const inWindow = (date: string, from: number, to: number) => {
  const m = Number(date.slice(5, 7));
  return from <= to ? m >= from && m <= to : m >= from || m <= to;
};

/**
 * The dates a rule gives in a term. "After the last time" rules depend on what was done and
 * are planned one at a time by {@link planSchedule}; here they give their first date only.
 */
export function occurrences(rule: Rule, term: Term, calendar: SchoolCalendar, holidays: readonly Span[]): Occurrences {
  const period = termPeriod(term, calendar, holidays);
  const days = eligibleDays(rule.scope, term, period, calendar, holidays);
  const where = rule.scope === 'holiday' ? { zh: '假期', en: 'holiday' } : { zh: '上课日', en: 'school days' };
  const note = rule.note;
  switch (rule.kind) {
    case 'daily':
      return { ok: true, dates: days.map((date) => ({ date, note })) };
    case 'perTerm': {
      if (rule.times * MIN_SPACING_DAYS > days.length) {
        return {
          ok: false,
          message: {
            zh: `"每学期${rule.times}次"无法安排：${term.name}只有 ${days.length} 个${where.zh}（约 ${Math.floor(days.length / 5)} 周），每两次之间至少要隔一周`,
            en: `"${rule.times} times per term" cannot be met: ${term.name} has only ${days.length} ${where.en} (about ${Math.floor(days.length / 5)} weeks) and tasks need a week between them`,
          },
        };
      }
      return { ok: true, dates: spread(days, rule.times).map((date) => ({ date, note })) };
    }
    case 'perMonth': {
      // Spread over each month's eligible days of the term.
      const byMonth = new Map<string, string[]>();
      for (const d of days) byMonth.set(d.slice(0, 7), [...(byMonth.get(d.slice(0, 7)) ?? []), d]);
      return {
        ok: true,
        dates: [...byMonth.values()]
          .flatMap((inMonth) => spread(inMonth, Math.min(rule.times, inMonth.length)))
          .map((date) => ({ date, note })),
      };
    }
    case 'window': {
      const dates: Occurrence[] = [];
      for (const w of rule.windows) {
        const inside = days.filter((d) => inWindow(d, w.from, w.to));
        if (inside.length === 0) continue; // e.g. spring irrigation is not in the autumn term
        if (w.times * MIN_SPACING_DAYS > inside.length) {
          return {
            ok: false,
            message: {
              zh: `${w.from}–${w.to}月${w.label}${w.times}次无法安排：这段时间在${term.name}只有 ${inside.length} 个${where.zh}`,
              en: `${w.times}× in months ${w.from}–${w.to} cannot be met: only ${inside.length} ${where.en} of ${term.name} fall in them`,
            },
          };
        }
        for (const date of spread(inside, w.times)) dates.push({ date, note: [w.label, note].filter(Boolean).join('；') });
      }
      const info =
        dates.length === 0
          ? {
              zh: `本学期不在${rule.windows.map((w) => `${w.from}–${w.to}月`).join('、')}内，无任务`,
              en: 'No months of this rule fall in the term',
            }
          : undefined;
      return info ? { ok: true, dates, info } : { ok: true, dates };
    }
    case 'interval': {
      const dates: Occurrence[] = [];
      let earliest = days[0];
      for (const d of days) {
        if (earliest !== undefined && d >= earliest) {
          dates.push({ date: d, note });
          earliest = addDays(d, rule.days);
        }
      }
      return { ok: true, dates };
    }
    case 'after':
      return days[0] ? { ok: true, dates: [{ date: days[0], note }] } : { ok: true, dates: [] };
  }
}

/** The first eligible day on or after `date`, or null. */
export function firstOnOrAfter(days: readonly string[], date: string): string | null {
  return days.find((d) => d >= date) ?? null;
}
