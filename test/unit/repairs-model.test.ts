/**
 * Repair rules and the monthly section, on fixtures whose answers were worked out by hand
 * (comments give the arithmetic).
 */
import { describe, expect, it } from 'vitest';
import { calendar as calendarTab } from '../../sheets-schema/index.js';
import { schoolCalendar } from '../../src/core/calendar.js';
import type { RowOfTab } from '../../src/core/data/types.js';
import type { Table, TableRow, Values } from '../../src/core/table/types.js';
import type { Person } from '../../src/env.js';
import { checkAction, dueDate, repeatFailures, serviceLevel } from '../../src/plugins/repairs/model.js';
import { monthFigures, repairsSection } from '../../src/plugins/repairs/summary.js';

/** A fixture row; typed as the tab it stands for by where it is used. */
const row = <V extends Values = Values>(id: string, values: Values, n = 2) =>
  ({ id, row: n, values: { id, ...values } }) as unknown as TableRow<V>;
const calTable = {
  tab: calendarTab,
  title: '校历',
  header: { index: {}, texts: [], unknown: [], missing: [] },
  problems: [],
  rows: [
    row('C1', { kind: 'term', name: '第一学期', start: '2026-09-01', end: '2027-01-22' }),
    row('C2', { kind: 'holiday', name: '国庆节', start: '2026-10-01', end: '2026-10-07' }),
    row('C3', { kind: 'makeup', name: '调休', start: '2026-10-10', end: '2026-10-10' }),
  ],
} as Table;
const cal = schoolCalendar(calTable);

describe('service level (小修不隔夜，大修不隔天)', () => {
  it('is the end of the report day for a small repair, the next school day for a large one', () => {
    expect(dueDate({ reportedAt: '2026-11-04T10:00:00', urgency: 'small' }, cal)).toBe('2026-11-04'); // Wednesday
    expect(dueDate({ reportedAt: '2026-11-06T16:00:00', urgency: 'large' }, cal)).toBe('2026-11-09'); // Friday → Monday
  });
  it('starts counting on the next school day for reports on weekends and holidays; make-up days count', () => {
    expect(dueDate({ reportedAt: '2026-11-07T10:00:00', urgency: 'small' }, cal)).toBe('2026-11-09'); // Saturday → Monday
    expect(dueDate({ reportedAt: '2026-09-30T10:00:00', urgency: 'large' }, cal)).toBe('2026-10-08'); // National Day week skipped
    expect(dueDate({ reportedAt: '2026-10-10T10:00:00', urgency: 'small' }, cal)).toBe('2026-10-10'); // a make-up Saturday
  });
  it('has no deadline for holiday work; breaches are judged at the end of the due day', () => {
    expect(dueDate({ reportedAt: '2026-11-04T10:00:00', urgency: 'large', holiday: true }, cal)).toBeNull();
    expect(
      serviceLevel({ reportedAt: '2026-11-04T10:00:00', urgency: 'small', status: 'assigned' }, cal, '2026-11-04T23:59:00').state,
    ).toBe('open');
    expect(
      serviceLevel({ reportedAt: '2026-11-04T10:00:00', urgency: 'small', status: 'assigned' }, cal, '2026-11-05T00:00:01').state,
    ).toBe('breached');
    expect(
      serviceLevel(
        { reportedAt: '2026-11-04T10:00:00', urgency: 'small', status: 'done', doneAt: '2026-11-04T23:00:00' },
        cal,
        '2026-11-09T00:00:00',
      ).state,
    ).toBe('met');
  });
});

describe('who may take which step', () => {
  const teacher: Person = { id: 'P010', name: '王老师', role: 'teacher', unit: null };
  const other: Person = { id: 'P011', name: '李老师', role: 'teacher', unit: null };
  const head: Person = { id: 'P001', name: '张主任', role: 'head', unit: null };
  const worker: Person = { id: 'P020', name: '刘师傅', role: 'staff', unit: null };
  const done: Values = { status: 'done', reporter: '王老师', reporterId: 'P010', worker: '刘师傅', workerId: 'P020' };
  it('lets only the reporter sign off', () => {
    expect(checkAction(done, 'signoff', teacher)).toEqual({ ok: true, to: 'signed_off' });
    const refused = checkAction(done, 'signoff', other);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.status).toBe(403);
    expect(!refused.ok && refused.reason.zh).toContain('只有报修人本人');
    expect(checkAction(done, 'signoff', head).ok).toBe(false);
  });
  it('matches a reporter typed in the sheet by name when there is no ID', () => {
    expect(checkAction({ ...done, reporterId: '' }, 'signoff', teacher).ok).toBe(true);
  });
  it('refuses a step the current status does not allow, and an unreadable status', () => {
    expect(checkAction({ ...done, status: 'reported' }, 'signoff', teacher)).toMatchObject({ ok: false, status: 409 });
    expect(checkAction({ ...done, status: null }, 'done', head)).toMatchObject({ ok: false, status: 409 });
    expect(checkAction({ ...done, status: 'in_progress' }, 'done', worker).ok).toBe(true);
    expect(checkAction({ ...done, status: 'in_progress' }, 'done', other).ok).toBe(false);
    expect(checkAction({ ...done, status: 'reported' }, 'assign', worker).ok).toBe(false);
  });
});

// November 2026 with October beside it. Hours and flags worked out by hand below.
const repairs: TableRow<RowOfTab<'repairs'>>[] = [
  // A: Mon 11-02 small, fixed in 3 h, same day → met.
  row('A', {
    reportedAt: '2026-11-02T09:00:00',
    urgency: 'small',
    status: 'signed_off',
    doneAt: '2026-11-02T12:00:00',
    room: '图书室',
    asset: 'DQ-0001',
    category: 'electrical',
  }),
  // B: Fri 11-06 16:00 large, done Mon 11-09 10:00 = 66 h; due Mon → met.
  row('B', {
    reportedAt: '2026-11-06T16:00:00',
    urgency: 'large',
    status: 'done',
    doneAt: '2026-11-09T10:00:00',
    room: '音乐室',
    category: 'doors_windows',
  }),
  // C: Sat 11-07 small (due Mon 11-09), done Tue 11-10 09:00 = 71 h → breached.
  row('C', {
    reportedAt: '2026-11-07T10:00:00',
    urgency: 'small',
    status: 'done',
    doneAt: '2026-11-10T09:00:00',
    room: '音乐室',
    category: 'water',
  }),
  // D: open; the third report of DQ-0001 within 30 days (10-30, 11-02, 11-20) → repeat.
  row('D', {
    reportedAt: '2026-11-20T08:00:00',
    urgency: 'small',
    status: 'reported',
    room: '图书室',
    asset: 'DQ-0001',
    category: 'electrical',
  }),
  // E: October, still in progress: open at both month ends; 33 days old on 11-30, 3 on 10-31.
  row('E', { reportedAt: '2026-10-28T10:00:00', urgency: 'large', status: 'in_progress', room: '七年级(1)班教室', category: 'water' }),
  // F: October, 2.5 h, met.
  row('F', {
    reportedAt: '2026-10-15T09:00:00',
    urgency: 'small',
    status: 'signed_off',
    doneAt: '2026-10-15T11:30:00',
    room: '七年级(1)班教室',
    category: 'water',
  }),
  // G: reported Fri 10-30 (due that day), completed 11-03 09:00 = 96 h → counts in November, breached.
  row('G', {
    reportedAt: '2026-10-30T09:00:00',
    urgency: 'small',
    status: 'done',
    doneAt: '2026-11-03T09:00:00',
    room: '图书室',
    asset: 'DQ-0001',
    category: 'electrical',
  }),
  // H: holiday work, no service level, open.
  row('H', {
    reportedAt: '2026-11-25T09:00:00',
    urgency: 'large',
    status: 'reported',
    holiday: true,
    room: '图书室',
    category: 'carpentry',
  }),
];
const hazards: TableRow<RowOfTab<'hazards'>>[] = [
  row('H1', { foundAt: '2026-11-05T08:00:00', status: 'closed', rectifiedAt: '2026-11-08T10:00:00', verifiedAt: '2026-11-09T10:00:00' }),
  row('H2', { foundAt: '2026-10-20T08:00:00', status: 'rectified', rectifiedAt: '2026-11-02T10:00:00' }),
  row('H3', { foundAt: '2026-11-25T08:00:00', status: 'open' }),
  row('H4', { foundAt: '2026-10-05T08:00:00', status: 'closed', rectifiedAt: '2026-10-06T10:00:00' }),
];

describe('monthly summary: repairs and hazards', () => {
  it('computes November as worked out by hand', () => {
    expect(monthFigures(repairs, hazards, '2026-11', cal)).toEqual({
      reported: 5, // A B C D H
      completed: 4, // A B C G
      medianHours: 68.5, // 3, 66, 71, 96 → (66 + 71) / 2
      withinServiceLevel: 0.5, // A B met, C G breached
      open: 3, // D E H
      oldestOpenDays: 33, // E: 10-28 → 11-30
      repeatGroups: 1, // DQ-0001
      hazardsFound: 2, // H1 H3
      hazardsRectified: 2, // H1 H2
      hazardsOpen: 1, // H3
    });
  });

  it('computes October the same way for the column beside it', () => {
    expect(monthFigures(repairs, hazards, '2026-10', cal)).toEqual({
      reported: 3, // E F G
      completed: 1, // F
      medianHours: 2.5,
      withinServiceLevel: 1,
      open: 2, // E, and G (done only on 11-03)
      oldestOpenDays: 3, // E: 10-28 → 10-31
      repeatGroups: 0,
      hazardsFound: 2, // H2 H4
      hazardsRectified: 1, // H4
      hazardsOpen: 1, // H2 (rectified only on 11-02)
    });
  });

  it('lays out the section with last month beside, by category and location, and the repeat failure', () => {
    const s = repairsSection(repairs, hazards, '2026-11', cal);
    expect(s.id).toBe('repairs');
    const fig = Object.fromEntries(s.figures.map((f) => [f.key, [f.value, f.previous, f.format]]));
    expect(fig.reported).toEqual([5, 3, 'count']);
    expect(fig.withinServiceLevel).toEqual([0.5, 1, 'percent']);
    expect(fig.medianHours).toEqual([68.5, 2.5, 'hours']);
    const [byCategory, byLocation, repeats] = s.tables!;
    expect(byCategory!.rows).toEqual([
      ['水', 1, 2],
      ['电', 2, 1],
      ['木工', 1, 0],
      ['门窗', 1, 0],
    ]);
    expect(byLocation!.rows).toEqual([
      ['图书室', 3, 1],
      ['音乐室', 2, 0],
    ]);
    expect(repeats!.rows).toEqual([['DQ-0001', 3, '2026-11-20']]);
  });

  it('flags repeat failures only within 30 days', () => {
    const spaced = [
      row('X1', { reportedAt: '2026-09-01T09:00:00', room: '音乐室' }),
      row('X2', { reportedAt: '2026-09-20T09:00:00', room: '音乐室' }),
      row('X3', { reportedAt: '2026-10-01T09:00:00', room: '音乐室' }), // 30 days after X1: window is X2, X3 only
      row('X4', { reportedAt: '2026-10-10T09:00:00', room: '音乐室' }), // X2 X3 X4 within 30 days
    ];
    expect([...repeatFailures(spaced, '2026-10-10').flagged]).toEqual(['X4']);
  });
});

describe('the assign picker (派工)', () => {
  it('lists workers whose trade fits the category first, each with their trade; no teachers', async () => {
    const { readTable } = await import('../../src/core/table/table.js');
    const { tabs } = await import('../../sheets-schema/index.js');
    const { workersFor } = await import('../../src/plugins/repairs/shared.js');
    const people = readTable(tabs.people, '人员', [
      ['编号', '姓名', '角色', '班级/部门', '启用', '备注'],
      ['P1', '王木工', '后勤人员', '总务处', '是', '木工'],
      ['P2', '李会计', '后勤人员', '总务处', '是', ''],
      ['P3', '赵水电', '后勤人员', '总务处', '是', '水电工，兼管锅炉'],
      ['P4', '陈老师', '教师', '七年级', '是', '水电工'],
      ['P5', '停用者', '后勤人员', '总务处', '否', '水电工'],
    ] as never);
    const list = workersFor(people, 'water');
    expect(list.map((w) => [w.name, w.trade, w.fits])).toEqual([
      ['赵水电', '水电工', true],
      ['王木工', '木工', false],
      ['李会计', '', false],
    ]);
  });
});
