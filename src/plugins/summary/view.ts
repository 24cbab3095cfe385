/**
 * A report as the templates read it: texts in the reader's language, figures formatted
 * with last month beside and the change judged, charts turned into SVG shapes. Works the
 * same for a live draft and a frozen snapshot (both are a MonthlyReport).
 */
import {
  type Ctx,
  localDate,
  type MessageKey,
  render,
  t,
  chartView,
  figureChange,
  formatFigure,
  monthLabel,
  pick,
  previousMonth,
  sectionIsEmpty,
  type Locale,
  type MonthlyReport,
  type TermSummary,
  type Text,
} from '../../core/kit.js';

const tx = (t: Text | string, locale: Locale) => (typeof t === 'string' ? t : pick(t, locale));

export { monthLabel };

/**
 * The months a reports list shows: every month with a row, plus (for the head) last month and
 * this one; leadership sees published months only. Newest first.
 */
export function monthList(months: ReadonlyMap<string, { status: 'draft' | 'published' }>, isHead: boolean, now: string, locale: Locale) {
  const shown = new Set<string>(months.keys());
  if (isHead) shown.add(previousMonth(now)).add(now);
  return [...shown]
    .filter((m) => isHead || months.get(m)?.status === 'published')
    .sort()
    .reverse()
    .map((month) => ({ month, name: monthLabel(month, locale), status: months.get(month)?.status ?? 'none', current: month === now }));
}

export function reportView(report: MonthlyReport, locale: Locale) {
  return {
    month: report.month,
    monthLabel: monthLabel(report.month, locale),
    previousLabel: monthLabel(previousMonth(report.month), locale),
    generatedAt: report.generatedAt,
    publishedAt: report.publishedAt ?? null,
    publishedBy: report.publishedBy ?? null,
    notable: report.notable,
    noSections: report.sections.length === 0,
    calendarProblems: report.calendarProblems,
    problemTotal: report.sections.reduce((n, s) => n + s.problemCount, 0) + report.calendarProblems.length,
    sections: report.sections.map((s, i) => ({
      id: s.id,
      no: i + 1,
      title: tx(s.title, locale),
      error: s.error ? tx(s.error, locale) : null,
      missingTabs: s.missingTabs.map((t) => tx(t, locale)).join(locale === 'en' ? ', ' : '、'),
      empty: !s.error && sectionIsEmpty(s),
      figures: s.figures.map((f) => {
        const change = figureChange(f, locale);
        return {
          key: f.key,
          name: tx(f.label, locale),
          value: formatFigure(f.value, f.format, locale),
          previous: formatFigure(f.previous, f.format, locale),
          change: change.text,
          trend: change.trend,
          note: f.note ? tx(f.note, locale) : null,
        };
      }),
      charts: (s.charts ?? []).map((c) => chartView(c, locale)),
      tables: (s.tables ?? []).map((t) => ({
        title: tx(t.title, locale),
        columns: t.columns.map((c) => tx(c, locale)),
        rows: t.rows.map((row) => row.map((cell) => (typeof cell === 'object' ? tx(cell, locale) : cell))),
      })),
      problems: s.problems ?? [],
      problemCount: s.problemCount,
      problemsCut: s.problemCount - (s.problems?.length ?? 0),
    })),
  };
}

export function termView(summary: TermSummary, locale: Locale) {
  return {
    term: summary.term,
    months: summary.months.map((m) => ({ ...m, name: monthLabel(m.month, locale) })),
    publishedCount: summary.months.filter((m) => m.published).length,
    sections: summary.sections.map((s, i) => ({
      no: i + 1,
      title: tx(s.title, locale),
      figures: s.figures.map((f) => ({
        name: tx(f.label, locale),
        values: f.values.map((v) => formatFigure(v, f.format, locale)),
        total: formatFigure(f.total, f.format, locale),
        aggregateKey: `summary.term.agg.${f.aggregate}`,
      })),
    })),
    notable: summary.notable.map((n) => ({ name: monthLabel(n.month, locale), items: n.items })),
    shortfalls: summary.shortfalls.map((s) => ({
      section: tx(s.sectionTitle, locale),
      figure: tx(s.label, locale),
      first: formatFigure(s.first, s.format, locale),
      last: formatFigure(s.last, s.format, locale),
      firstMonth: monthLabel(s.firstMonth, locale),
      lastMonth: monthLabel(s.lastMonth, locale),
    })),
    problemCount: summary.problemCount,
    missingTabs: summary.missingTabs.map((t) => tx(t, locale)).join(locale === 'en' ? ', ' : '、'),
  };
}

/** This month in school time ('YYYY-MM'): the newest month a report may be for. */
export const currentMonth = (): string => localDate().slice(0, 7);

/** A plain page with one message under the report's title (a bad link, a month not yet published). */
export function messagePage(c: Ctx, title: MessageKey, text: string, status: number) {
  return render(c, 'summary/message', { title: t(c.var.locale, title), message: text }, { status });
}
