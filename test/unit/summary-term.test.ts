/** The term summary: months of a term, and figures combined across them — totals worked out by hand. */
import { describe, expect, it } from 'vitest';
import type { MonthlyReport, ReportSection } from '../../src/core/summary/report.js';
import { aggregate, assembleTerm, termMonths } from '../../src/core/summary/term.js';
import type { Figure } from '../../src/core/summary/types.js';

const fig = (key: string, value: number | null, extra: Partial<Figure> = {}): Figure => ({
  key,
  label: { zh: key, en: key },
  value,
  previous: null,
  format: 'count',
  ...extra,
});
const section = (figures: Figure[], extra: Partial<ReportSection> = {}): ReportSection => ({
  id: 'repairs',
  title: { zh: '维修', en: 'Repairs' },
  figures,
  missingTabs: [],
  problemCount: 0,
  ...extra,
});
const report = (month: string, sections: ReportSection[], notable: string[] = []): MonthlyReport => ({
  version: 1,
  month,
  generatedAt: `${month}-28T00:00:00`,
  sections,
  notable,
  calendarProblems: [],
});

describe('termMonths', () => {
  it('lists the months a term touches, across the new year', () => {
    expect(termMonths({ start: '2026-09-01', end: '2027-01-20' })).toEqual(['2026-09', '2026-10', '2026-11', '2026-12', '2027-01']);
    expect(termMonths({ start: '2027-02-20', end: '2027-02-28' })).toEqual(['2027-02']);
  });
});

describe('aggregate', () => {
  it('sums, averages or takes the last month, skipping months without a value', () => {
    expect(aggregate([10, null, 14], 'sum')).toBe(24);
    expect(aggregate([0.8, 0.9, null, 1], 'mean')).toBeCloseTo(0.9, 10);
    expect(aggregate([5, 7, null], 'last')).toBe(7);
    expect(aggregate([null, null], 'sum')).toBeNull();
  });
});

describe('assembleTerm', () => {
  const term = { id: 'C1', name: '2026学年第一学期', start: '2026-09-01', end: '2026-11-30' };
  const months = [
    {
      month: '2026-09',
      published: true,
      report: report(
        '2026-09',
        [
          section(
            [
              fig('done', 10),
              fig('open', 5, { aggregate: 'last', better: 'lower' }),
              fig('onTime', 0.8, { format: 'percent', better: 'higher' }),
            ],
            { problemCount: 2 },
          ),
        ],
        ['更换吊扇 14 台'],
      ),
    },
    { month: '2026-10', published: false, report: null },
    {
      month: '2026-11',
      published: true,
      report: report(
        '2026-11',
        [
          section(
            [
              fig('done', 14),
              fig('open', 9, { aggregate: 'last', better: 'lower' }),
              fig('onTime', 1, { format: 'percent', better: 'higher' }),
            ],
            { missingTabs: [{ zh: '隐患', en: 'Hazards' }] },
          ),
        ],
        ['粉刷走廊'],
      ),
    },
  ];
  const summary = assembleTerm(term, months);

  it('lines each figure up month by month with the term total', () => {
    const [done, open, onTime] = summary.sections[0]!.figures;
    expect(done!.values).toEqual([10, null, 14]);
    expect(done!.total).toBe(24); // 10 + 14: completed repairs add up
    expect(open!.total).toBe(9); // still open at term end: the last month
    expect(onTime!.total).toBeCloseTo(0.9, 10); // (0.8 + 1.0) / 2
  });

  it('gathers the work done month by month, the shortfalls, problems and missing tabs', () => {
    expect(summary.notable).toEqual([
      { month: '2026-09', items: ['更换吊扇 14 台'] },
      { month: '2026-11', items: ['粉刷走廊'] },
    ]);
    expect(summary.shortfalls).toEqual([
      {
        sectionTitle: { zh: '维修', en: 'Repairs' },
        label: { zh: 'open', en: 'open' },
        format: 'count',
        first: 5,
        last: 9,
        firstMonth: '2026-09',
        lastMonth: '2026-11',
      },
    ]);
    expect(summary.problemCount).toBe(2);
    expect(summary.missingTabs).toEqual([{ zh: '隐患', en: 'Hazards' }]);
    expect(summary.months).toEqual([
      { month: '2026-09', published: true, present: true },
      { month: '2026-10', published: false, present: false },
      { month: '2026-11', published: true, present: true },
    ]);
  });
});
