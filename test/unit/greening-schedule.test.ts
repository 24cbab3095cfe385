/**
 * A term plan for each rule, checked against dates worked out by hand on the fixture calendar
 * (term 1: 40 school days, 2026-03-02 … 04-24, 清明 04-03 off, Saturday 04-11 worked), and
 * regeneration that respects staff edits and finished tasks.
 */
import { describe, expect, it } from 'vitest';
import { planSchedule, readAreas, readPlans, followUpDate, type Area } from '../../src/plugins/greening/plans.js';
import { parseRule, type Rule } from '../../src/core/rules.js';
import { occurrences, termPeriod } from '../../src/plugins/greening/schedule.js';
import type { Values } from '../../src/core/table/types.js';
import { calendar, holidays, table, term1, term2 } from './greening-fixture.js';

const rule = (text: string): Rule => {
  const r = parseRule(text);
  if (!r.ok) throw new Error(r.message.zh);
  return r.rule;
};
const dates = (text: string, term = term1) => {
  const occ = occurrences(rule(text), term, calendar, holidays);
  if (!occ.ok) throw new Error(occ.message.zh);
  return occ.dates.map((o) => o.date);
};

describe('occurrences for one term', () => {
  it('knows the fixture: 40 school days, the make-up Saturday in, the holiday out', () => {
    const days = calendar.schoolDays(term1.start, term1.end);
    expect(days).toHaveLength(40);
    expect(days).toContain('2026-04-11');
    expect(days).not.toContain('2026-04-03');
    expect(termPeriod(term1, calendar, holidays)).toEqual({ start: '2026-03-02', end: '2026-05-03' });
  });

  it('每学期N次: one day in the middle of each equal share of school days', () => {
    expect(dates('每学期1次')).toEqual(['2026-03-30']);
    expect(dates('每学期2次')).toEqual(['2026-03-16', '2026-04-13']);
    expect(dates('4 times per term')).toEqual(['2026-03-09', '2026-03-23', '2026-04-07', '2026-04-20']);
  });

  it('seasonal windows: only the months named, none when the term is outside them', () => {
    const occ = occurrences(rule('3月–4月春灌；11月–12月冬灌'), term1, calendar, holidays);
    expect(occ.ok && occ.dates).toEqual([{ date: '2026-03-30', note: '春灌' }]);
    expect(dates('4月-5月 2次')).toEqual(['2026-04-08', '2026-04-20']);
    const none = occurrences(rule('11月–12月冬灌'), term1, calendar, holidays);
    expect(none.ok && none.dates).toEqual([]);
    expect(none.ok && none.info?.zh).toContain('11–12月');
  });

  it('每个上课日: every school day of the term, make-up Saturday included', () => {
    const days = dates('每个上课日');
    expect(days).toHaveLength(40);
    expect(days[0]).toBe('2026-03-02');
    expect(days).toContain('2026-04-11');
    expect(days).not.toContain('2026-04-03');
  });

  it('每3天: the next school day at least three days after the last one', () => {
    expect(dates('每3天')).toEqual([
      '2026-03-02',
      '2026-03-05',
      '2026-03-09',
      '2026-03-12',
      '2026-03-16',
      '2026-03-19',
      '2026-03-23',
      '2026-03-26',
      '2026-03-30',
      '2026-04-02',
      '2026-04-06',
      '2026-04-09',
      '2026-04-13',
      '2026-04-16',
      '2026-04-20',
      '2026-04-23',
    ]);
  });

  it('上次完成后N天: first on the first school day, then N days after each time it is done (next school day)', () => {
    expect(dates('上次完成后10天')).toEqual(['2026-03-02']);
    expect(followUpDate(rule('上次完成后10天'), '2026-03-02', term1, calendar, holidays)).toBe('2026-03-12');
    expect(followUpDate(rule('上次完成后10天'), '2026-04-02', term1, calendar, holidays)).toBe('2026-04-13'); // 04-12 is a Sunday
    expect(followUpDate(rule('上次完成后30天'), '2026-04-20', term1, calendar, holidays)).toBeNull(); // past the term
  });

  it('假期每3天: holiday days of the term and the break after it, weekends inside a holiday included', () => {
    expect(dates('假期每3天')).toEqual(['2026-04-03', '2026-04-25', '2026-04-28', '2026-05-01']);
  });

  it('a rule that cannot be met says so, naming the term and its length', () => {
    const occ = occurrences(rule('每学期5次'), term2, calendar, holidays);
    expect(occ.ok).toBe(false);
    if (!occ.ok) {
      expect(occ.message.zh).toBe('"每学期5次"无法安排：短学期只有 15 个上课日（约 3 周），每两次之间至少要隔一周');
      expect(occ.message.en).toContain('cannot be met');
    }
    expect(dates('每学期3次', term2)).toEqual(['2026-05-06', '2026-05-13', '2026-05-20']);
  });
});

const areaTable = table('绿化区域', [
  { id: 'G1', name: '主干道绿篱', type: 'hedge', location: '主干道', party: '张三' },
  { id: 'G2', name: '中心花坛', type: 'bed', location: '校门内', party: '李四' },
  { id: 'G3', name: '无主草坪', type: 'lawn', location: '操场边', party: '' },
]);

function setup(planRows: Array<Values & { id: string }>) {
  const { areas, issues: areaIssues } = readAreas(areaTable, new Set(), new Set(['张三', '李四']));
  const areaMap = new Map<string, Area>(areas.map((a) => [a.id, a]));
  const { plans, issues } = readPlans(table('养护计划', planRows), new Set(areaMap.keys()));
  return { areaMap, plans, issues: [...issues, ...areaIssues] };
}

const asRows = (values: Values[]) => values.map((v, i) => ({ id: String(v.id), row: i + 2, values: v }));

describe('planSchedule: generating and regenerating a term', () => {
  const planRows = [
    { id: 'P1', areas: 'G1', task: 'trim', rule: '每学期2次', assignee: '王五' },
    { id: 'P2', areas: 'G2', task: 'weed', rule: '每个上课日', assignee: '' },
    { id: 'P3', areas: 'G1、G2', task: 'water', rule: '假期每3天', assignee: '甲、乙' },
    { id: 'P4', areas: 'G1', task: 'pest', rule: '看天气', assignee: '' },
    { id: 'P5', areas: 'G3', task: 'fertilise', rule: '每学期1次', assignee: '' },
  ];

  it('writes dated tasks with assignees (rotating, or the contracted party), routine days only as a count', () => {
    const { areaMap, plans } = setup(planRows);
    const out = planSchedule({ term: term1, calendar, holidays, plans, areas: areaMap, tasks: [] });
    const rows = out.appends.map((v) => [v.plan, v.area, v.due, v.assignee]);
    expect(rows).toEqual([
      ['P1', 'G1', '2026-03-16', '王五'],
      ['P1', 'G1', '2026-04-13', '王五'],
      ['P3', 'G1', '2026-04-03', '甲'],
      ['P3', 'G1', '2026-04-25', '乙'],
      ['P3', 'G1', '2026-04-28', '甲'],
      ['P3', 'G1', '2026-05-01', '乙'],
      ['P3', 'G2', '2026-04-03', '甲'],
      ['P3', 'G2', '2026-04-25', '乙'],
      ['P3', 'G2', '2026-04-28', '甲'],
      ['P3', 'G2', '2026-05-01', '乙'],
      ['P5', 'G3', '2026-03-30', ''],
    ]);
    expect(out.appends[0]).toMatchObject({
      id: 'GT-P1-G1-20260316',
      status: 'pending',
      planned: '2026-03-16',
      areaName: '主干道绿篱',
      task: 'trim',
      term: '第一学期',
    });
    expect(out.outcomes.find((o) => o.plan === 'P2')?.routineDays).toBe(40);
  });

  it('names bad rows (unreadable rule, area without a party) and still generates the rest', () => {
    const { issues } = setup(planRows);
    expect(issues.map((i) => `${i.sheet} ${i.row} ${i.id} ${i.level}`)).toEqual(['养护计划 5 P4 error', '绿化区域 4 G3 warn']);
    expect(issues[0]!.message.zh).toContain('无法识别规则"看天气"');
    expect(issues[1]!.message.zh).toContain('没有承包方');
  });

  it('reports a rule that cannot be met in a short term by its row, and plans the others', () => {
    const { areaMap, plans } = setup([
      { id: 'P1', areas: 'G1', task: 'trim', rule: '每学期5次' },
      { id: 'P2', areas: 'G2', task: 'prune', rule: '每学期1次' },
    ]);
    const out = planSchedule({ term: term2, calendar, holidays, plans, areas: areaMap, tasks: [] });
    expect(out.issues).toHaveLength(1);
    expect(out.issues[0]).toMatchObject({ sheet: '养护计划', row: 2, id: 'P1', level: 'error' });
    expect(out.appends.map((v) => v.due)).toEqual(['2026-05-13']);
  });

  it('regenerating adds nothing twice and leaves done, re-dated and reassigned tasks exactly as they are', () => {
    const { areaMap, plans } = setup(planRows);
    const first = planSchedule({ term: term1, calendar, holidays, plans, areas: areaMap, tasks: [] }).appends;
    const again = planSchedule({ term: term1, calendar, holidays, plans, areas: areaMap, tasks: asRows(first) });
    expect(again.appends).toEqual([]);
    expect(again.cancels).toEqual([]);

    // Staff: the first trim moved a day later; the holiday watering of 04-03 done; a hand-typed row.
    const edited = first.map((v) => ({ ...v }));
    edited[0]!.due = '2026-03-17';
    edited[2]!.status = 'done';
    edited.push({ id: 'MANUAL-1', due: '2026-03-20', area: 'G1', task: 'replant', status: 'pending' });
    // The plan changes to once a term: 03-30 is new; 03-16 was moved by staff (kept); 04-13 untouched (cancelled).
    const { plans: changed } = setup(planRows.map((p) => (p.id === 'P1' ? { ...p, rule: '每学期1次' } : p)));
    const out = planSchedule({ term: term1, calendar, holidays, plans: changed, areas: areaMap, tasks: asRows(edited) });
    expect(out.appends.map((v) => `${v.plan} ${v.due}`)).toEqual(['P1 2026-03-30']);
    expect(out.cancels).toEqual(['GT-P1-G1-20260413']);
    expect(out.outcomes.find((o) => o.plan === 'P1')).toMatchObject({ created: 1, kept: 0, cancelled: 1 });
  });

  it('"after the last time" plans one task at a time: none while one is open, then N days after the last done', () => {
    const { areaMap, plans } = setup([{ id: 'P9', areas: 'G2', task: 'fertilise', rule: '上次完成后10天' }]);
    const first = planSchedule({ term: term1, calendar, holidays, plans, areas: areaMap, tasks: [] }).appends;
    expect(first.map((v) => v.due)).toEqual(['2026-03-02']);
    expect(planSchedule({ term: term1, calendar, holidays, plans, areas: areaMap, tasks: asRows(first) }).appends).toEqual([]);
    const done = [{ ...first[0]!, status: 'done', doneAt: '2026-03-04T08:00:00' }];
    expect(planSchedule({ term: term1, calendar, holidays, plans, areas: areaMap, tasks: asRows(done) }).appends.map((v) => v.due)).toEqual(
      ['2026-03-16'],
    );
  });
});
