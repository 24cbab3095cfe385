/**
 * The report framework over the plugin contract, with fixture plugins and a fake data
 * facade: sections in plugin order, a missing tab named, a failing module contained,
 * unreadable dates listed, notable work pre-filled from the biggest items.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { tabs, type TabKey } from '../../sheets-schema/index.js';
import type { SchoolData } from '../../src/core/data/types.js';
import { definePlugin, type Plugin } from '../../src/core/plugin.js';
import { composeReport, parseNotable, prefillNotable, sectionIsEmpty } from '../../src/core/summary/report.js';
import type { DataProblem, Table, TableRow } from '../../src/core/table/types.js';
import type { AppEnv } from '../../src/env.js';

function table(key: TabKey, rows: TableRow[] = [], problems: DataProblem[] = []): Table {
  const tab = tabs[key];
  return { tab, title: tab.zh, header: { index: {}, texts: tab.columns.map((c) => c.zh), unknown: [], missing: [] }, rows, problems };
}
const missing = (key: TabKey): Table => ({
  ...table(key),
  header: { index: {}, texts: [], unknown: [], missing: ['id'] },
  problems: [{ sheet: tabs[key].zh, cell: 'A1', value: null, expected: { zh: '找不到', en: 'not found' } }],
});

function fakeData(tables: Partial<Record<TabKey, Table>>): SchoolData & { reads: TabKey[][] } {
  const reads: TabKey[][] = [];
  return {
    reads,
    async read(keys) {
      reads.push([...keys]);
      return Object.fromEntries(keys.map((k) => [k, tables[k] ?? missing(k)])) as never;
    },
    append: async () => {
      throw new Error('no writes');
    },
    update: async () => {
      throw new Error('no writes');
    },
    writeAll: async () => {
      throw new Error('no writes');
    },
    status: async () => ({ pending: 0, oldestPendingAgeMs: null, conflicts: 0, lastError: null, lastSyncedAt: null }),
    nextSequence: async () => 1,
    problems: async () => [],
  };
}

const plugin = (id: string, tabList: TabKey[], summary?: Plugin['summary']): Plugin =>
  definePlugin({
    id,
    tabs: tabList,
    nav: [{ path: `/${id}`, label: { zh: `模块${id}`, en: `Module ${id}` }, roles: ['head'] }],
    routes: new Hono<AppEnv>(),
    ...(summary ? { summary } : {}),
  });

const calendarRows: TableRow[] = [
  { id: 'C1', row: 2, values: { id: 'C1', kind: 'term', name: '2026秋', start: '2026-09-01', end: '2027-01-20' } },
];

describe('composeReport', () => {
  it('gives one section per plugin with a summary, in plugin order, with the calendar passed in', async () => {
    const seen: string[] = [];
    const plugins = [
      plugin('a', ['zones'], async (ctx) => {
        seen.push(`${ctx.month} ${ctx.calendar.isSchoolDay('2026-10-12')}`);
        return {
          id: 'a',
          title: { zh: '甲', en: 'A' },
          figures: [{ key: 'done', label: { zh: '完成', en: 'Done' }, value: 4, previous: 2, format: 'count' }],
        };
      }),
      plugin('nosummary', ['rooms']),
      plugin('b', ['greenAreas'], async () => ({ id: 'b', title: { zh: '乙', en: 'B' }, figures: [] })),
    ];
    const data = fakeData({ zones: table('zones'), greenAreas: table('greenAreas'), calendar: table('calendar', calendarRows) });
    const report = await composeReport({ plugins, data, month: '2026-10', now: '2026-11-01T09:00:00' });
    expect(report.sections.map((s) => s.id)).toEqual(['a', 'b']);
    expect(seen).toEqual(['2026-10 true']);
    expect(report.sections[0]!.figures[0]!.value).toBe(4);
    expect(report.sections.every((s) => s.missingTabs.length === 0 && !s.error)).toBe(true);
    // One read for every tab the sections use, before the sections run.
    expect(data.reads[0]).toEqual(['calendar', 'zones', 'greenAreas']);
    expect(report.month).toBe('2026-10');
    expect(report.generatedAt).toBe('2026-11-01T09:00:00');
  });

  it('names a missing tab, contains a failing module, and still reports the others', async () => {
    const plugins = [
      plugin('gone', ['zones'], async () => ({
        id: 'gone',
        title: { zh: '保洁', en: 'Cleaning' },
        figures: [{ key: 'x', label: { zh: 'x', en: 'x' }, value: null, previous: null, format: 'count' }],
      })),
      plugin('boom', ['greenAreas'], async () => {
        throw new Error('bad rule');
      }),
      plugin('fine', ['rooms'], async () => ({
        id: 'fine',
        title: { zh: '好', en: 'Fine' },
        figures: [{ key: 'y', label: { zh: 'y', en: 'y' }, value: 1, previous: 0, format: 'count' }],
      })),
    ];
    const data = fakeData({ greenAreas: table('greenAreas'), rooms: table('rooms'), calendar: table('calendar', calendarRows) });
    const report = await composeReport({ plugins, data, month: '2026-10', now: 'n' });
    const [gone, boom, fine] = report.sections;
    expect(gone!.missingTabs).toEqual([{ zh: '卫生责任区', en: 'Cleaning zones' }]);
    expect(gone!.problems).toEqual([]); // the "tab not found" problem is said as a missing tab, not listed twice
    expect(boom!.error?.zh).toBe('本部分未能生成：bad rule');
    expect(boom!.title).toEqual({ zh: '模块boom', en: 'Module boom' });
    expect(fine!.figures[0]!.value).toBe(1);
  });

  it('lists the section’s own skipped rows once, and leaves out unreadable cells that are not dates', async () => {
    const own: DataProblem = { sheet: '资产', cell: 'H7', value: '三月', expected: { zh: '日期', en: 'date' } };
    const sameCell: DataProblem = { ...own, column: 'acquired', rowId: 'JJ-0007' };
    const badText: DataProblem = {
      sheet: '资产',
      cell: 'C3',
      value: '家私',
      column: 'category',
      rowId: 'JJ-0003',
      expected: { zh: '类别', en: 'category' },
    };
    const plugins = [
      plugin('as', ['assets'], async () => ({ id: 'as', title: { zh: '资产', en: 'Assets' }, figures: [], problems: [own] })),
    ];
    const data = fakeData({ assets: table('assets', [], [sameCell, badText]), calendar: table('calendar') });
    const report = await composeReport({ plugins, data, month: '2026-10', now: 'n' });
    expect(report.sections[0]!.problems).toEqual([own]);
    expect(report.sections[0]!.problemCount).toBe(1);
  });

  it('lists an unreadable date in the module’s tab even when the module does not say so', async () => {
    const bad: DataProblem = {
      sheet: '资产',
      cell: 'H12',
      value: '去年秋天',
      column: 'acquired',
      rowId: 'JJ-0011',
      expected: { zh: '日期', en: 'date' },
    };
    expect(tabs.assets.columns.find((c) => c.key === 'acquired')?.type).toBe('date');
    const plugins = [plugin('as', ['assets'], async () => ({ id: 'as', title: { zh: '资产', en: 'Assets' }, figures: [] }))];
    const report = await composeReport({
      plugins,
      data: fakeData({ assets: table('assets', [], [bad]), calendar: table('calendar') }),
      month: '2026-10',
      now: 'n',
    });
    expect(report.sections[0]!.problems).toEqual([bad]);
  });

  it('uses the saved notable list when there is one, else the biggest items', async () => {
    const plugins = [
      plugin('r', ['rooms'], async () => ({
        id: 'r',
        title: { zh: 'r', en: 'r' },
        figures: [],
        notable: [
          { text: { zh: '更换吊扇 14 台', en: '14 ceiling fans replaced' }, weight: 14 },
          { text: { zh: '维修课桌 30 张', en: '30 desks repaired' }, weight: 30 },
        ],
      })),
      plugin('g', ['greenAreas'], async () => ({
        id: 'g',
        title: { zh: 'g', en: 'g' },
        figures: [],
        notable: [{ text: { zh: '修剪绿篱 2 次', en: 'Hedges trimmed twice' }, weight: 2 }],
      })),
    ];
    const data = fakeData({ rooms: table('rooms'), greenAreas: table('greenAreas'), calendar: table('calendar') });
    expect((await composeReport({ plugins, data, month: '2026-10', now: 'n' })).notable).toEqual([
      '维修课桌 30 张',
      '更换吊扇 14 台',
      '修剪绿篱 2 次',
    ]);
    expect((await composeReport({ plugins, data, month: '2026-10', now: 'n', locale: 'en' })).notable).toEqual([
      '30 desks repaired',
      '14 ceiling fans replaced',
      'Hedges trimmed twice',
    ]);
    expect((await composeReport({ plugins, data, month: '2026-10', now: 'n', notable: ['自定义'] })).notable).toEqual(['自定义']);
  });

  it('renders a report with no contributing module at all', async () => {
    const report = await composeReport({ plugins: [plugin('x', ['rooms'])], data: fakeData({}), month: '2026-10', now: 'n' });
    expect(report.sections).toEqual([]);
    expect(report.notable).toEqual([]);
  });
});

describe('notable helpers', () => {
  it('pre-fills at most the limit, biggest first, without repeats or blanks', () => {
    const both = (x: string) => ({ zh: x, en: x.toUpperCase() });
    const items = [
      { text: both('a'), weight: 1 },
      { text: both('b'), weight: 5 },
      { text: both('b'), weight: 4 },
      { text: both(' '), weight: 9 },
      { text: both('c'), weight: 3 },
    ];
    expect(prefillNotable([{ notable: items }], 'zh-CN', 2)).toEqual(['b', 'c']);
    expect(prefillNotable([{ notable: items }], 'en', 2)).toEqual(['B', 'C']);
  });

  it('reads the textarea: one item per line, list marks dropped, decimals kept', () => {
    expect(parseNotable('1. 更换吊扇 14 台\r\n\n- 维修课桌\n2、粉刷走廊\n2.5 吨化肥入库\n维修课桌\n=SUM(A1)')).toEqual([
      '更换吊扇 14 台',
      '维修课桌',
      '粉刷走廊',
      '2.5 吨化肥入库',
      '=SUM(A1)',
    ]);
    expect(parseNotable('x\n'.repeat(50).replace(/x/g, () => String(Math.random())))).toHaveLength(30);
    expect(parseNotable('a'.repeat(500))[0]).toHaveLength(200);
  });

  it('calls a section empty when no figure has a non-zero value', () => {
    expect(sectionIsEmpty({ figures: [] })).toBe(true);
    expect(
      sectionIsEmpty({
        figures: [
          { key: 'a', label: { zh: '', en: '' }, value: 0, previous: 3, format: 'count' },
          { key: 'b', label: { zh: '', en: '' }, value: null, previous: null, format: 'percent' },
        ],
      }),
    ).toBe(true);
    expect(sectionIsEmpty({ figures: [{ key: 'a', label: { zh: '', en: '' }, value: 1, previous: 0, format: 'count' }] })).toBe(false);
  });
});

describe('district energy figures', () => {
  it('read electricity and water from a published report’s registers section, "—" when absent', async () => {
    const { metrics } = await import('../../src/plugins/district/metrics.js');
    const report = {
      sections: [
        {
          id: 'registers',
          figures: [
            { key: 'electricity', value: 2480 },
            { key: 'water', value: 340 },
          ],
        },
      ],
    } as never;
    const value = (key: string, r: unknown) => metrics.find((m) => m.key === key)!.value(null, r as never);
    expect(value('electricity', report)).toBe(2480);
    expect(value('water', report)).toBe(340);
    expect(value('electricity', { sections: [] })).toBeNull();
  });
});
