/** The desk alert for missed cleaning checks, and the summary hook, over a fake snapshot. */
import { describe, expect, it } from 'vitest';
import {
  calendar,
  checkins,
  classes,
  companyEvaluations,
  disinfections,
  inspections,
  zones,
  type TabDef,
} from '../../sheets-schema/index.js';
import { schoolCalendar } from '../../src/core/calendar.js';
import type { SchoolData } from '../../src/core/data/types.js';
import { readTable } from '../../src/core/table/table.js';
import type { Table } from '../../src/core/table/types.js';
import type { Person } from '../../src/env.js';
import { cleaningAlerts, cleaningSummary } from '../../src/plugins/cleaning/hooks.js';

const table = (tab: TabDef, rows: unknown[][]) => readTable(tab, tab.zh, rows as never);
const tables: Record<string, Table> = {
  zones: table(zones, [
    ['编号', '区域', '类型', '责任方类型', '责任方', '打卡要求', '需消毒'],
    ['Z1', '七年级(1)班教室', '教室', '班级', '七年级(1)班', '每日一次', ''],
    ['Z2', '一楼走廊', '走廊', '保洁员', '张阿姨', '每日两次', ''],
    ['Z3', '食堂', '食堂', '保洁公司', '洁美公司', '不需打卡', '是'],
    ['Z4', '二楼走廊', '走廊', '保洁员', '张阿姨', '每日两次', ''],
  ]),
  checkins: table(checkins, [
    ['编号', '时间', '责任区编号', '类别'],
    ['K1', '2026-11-20 07:30', 'Z2', '日常保洁'],
    ['K2', '2026-11-20 07:35', 'Z4', '日常保洁'],
    ['K3', '2026-11-20 12:00', 'Z4', '日常保洁'],
  ]),
  disinfections: table(disinfections, [['编号', '时间', '责任区编号', '消毒对象', '消毒方式']]),
  calendar: table(calendar, [
    ['编号', '类型', '名称', '开始日期', '结束日期'],
    ['C1', '学期', '第一学期', '2026-09-01', '2027-01-22'],
  ]),
  inspections: table(inspections, [['编号', '日期', '责任区编号', '责任方', '得分']]),
  classes: table(classes, [['班级'], ['七年级(1)班']]),
  companyEvaluations: table(companyEvaluations, [['编号', '月份', '保洁公司', '总分']]),
};
const data = { read: async (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, tables[k]])) } as unknown as SchoolData;
const person = (role: Person['role'], unit: string | null = null): Person => ({ id: 'P1', name: '某人', role, unit });

describe('cleaning desk alerts', () => {
  it('tells logistics how many checks were missed in how many zones (a past school day, seen whole)', async () => {
    // Z1 missed its one check, Z2 its noon check, Z3 its disinfection; Z4 is complete.
    expect(await cleaningAlerts({ data, person: person('head'), today: '2026-11-20' })).toEqual([
      {
        level: 'bad',
        text: expect.objectContaining({ zh: '今天有 {count} 项保洁检查漏检（{zones} 个责任区）' }),
        params: { count: 3, zones: 3 },
        href: '/cleaning?only=missing',
      },
    ]);
  });

  it('tells a class head about their own class’s zones only, and teachers and leaders nothing', async () => {
    expect(await cleaningAlerts({ data, person: person('class_head', '七年级(1)班'), today: '2026-11-20' })).toEqual([
      expect.objectContaining({ level: 'warn', params: { count: 1 } }),
    ]);
    expect(await cleaningAlerts({ data, person: person('class_head', '七年级(2)班'), today: '2026-11-20' })).toEqual([]);
    expect(await cleaningAlerts({ data, person: person('teacher'), today: '2026-11-20' })).toEqual([]);
    expect(await cleaningAlerts({ data, person: person('leader'), today: '2026-11-20' })).toEqual([]);
  });

  it('says nothing on a day that is not a school day', async () => {
    expect(await cleaningAlerts({ data, person: person('head'), today: '2026-11-21' })).toEqual([]);
  });

  it('gives the monthly summary its cleaning section', async () => {
    const section = await cleaningSummary({ data, month: '2026-11', calendar: schoolCalendar(tables.calendar) });
    expect(section.id).toBe('cleaning');
    expect(section.figures.map((f) => f.key)).toContain('checkinRate');
  });
});
