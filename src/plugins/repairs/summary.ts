/**
 * The repairs and hazards section of the monthly summary.
 * Definitions, for a month M (school-local dates):
 * - reported: requests whose 报修时间 is in M; completed: finished requests whose 完成时间 is in M;
 * - median time to fix: hours from report to 完成时间 over those completed in M;
 * - within service level: of those completed in M that have one (not holiday work), the
 *   share done by the end of their due day (a fraction 0–1);
 * - still open: reported by the end of M and not finished by then; oldest: its age in days
 *   at the end of M (what a month-end report would have said, from today's rows);
 * - repeat failures: assets / rooms with a report in M that was the 3rd within 30 days;
 * - hazards found (发现时间 in M), rectified (整改时间 in M), open at the end of M.
 */
import { repairCategories } from '../../../sheets-schema/index.js';
import {
  daysBetween,
  monthRange,
  previousMonth,
  type DataProblem,
  type Figure,
  type RowFor,
  type SchoolCalendar,
  type SummarySection,
  type SummaryTable,
  type Text,
} from '../../core/kit.js';
import {
  dayNumberOf,
  finished,
  hoursBetween,
  median,
  repeatFailures,
  repeatGroupsOf,
  repeatKey,
  reportsInWindow,
  serviceLevel,
} from './model.js';

export interface MonthFigures {
  reported: number;
  completed: number;
  medianHours: number | null;
  withinServiceLevel: number | null;
  open: number;
  oldestOpenDays: number | null;
  repeatGroups: number;
  hazardsFound: number;
  hazardsRectified: number;
  hazardsOpen: number;
}

const inMonth = (v: unknown, month: string) => typeof v === 'string' && v.slice(0, 7) === month;

type RepeatGroups = ReturnType<typeof repeatGroupsOf>;
type Repair = RowFor<'repairs'>;
type Hazard = RowFor<'hazards'>;

/** The figures of one month from the current rows of 报修单 and 隐患 (`grouped`: the repairs' repeat groups, when already built). */
export function monthFigures(
  repairs: readonly Repair[],
  hazards: readonly Hazard[],
  month: string,
  calendar: SchoolCalendar,
  grouped: RepeatGroups = repeatGroupsOf(repairs),
): MonthFigures {
  const { last } = monthRange(month);
  const end = `${last}T23:59:59`;
  const completed = repairs.filter((r) => finished(r.values.status) && inMonth(r.values.doneAt, month));
  const hours = completed.map((r) => hoursBetween(String(r.values.reportedAt), String(r.values.doneAt))).filter((h) => Number.isFinite(h));
  const levels = completed.map((r) => serviceLevel(r.values, calendar, end).state).filter((s) => s === 'met' || s === 'breached');
  const open = repairs.filter((r) => {
    const at = r.values.reportedAt;
    if (typeof at !== 'string' || at > end) return false;
    return !(finished(r.values.status) && typeof r.values.doneAt === 'string' && r.values.doneAt <= end);
  });
  const ages = open.map((r) => daysBetween(String(r.values.reportedAt).slice(0, 10), last));
  const { flagged } = repeatFailures(repairs, last, grouped);
  const repeatGroups = new Set(
    repairs.filter((r) => flagged.has(r.id) && inMonth(r.values.reportedAt, month)).map((r) => repeatKey(r.values)),
  ).size;
  return {
    reported: repairs.filter((r) => inMonth(r.values.reportedAt, month)).length,
    completed: completed.length,
    medianHours: median(hours),
    withinServiceLevel: levels.length ? levels.filter((s) => s === 'met').length / levels.length : null,
    open: open.length,
    oldestOpenDays: ages.length ? Math.max(...ages) : null,
    repeatGroups,
    hazardsFound: hazards.filter((h) => inMonth(h.values.foundAt, month)).length,
    hazardsRectified: hazards.filter((h) => inMonth(h.values.rectifiedAt, month)).length,
    hazardsOpen: hazards.filter((h) => {
      const found = h.values.foundAt;
      if (typeof found !== 'string' || found > end) return false;
      const fixed = h.values.rectifiedAt;
      return !(typeof fixed === 'string' && fixed <= end) && h.values.status !== 'closed';
    }).length,
  };
}

const labels: Record<keyof MonthFigures, Text & { format: Figure['format']; better?: Figure['better']; aggregate?: Figure['aggregate'] }> =
  {
    reported: { zh: '报修', en: 'Reported', format: 'count' },
    completed: { zh: '完成', en: 'Completed', format: 'count', better: 'higher' },
    medianHours: { zh: '维修用时（中位数）', en: 'Median time to fix', format: 'hours', better: 'lower' },
    withinServiceLevel: { zh: '按时完成率（小修不隔夜，大修不隔天）', en: 'Within the service level', format: 'percent', better: 'higher' },
    open: { zh: '月末未完成', en: 'Still open at month end', format: 'count', better: 'lower', aggregate: 'last' },
    oldestOpenDays: { zh: '最久未完成（天）', en: 'Oldest open (days)', format: 'days', better: 'lower', aggregate: 'last' },
    repeatGroups: { zh: '重复报修（30天内3次）', en: 'Repeat failures (3 in 30 days)', format: 'count', better: 'lower' },
    hazardsFound: { zh: '发现隐患', en: 'Hazards found', format: 'count' },
    hazardsRectified: { zh: '整改隐患', en: 'Hazards rectified', format: 'count', better: 'higher' },
    hazardsOpen: { zh: '月末未整改隐患', en: 'Hazards open at month end', format: 'count', better: 'lower', aggregate: 'last' },
  };

function countBy(rows: readonly Repair[], month: string, key: (r: Repair) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) if (inMonth(r.values.reportedAt, month)) out.set(key(r), (out.get(key(r)) ?? 0) + 1);
  return out;
}

/** The section: figures with last month beside, by category and location, repeat failures. */
export function repairsSection(
  repairs: readonly Repair[],
  hazards: readonly Hazard[],
  month: string,
  calendar: SchoolCalendar,
  problems: DataProblem[] = [],
): SummarySection {
  const prev = previousMonth(month);
  const grouped = repeatGroupsOf(repairs);
  const now = monthFigures(repairs, hazards, month, calendar, grouped);
  const before = monthFigures(repairs, hazards, prev, calendar, grouped);
  const figures: Figure[] = (Object.keys(labels) as Array<keyof MonthFigures>).map((key) => {
    const { zh, en, format, better, aggregate } = labels[key];
    const figure: Figure = { key, label: { zh, en }, value: now[key], previous: before[key], format };
    if (better) figure.better = better;
    if (aggregate) figure.aggregate = aggregate;
    return figure;
  });

  const catNow = countBy(repairs, month, (r) => r.values.category ?? '');
  const catPrev = countBy(repairs, prev, (r) => r.values.category ?? '');
  const byCategory: SummaryTable = {
    title: { zh: '按类别', en: 'By category' },
    columns: [
      { zh: '类别', en: 'Category' },
      { zh: '本月', en: 'This month' },
      { zh: '上月', en: 'Last month' },
    ],
    rows: repairCategories
      .filter((c) => catNow.has(c.key) || catPrev.has(c.key))
      .map((c) => [c.zh, catNow.get(c.key) ?? 0, catPrev.get(c.key) ?? 0]),
  };
  const roomNow = countBy(repairs, month, (r) => r.values.room ?? '');
  const roomPrev = countBy(repairs, prev, (r) => r.values.room ?? '');
  const byLocation: SummaryTable = {
    title: { zh: '按地点（前10）', en: 'By location (top 10)' },
    columns: [
      { zh: '地点', en: 'Location' },
      { zh: '本月', en: 'This month' },
      { zh: '上月', en: 'Last month' },
    ],
    rows: [...roomNow]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 10)
      .map(([room, n]) => [room, n, roomPrev.get(room) ?? 0]),
  };
  const repeats: SummaryTable = {
    title: { zh: '重复报修', en: 'Repeat failures' },
    columns: [
      { zh: '资产/地点', en: 'Asset / location' },
      { zh: '30天内次数', en: 'Reports in 30 days' },
      { zh: '最近', en: 'Latest' },
    ],
    rows: repeatRows(repairs, month, grouped),
  };
  const byWorker = workerRatings(repairs, month);
  const notable = repairs
    .filter((r) => finished(r.values.status) && inMonth(r.values.doneAt, month) && typeof r.values.cost === 'number' && r.values.cost > 0)
    .map((r) => {
      const [room, what, parts] = [r.values.room ?? '', r.values.description ?? '', r.values.parts];
      return {
        text: { zh: `${room}：${what}${parts ? `（${parts}）` : ''}`, en: `${room}: ${what}${parts ? ` (${parts})` : ''}` },
        weight: Number(r.values.cost),
      };
    })
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 5);
  return {
    id: 'repairs',
    title: { zh: '维修与安全隐患', en: 'Repairs and hazards' },
    figures,
    tables: [byCategory, byLocation, repeats, byWorker],
    charts: byCategory.rows.length
      ? [
          {
            kind: 'bars',
            title: { zh: '本月报修类别', en: 'Requests by category' },
            categories: byCategory.rows.map((r) => String(r[0])),
            series: [{ label: { zh: '本月', en: 'This month' }, values: byCategory.rows.map((r) => Number(r[1])) }],
          },
        ]
      : [],
    notable,
    problems,
  };
}

/** Per worker: repairs finished in the month, how many were rated, and their average 1–5 rating (the reporters' sign-off). */
export function workerRatings(repairs: readonly Repair[], month: string): SummaryTable {
  const per = new Map<string, { done: number; rated: number; sum: number }>();
  for (const r of repairs) {
    const worker = (r.values.worker ?? '').trim();
    if (!worker || !finished(r.values.status) || !inMonth(r.values.doneAt, month)) continue;
    const w = per.get(worker) ?? { done: 0, rated: 0, sum: 0 };
    w.done += 1;
    if (typeof r.values.rating === 'number' && r.values.rating >= 1 && r.values.rating <= 5) {
      w.rated += 1;
      w.sum += r.values.rating;
    }
    per.set(worker, w);
  }
  return {
    title: { zh: '按维修人（验收评分）', en: 'By worker (sign-off ratings)' },
    columns: [
      { zh: '维修人', en: 'Worker' },
      { zh: '完成', en: 'Done' },
      { zh: '已评分', en: 'Rated' },
      { zh: '平均分', en: 'Average' },
    ],
    rows: [...per]
      .sort((a, b) => b[1].done - a[1].done || a[0].localeCompare(b[0]))
      .map(([name, w]) => [name, w.done, w.rated, w.rated ? Math.round((w.sum / w.rated) * 10) / 10 : '—']),
  };
}

/** Per asset / room with a repeat failure reported in the month: reports in the 30 days up to its latest one. */
function repeatRows(repairs: readonly Repair[], month: string, grouped: RepeatGroups): Array<[string, number, string]> {
  const { flagged } = repeatFailures(repairs, monthRange(month).last, grouped);
  const latest = new Map<string, string>();
  for (const r of repairs) {
    const key = repeatKey(r.values);
    const day = (r.values.reportedAt ?? '').slice(0, 10);
    if (key && flagged.has(r.id) && day.slice(0, 7) === month && day > (latest.get(key) ?? '')) latest.set(key, day);
  }
  return [...latest]
    .map(([key, day]): [string, number, string] => [
      key.slice(key.indexOf(':') + 1),
      reportsInWindow(grouped.get(key)!.sortedDays, dayNumberOf(day)),
      day,
    ])
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
