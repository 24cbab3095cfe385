/**
 * The monthly report (月度后勤工作报告) as data: every module's section, computed through
 * the plugin contract (`plugins.filter(p => p.summary)`), plus what could not be counted.
 * This object is what a published report freezes (JSON in the 月报 tab), so it keeps both
 * languages and needs nothing else to render.
 */
import { tabs, type TabKey } from '../../../sheets-schema/index.js';
import type { SchoolData } from '../data/types.js';
import type { Locale } from '../../env.js';
import { pick } from '../i18n/index.js';
import type { Plugin } from '../plugin.js';
import { schoolCalendar, type SchoolCalendar } from '../calendar.js';
import type { DataProblem, Table, Text } from '../table/types.js';
import type { SummarySection } from './types.js';

export const REPORT_VERSION = 1;
/** Problems kept per section in a report (the count says how many there were). */
export const MAX_PROBLEMS_PER_SECTION = 50;
/** Notable items pre-filled into a new draft. */
export const NOTABLE_PREFILL = 8;

export interface ReportSection extends SummarySection {
  /** Tabs this module reads that the spreadsheet does not have. */
  missingTabs: Text[];
  /** The module's summary failed: the rest of the report still renders. */
  error?: Text;
  /** How many data problems were found (the list may be cut to MAX_PROBLEMS_PER_SECTION). */
  problemCount: number;
}

export interface MonthlyReport {
  version: number;
  /** 'YYYY-MM'. */
  month: string;
  /** School-local 'YYYY-MM-DDTHH:mm:ss' when the figures were computed. */
  generatedAt: string;
  sections: ReportSection[];
  /** The notable-work list (edited by the head of logistics before publishing). */
  notable: string[];
  /** Problems in the 校历 tab (they change which days count as school days). */
  calendarProblems: DataProblem[];
  publishedAt?: string;
  publishedBy?: string;
}

const DATE_TYPES = new Set(['date', 'datetime']);

/** A tab the gateway could not find comes back empty with no header at all. */
export function isMissing(table: Table | undefined): boolean {
  return !table || table.header.texts.length === 0;
}

const problemKey = (p: DataProblem) => `${p.sheet}!${p.cell}`;

/** The section's own skipped rows, plus unreadable dates in its tabs (rows no month can count). */
function sectionProblems(section: SummarySection | null, tables: Table[]): DataProblem[] {
  const seen = new Set<string>();
  const out: DataProblem[] = [];
  const add = (p: DataProblem) => {
    if (seen.has(problemKey(p))) return;
    seen.add(problemKey(p));
    out.push(p);
  };
  for (const p of section?.problems ?? []) add(p);
  for (const table of tables) {
    if (isMissing(table)) continue;
    for (const p of table.problems) {
      const col = p.column ? table.tab.columns.find((c) => c.key === p.column) : undefined;
      if (col && DATE_TYPES.has(col.type) && p.rowId) add(p);
    }
  }
  return out;
}

const errorText = (err: unknown): Text => {
  const message = err instanceof Error ? err.message : String(err);
  return { zh: `本部分未能生成：${message}`, en: `This section could not be computed: ${message}` };
};

/** Every module's section for `month`, one failing or missing module never stopping the rest. */
export async function composeReport(options: {
  plugins: readonly Plugin[];
  data: SchoolData;
  month: string;
  now: string;
  notable?: string[];
  /** The language the pre-filled notable list is written in (the school's, unless a reader asks). */
  locale?: Locale;
}): Promise<MonthlyReport> {
  const { plugins, data, month } = options;
  const contributors = plugins.filter((p) => p.summary);
  const keys = [...new Set<TabKey>(['calendar', ...contributors.flatMap((p) => p.tabs)])];
  const tables = (await data.read(keys)) as Record<TabKey, Table>;
  const calendar: SchoolCalendar = schoolCalendar(isMissing(tables.calendar) ? undefined : tables.calendar);
  const sections = await Promise.all(
    contributors.map(async (plugin): Promise<ReportSection> => {
      const own = plugin.tabs.map((k) => tables[k]).filter((t): t is Table => Boolean(t));
      const missingTabs = plugin.tabs.filter((k) => isMissing(tables[k])).map((k) => ({ zh: tabs[k].zh, en: tabs[k].en }));
      let section: SummarySection | null = null;
      let error: Text | undefined;
      try {
        section = await plugin.summary!({ data, month, calendar });
      } catch (err) {
        console.error(`summary: section ${plugin.id} failed for ${month}:`, err);
        error = errorText(err);
      }
      const problems = sectionProblems(section, own);
      return {
        id: plugin.id,
        title: section?.title ?? plugin.nav[0]?.label ?? { zh: plugin.id, en: plugin.id },
        figures: section?.figures ?? [],
        charts: section?.charts ?? [],
        tables: section?.tables ?? [],
        notable: section?.notable ?? [],
        problems: problems.slice(0, MAX_PROBLEMS_PER_SECTION),
        problemCount: problems.length,
        missingTabs,
        ...(error ? { error } : {}),
      };
    }),
  );
  return {
    version: REPORT_VERSION,
    month,
    generatedAt: options.now,
    sections,
    notable: options.notable ?? prefillNotable(sections, options.locale),
    calendarProblems: [...(isMissing(tables.calendar) ? [] : tables.calendar.problems), ...calendar.problems].slice(
      0,
      MAX_PROBLEMS_PER_SECTION,
    ),
  };
}

/** The month's biggest completed items across modules, largest weight first, no repeats. */
export function prefillNotable(
  sections: readonly Pick<SummarySection, 'notable'>[],
  locale: Locale = 'zh-CN',
  limit = NOTABLE_PREFILL,
): string[] {
  const items = sections
    .flatMap((s) => s.notable ?? [])
    .map((n) => ({ text: pick(n.text, locale).trim(), weight: n.weight }))
    .filter((n) => n.text);
  items.sort((a, b) => b.weight - a.weight);
  const out: string[] = [];
  for (const item of items) {
    const text = item.text;
    if (!out.includes(text)) out.push(text);
    if (out.length === limit) break;
  }
  return out;
}

/** True when no figure of the section has a value other than zero this month. */
export function sectionIsEmpty(section: Pick<SummarySection, 'figures'>): boolean {
  return section.figures.every((f) => f.value === null || f.value === 0);
}

/** Notable items as typed in the textarea: one per line, blanks and repeats dropped, bounded. */
export function parseNotable(input: string, maxItems = 30, maxLength = 200): string[] {
  const out: string[] = [];
  for (const line of input.split(/\r?\n/)) {
    const item = line
      .replace(/^\s*(?:[-*•·]\s*|\d+(?:[.)）]\s+|、))/, '')
      .trim()
      .slice(0, maxLength);
    if (item && !out.includes(item)) out.push(item);
    if (out.length === maxItems) break;
  }
  return out;
}

export const isMonth = (value: string | undefined): value is string => !!value && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
