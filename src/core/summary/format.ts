/**
 * How summary figures read: a value in its format, and the change from last month with
 * a judgement (better / worse / neutral) when the figure says which way is better.
 */
import type { Locale } from '../../env.js';
import type { Figure, FigureFormat } from './types.js';

const UNITS: Record<'hours' | 'days', { zh: string; en: string }> = { hours: { zh: ' 小时', en: ' h' }, days: { zh: ' 天', en: ' d' } };

const grouped = (n: number, decimals: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
const decimalsFor = (n: number) => (Number.isInteger(n) ? 0 : 1);

/** '—' for null; 0.853 as '85.3%'; 1280 as '¥1,280.00'; 3.25 hours as '3.3 小时'. */
export function formatFigure(value: number | null, format: FigureFormat, locale: Locale): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (format) {
    case 'percent':
      return `${grouped(round(value * 100, 1), 1)}%`;
    case 'money':
      return `¥${grouped(value, 2)}`;
    case 'hours':
    case 'days':
      return `${grouped(round(value, 1), decimalsFor(round(value, 1)))}${UNITS[format][locale === 'en' ? 'en' : 'zh']}`;
    case 'score':
      return grouped(round(value, 1), 1);
    default:
      return grouped(round(value, 1), decimalsFor(round(value, 1)));
  }
}

export type Trend = 'better' | 'worse' | 'same' | 'neutral' | 'none';

export interface Change {
  /** '+3', '−2.5 个百分点', '' when either month is missing. */
  text: string;
  trend: Trend;
}

/** The change from last month: percent figures in percentage points, others in their own unit. */
export function figureChange(figure: Pick<Figure, 'value' | 'previous' | 'format' | 'better'>, locale: Locale): Change {
  const { value, previous, format, better } = figure;
  if (value === null || previous === null || !Number.isFinite(value) || !Number.isFinite(previous)) return { text: '', trend: 'none' };
  const diff = format === 'percent' ? round((value - previous) * 100, 1) : round(value - previous, format === 'money' ? 2 : 1);
  if (diff === 0) return { text: locale === 'en' ? 'no change' : '持平', trend: 'same' };
  const sign = diff > 0 ? '+' : '−';
  const magnitude = Math.abs(diff);
  let text: string;
  if (format === 'percent') text = `${sign}${grouped(magnitude, 1)}${locale === 'en' ? ' pts' : ' 个百分点'}`;
  else text = `${sign}${formatFigure(magnitude, format, locale)}`;
  const trend: Trend = !better ? 'neutral' : diff > 0 === (better === 'higher') ? 'better' : 'worse';
  return { text, trend };
}

export function round(n: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(n * f + (n >= 0 ? 1e-9 : -1e-9)) / f;
}

/** '2026年10月' / 'October 2026'. */
export function monthLabel(month: string, locale: Locale): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  if (locale === 'en') return `${new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })} ${y}`;
  return `${y}年${m}月`;
}
