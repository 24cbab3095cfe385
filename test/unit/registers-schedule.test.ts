/** Recurring rules against what was done (src/core/registers/schedule.ts); every date worked out by hand on the fixture calendar. */
import { describe, expect, it } from 'vitest';
import { dueStatus, missedDays, wantedInMonth } from '../../src/core/registers/schedule.js';
import { parseRule, type Rule } from '../../src/core/rules.js';
import { calendar } from './greening-fixture.js';

const rule = (text: string): Rule => {
  const r = parseRule(text);
  if (!r.ok) throw new Error(r.message.en);
  return r.rule;
};

describe('parseRule: monthly rules (added for registers)', () => {
  it('reads 每月一次, 每月2次, monthly and twice a month', () => {
    expect(rule('每月一次')).toMatchObject({ kind: 'perMonth', times: 1 });
    expect(rule('每月2次')).toMatchObject({ kind: 'perMonth', times: 2 });
    expect(rule('每个月')).toMatchObject({ kind: 'perMonth', times: 1 });
    expect(rule('monthly')).toMatchObject({ kind: 'perMonth', times: 1 });
    expect(rule('twice a month')).toMatchObject({ kind: 'perMonth', times: 2 });
    expect(parseRule('每月40次').ok).toBe(false);
  });
});

describe('dueStatus', () => {
  it('monthly: due this month, overdue once last month was missed too, fine once done', () => {
    const r = rule('每月一次');
    expect(dueStatus(r, ['2026-03-10'], '2026-04-08', calendar)).toEqual({ state: 'due', dueBy: '2026-04-30', last: '2026-03-10' });
    // Overdue names the missed deadline (a badge "overdue 2026-04-30" would read as a contradiction).
    expect(dueStatus(r, ['2026-02-10'], '2026-04-08', calendar)).toEqual({ state: 'overdue', dueBy: '2026-03-31', last: '2026-02-10' });
    expect(dueStatus(r, ['2026-03-10', '2026-04-02'], '2026-04-08', calendar)).toEqual({
      state: 'ok',
      dueBy: '2026-05-31',
      last: '2026-04-02',
    });
  });

  it('every 7 days: due within two days of the date, overdue after it, due at once when never done', () => {
    const r = rule('每周');
    expect(dueStatus(r, ['2026-03-02'], '2026-03-05', calendar)).toMatchObject({ state: 'ok', dueBy: '2026-03-09' });
    expect(dueStatus(r, ['2026-03-02'], '2026-03-07', calendar).state).toBe('due');
    expect(dueStatus(r, ['2026-03-02'], '2026-03-10', calendar).state).toBe('overdue');
    expect(dueStatus(r, [], '2026-03-10', calendar)).toMatchObject({ state: 'due', dueBy: '2026-03-10' });
  });

  it('every school day: overdue when the previous school day was missed, nothing on a Saturday', () => {
    const r = rule('每个上课日');
    // Mon 03-09: Fri 03-06 was the previous school day.
    expect(dueStatus(r, ['2026-03-06'], '2026-03-09', calendar).state).toBe('due');
    expect(dueStatus(r, ['2026-03-05'], '2026-03-09', calendar)).toMatchObject({ state: 'overdue', dueBy: '2026-03-06' });
    expect(dueStatus(r, ['2026-03-06'], '2026-03-07', calendar)).toMatchObject({ state: 'ok', dueBy: null });
  });

  it('twice a term: the first time is wanted by the end of the first half of its school days', () => {
    // Term 1 has 40 school days (22 in March, 18 in April with the make-up Saturday); the 20th is Fri 03-27.
    const r = rule('每学期2次');
    expect(dueStatus(r, [], '2026-03-20', calendar)).toMatchObject({ state: 'due', dueBy: '2026-03-27' });
    expect(dueStatus(r, [], '2026-04-07', calendar).state).toBe('overdue');
    expect(dueStatus(r, ['2026-03-20'], '2026-04-07', calendar)).toMatchObject({ state: 'due', dueBy: '2026-04-24' });
  });
});

describe('wantedInMonth and missedDays', () => {
  it('counts a daily rule by school days up to today, and a monthly one once', () => {
    // March 2026 up to Wed 03-04: Mon 02, Tue 03, Wed 04 → 3 school days, 2 of them done.
    expect(wantedInMonth(rule('每个上课日'), ['2026-03-02', '2026-03-04', '2026-02-27'], '2026-03', '2026-03-04', calendar)).toEqual({
      wanted: 3,
      done: 2,
    });
    expect(wantedInMonth(rule('每月一次'), ['2026-03-02', '2026-03-04'], '2026-03', '2026-03-31', calendar)).toEqual({
      wanted: 1,
      done: 1,
    });
  });

  it('lists the school days a daily entry was missed in the last week', () => {
    // Before Wed 03-11 within 7 days: 03-04 … 03-10 → school days 04, 05, 06, 09, 10.
    expect(missedDays(rule('每个上课日'), ['2026-03-04', '2026-03-06', '2026-03-10'], '2026-03-11', calendar)).toEqual([
      '2026-03-05',
      '2026-03-09',
    ]);
  });
});
