/**
 * The cleaning section of the monthly summary against a small hand-computed fixture:
 * November 2026 has 21 school days, October 18 (National Day week off, Saturday 10 October a
 * make-up day).
 */
import { describe, expect, it } from 'vitest';
import {
  calendar as calendarTab,
  checkins,
  classes,
  companyEvaluations,
  disinfections,
  inspections,
  zones,
} from '../../sheets-schema/index.js';
import type { TabDef } from '../../sheets-schema/index.js';
import { schoolCalendar } from '../../src/core/calendar.js';
import { readTable } from '../../src/core/table/table.js';
import { cleaningSection, daysCounted } from '../../src/plugins/cleaning/logic/summary.js';

function table<T extends TabDef>(tab: T, header: string[], rows: unknown[][]) {
  return readTable(tab, tab.zh, [header, ...rows] as never);
}

const calendar = schoolCalendar(
  table(
    calendarTab,
    ['编号', '类型', '名称', '开始日期', '结束日期'],
    [
      ['C1', '学期', '第一学期', '2026-09-01', '2027-01-22'],
      ['C2', '假期', '国庆节', '2026-10-01', '2026-10-07'],
      ['C3', '调休上课', '国庆调休', '2026-10-10', '2026-10-10'],
    ],
  ),
);

const zoneRows = [
  // Z1: a class zone with one check a day (due 17:30); Z2: the canteen, disinfected daily, no check-ins;
  // Z3: inactive (never counted); Z4: a second class's zone, inspected only.
  ['Z1', '七年级(1)班教室', '教学楼A', '教室', '班级', '七年级(1)班', '每日一次', '', ''],
  ['Z2', '食堂', '食堂', '食堂', '保洁公司', '洁美公司', '不需打卡', '是', ''],
  ['Z3', '旧仓库', '综合楼', '库房', '保洁员', '王师傅', '每日一次', '', '否'],
  ['Z4', '七年级(2)班教室', '教学楼A', '教室', '班级', '七年级(2)班', '不需打卡', '', ''],
];
const novDays = ['02', '03', '04', '05', '06', '09', '10', '11', '12', '13'];
const octDays = ['08', '09', '10', '12', '13', '14', '15', '16', '19'];
const checkinRows = [
  ...novDays.map((d, i) => [`K${d}`, `2026-11-${d} ${d === '03' ? '18:00' : '16:30'}`, 'Z1', '日常保洁', '值日生', 'S1', i]),
  ['Kdup', '2026-11-02 16:40', 'Z1', '日常保洁', '值日生', 'S1'], // a second tap the same day: extra
  ['Ksun', '2026-11-08 10:00', 'Z1', '日常保洁', '值日生', 'S1'], // Sunday: not a school day
  ['Kz3', '2026-11-02 10:00', 'Z3', '日常保洁', '王师傅', 'P9'], // inactive zone
  ['Kbig', '2026-11-27 15:00', 'Z1', '大扫除', '值日生', 'S1'],
  ...octDays.map((d) => [`O${d}`, `2026-10-${d} 12:00`, 'Z1', '日常保洁', '值日生', 'S1']),
].map((r) => r.slice(0, 6));
const disinfectionRows = ['02', '03', '04', '05', '06', '09', '10'].map((d) => [`D${d}`, `2026-11-${d} 13:30`, 'Z2', '餐具', '高温消毒']);
const inspectionRows = [
  ['I1', '2026-11-05', 'Z1', '七年级(1)班', 90],
  ['I2', '2026-11-19', 'Z1', '七年级(1)班', 80],
  ['I3', '2026-11-12', 'Z4', '七年级(2)班', 95],
  ['I4', '2026-11-13', 'Z4', '七年级(2)班', 120], // out of range: a data problem, not counted
  ['I5', '2026-10-20', 'Z1', '七年级(1)班', 70],
];

const tables = {
  zones: table(zones, ['编号', '区域', '楼栋', '类型', '责任方类型', '责任方', '打卡要求', '需消毒', '启用'], zoneRows),
  checkins: table(checkins, ['编号', '时间', '责任区编号', '类别', '打卡人', '人员编号'], checkinRows),
  disinfections: table(disinfections, ['编号', '时间', '责任区编号', '消毒对象', '消毒方式'], disinfectionRows),
  inspections: table(inspections, ['编号', '日期', '责任区编号', '责任方', '得分'], inspectionRows),
  classes: table(
    classes,
    ['班级', '年级'],
    [
      ['七年级(1)班', '七年级'],
      ['七年级(2)班', '七年级'],
      ['七年级(3)班', '七年级'],
    ],
  ),
  companyEvaluations: table(
    companyEvaluations,
    ['编号', '月份', '保洁公司', '总分'],
    [
      ['E1', '2026-11', '洁美公司', 86],
      ['E2', '2026-10', '洁美公司', 92],
    ],
  ),
};

describe('cleaning summary section', () => {
  const section = cleaningSection(tables, '2026-11', calendar, '2026-12-05');
  const figure = (key: string) => section.figures.find((f) => f.key === key)!;

  it('counts the school days of each month', () => {
    expect(daysCounted(calendar, '2026-11', '2026-12-05')).toHaveLength(21);
    expect(daysCounted(calendar, '2026-10', '2026-12-05')).toHaveLength(18);
    // The current month counts whole days only: 1–4 December, before the 5th.
    expect(daysCounted(calendar, '2026-12', '2026-12-05')).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
  });

  it('check-in completion: 10 of 21 in November (one late), 9 of 18 in October', () => {
    expect(figure('checkinRate')).toMatchObject({ value: 10 / 21, previous: 0.5, format: 'percent', better: 'higher' });
    expect(figure('missedChecks')).toMatchObject({ value: 11, previous: 9 });
    expect(figure('lateChecks')).toMatchObject({ value: 1, previous: 0 });
  });

  it('counts check-ins from the school’s first one (8 October): September is "not counted", not 0%, and October says where it starts', () => {
    const september = cleaningSection(tables, '2026-09', calendar, '2026-12-05');
    expect(september.figures.find((f) => f.key === 'checkinRate')).toMatchObject({ value: null, previous: null });
    expect(september.figures.find((f) => f.key === 'missedChecks')!.value).toBeNull();
    const october = cleaningSection(tables, '2026-10', calendar, '2026-12-05').figures.find((f) => f.key === 'checkinRate')!;
    expect(october.value).toBe(0.5);
    expect(october.note).toEqual({ zh: '自 2026-10-08 首次扫码打卡起计', en: 'Counted from the first check-in, 2026-10-08' });
    expect(figure('checkinRate').note).toBeUndefined();
  });

  it('disinfection: 7 of 21 canteen days in November, none of 18 in October', () => {
    expect(figure('disinfectionRate')).toMatchObject({ value: 7 / 21, previous: 0 });
  });

  it('inspection scores leave out the score of 120 and report it as a data problem', () => {
    expect(figure('inspections')).toMatchObject({ value: 3, previous: 1 });
    expect(figure('inspectionAverage')).toMatchObject({ value: 88.3, previous: 70 });
    expect(section.problems).toEqual([expect.objectContaining({ sheet: '卫生检查', cell: 'E5', value: 120, rowId: 'I4' })]);
  });

  it('big cleans and the company evaluation, with last month beside', () => {
    expect(figure('bigCleans')).toMatchObject({ value: 1, previous: 0 });
    expect(figure('companyScore')).toMatchObject({ value: 86, previous: 92 });
  });

  it('tables: completion by zone (active zones with checks) and the class ranking with last month’s rank', () => {
    const [byZone, ranking] = section.tables!;
    expect(byZone!.rows).toEqual([['七年级(1)班教室', '七年级(1)班', '47.6%', '50%']]);
    expect(ranking!.rows).toEqual([
      [1, '七年级(2)班', 95, 1, '—'],
      [2, '七年级(1)班', 85, 2, 1],
    ]);
    expect(section.charts![0]!.categories).toEqual(['七年级(2)班', '七年级(1)班']);
  });

  it('suggests notable work', () => {
    expect(section.notable).toEqual([
      { text: { zh: '完成大扫除 1 次', en: '1 big clean done' }, weight: 1 },
      { text: { zh: '卫生检查 3 次（其中随机抽查 0 次）', en: '3 hygiene inspections (0 spot checks)' }, weight: 3 },
    ]);
  });
});
