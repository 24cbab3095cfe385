/**
 * The registers' summary counts last month's checks from this month's register state
 * (one state per register, not two): that holds because the checks a row wants — its rule
 * or its due day — do not depend on when the state was taken. Checked here on a
 * rule-checked register (fire equipment, one row with its own rule, one unreadable) and a
 * due-day one (holiday duty), from states taken at different times.
 */
import { describe, expect, it } from 'vitest';
import { instantOf, monthRange } from '../../src/core/time.js';
import { checksInMonth, registerState } from '../../src/core/registers/model.js';
import { fireEquipment, holidayDuty } from '../../src/plugins/registers/ledgers.js';
import { calendar, table } from './greening-fixture.js';

const checks = table('登记簿检查记录', [
  { id: 'RC1', register: 'fire', item: 'F1', time: '2026-03-10T09:00:00', result: 'ok' },
  { id: 'RC2', register: 'fire', item: 'F1', time: '2026-04-14T09:00:00', result: 'ok' },
  { id: 'RC3', register: 'fire', item: 'F2', time: '2026-03-20T09:00:00', result: 'ok' },
  { id: 'RC4', register: 'fire', item: 'F3', time: '2026-05-06T09:00:00', result: 'ok' },
  { id: 'RC5', register: 'duty', item: 'D2', time: '2026-04-27T08:00:00', result: 'ok' },
  { id: 'RC6', register: 'duty', item: 'D3', time: '2026-05-01T08:00:00', result: 'ok' },
]);
const fire = table('消防器材', [
  { id: 'F1', name: '灭火器1', type: 'extinguisher', expires: '2027-01-01' },
  { id: 'F2', name: '灭火器2', type: 'extinguisher', rule: '每周', expires: '2026-04-01' },
  { id: 'F3', name: '消防栓', type: 'hydrant', rule: '乱写的规则' },
]);
const duty = table('节假日值班', [
  { id: 'D1', date: '2026-04-04', shift: 'day', person: '张三' },
  { id: 'D2', date: '2026-04-27', shift: 'day', person: '李四' },
  { id: 'D3', date: '2026-05-01', shift: 'night', person: '王五' },
]);

describe('checksInMonth does not depend on when the state was taken', () => {
  for (const [def, rows] of [
    [fireEquipment, fire],
    [holidayDuty, duty],
  ] as const)
    for (const month of ['2026-03', '2026-04', '2026-05'])
      it(`${def.id} ${month}`, () => {
        const last = monthRange(month).last;
        const own = checksInMonth(def, registerState(def, rows, checks, calendar, instantOf(`${last}T23:59:59`)), month, last, calendar);
        for (const taken of ['2026-03-01', '2026-04-15', '2026-06-30']) {
          const state = registerState(def, rows, checks, calendar, instantOf(`${taken}T23:59:59`));
          expect(checksInMonth(def, state, month, last, calendar)).toEqual(own);
        }
        if (def === fireEquipment && month === '2026-04') expect(own.wanted).toBeGreaterThan(0);
      });
});
