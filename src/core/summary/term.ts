/**
 * The term summary (学期总结): a term's monthly reports assembled in the shape of the
 * end-of-term summaries schools write — the work done (主要工作), the figures module by
 * module across the months with a term total, and what fell short (存在的问题).
 */
import type { Term } from '../calendar.js';
import type { Text } from '../table/types.js';
import type { MonthlyReport } from './report.js';
import type { Figure, FigureAggregate, FigureFormat } from './types.js';

export interface TermMonth {
  month: string;
  /** Null when the month has no report yet (not published, and not computed). */
  report: MonthlyReport | null;
  published: boolean;
}

export interface TermFigure {
  key: string;
  label: Text;
  format: FigureFormat;
  better?: 'higher' | 'lower';
  aggregate: FigureAggregate;
  /** One value per term month (null: no report, or the figure was not computed). */
  values: Array<number | null>;
  total: number | null;
}

export interface TermSection {
  id: string;
  title: Text;
  figures: TermFigure[];
}

export interface TermShortfall {
  sectionTitle: Text;
  label: Text;
  format: FigureFormat;
  first: number;
  last: number;
  firstMonth: string;
  lastMonth: string;
}

export interface TermSummary {
  term: Term;
  months: Array<{ month: string; published: boolean; present: boolean }>;
  sections: TermSection[];
  notable: Array<{ month: string; items: string[] }>;
  /** Figures that got worse from the first month with a value to the last. */
  shortfalls: TermShortfall[];
  problemCount: number;
  missingTabs: Text[];
}

/** The months a term touches, 'YYYY-MM', in order. */
export function termMonths(term: Pick<Term, 'start' | 'end'>): string[] {
  const out: string[] = [];
  let [y, m] = term.start.slice(0, 7).split('-').map(Number) as [number, number];
  const last = term.end.slice(0, 7);
  for (let guard = 0; guard < 24; guard++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    out.push(month);
    if (month >= last) break;
    m === 12 ? ((m = 1), y++) : m++;
  }
  return out;
}

export function defaultAggregate(format: FigureFormat): FigureAggregate {
  return format === 'count' || format === 'money' ? 'sum' : 'mean';
}

/** Combine one figure's monthly values (nulls skipped; null when no month has a value). */
export function aggregate(values: ReadonlyArray<number | null>, how: FigureAggregate): number | null {
  const present = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (present.length === 0) return null;
  if (how === 'last') return present[present.length - 1]!;
  const sum = present.reduce((a, b) => a + b, 0);
  return how === 'sum' ? sum : sum / present.length;
}

/** Assemble the term from its months' reports (published snapshots where there are some). */
export function assembleTerm(term: Term, months: readonly TermMonth[]): TermSummary {
  const sections = new Map<string, TermSection>();
  const figureIndex = new Map<string, TermFigure>();
  months.forEach(({ month, report }, i) => {
    for (const s of report?.sections ?? []) {
      let section = sections.get(s.id);
      if (!section) sections.set(s.id, (section = { id: s.id, title: s.title, figures: [] }));
      section.title = s.title;
      for (const f of s.figures) {
        const id = `${s.id}/${f.key}`;
        let tf = figureIndex.get(id);
        if (!tf) {
          tf = {
            key: f.key,
            label: f.label,
            format: f.format,
            aggregate: f.aggregate ?? defaultAggregate(f.format),
            values: months.map(() => null),
            total: null,
            ...(f.better ? { better: f.better } : {}),
          };
          figureIndex.set(id, tf);
          section.figures.push(tf);
        }
        Object.assign(tf, pickLatest(f));
        tf.values[i] = f.value;
      }
    }
  });
  for (const tf of figureIndex.values()) tf.total = aggregate(tf.values, tf.aggregate);

  const shortfalls: TermShortfall[] = [];
  for (const section of sections.values()) {
    for (const f of section.figures) {
      if (!f.better) continue;
      const present = f.values
        .map((v, i) => ({ v, month: months[i]!.month }))
        .filter((x): x is { v: number; month: string } => typeof x.v === 'number');
      if (present.length < 2) continue;
      const first = present[0]!;
      const last = present[present.length - 1]!;
      const worse = f.better === 'higher' ? last.v < first.v : last.v > first.v;
      if (worse)
        shortfalls.push({
          sectionTitle: section.title,
          label: f.label,
          format: f.format,
          first: first.v,
          last: last.v,
          firstMonth: first.month,
          lastMonth: last.month,
        });
    }
  }

  const missing = new Map<string, Text>();
  let problemCount = 0;
  for (const { report } of months) {
    for (const s of report?.sections ?? []) {
      problemCount += s.problemCount;
      for (const t of s.missingTabs) missing.set(t.zh, t);
    }
  }
  return {
    term,
    months: months.map(({ month, report, published }) => ({ month, published, present: report !== null })),
    sections: [...sections.values()],
    notable: months.filter((m) => m.report && m.report.notable.length > 0).map((m) => ({ month: m.month, items: m.report!.notable })),
    shortfalls,
    problemCount,
    missingTabs: [...missing.values()],
  };
}

/** Label, format and direction follow the latest month that has the figure. */
function pickLatest(f: Figure): Partial<TermFigure> {
  return {
    label: f.label,
    format: f.format,
    aggregate: f.aggregate ?? defaultAggregate(f.format),
    ...(f.better ? { better: f.better } : {}),
  };
}
