import { describe, expect, it } from 'vitest';
import { calendar } from '../../sheets-schema/index.js';
import { schoolCalendar } from '../../src/core/calendar.js';
import { readTable } from '../../src/core/table/table.js';
import { addDays, daysBetween, monthRange, previousMonth, weekday } from '../../src/core/time.js';
import { demoSchool } from '../../tools/demo/school.js';

const demo = () => {
  const sheet = demoSchool().sheets.find((s) => s.title === '校历')!;
  return schoolCalendar(readTable(calendar, sheet.title, sheet.rows));
};

describe('school calendar', () => {
  it('counts weekdays in term, minus holidays, plus make-up days (hand-checked on the 2026 calendar)', () => {
    const cal = demo();
    expect(cal.isSchoolDay('2026-11-20')).toBe(true); // a Friday in term
    expect(cal.isSchoolDay('2026-11-21')).toBe(false); // Saturday
    expect(cal.isSchoolDay('2026-10-05')).toBe(false); // National Day holiday
    expect(cal.isSchoolDay('2026-10-10')).toBe(true); // Saturday make-up day
    expect(cal.isSchoolDay('2026-08-10')).toBe(false); // summer break
    expect(cal.termOf('2026-11-20')?.name).toBe('2026—2027学年第一学期');
    // October 2026: 22 weekdays, minus Oct 1, 2, 5, 6, 7 (weekday holidays), plus Sat Oct 10 = 18.
    expect(cal.schoolDays('2026-10-01', '2026-10-31')).toHaveLength(18);
    expect(cal.nextSchoolDay('2026-09-30')).toBe('2026-10-08');
  });
  it('reports a row whose end is before its start, by cell, and ignores it', () => {
    const rows = [calendar.columns.map((c) => c.zh), ['C1', '学期', '错学期', 46300, 46200, '']];
    const cal = schoolCalendar(readTable(calendar, '校历', rows));
    expect(cal.terms).toEqual([]);
    expect(cal.problems).toEqual([expect.objectContaining({ cell: 'E2', rowId: 'C1' })]);
  });
});

describe('school time helpers', () => {
  it('do date arithmetic on local dates', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(daysBetween('2026-11-01', '2026-11-21')).toBe(20);
    expect(weekday('2026-11-21')).toBe(6);
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(monthRange('2026-02')).toEqual({ first: '2026-02-01', last: '2026-02-28' });
  });
});
