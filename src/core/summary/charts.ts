/**
 * Small charts for the monthly summary, drawn as inline SVG by our own code: this turns
 * a `Chart` into shapes with computed coordinates; the template (views/summary/_chart.hbs)
 * writes the elements, escaping every text. Colours come from classes in app.css (the
 * CSP forbids style attributes), so print and screen can differ.
 */
import type { Locale } from '../../env.js';
import { pick } from '../i18n/index.js';
import type { Text } from '../table/types.js';
import { round } from './format.js';
import type { Chart } from './types.js';

export const CHART_WIDTH = 360;
const MAX_BARS = 20;
const SERIES_CLASSES = 4;

interface Label {
  x: number;
  y: number;
  text: string;
  anchor: 'start' | 'middle' | 'end';
}

export interface ChartView {
  kind: 'bars' | 'line';
  title: string;
  viewBox: string;
  height: number;
  /** The data as a sentence, for screen readers and when the drawing is not enough. */
  desc: string;
  bars: Array<{ x: number; y: number; w: number; h: number; cls: string; value: Label }>;
  lines: Array<{ points: string; cls: string; dots: Array<{ cx: number; cy: number }> }>;
  grid: Array<{ x1: number; y1: number; x2: number; y2: number }>;
  labels: Label[];
  legend: Array<{ x: number; y: number; cls: string; label: Label }>;
  /** Categories left out of a long ranking. */
  omitted: number;
}

const text = (value: string | Text, locale: Locale) => (typeof value === 'string' ? value : pick(value, locale));
const clip = (s: string, max: number) =>
  Array.from(s).length > max
    ? `${Array.from(s)
        .slice(0, max - 1)
        .join('')}…`
    : s;
const num = (n: number) => String(round(n, 1));
const finite = (n: number | undefined) => (typeof n === 'number' && Number.isFinite(n) ? n : 0);

/** The smallest 1, 2 or 5 × 10ⁿ at or above `max` (1 for an all-zero chart). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max - 1e-9) return m * p;
  return 10 * p;
}

function legendFor(chart: Chart, locale: Locale, y: number): ChartView['legend'] {
  if (chart.series.length < 2) return [];
  return chart.series.map((s, i) => ({
    x: 4 + i * 88,
    y,
    cls: `series-${i % SERIES_CLASSES}`,
    label: { x: 4 + i * 88 + 14, y: y + 9, text: clip(text(s.label, locale), 7), anchor: 'start' as const },
  }));
}

function describe(chart: Chart, categories: string[], locale: Locale): string {
  const sep = locale === 'en' ? '; ' : '；';
  return chart.series
    .map(
      (s) =>
        `${text(s.label, locale)}: ${categories.map((c, i) => `${c} ${num(finite(s.values[i]))}`).join(locale === 'en' ? ', ' : '，')}`,
    )
    .join(sep);
}

/** Horizontal bars, one row per category (a ranking keeps the order it was given). */
function barsView(chart: Chart, locale: Locale): ChartView {
  const all = chart.categories.map((c) => text(c, locale));
  const categories = all.slice(0, MAX_BARS);
  const n = Math.max(1, chart.series.length);
  const barH = n === 1 ? 14 : 10;
  const rowH = n * barH + 8;
  const labelW = 104;
  const valueW = 46;
  const x0 = labelW + 4;
  const span = CHART_WIDTH - x0 - valueW;
  const max = Math.max(0, ...chart.series.flatMap((s) => categories.map((_, i) => finite(s.values[i]))));
  const scale = max > 0 ? span / max : 0;
  const bars: ChartView['bars'] = [];
  const labels: Label[] = [];
  categories.forEach((category, i) => {
    const top = 4 + i * rowH;
    labels.push({ x: labelW, y: top + (n * barH) / 2 + 4, text: clip(category, 9), anchor: 'end' });
    chart.series.forEach((s, j) => {
      const v = finite(s.values[i]);
      const w = round(Math.max(0, v) * scale, 1);
      const y = top + j * barH;
      bars.push({
        x: x0,
        y,
        w,
        h: barH - 2,
        cls: `series-${j % SERIES_CLASSES}`,
        value: { x: round(x0 + w + 4, 1), y: y + barH - 4, text: num(v), anchor: 'start' },
      });
    });
  });
  const plotH = 4 + categories.length * rowH;
  const legend = legendFor(chart, locale, plotH + 4);
  const height = plotH + (legend.length ? 20 : 0);
  return {
    kind: 'bars',
    title: text(chart.title, locale),
    viewBox: `0 0 ${CHART_WIDTH} ${height}`,
    height,
    desc: describe(chart, all, locale),
    bars,
    lines: [],
    grid: [{ x1: x0, y1: 0, x2: x0, y2: plotH }],
    labels,
    legend,
    omitted: all.length - categories.length,
  };
}

/** One line per series over the categories (weeks, months), from zero to a round maximum. */
function lineView(chart: Chart, locale: Locale): ChartView {
  const categories = chart.categories.map((c) => text(c, locale));
  const left = 40;
  const right = CHART_WIDTH - 12;
  const top = 10;
  const bottom = 122;
  const max = niceMax(Math.max(0, ...chart.series.flatMap((s) => categories.map((_, i) => finite(s.values[i])))));
  const xAt = (i: number) => (categories.length < 2 ? (left + right) / 2 : left + ((right - left) * i) / (categories.length - 1));
  const yAt = (v: number) => bottom - ((bottom - top) * Math.max(0, Math.min(v, max))) / max;
  const lines = chart.series.map((s, j) => {
    const dots = categories.map((_, i) => ({ cx: round(xAt(i), 1), cy: round(yAt(finite(s.values[i])), 1) }));
    return { points: dots.map((d) => `${d.cx},${d.cy}`).join(' '), cls: `series-${j % SERIES_CLASSES}`, dots };
  });
  const grid = [0, 0.5, 1].map((f) => ({ x1: left, y1: round(yAt(max * f), 1), x2: right, y2: round(yAt(max * f), 1) }));
  const labels: Label[] = [0, 0.5, 1].map((f) => ({
    x: left - 4,
    y: round(yAt(max * f), 1) + 4,
    text: num(max * f),
    anchor: 'end' as const,
  }));
  const every = Math.ceil(categories.length / 8);
  categories.forEach((c, i) => {
    if (i % every === 0) labels.push({ x: round(xAt(i), 1), y: bottom + 16, text: clip(c, 6), anchor: 'middle' });
  });
  const legend = legendFor(chart, locale, bottom + 24);
  const height = bottom + 20 + (legend.length ? 20 : 0);
  return {
    kind: 'line',
    title: text(chart.title, locale),
    viewBox: `0 0 ${CHART_WIDTH} ${height}`,
    height,
    desc: describe(chart, categories, locale),
    bars: [],
    lines,
    grid,
    labels,
    legend,
    omitted: 0,
  };
}

/** The shapes of a chart in the reader's language. */
export function chartView(chart: Chart, locale: Locale): ChartView {
  return chart.kind === 'line' ? lineView(chart, locale) : barsView(chart, locale);
}
