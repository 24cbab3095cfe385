import { describe, expect, it } from 'vitest';
import type { ColumnDef } from '../../sheets-schema/index.js';
import { assets, people, rooms } from '../../sheets-schema/index.js';
import { dateTimeToSerial, dateToSerial, parseCell, serialToDate, serialToDateTime, toCell } from '../../src/core/table/cells.js';

const col = (tab: { columns: readonly ColumnDef[] }, key: string) => tab.columns.find((c) => c.key === key)!;
const acquired = col(assets, 'acquired');
const updatedAt = col(assets, 'updatedAt');
const price = col(assets, 'price');
const status = col(assets, 'status');
const category = col(assets, 'category');
const tag = col(assets, 'tag');
const name = col(assets, 'name');
const notes = col(assets, 'notes');
const floor = col(rooms, 'floor');
const active = col(people, 'active');
const room = col(assets, 'room');

const ok = (c: ColumnDef, raw: Parameters<typeof parseCell>[1]) => {
  const p = parseCell(c, raw);
  if (!p.ok) throw new Error(`expected ${JSON.stringify(raw)} to parse for ${c.key}, got ${p.expected.en}`);
  return p.value;
};

describe('serial helpers', () => {
  it('uses day 0 = 1899-12-30 with no timezone shift', () => {
    expect(dateToSerial('1899-12-31')).toBe(1);
    expect(dateToSerial('1900-03-01')).toBe(61);
    expect(dateToSerial('2026-03-05')).toBe(46086);
    expect(serialToDate(46086)).toBe('2026-03-05');
    expect(serialToDate(46086.99)).toBe('2026-03-05');
    expect(serialToDateTime(46086.5)).toBe('2026-03-05T12:00:00');
    expect(dateTimeToSerial('2026-03-05T18:00')).toBe(46086.75);
    expect(dateTimeToSerial('2026-03-05')).toBe(46086);
  });
  it('round-trips every day for a decade and times to the second', () => {
    for (let s = 40000; s < 43653; s++) expect(dateToSerial(serialToDate(s))).toBe(s);
    for (const t of ['2026-03-05T00:00:00', '2026-03-05T23:59:59', '2024-02-29T07:08:09', '2026-12-31T12:34:56']) {
      expect(serialToDateTime(dateTimeToSerial(t))).toBe(t);
    }
  });
  it('refuses malformed input', () => {
    expect(() => dateToSerial('2026-02-30')).toThrow(RangeError);
    expect(() => dateToSerial('2026-3-5')).toThrow(RangeError);
    expect(() => dateTimeToSerial('2026-03-05T25:00')).toThrow(RangeError);
  });
});

describe('parseCell: dates', () => {
  it.each([
    [46086, '2026-03-05'],
    [46086.6, '2026-03-05'],
    ['2026-3-5', '2026-03-05'],
    ['2026-03-05', '2026-03-05'],
    ['2026/03/05', '2026-03-05'],
    ['2026.3.5', '2026-03-05'],
    ['2026年3月5日', '2026-03-05'],
    ['2026年3月5号', '2026-03-05'],
    ['２０２６－０３－０５', '2026-03-05'],
    ['２０２６年３月５日', '2026-03-05'],
    ['20260305', '2026-03-05'],
    [20260305, '2026-03-05'],
    [' 2026-03-05 ', '2026-03-05'],
    ['2026-03-05 14:30', '2026-03-05'],
    ['2024-02-29', '2024-02-29'],
  ])('%j → %s', (raw, want) => {
    expect(ok(acquired, raw)).toBe(want);
  });

  it.each(['明天', '2026-13-45', '2026-02-30', '2025-02-29', 'abc', '3/5/2026', '2026-03', '2026-03-05 下午'])('refuses %j', (raw) => {
    const p = parseCell(acquired, raw);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.expected).toEqual({ zh: '日期，如 2026-03-05', en: 'a date like 2026-03-05' });
  });

  it('refuses serials and years out of range', () => {
    for (const raw of [0, -5, 0.5, 2958466 /* year 10000 */, 150000 /* year 2310 */, '2300-01-01', '1800-01-01']) {
      const p = parseCell(acquired, raw);
      expect(p.ok, String(raw)).toBe(false);
      if (!p.ok) expect(p.reason).toBe('range');
    }
    expect(parseCell(acquired, true).ok).toBe(false);
  });
});

describe('parseCell: date-times', () => {
  it.each([
    [46086.75, '2026-03-05T18:00:00'],
    [46086, '2026-03-05T00:00:00'],
    ['2026-03-05 14:30', '2026-03-05T14:30:00'],
    ['2026-03-05T14:30:15', '2026-03-05T14:30:15'],
    ['2026/3/5 9:05', '2026-03-05T09:05:00'],
    ['2026年3月5日 14点30分', '2026-03-05T14:30:00'],
    ['２０２６－０３－０５　１４：３０', '2026-03-05T14:30:00'],
    ['2026-03-05', '2026-03-05T00:00:00'],
  ])('%j → %s', (raw, want) => {
    expect(ok(updatedAt, raw)).toBe(want);
  });
  it.each(['2026-03-05 25:00', '2026-03-05 12:61', '2026-03-05 noon', 'yesterday'])('refuses %j', (raw) => {
    const p = parseCell(updatedAt, raw);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.expected.en).toContain('date and time');
  });
});

describe('parseCell: numbers and money', () => {
  it.each([
    [1200, 1200],
    ['1200', 1200],
    ['1,234.50', 1234.5],
    ['¥1,200', 1200],
    ['￥1,200', 1200],
    ['1200元', 1200],
    ['¥ 1,200.00 元', 1200],
    ['１，２３４．５', 1234.5],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['0', 0],
  ])('money %j → %s', (raw, want) => {
    expect(ok(price, raw)).toBe(want);
  });

  it('refuses a negative price as out of range', () => {
    for (const raw of [-1, '-¥5', '¥-5', '−5']) {
      const p = parseCell(price, raw);
      expect(p.ok, String(raw)).toBe(false);
      if (!p.ok) expect(p).toMatchObject({ reason: 'range', expected: { zh: '不小于 0 的金额' } });
    }
  });

  it.each([
    [3, 3],
    ['-1', -1],
    ['−2', -2],
    ['3楼', 3],
    ['３层', 3],
    ['+4', 4],
    ['12,345', 12345],
  ])('number %j → %s', (raw, want) => {
    expect(ok(floor, raw)).toBe(want);
  });

  it.each(['abc', '1,5', '1，5', '1，23', '1,23', '12,3456', '1.2.3', '二楼', 'NaN', 'Infinity', '1e5', '--1', true])(
    'number refuses %j',
    (raw) => {
      const p = parseCell(floor, raw);
      expect(p.ok).toBe(false);
      if (!p.ok) expect(p.expected.en).toBe('a number like 12 or 1,234.5');
    },
  );
});

describe('parseCell: booleans', () => {
  const yes = [true, 1, '是', '✓', '√', 'TRUE', 'true', 'Y', 'yes', '1', '启用', '在职', ' 是 ', 'ｙｅｓ'];
  const no = [false, 0, '否', '✗', '×', 'FALSE', 'false', 'N', 'no', '0', '停用', '离职'];
  it.each(yes)('%j → true', (raw) => expect(ok(active, raw)).toBe(true));
  it.each(no)('%j → false', (raw) => expect(ok(active, raw)).toBe(false));
  it.each(['maybe', '2', '是的吧'])('refuses %j', (raw) => {
    const p = parseCell(active, raw);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.expected.zh).toBe('是 或 否');
  });
});

describe('parseCell: enums, ids, text', () => {
  it('accepts the zh label, English label, key or an alias and returns the key', () => {
    expect(ok(status, '在用')).toBe('in_use');
    expect(ok(status, 'In use')).toBe('in_use');
    expect(ok(status, 'IN USE')).toBe('in_use');
    expect(ok(status, 'in_use')).toBe('in_use');
    expect(ok(status, '维修')).toBe('repairing');
    expect(ok(status, ' 报 废 ')).toBe('written_off');
    expect(ok(category, '电脑')).toBe('it');
  });
  it('names the allowed values when an enum value is unknown', () => {
    const p = parseCell(status, '丢了');
    expect(p.ok).toBe(false);
    if (!p.ok) {
      expect(p.expected.zh).toBe('以下之一：在用、闲置、借出、维修中、损坏、已报废');
      expect(p.expected.en).toBe('one of: In use, Idle, On loan, Under repair, Damaged, Written off');
    }
  });
  it('reads ids as trimmed text and numbers without ".0"', () => {
    expect(ok(tag, ' JJ-0001 ')).toBe('JJ-0001');
    expect(ok(tag, 101)).toBe('101');
    expect(ok(tag, 101.5)).toBe('101.5');
  });
  it('keeps text as is and stringifies numbers sensibly', () => {
    expect(ok(notes, ' 左腿松动\n待修 ')).toBe(' 左腿松动\n待修 ');
    expect(ok(room, 13800138000)).toBe('13800138000');
    expect(ok(room, 0.1 + 0.2)).toBe('0.3');
    expect(ok(room, true)).toBe('TRUE');
    expect(ok(name, '=SUM(A1)')).toBe('=SUM(A1)');
  });
  it('reads empty as null, and required-and-empty as a problem', () => {
    for (const raw of [undefined, null, '', '   ']) {
      expect(ok(room, raw)).toBeNull();
      const p = parseCell(name, raw);
      expect(p).toMatchObject({ ok: false, reason: 'required' });
    }
  });
});

describe('toCell (RAW writes)', () => {
  it('writes dates as serials and round-trips them', () => {
    expect(toCell(acquired, '2026-03-05')).toBe(46086);
    expect(toCell(acquired, '2026/3/5')).toBe(46086);
    expect(ok(acquired, toCell(acquired, '2026-03-05'))).toBe('2026-03-05');
    expect(toCell(updatedAt, '2026-03-05T18:00:00')).toBe(46086.75);
    expect(ok(updatedAt, toCell(updatedAt, '2026-03-05T07:08:09'))).toBe('2026-03-05T07:08:09');
  });
  it('writes money rounded to 2 dp, numbers as numbers, booleans as booleans', () => {
    expect(toCell(price, 1200.456)).toBe(1200.46);
    expect(toCell(price, 1.005)).toBe(1.01);
    expect(toCell(price, '¥1,200.5')).toBe(1200.5);
    expect(toCell(floor, 3)).toBe(3);
    expect(toCell(active, true)).toBe(true);
    expect(toCell(active, false)).toBe(false);
    expect(toCell(active, '是')).toBe(true);
  });
  it('writes enum keys as their zh label (what staff read)', () => {
    expect(toCell(status, 'repairing')).toBe('维修中');
    expect(toCell(status, 'Under repair')).toBe('维修中');
    expect(ok(status, toCell(status, 'written_off'))).toBe('written_off');
  });
  it('writes text as given (formulas included: RAW keeps them inert) and null as a clear', () => {
    expect(toCell(name, '=HYPERLINK("http://evil")')).toBe('=HYPERLINK("http://evil")');
    expect(toCell(tag, 42)).toBe('42');
    expect(toCell(name, null)).toBe('');
    expect(toCell(acquired, null)).toBe('');
  });
  it('keeps an unconvertible value as text rather than losing it', () => {
    expect(toCell(acquired, '明天')).toBe('明天');
    expect(toCell(status, 'lost')).toBe('lost');
  });
});
