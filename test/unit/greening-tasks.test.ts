/** What is due today, this week and overdue, as time passes on the injectable clock. */
import { afterEach, describe, expect, it } from 'vitest';
import type { SchoolData } from '../../src/core/data/types.js';
import type { Person } from '../../src/env.js';
import { clock, today } from '../../src/plugins/greening/clock.js';
import { greeningAlerts } from '../../src/plugins/greening/alerts.js';
import { stateFrom } from '../../src/plugins/greening/state.js';
import { buckets, tasksBetween, weekOf } from '../../src/plugins/greening/tasks.js';
import { calendarTable, table } from './greening-fixture.js';

const tables = {
  greenAreas: table('绿化区域', [
    { id: 'G1', name: '主干道绿篱', type: 'hedge', location: '主干道', party: '张三' },
    { id: 'G2', name: '中心花坛', type: 'bed', location: '校门内', party: '李四' },
  ]),
  carePlans: table('养护计划', [{ id: 'P1', areas: 'G2', task: 'weed', rule: '每个上课日', assignee: '' }]),
  careTasks: table('养护日程', [
    { id: 'T1', area: 'G1', task: 'trim', due: '2026-03-16', status: 'pending', assignee: '王五' },
    { id: 'T2', area: 'G1', task: 'pest', due: '2026-03-18', status: 'pending', assignee: '张三' },
    { id: 'T3', area: 'G1', task: 'water', due: '2026-03-20', status: 'done' },
  ]),
  careCheckins: table('养护记录', [
    { id: 'K1', at: '2026-03-16T07:30:00', date: '2026-03-16', area: 'G2', plan: 'P1', task: '', outcome: 'done' },
  ]),
  calendar: calendarTable,
};
const state = stateFrom(tables);
const data = {
  read: async (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, (tables as Record<string, unknown>)[k]])),
} as unknown as SchoolData;
const person = (role: Person['role'], name: string): Person => ({ id: 'P1', name, role, unit: null });

afterEach(() => clock.reset());

describe('buckets', () => {
  it('on Monday 03-16: the trim and the routine weeding today (already checked in), the rest of the week, nothing overdue', () => {
    const b = buckets(state, '2026-03-16');
    expect(b.today.map((t) => t.id || `${t.plan}:${t.due}`)).toEqual(['T1']); // weeding 03-16 is done
    expect(b.week.map((t) => t.id || `${t.plan}:${t.due}`)).toEqual([
      'P1:2026-03-17',
      'T2',
      'P1:2026-03-18',
      'P1:2026-03-19',
      'P1:2026-03-20',
    ]);
    expect(b.overdue).toEqual([]);
  });

  it('overdue appears when time passes: on 03-19 the two open tasks are late, the done one is not', () => {
    expect(buckets(state, '2026-03-17').overdue.map((t) => t.id)).toEqual(['T1']);
    expect(buckets(state, '2026-03-19').overdue.map((t) => t.id)).toEqual(['T1', 'T2']);
    expect(buckets(state, '2026-03-23').overdue.map((t) => t.id)).toEqual(['T1', 'T2']);
  });

  it('routine days are checked in per day and never pile up as overdue', () => {
    const days = tasksBetween(state, '2026-03-16', '2026-03-17', '2026-03-18').filter((t) => t.routine);
    expect(days.map((t) => [t.due, t.status, t.overdue])).toEqual([
      ['2026-03-16', 'done', false],
      ['2026-03-17', 'pending', false],
    ]);
  });

  it('weeks run Monday to Sunday', () => {
    expect(weekOf('2026-03-18')).toEqual({ start: '2026-03-16', end: '2026-03-22' });
  });
});

describe('desk alerts', () => {
  it('follow the clock: the office sees every overdue task, others only their own', async () => {
    clock.set('2026-03-19T09:00:00+08:00');
    expect(today()).toBe('2026-03-19');
    const office = await greeningAlerts({ data, person: person('staff', '赵六'), today: '2000-01-01' });
    expect(office).toEqual([
      { level: 'bad', text: expect.objectContaining({ zh: expect.stringContaining('已逾期') }), params: { count: 2 }, href: '/greening' },
      { level: 'info', text: expect.anything(), params: { count: 1 }, href: '/greening' }, // the routine weeding today
    ]);
    const teacher = await greeningAlerts({ data, person: person('teacher', '张三'), today: '2000-01-01' });
    expect(teacher.map((a) => a.params)).toEqual([{ count: 1 }]);
    clock.set('2026-03-13T09:00:00+08:00');
    expect((await greeningAlerts({ data, person: person('staff', '赵六'), today: '2000-01-01' })).map((a) => a.level)).toEqual(['info']);
  });
});
