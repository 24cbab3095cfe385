/**
 * The figures the district compares across schools, each taken from a school's published
 * reports only: safety from its 安全月报, the rest from the sections of its 月报 (by section id
 * and figure key, the same keys the monthly summary uses). A school that did not publish, or
 * whose report lacks the figure, shows "—" and ranks last.
 */
import {
  figureChange,
  formatFigure,
  safetyFigures,
  type Figure,
  type FigureFormat,
  type Locale,
  type MonthlyReport,
  type SafetyReport,
  type Text,
} from '../../core/kit.js';
import type { SchoolMonth } from './model.js';

export interface Metric {
  key: string;
  /** Which published report the figure comes from. */
  source: 'safety' | 'monthly';
  label: Text;
  format: FigureFormat;
  better?: 'higher' | 'lower';
  value(safety: SafetyReport | null, monthly: MonthlyReport | null): number | null;
}

const fromSafety = (key: string) => (safety: SafetyReport | null) =>
  safety ? (safetyFigures(safety).find((f) => f.key === key)?.value ?? null) : null;
const figureOf = (report: MonthlyReport | null, section: string, key: string): Figure | undefined =>
  report?.sections.find((s) => s.id === section)?.figures.find((f) => f.key === key);
const fromMonthly = (section: string, key: string) => (_: SafetyReport | null, monthly: MonthlyReport | null) =>
  figureOf(monthly, section, key)?.value ?? null;

/** Spend: every money figure a module marks as spending (assets bought; stores' purchases once that module reports `spend`). */
function spend(_: SafetyReport | null, monthly: MonthlyReport | null): number | null {
  const figures = [
    figureOf(monthly, 'assets', 'addedValue'),
    ...(monthly?.sections ?? []).map((s) => s.figures.find((f) => f.key === 'spend')),
  ].filter((f): f is Figure => f?.value != null);
  return figures.length ? figures.reduce((n, f) => n + f.value!, 0) : null;
}

export const metrics: readonly Metric[] = [
  {
    key: 'hazardsOpen',
    source: 'safety',
    label: { zh: '未整改隐患', en: 'Open hazards' },
    format: 'count',
    better: 'lower',
    value: fromSafety('hazardsOpen'),
  },
  {
    key: 'hazardsOverdue',
    source: 'safety',
    label: { zh: '逾期隐患', en: 'Overdue hazards' },
    format: 'count',
    better: 'lower',
    value: fromSafety('hazardsOverdue'),
  },
  { key: 'drills', source: 'safety', label: { zh: '演练', en: 'Drills' }, format: 'count', better: 'higher', value: fromSafety('drills') },
  {
    key: 'fireCheckRate',
    source: 'safety',
    label: { zh: '消防检查率', en: 'Fire checks' },
    format: 'percent',
    better: 'higher',
    value: fromSafety('fireCheckRate'),
  },
  {
    key: 'incidents',
    source: 'safety',
    label: { zh: '安全事件', en: 'Incidents' },
    format: 'count',
    better: 'lower',
    value: fromSafety('incidents'),
  },
  {
    key: 'repairsOnTime',
    source: 'monthly',
    label: { zh: '维修按时率', en: 'Repairs on time' },
    format: 'percent',
    better: 'higher',
    value: fromMonthly('repairs', 'withinServiceLevel'),
  },
  {
    key: 'stocktakeMatch',
    source: 'monthly',
    label: { zh: '帐物相符率', en: 'Stocktake match' },
    format: 'percent',
    better: 'higher',
    value: fromMonthly('assets', 'matchRate'),
  },
  {
    key: 'cleaningRate',
    source: 'monthly',
    label: { zh: '保洁打卡率', en: 'Cleaning check-ins' },
    format: 'percent',
    better: 'higher',
    value: fromMonthly('cleaning', 'checkinRate'),
  },
  {
    key: 'greeningDone',
    source: 'monthly',
    label: { zh: '绿化完成率', en: 'Greening done' },
    format: 'percent',
    better: 'higher',
    value: fromMonthly('greening', 'rate'),
  },
  { key: 'spend', source: 'monthly', label: { zh: '支出', en: 'Spend' }, format: 'money', value: spend },
  // Energy, where the school keeps meter readings (the 水电表读数 register's month totals).
  {
    key: 'electricity',
    source: 'monthly',
    label: { zh: '用电（千瓦时）', en: 'Electricity (kWh)' },
    format: 'count',
    better: 'lower',
    value: fromMonthly('registers', 'electricity'),
  },
  {
    key: 'water',
    source: 'monthly',
    label: { zh: '用水（立方米）', en: 'Water (m³)' },
    format: 'count',
    better: 'lower',
    value: fromMonthly('registers', 'water'),
  },
];

export const DEFAULT_SORT = 'hazardsOverdue';

export interface Cell {
  key: string;
  value: string;
  raw: number | null;
  change: string;
  trend: string;
}

export interface Ranked {
  month: SchoolMonth;
  rank: number | null;
  cells: Cell[];
}

/** The schools' rows for the table, ranked by `sortKey` (best first; schools without the figure last, unranked). */
export function rankSchools(months: readonly SchoolMonth[], sortKey: string, locale: Locale): Ranked[] {
  const metric = metrics.find((m) => m.key === sortKey) ?? metrics.find((m) => m.key === DEFAULT_SORT)!;
  const rows = months.map((m) => ({
    month: m,
    sortValue: metric.value(m.safety, m.monthly),
    cells: metrics.map((x): Cell => {
      const value = x.value(m.safety, m.monthly);
      const previous = x.value(m.safetyBefore, m.monthlyBefore);
      const change = figureChange({ value, previous, format: x.format, better: x.better }, locale);
      return { key: x.key, value: formatFigure(value, x.format, locale), raw: value, change: change.text, trend: change.trend };
    }),
  }));
  const direction = metric.better === 'lower' ? 1 : -1;
  rows.sort((a, b) => {
    if (a.sortValue === null || b.sortValue === null)
      return (a.sortValue === null ? 1 : 0) - (b.sortValue === null ? 1 : 0) || a.month.school.id.localeCompare(b.month.school.id);
    return direction * (a.sortValue - b.sortValue) || a.month.school.id.localeCompare(b.month.school.id);
  });
  // Equal values share a rank (1, 2, 2, 4).
  let rank = 0;
  return rows.map((r, i) => {
    if (r.sortValue !== null && (i === 0 || rows[i - 1]!.sortValue !== r.sortValue)) rank = i + 1;
    return { month: r.month, rank: r.sortValue === null ? null : rank, cells: r.cells };
  });
}

/** District totals of this month and last for the count figures (sum) and the rates (mean of schools that have them). */
export function districtTotals(months: readonly SchoolMonth[], locale: Locale): Cell[] {
  return metrics.map((x) => {
    const combine = (values: Array<number | null>) => {
      const have = values.filter((v): v is number => v !== null);
      if (!have.length) return null;
      const sum = have.reduce((n, v) => n + v, 0);
      return x.format === 'percent' ? sum / have.length : sum;
    };
    const value = combine(months.map((m) => x.value(m.safety, m.monthly)));
    const previous = combine(months.map((m) => x.value(m.safetyBefore, m.monthlyBefore)));
    const change = figureChange({ value, previous, format: x.format, better: x.better }, locale);
    return { key: x.key, value: formatFigure(value, x.format, locale), raw: value, change: change.text, trend: change.trend };
  });
}
