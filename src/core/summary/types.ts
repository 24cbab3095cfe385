/**
 * What a module contributes to the monthly summary for leadership (月度后勤工作报告).
 * Each plugin's `summary(ctx)` returns one section; the summary page lays them out,
 * freezes them when published, and never needs to know the module.
 */
import type { SchoolCalendar } from '../calendar.js';
import type { SchoolData } from '../data/types.js';
import type { DataProblem, Text } from '../table/types.js';

/**
 * How a figure is shown: 'count' (whole things), 'percent' (a FRACTION 0–1: 0.85 → 85.0%),
 * 'money' (yuan), 'hours' and 'days' (durations), 'score' (inspection marks, one decimal).
 */
export type FigureFormat = 'count' | 'percent' | 'money' | 'hours' | 'days' | 'score';

/**
 * How the term summary (学期总结) combines a figure across the term's months:
 * 'sum' for things that happen (added, completed), 'last' for states at month end
 * (still open, value of assets), 'mean' for rates and scores. Default: 'sum' for
 * count and money, 'mean' for the others.
 */
export type FigureAggregate = 'sum' | 'last' | 'mean';

/** One figure, with last month's value beside it (null when it cannot be computed). */
export interface Figure {
  key: string;
  label: Text;
  value: number | null;
  previous: number | null;
  format: FigureFormat;
  /** Higher is better (green when up) or worse (red when up); neutral when absent. */
  better?: 'higher' | 'lower';
  note?: Text;
  /** Term summary: how months combine (see FigureAggregate). */
  aggregate?: FigureAggregate;
}

/**
 * A small chart drawn as inline SVG by the summary: 'bars' draws one horizontal bar per
 * category (a ranking: put the categories in the order to show), 'line' one point per
 * category (weeks) per series. Values are plain numbers (percent charts: 0–100).
 */
export interface Chart {
  kind: 'bars' | 'line';
  title: Text;
  categories: Array<string | Text>;
  series: Array<{ label: Text; values: number[] }>;
}

export interface SummaryTable {
  title: Text;
  columns: Text[];
  /** Cells: figures, the school's own text, or words of ours in both languages. */
  rows: Array<Array<string | number | Text>>;
}

/** A candidate for "notable work" (e.g. "replaced 14 ceiling fans"); the head edits the list. */
export interface NotableItem {
  /** In both languages: the report's pre-filled list is written in its reader's. */
  text: Text;
  /** Larger = more notable (e.g. cost or count), used to pre-fill the list. */
  weight: number;
}

export interface SummarySection {
  /** The plugin's id. */
  id: string;
  title: Text;
  figures: Figure[];
  charts?: Chart[];
  tables?: SummaryTable[];
  notable?: NotableItem[];
  /** Rows of this month that could not be counted (unreadable dates…), named by cell. */
  problems?: DataProblem[];
}

export interface SummaryContext {
  data: SchoolData;
  /** 'YYYY-MM' being summarised; the section computes last month too. */
  month: string;
  calendar: SchoolCalendar;
}
