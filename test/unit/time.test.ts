import { describe, expect, it } from 'vitest';
import { auditRow } from '../../src/core/data/audit.js';
import { keyedRowId, newRowId } from '../../src/core/data/ids.js';
import { instantOf, localDate, localDateTime, SCHOOL_TIME_ZONE } from '../../src/core/time.js';

describe('school time', () => {
  const utc = Date.parse('2026-11-19T16:30:05Z');

  it('is Beijing time by default, one zone for every caller', () => {
    expect(SCHOOL_TIME_ZONE).toBe('Asia/Shanghai');
    expect(localDateTime(utc)).toBe('2026-11-20T00:30:05');
    expect(localDate(utc)).toBe('2026-11-20');
    expect(newRowId('R', new Date(utc))).toMatch(/^R-20261120-[0-9A-Z]{8}$/);
  });

  it('gives a form submission the same row ID each time it is sent, another submission another', async () => {
    const id = await keyedRowId('TH', 'stores.return:P1:form-key-1', new Date(utc));
    expect(id).toMatch(/^TH-20261120-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(await keyedRowId('TH', 'stores.return:P1:form-key-1', new Date(utc))).toBe(id);
    expect(await keyedRowId('TH', 'stores.return:P1:form-key-2', new Date(utc))).not.toBe(id);
  });

  it('turns a school-time string back into its instant, in any zone', () => {
    expect(instantOf('2026-11-20T00:30:05')).toBe(utc);
    expect(instantOf('2026-11-20')).toBe(Date.parse('2026-11-19T16:00:00Z'));
    // A zone with daylight saving, on both sides of the change.
    expect(localDateTime(instantOf('2026-07-01T09:00:00', 'Europe/London'), 'Europe/London')).toBe('2026-07-01T09:00:00');
    expect(instantOf('2026-01-01T09:00:00', 'Europe/London')).toBe(Date.parse('2026-01-01T09:00:00Z'));
  });

  it('builds audit rows in school time', () => {
    const row = auditRow({
      at: utc,
      actor: { id: 'P001', name: '王老师' },
      action: 'asset.move',
      tab: 'assets',
      rowId: 'JJ-0001',
      before: { room: 'A' },
      after: { room: 'B' },
    });
    expect(row).toMatchObject({
      time: '2026-11-20T00:30:05',
      person: '王老师 (P001)',
      tab: '资产',
      rowId: 'JJ-0001',
      before: '{"room":"A"}',
      after: '{"room":"B"}',
    });
    expect(row.id).toMatch(/^L-20261120-/);
    expect(auditRow({ at: utc, actor: { id: '', name: '定时任务' }, action: 'x', tab: 'people', rowId: 'P1', after: {} }).before).toBe('');
  });
});
