/** Pure checks of the emulator's A1 and USER_ENTERED helpers (the API-level forms are in values.test.ts). */
import { describe, expect, it } from 'vitest';
import { columnToLetters, formatRange, lettersToColumn, parseRange, quoteTitle } from '../../tools/sheets-emulator/a1.js';
import { formatNumber, parseUserEntered } from '../../tools/sheets-emulator/format.js';

describe('A1 helpers', () => {
  it('columns round-trip', () => {
    for (const [n, s] of [
      [0, 'A'],
      [25, 'Z'],
      [26, 'AA'],
      [701, 'ZZ'],
      [702, 'AAA'],
    ] as const) {
      expect(columnToLetters(n)).toBe(s);
      expect(lettersToColumn(s)).toBe(n);
    }
  });
  it('quotes titles like Google', () => {
    expect(quoteTitle('Sheet1')).toBe('Sheet1');
    expect(quoteTitle('资产')).toBe('资产');
    expect(quoteTitle('My Sheet')).toBe("'My Sheet'");
    expect(quoteTitle("O'Brien")).toBe("'O''Brien'");
    expect(quoteTitle('A1')).toBe("'A1'");
    expect(quoteTitle('2024')).toBe("'2024'");
    expect(formatRange('A1', { startRow: 0, endRow: 2, startCol: 0, endCol: 2 })).toBe("'A1'!A1:B2");
  });
  it('parses the forms Google accepts', () => {
    expect(parseRange("'O''Brien'!A1")).toEqual({ sheetName: "O'Brien", bounds: { startRow: 0, endRow: 1, startCol: 0, endCol: 1 } });
    expect(parseRange('Sheet1!2:5')).toEqual({ sheetName: 'Sheet1', bounds: { startRow: 1, endRow: 5, startCol: 0, endCol: undefined } });
    expect(parseRange('A2:Z')?.bounds).toEqual({ startRow: 1, endRow: undefined, startCol: 0, endCol: 26 });
    expect(parseRange('资产')).toEqual({ sheetName: '资产', ambiguous: true, bounds: undefined });
    expect(parseRange("'unterminated!A1")).toBeNull();
  });
});

describe('USER_ENTERED parsing and formats', () => {
  it('dates follow the locale for d/m order', () => {
    expect(parseUserEntered('3/5/2026', 'en_US').value).toEqual({ numberValue: 46086 });
    expect(parseUserEntered('5/3/2026', 'en_GB').value).toEqual({ numberValue: 46086 });
    expect(parseUserEntered('2026年3月5日', 'zh_CN')).toEqual({
      value: { numberValue: 46086 },
      format: { type: 'DATE', pattern: 'yyyy"年"m"月"d"日"' },
    });
    expect(parseUserEntered('2026-02-30').value).toEqual({ stringValue: '2026-02-30' });
    expect(parseUserEntered('2026-03-05 14:30').value?.numberValue).toBeCloseTo(46086 + 14.5 / 24);
  });
  it('keeps text that only looks numeric-ish', () => {
    expect(parseUserEntered('A-301').value).toEqual({ stringValue: 'A-301' });
    expect(parseUserEntered('1,23').value).toEqual({ stringValue: '1,23' });
    expect(parseUserEntered("'=1+1").value).toEqual({ stringValue: '=1+1' });
    expect(parseUserEntered('').value).toBeUndefined();
  });
  it('renders patterns', () => {
    expect(formatNumber(46086.5, { type: 'DATE_TIME', pattern: 'yyyy-mm-dd hh:mm' })).toBe('2026-03-05 12:00');
    expect(formatNumber(1234.5, { type: 'CURRENCY', pattern: '"¥"#,##0.00' })).toBe('¥1,234.50');
    expect(formatNumber(-0.125, { type: 'PERCENT', pattern: '0.0%' })).toBe('-12.5%');
    expect(formatNumber(7, { type: 'NUMBER', pattern: '000' })).toBe('007');
    expect(formatNumber(1 / 3)).toBe('0.3333333333');
    expect(formatNumber(46086, { type: 'DATE', pattern: 'dddd, mmmm d' })).toBe('Thursday, March 5');
  });
});
