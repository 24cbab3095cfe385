/** A small hand-made school calendar and tables for the greening unit tests (dates worked out by hand in the tests). */
import { schoolCalendar } from '../../src/core/calendar.js';
import type { Table, Values } from '../../src/core/table/types.js';
import { holidaySpans } from '../../src/plugins/greening/schedule.js';

/** Rows as the table layer gives them (values already parsed), numbered from sheet row 2. */
export function table(title: string, records: Array<Values & { id: string }>): Table {
  return {
    tab: {} as Table['tab'],
    title,
    header: { index: {}, texts: [], unknown: [], missing: [] },
    problems: [],
    rows: records.map((values, i) => ({ id: values.id, row: i + 2, values })),
  };
}

/**
 * Term 1: Mon 2026-03-02 … Fri 2026-04-24, 清明 Fri 04-03 … Sun 04-05 off, Saturday 04-11 a
 * make-up school day → 40 school days. The break 04-25 … 05-03, then a three-week term 2
 * (05-04 … 05-22, 15 school days).
 */
export const calendarTable = table('校历', [
  { id: 'C1', kind: 'term', name: '第一学期', start: '2026-03-02', end: '2026-04-24' },
  { id: 'C2', kind: 'holiday', name: '清明节', start: '2026-04-03', end: '2026-04-05' },
  { id: 'C3', kind: 'makeup', name: '调休上课', start: '2026-04-11', end: '2026-04-11' },
  { id: 'C4', kind: 'holiday', name: '春假', start: '2026-04-25', end: '2026-05-03' },
  { id: 'C5', kind: 'term', name: '短学期', start: '2026-05-04', end: '2026-05-22' },
]);
export const calendar = schoolCalendar(calendarTable);
export const holidays = holidaySpans(calendarTable);
export const term1 = calendar.terms[0]!;
export const term2 = calendar.terms[1]!;
