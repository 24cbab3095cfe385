/**
 * Duty rotations (值日表): who is on duty on each school day of a range, in turn.
 * Pure functions, no I/O; the route writes the rows and the calendar supplies the days.
 */
import { daysBetween, type Text } from '../../../core/kit.js';

/** Longest range one generation may cover (a school year and a bit). */
export const MAX_ROSTER_DAYS = 400;
export const MAX_ROSTER_PEOPLE = 120;

/**
 * Names typed one per line (or separated by 、，, spaces), or — when only a count is given —
 * "1号" … "n号" for a class that posts numbers rather than names.
 */
export function rosterNames(typed: string | undefined, count: string | undefined): string[] {
  const names = (typed ?? '')
    .normalize('NFKC')
    .split(/[\n、,，;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length) return [...new Set(names)];
  const n = Number((count ?? '').normalize('NFKC').trim());
  return Number.isInteger(n) && n > 0 && n <= MAX_ROSTER_PEOPLE ? Array.from({ length: n }, (_, i) => `${i + 1}号`) : [];
}

export interface RosterInput {
  from: string | null;
  to: string | null;
  names: string[];
  perDay: number;
}

/** What is wrong with a roster request before the calendar is consulted (field → message). */
export function rosterErrors(input: RosterInput): Record<string, Text> {
  const errors: Record<string, Text> = {};
  if (!input.from) errors.from = { zh: '请填写开始日期，如 2026-11-23', en: 'Enter a start date like 2026-11-23' };
  if (!input.to) errors.to = { zh: '请填写结束日期，如 2026-12-31', en: 'Enter an end date like 2026-12-31' };
  if (input.from && input.to && input.to < input.from)
    errors.to = { zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' };
  else if (input.from && input.to && daysBetween(input.from, input.to) > MAX_ROSTER_DAYS)
    errors.to = { zh: `一次最多安排 ${MAX_ROSTER_DAYS} 天`, en: `At most ${MAX_ROSTER_DAYS} days at a time` };
  if (input.names.length === 0)
    errors.names = {
      zh: `请输入值日人员姓名（每行一个），或填写人数（1–${MAX_ROSTER_PEOPLE}）`,
      en: `Type the names (one per line) or a head count (1–${MAX_ROSTER_PEOPLE})`,
    };
  else if (input.names.length > MAX_ROSTER_PEOPLE)
    errors.names = { zh: `最多 ${MAX_ROSTER_PEOPLE} 人`, en: `At most ${MAX_ROSTER_PEOPLE} people` };
  if (!Number.isInteger(input.perDay) || input.perDay < 1)
    errors.perDay = { zh: '每天值日人数应为正整数', en: 'People per day must be a whole number of 1 or more' };
  else if (input.names.length && input.perDay > input.names.length)
    errors.perDay = {
      zh: `每天值日人数（${input.perDay}）不能多于总人数（${input.names.length}）`,
      en: `People per day (${input.perDay}) cannot exceed the number of people (${input.names.length})`,
    };
  return errors;
}

/** The message for a range with no school day in it. */
export const NO_SCHOOL_DAYS: Text = {
  zh: '所选日期范围内没有上课日（按校历），没有生成值日表。',
  en: 'The range has no school days (per the school calendar); no roster was made.',
};

/**
 * Turns in order: day k gets `perDay` people starting at k × perDay (wrapping round), so
 * everybody is on duty equally often and a generation can be repeated with the same result.
 * @example rotate(['2026-11-23', '2026-11-24'], ['甲', '乙', '丙'], 2) // [甲 乙], [丙 甲]
 */
export function rotate(days: readonly string[], names: readonly string[], perDay: number): Array<{ date: string; onDuty: string[] }> {
  return days.map((date, k) => ({ date, onDuty: Array.from({ length: perDay }, (_, j) => names[(k * perDay + j) % names.length]!) }));
}

/**
 * A stable row ID for a group's (and zone's) duty on a day, so generating the same roster
 * twice adds nothing and never overwrites a row staff have edited.
 */
export function rosterId(date: string, group: string, zone: string, duty: string): string {
  return `DR-${date.replaceAll('-', '')}-${stableHash(`${group}|${zone}|${duty}`)}`;
}

/** A short stable tag of a text (FNV-1a, base 36), for IDs derived from names. */
export function stableHash(text: string): string {
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).toUpperCase().padStart(7, '0');
}
