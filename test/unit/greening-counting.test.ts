/**
 * The summary counts a month by visiting its tasks (eachTaskBetween) instead of building
 * and sorting the task list. Same figures as counting that list, the way it was counted
 * before issue #19 (reference below), on a fixture with areas renamed per row, holiday
 * duty, cancelled, late and skipped tasks — each month, past and in progress.
 */
import { describe, expect, it } from 'vitest';
import type { Values } from '../../src/core/table/types.js';
import { stateFrom, type GreeningState } from '../../src/plugins/greening/state.js';
import { monthFigures, type MonthFigures } from '../../src/plugins/greening/summary.js';
import { tasksBetween } from '../../src/plugins/greening/tasks.js';
import { monthRange } from '../../src/core/time.js';
import { calendar, calendarTable, table } from './greening-fixture.js';

/** monthFigures' task counts as they were: count the sorted task list. */
function fromTaskList(state: GreeningState, month: string, today: string): MonthFigures {
  const { first, last } = monthRange(month);
  const cutoff = today <= last ? today : null;
  const figures: MonthFigures = { due: 0, done: 0, skipped: 0, overdue: 0, problems: 0, byArea: new Map(), byTask: new Map() };
  if (first > today) return figures;
  const doneAt = new Map(state.tasks.map((r) => [r.id, typeof r.values.doneAt === 'string' ? r.values.doneAt.slice(0, 10) : null]));
  for (const task of tasksBetween(state, first, last, today)) {
    if (task.status === 'cancelled') continue;
    const area = figures.byArea.get(task.area) ?? { name: task.areaName, due: 0, done: 0, overdue: 0 };
    const kind = figures.byTask.get(task.task) ?? { due: 0, done: 0 };
    figures.byArea.set(task.area, area);
    figures.byTask.set(task.task, kind);
    figures.due++, area.due++, kind.due++;
    if (task.status === 'done') figures.done++, area.done++, kind.done++;
    if (task.status === 'skipped') figures.skipped++;
    const doneDay = task.routine ? null : doneAt.get(task.id);
    const late = cutoff
      ? task.due < cutoff && task.status === 'pending'
      : task.status === 'pending' || (task.status === 'done' && doneDay != null && doneDay > (cutoff ?? last));
    if (late) figures.overdue++, area.overdue++;
  }
  return figures;
}

// Problems found are counted from the check-ins as before, apart from the tasks.
const plain = ({ problems: _, ...f }: MonthFigures) => ({ ...f, byArea: [...f.byArea].sort(), byTask: [...f.byTask].sort() });

const checkins: Array<Values & { id: string }> = [];
for (const [i, day] of calendar.schoolDays('2026-03-01', '2026-05-22').entries())
  if (i % 3)
    checkins.push({
      id: `K${day}`,
      at: `${day}T07:30:00`,
      date: day,
      area: i % 2 ? 'G2' : 'G3',
      plan: 'P1',
      task: '',
      outcome: i % 7 ? 'done' : 'skipped',
    });
checkins.push({ id: 'KH', at: '2026-04-27T08:00:00', date: '2026-04-27', area: 'G1', plan: 'P2', task: '', outcome: 'done' });
checkins.push({ id: 'KP', at: '2026-04-08T09:00:00', area: 'G2', outcome: 'problem', problem: '喷头坏了' });

const state = stateFrom({
  greenAreas: table('绿化区域', [
    { id: 'G1', name: '主干道绿篱', type: 'hedge', location: '主干道', party: '张三' },
    { id: 'G2', name: '中心花坛', type: 'bed', location: '校门内', party: '李四' },
    { id: 'G3', name: '操场草坪', type: 'lawn', location: '操场', party: '王五' },
  ]),
  carePlans: table('养护计划', [
    { id: 'P1', areas: 'G2、G3', task: 'weed', rule: '每个上课日', assignee: '' },
    { id: 'P2', areas: 'G1', task: 'water', rule: '假期每个上课日', assignee: '张三' },
  ]),
  careTasks: table('养护日程', [
    // The same area named differently by two rows of one day: the schedule's first (by task) names it.
    { id: 'T1', area: 'G1', areaName: '东侧绿篱', task: 'trim', due: '2026-03-16', status: 'done', doneAt: '2026-03-16T10:00:00' },
    { id: 'T2', area: 'G1', areaName: '西侧绿篱', task: 'pest', due: '2026-03-16', status: 'pending' },
    { id: 'T3', area: 'G1', task: 'trim', due: '2026-03-30', status: 'done', doneAt: '2026-04-02T10:00:00' },
    { id: 'T4', area: 'G3', task: 'water', due: '2026-03-25', status: 'skipped' },
    { id: 'T5', area: 'G2', areaName: '花坛（新）', task: 'trim', due: '2026-04-13', status: 'done', doneAt: '2026-04-20T10:00:00' },
    { id: 'T6', area: 'G1', task: 'prune', due: '2026-04-10', status: 'cancelled' },
    { id: 'T7', area: 'G9', task: 'trim', due: '2026-05-06', status: 'pending' },
  ]),
  careCheckins: table('养护记录', checkins),
  calendar: calendarTable,
});

describe('monthFigures counts what the task list counted', () => {
  for (const month of ['2026-02', '2026-03', '2026-04', '2026-05'])
    for (const today of ['2026-03-16', '2026-04-15', '2026-04-28', '2026-06-01'])
      it(`${month} as of ${today}`, () => {
        const counted = monthFigures(state, month, today);
        expect(plain(counted)).toEqual(plain(fromTaskList(state, month, today)));
        if (month === '2026-03' && today === '2026-06-01') expect(counted.byArea.get('G1')?.name).toBe('西侧绿篱');
      });
});
