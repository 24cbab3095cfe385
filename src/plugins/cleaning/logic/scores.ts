/**
 * Inspection scoring (out of 100, deductions per checklist item, as Chinese school checklists
 * do), class standings by week and month (文明班级评比), and the company evaluation grade.
 * Pure functions, no I/O.
 */
import { addDays, monthRange, weekday, type DataProblem, type RowFor, type Text } from '../../../core/kit.js';
import type { ChecklistItem } from './zones.js';

export interface Deduction {
  label: string;
  points: number;
}

export interface ScoreResult {
  score: number | null;
  deductions: Deduction[];
  /** Field name → message; 'score' for the total. */
  errors: Record<string, Text>;
}

const NUMBER_RE = /^\d+(\.\d+)?$/;

/** Full-width digits and a trailing 分 are fine; anything else is not a number here. */
function readNumber(raw: string | undefined): number | null | 'bad' {
  const s = (raw ?? '').normalize('NFKC').trim().replace(/分$/, '').trim();
  if (s === '') return null;
  if (/^-/.test(s)) return 'bad';
  return NUMBER_RE.test(s) ? Number(s) : 'bad';
}

/**
 * Score an inspection from the deduction typed for each item (`d0`, `d1`, … in `input`) and/or
 * a total typed in `score`. Deductions must be 0 … the item's points; a total must be 0–100;
 * when both are given they must agree. Nothing typed at all means a clean 100.
 * @example scoreInspection(NINE_NOS, { d2: '2', d4: '1.5' }) // { score: 96.5, deductions: [无纸屑 2, 无蜘蛛网 1.5] }
 */
export function scoreInspection(items: readonly ChecklistItem[], input: Record<string, string | undefined>): ScoreResult {
  const errors: Record<string, Text> = {};
  const deductions: Deduction[] = [];
  items.forEach((item, i) => {
    const n = readNumber(input[`d${i}`]);
    if (n === null || n === 0) return;
    if (n === 'bad' || n > item.points) {
      errors[`d${i}`] = {
        zh: `“${item.label}”扣分应为 0 至 ${item.points} 之间的数字`,
        en: `“${item.label}”: the deduction must be a number from 0 to ${item.points}`,
      };
      return;
    }
    deductions.push({ label: item.label, points: n });
  });
  const typed = readNumber(input.score);
  if (typed === 'bad' || (typeof typed === 'number' && typed > 100)) {
    errors.score = { zh: '得分应为 0 至 100 之间的数字', en: 'The score must be a number from 0 to 100' };
  }
  if (Object.keys(errors).length) return { score: null, deductions, errors };
  const deducted = deductions.reduce((sum, d) => sum + d.points, 0);
  const computed = round1(Math.max(0, 100 - deducted));
  if (typeof typed === 'number' && deductions.length && Math.abs(typed - computed) > 0.05) {
    errors.score = {
      zh: `得分 ${typed} 与扣分合计不符（100 − ${round1(deducted)} = ${computed}）`,
      en: `The score ${typed} does not match the deductions (100 − ${round1(deducted)} = ${computed})`,
    };
    return { score: null, deductions, errors };
  }
  return { score: typeof typed === 'number' ? typed : computed, deductions, errors };
}

export const round1 = (n: number) => Math.round(n * 10) / 10;

/** "无纸屑 -2；无蜘蛛网 -1.5" for the 扣分情况 cell. */
export function deductionText(deductions: readonly Deduction[]): string {
  return deductions.map((d) => `${d.label} -${d.points}`).join('；');
}

export interface Period {
  kind: 'week' | 'month';
  start: string;
  end: string;
}

/** Monday to Sunday around `date`. */
export function weekOf(date: string): Period {
  const start = addDays(date, 1 - weekday(date));
  return { kind: 'week', start, end: addDays(start, 6) };
}

export function monthOf(date: string): Period {
  const { first, last } = monthRange(date.slice(0, 7));
  return { kind: 'month', start: first, end: last };
}

export interface InspectionRecord {
  id: string;
  date: string;
  zone: string;
  party: string;
  kind: string | null;
  score: number;
  row: number;
}

/**
 * Usable inspections, and a data problem for every score outside 0–100 (the table layer
 * reads any number; the range is this module's rule).
 */
export function readInspections(
  rows: readonly RowFor<'inspections'>[],
  sheet: string,
  scoreColumn: number | undefined,
): { records: InspectionRecord[]; problems: DataProblem[] } {
  const records: InspectionRecord[] = [];
  const problems: DataProblem[] = [];
  for (const row of rows) {
    const v = row.values;
    if (typeof v.date !== 'string' || typeof v.score !== 'number') continue;
    if (v.score < 0 || v.score > 100) {
      problems.push({
        sheet,
        cell: `${columnLetter(scoreColumn ?? 0)}${row.row}`,
        value: v.score,
        column: 'score',
        rowId: row.id,
        expected: { zh: '0 至 100 之间的得分', en: 'a score from 0 to 100' },
      });
      continue;
    }
    records.push({
      id: row.id,
      date: v.date,
      zone: (v.zone ?? '').trim(),
      party: (v.party ?? '').trim(),
      kind: typeof v.kind === 'string' ? v.kind : null,
      score: v.score,
      row: row.row,
    });
  }
  return { records, problems };
}

function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export interface Standing {
  class: string;
  count: number;
  /** Mean score, one decimal; null when the class had no inspection. */
  average: number | null;
  /** 1 = best; equal averages share a rank (1, 1, 3); null without inspections. */
  rank: number | null;
}

/**
 * Every class's mean inspection score in the period, best first. Classes without an
 * inspection are listed last, unranked. An inspection counts for the class named in its
 * 责任方 cell (copied from the zone when it was scored).
 */
export function standings(
  classes: readonly string[],
  records: readonly InspectionRecord[],
  period: Pick<Period, 'start' | 'end'>,
): Standing[] {
  const sums = new Map<string, { sum: number; count: number }>();
  const known = new Set(classes);
  for (const r of records) {
    if (r.date < period.start || r.date > period.end || !known.has(r.party)) continue;
    const s = sums.get(r.party) ?? { sum: 0, count: 0 };
    s.sum += r.score;
    s.count++;
    sums.set(r.party, s);
  }
  const list: Standing[] = classes.map((c) => {
    const s = sums.get(c);
    return { class: c, count: s?.count ?? 0, average: s ? round1(s.sum / s.count) : null, rank: null };
  });
  const ranked = list
    .filter((s) => s.average !== null)
    .sort((a, b) => b.average! - a.average! || classes.indexOf(a.class) - classes.indexOf(b.class));
  ranked.forEach((s, i) => {
    s.rank = i > 0 && ranked[i - 1]!.average === s.average ? ranked[i - 1]!.rank : i + 1;
  });
  return [...ranked, ...list.filter((s) => s.average === null)];
}

/** The ranking tab's row ID for a class in a period, stable so publishing again updates it. */
export function rankingId(period: Period, cls: string): string {
  return `RK-${period.kind === 'week' ? 'W' : 'M'}${period.start.replaceAll('-', '')}-${cls}`;
}

/** Points per part of the monthly company evaluation (total 100). */
export const EVALUATION_PARTS = [
  { key: 'quality', max: 40 },
  { key: 'disinfection', max: 20 },
  { key: 'attendance', max: 15 },
  { key: 'attitude', max: 15 },
  { key: 'records', max: 10 },
] as const;

/** 优秀 from 90, 良好 from 80, 合格 from 60, else 不合格. */
export function evaluationGrade(total: number): 'excellent' | 'good' | 'pass' | 'fail' {
  return total >= 90 ? 'excellent' : total >= 80 ? 'good' : total >= 60 ? 'pass' : 'fail';
}
