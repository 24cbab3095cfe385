/**
 * The greening section of the monthly summary against a fixture counted by hand:
 * March 2026 (a finished month) beside April (in progress on 04-15).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SchoolData } from '../../src/core/data/types.js';
import type { Table, Values } from '../../src/core/table/types.js';
import { clock } from '../../src/plugins/greening/clock.js';
import { stateFrom } from '../../src/plugins/greening/state.js';
import { greeningSection, greeningSummary, monthFigures } from '../../src/plugins/greening/summary.js';
import { calendar, calendarTable, table } from './greening-fixture.js';

const areas = table('绿化区域', [
  { id: 'G1', name: '主干道绿篱', type: 'hedge', location: '主干道', party: '张三' },
  { id: 'G2', name: '中心花坛', type: 'bed', location: '校门内', party: '李四' },
]);
const plans = table('养护计划', [{ id: 'P1', areas: 'G2', task: 'weed', rule: '每个上课日', assignee: '' }]);
const tasks = table('养护日程', [
  { id: 'T1', area: 'G1', task: 'trim', due: '2026-03-16', status: 'done', doneAt: '2026-03-16T10:00:00' },
  { id: 'T2', area: 'G1', task: 'trim', due: '2026-03-30', status: 'done', doneAt: '2026-04-02T10:00:00' }, // done late
  { id: 'T3', area: 'G1', task: 'pest', due: '2026-03-20', status: 'pending' }, // never done
  { id: 'T4', area: 'G1', task: 'water', due: '2026-03-25', status: 'skipped', doneAt: '2026-03-25T09:00:00' },
  { id: 'T5', area: 'G1', task: 'trim', due: '2026-04-13', status: 'done', doneAt: '2026-04-13T10:00:00' },
  { id: 'T6', area: 'G1', task: 'prune', due: '2026-03-10', status: 'cancelled' },
]);

// Daily weeding of G2: March has 22 school days — done on 20, skipped (rain) on 03-06, nothing on 03-31.
// April: done on the 10 school days before the 15th; nothing yet from the 15th on.
const checkinRows: Array<Values & { id: string }> = [];
for (const day of calendar.schoolDays('2026-03-01', '2026-03-30')) {
  checkinRows.push({
    id: `K${day}`,
    at: `${day}T07:30:00`,
    date: day,
    area: 'G2',
    plan: 'P1',
    task: '',
    outcome: day === '2026-03-06' ? 'skipped' : 'done',
    reason: day === '2026-03-06' ? '下雨' : '',
  });
}
for (const day of calendar.schoolDays('2026-04-01', '2026-04-14'))
  checkinRows.push({ id: `K${day}`, at: `${day}T07:30:00`, date: day, area: 'G2', plan: 'P1', task: '', outcome: 'done' });
checkinRows.push({ id: 'KP1', at: '2026-03-18T09:00:00', area: 'G1', outcome: 'problem', problem: '绿篱有枯死' });
checkinRows.push({ id: 'KP2', at: '2026-04-08T09:00:00', area: 'G2', outcome: 'problem', problem: '喷头坏了' });
const checkins = table('养护记录', checkinRows);

const tables = { greenAreas: areas, carePlans: plans, careTasks: tasks, careCheckins: checkins, calendar: calendarTable };
const state = stateFrom(tables);

afterEach(() => clock.reset());

describe('monthFigures', () => {
  it('March: 4 tasks + 22 routine days due, 22 done, 2 skipped, 3 overdue or missed, 1 problem', () => {
    const f = monthFigures(state, '2026-03', '2026-04-15');
    expect([f.due, f.done, f.skipped, f.overdue, f.problems]).toEqual([26, 22, 2, 3, 1]);
    expect(f.byArea.get('G1')).toEqual({ name: '主干道绿篱', due: 4, done: 2, overdue: 2 });
    expect(f.byArea.get('G2')).toEqual({ name: '中心花坛', due: 22, done: 20, overdue: 1 });
  });

  it('April in progress on the 15th: days from today on are not late yet', () => {
    const f = monthFigures(state, '2026-04', '2026-04-15');
    expect([f.due, f.done, f.skipped, f.overdue, f.problems]).toEqual([19, 11, 0, 0, 1]);
  });

  it('a month after today has nothing due yet', () => {
    expect(monthFigures(state, '2026-05', '2026-04-15').due).toBe(0);
  });
});

describe('greeningSection', () => {
  it('gives figures with last month beside, and the by-area table', () => {
    const s = greeningSection(state, '2026-04', '2026-04-15');
    expect(s.id).toBe('greening');
    expect(s.title).toEqual({ zh: '绿化', en: 'Greening' });
    const fig = Object.fromEntries(s.figures.map((f) => [f.key, [f.value, f.previous]]));
    expect(fig).toEqual({ due: [19, 26], done: [11, 22], rate: [0.579, 0.846], overdue: [0, 3], skipped: [0, 2], problems: [1, 1] });
    expect(s.tables![0]!.rows).toEqual([
      ['主干道绿篱', 1, 1, 0, 4, 2],
      ['中心花坛', 18, 10, 0, 22, 20],
    ]);
    expect(s.notable).toEqual([
      { text: { zh: '修剪 1 次', en: 'Trimming × 1' }, weight: 1 },
      { text: { zh: '除草 10 次', en: 'Weeding × 10' }, weight: 10 },
    ]);
  });

  it('is what the plugin hook returns, reading through SchoolData with the injected clock', async () => {
    clock.set('2026-04-15T10:00:00+08:00');
    const data = {
      read: async (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, (tables as Record<string, Table>)[k]])),
    } as unknown as SchoolData;
    const s = await greeningSummary({ data, month: '2026-03', calendar });
    expect(s.figures.find((f) => f.key === 'due')).toMatchObject({ value: 26, previous: 0 });
  });
});
