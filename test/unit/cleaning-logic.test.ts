/** The cleaning module's rules, without I/O: slots, checklists, scores, standings, rosters, repeat taps. */
import { describe, expect, it } from 'vitest';
import { checkinKey, recentCheckin } from '../../src/plugins/cleaning/logic/checkin.js';
import type { CheckinRecord } from '../../src/plugins/cleaning/logic/board.js';
import { rosterErrors, rosterId, rosterNames, rotate } from '../../src/plugins/cleaning/logic/roster.js';
import {
  evaluationGrade,
  monthOf,
  rankingId,
  scoreInspection,
  standings,
  weekOf,
  type InspectionRecord,
} from '../../src/plugins/cleaning/logic/scores.js';
import { assignSlots, ROUTINE_SLOTS } from '../../src/plugins/cleaning/logic/slots.js';
import { defaultRoutine, NINE_NOS, parseChecklist } from '../../src/plugins/cleaning/logic/zones.js';

const at = (time: string) => ({ time });
const states = (slots: ReturnType<typeof assignSlots<{ time: string }>>) =>
  slots.map((s) => `${s.slot.key}:${s.state}${s.checkin ? `@${s.checkin.time}` : ''}`);

describe('slots: which check a tap fills', () => {
  const sweep3 = ROUTINE_SLOTS.sweep3; // 07:50, 10:30, 14:00, 17:30

  it('fills each window on time and leaves later ones pending', () => {
    expect(states(assignSlots(sweep3, [at('07:40'), at('10:05')], '11:00', (c) => c.time))).toEqual([
      'sweep:done@07:40',
      'am:done@10:05',
      'noon:pending',
      'pm:pending',
    ]);
  });

  it('counts a tap shortly after a missed due time as late for that check', () => {
    expect(states(assignSlots(sweep3, [at('08:20')], '09:00', (c) => c.time))).toEqual([
      'sweep:late@08:20',
      'am:pending',
      'noon:pending',
      'pm:pending',
    ]);
  });

  it('marks checks missing once due, and gives a tap long after a missed one to the current window', () => {
    expect(states(assignSlots(sweep3, [at('13:00')], '15:00', (c) => c.time))).toEqual([
      'sweep:missing',
      'am:missing',
      'noon:done@13:00',
      'pm:pending',
    ]);
  });

  it('a second tap in a filled window makes up the latest missed check, late; a third is extra', () => {
    expect(states(assignSlots(sweep3, [at('12:00'), at('12:30'), at('13:00')], '24:00', (c) => c.time))).toEqual([
      'sweep:late@13:00',
      'am:late@12:30',
      'noon:done@12:00',
      'pm:missing',
    ]);
    expect(states(assignSlots(ROUTINE_SLOTS.daily, [at('16:00'), at('16:01')], '24:00', (c) => c.time))).toEqual(['day:done@16:00']);
  });

  it('after the last due time a tap is late for the last check', () => {
    expect(states(assignSlots(ROUTINE_SLOTS.twice, [at('07:30'), at('19:00')], '24:00', (c) => c.time))).toEqual([
      'am:done@07:30',
      'noon:late@19:00',
    ]);
  });

  it('defaults the routine from the party and type', () => {
    expect(defaultRoutine('class', 'grounds')).toBe('sweep3');
    expect(defaultRoutine('cleaner', 'toilet')).toBe('thrice');
    expect(defaultRoutine('company', 'canteen')).toBe('thrice');
    expect(defaultRoutine('cleaner', 'corridor')).toBe('twice');
    expect(defaultRoutine('office', 'office')).toBe('daily');
  });
});

describe('checklists', () => {
  it('defaults to the nine "no"s worth 100 points', () => {
    expect(parseChecklist('')).toEqual(NINE_NOS);
    expect(NINE_NOS).toHaveLength(9);
    expect(NINE_NOS.reduce((s, i) => s + i.points, 0)).toBe(100);
  });

  it('reads points in brackets (half- or full-width) and shares the rest of 100', () => {
    expect(parseChecklist('地面干净（40分）\n桌椅整齐；无异味；讲台整洁')).toEqual([
      { label: '地面干净', points: 40 },
      { label: '桌椅整齐', points: 20 },
      { label: '无异味', points: 20 },
      { label: '讲台整洁', points: 20 },
    ]);
    expect(parseChecklist('A\nB\nC').map((i) => i.points)).toEqual([34, 33, 33]);
    expect(parseChecklist('门窗(15)\n地面 10分').map((i) => [i.label, i.points])).toEqual([
      ['门窗', 15],
      ['地面', 10],
    ]);
  });
});

describe('inspection scores', () => {
  it('takes deductions per item from 100', () => {
    const r = scoreInspection(NINE_NOS, { d2: '2', d4: '1.5', d8: '' });
    expect(r.errors).toEqual({});
    expect(r.score).toBe(96.5);
    expect(r.deductions).toEqual([
      { label: '无纸屑', points: 2 },
      { label: '无蜘蛛网', points: 1.5 },
    ]);
  });

  it('nothing deducted is a clean 100; a typed total alone is used', () => {
    expect(scoreInspection(NINE_NOS, {}).score).toBe(100);
    expect(scoreInspection(NINE_NOS, { score: '８８' }).score).toBe(88);
  });

  it('refuses a score outside 0–100, negative or over-large deductions, and totals that disagree', () => {
    expect(scoreInspection(NINE_NOS, { score: '120' }).errors.score?.zh).toBe('得分应为 0 至 100 之间的数字');
    expect(scoreInspection(NINE_NOS, { score: '-5' }).errors.score).toBeDefined();
    expect(scoreInspection(NINE_NOS, { d0: '16' }).errors.d0?.zh).toContain('0 至 15');
    expect(scoreInspection(NINE_NOS, { d1: '-1' }).errors.d1).toBeDefined();
    expect(scoreInspection(NINE_NOS, { d1: 'abc' }).score).toBeNull();
    expect(scoreInspection(NINE_NOS, { d1: '2', score: '90' }).errors.score?.zh).toContain('100 − 2 = 98');
    expect(scoreInspection(NINE_NOS, { d1: '2', score: '98' }).score).toBe(98);
  });
});

describe('class standings', () => {
  const rec = (date: string, party: string, score: number): InspectionRecord => ({
    id: `${date}${party}${score}`,
    date,
    zone: 'Z',
    party,
    kind: null,
    score,
    row: 2,
  });
  const classes = ['一班', '二班', '三班', '四班'];

  it('ranks by mean score within the period, ties share a rank, classes without inspections last', () => {
    const records = [
      rec('2026-11-16', '一班', 90),
      rec('2026-11-18', '一班', 80),
      rec('2026-11-17', '二班', 85),
      rec('2026-11-20', '三班', 95),
      rec('2026-11-23', '四班', 100),
      rec('2026-11-17', '外校', 100),
    ];
    const week = weekOf('2026-11-18');
    expect(week).toEqual({ kind: 'week', start: '2026-11-16', end: '2026-11-22' });
    expect(standings(classes, records, week)).toEqual([
      { class: '三班', count: 1, average: 95, rank: 1 },
      { class: '一班', count: 2, average: 85, rank: 2 },
      { class: '二班', count: 1, average: 85, rank: 2 },
      { class: '四班', count: 0, average: null, rank: null },
    ]);
    expect(standings(classes, records, monthOf('2026-11-30'))[0]).toEqual({ class: '四班', count: 1, average: 100, rank: 1 });
  });

  it('names ranking rows stably per period and class', () => {
    expect(rankingId(weekOf('2026-11-18'), '七年级(1)班')).toBe('RK-W20261116-七年级(1)班');
    expect(rankingId(monthOf('2026-11-18'), '七年级(1)班')).toBe('RK-M20261101-七年级(1)班');
  });

  it('grades the company evaluation', () => {
    expect([95, 90, 89.5, 80, 60, 59].map(evaluationGrade)).toEqual(['excellent', 'excellent', 'good', 'good', 'pass', 'fail']);
  });
});

describe('duty rosters', () => {
  it('takes typed names (deduplicated) or numbers for a head count', () => {
    expect(rosterNames('张三\n李四、王五, 张三', '')).toEqual(['张三', '李四', '王五']);
    expect(rosterNames('', '４')).toEqual(['1号', '2号', '3号', '4号']);
    expect(rosterNames('', '0')).toEqual([]);
  });

  it('rotates people so everyone takes turns equally', () => {
    expect(rotate(['d1', 'd2', 'd3'], ['甲', '乙', '丙'], 2)).toEqual([
      { date: 'd1', onDuty: ['甲', '乙'] },
      { date: 'd2', onDuty: ['丙', '甲'] },
      { date: 'd3', onDuty: ['乙', '丙'] },
    ]);
  });

  it('explains what is wrong with a request', () => {
    expect(rosterErrors({ from: null, to: '2026-11-30', names: [], perDay: 0 })).toMatchObject({
      from: { zh: '请填写开始日期，如 2026-11-23' },
      perDay: { zh: '每天值日人数应为正整数' },
    });
    expect(rosterErrors({ from: '2026-11-30', to: '2026-11-01', names: ['甲'], perDay: 2 })).toMatchObject({
      to: { zh: '结束日期不能早于开始日期' },
      perDay: { zh: '每天值日人数（2）不能多于总人数（1）' },
    });
    expect(rosterErrors({ from: '2026-11-01', to: '2026-11-30', names: ['甲', '乙'], perDay: 1 })).toEqual({});
  });

  it('gives a day of a roster a stable ID', () => {
    expect(rosterId('2026-11-23', '七年级(1)班', 'Z001', '')).toBe(rosterId('2026-11-23', '七年级(1)班', 'Z001', ''));
    expect(rosterId('2026-11-23', '七年级(1)班', 'Z001', '')).not.toBe(rosterId('2026-11-23', '七年级(2)班', 'Z001', ''));
    expect(rosterId('2026-11-23', '七年级(1)班', 'Z001', '')).toMatch(/^DR-20261123-[0-9A-Z]{7}$/);
  });
});

describe('repeated taps', () => {
  const record = (time: string, personId = 'P1', zone = 'Z001'): CheckinRecord => ({
    id: time,
    time,
    date: time.slice(0, 10),
    zone,
    kind: 'routine',
    person: '',
    personId,
    issue: false,
    note: '',
    row: 2,
  });

  it('share one idempotency key within a 5-minute window', () => {
    const t = Date.parse('2026-11-20T07:41:00+08:00');
    expect(checkinKey('Z001', 'P1', t)).toBe(checkinKey('Z001', 'P1', t + 60_000));
    expect(checkinKey('Z001', 'P1', t)).not.toBe(checkinKey('Z001', 'P2', t));
    expect(checkinKey('Z001', 'P1', t)).not.toBe(checkinKey('Z001', 'P1', t, 'bigClean'));
  });

  it('finds the same person’s tap on the same zone less than 5 minutes ago, across a window boundary', () => {
    const records = [record('2026-11-20T07:44:30'), record('2026-11-20T07:44:50', 'P2'), record('2026-11-20T07:44:55', 'P1', 'Z002')];
    expect(recentCheckin(records, 'Z001', 'P1', '2026-11-20T07:45:10')?.time).toBe('2026-11-20T07:44:30');
    expect(recentCheckin(records, 'Z001', 'P1', '2026-11-20T07:49:31')).toBeNull();
    expect(recentCheckin(records, 'Z003', 'P1', '2026-11-20T07:45:10')).toBeNull();
  });
});
