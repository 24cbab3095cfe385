import { describe, expect, it } from 'vitest';
import { a1Cell, columnIndex, columnLetter, parseRange, quoteSheetTitle, rangeFor } from '../../src/core/sheets/a1.js';

describe('column letters', () => {
  it('maps indexes to letters and back, across the Z/AA boundaries', () => {
    const cases: Array<[number, string]> = [
      [0, 'A'],
      [12, 'M'],
      [25, 'Z'],
      [26, 'AA'],
      [51, 'AZ'],
      [52, 'BA'],
      [701, 'ZZ'],
      [702, 'AAA'],
    ];
    for (const [i, l] of cases) {
      expect(columnLetter(i)).toBe(l);
      expect(columnIndex(l)).toBe(i);
    }
    expect(columnIndex('aa')).toBe(26);
    for (let i = 0; i < 2000; i++) expect(columnIndex(columnLetter(i))).toBe(i);
  });
  it('refuses nonsense', () => {
    expect(() => columnLetter(-1)).toThrow(RangeError);
    expect(() => columnLetter(1.5)).toThrow(RangeError);
    expect(() => columnIndex('A1')).toThrow(RangeError);
    expect(() => columnIndex('')).toThrow(RangeError);
  });
});

describe('sheet titles and ranges', () => {
  it('quotes every title and doubles apostrophes', () => {
    expect(quoteSheetTitle('资产')).toBe("'资产'");
    expect(quoteSheetTitle("O'Brien's list")).toBe("'O''Brien''s list'");
    expect(quoteSheetTitle('Sheet 1')).toBe("'Sheet 1'");
  });
  it('builds cells and ranges', () => {
    expect(a1Cell(12, 4)).toBe('E12');
    expect(a1Cell(1, 27)).toBe('AB1');
    expect(rangeFor('资产')).toBe("'资产'");
    expect(rangeFor('资产', { row: 7, col: 2 })).toBe("'资产'!C7");
    expect(rangeFor('资产', { row: 7, col: 0, endCol: 12 })).toBe("'资产'!A7:M7");
    expect(rangeFor('资产', { row: 2, col: 0, endRow: 10, endCol: 3 })).toBe("'资产'!A2:D10");
    expect(rangeFor('资产', { row: 1, endRow: 1 })).toBe("'资产'!1:1");
    expect(rangeFor('资产', { col: 0, endCol: 0 })).toBe("'资产'!A:A");
    expect(rangeFor("it's", { row: 3, col: 1 })).toBe("'it''s'!B3");
  });
});

describe('parseRange', () => {
  it('reads the updatedRange of an append on a Chinese tab', () => {
    expect(parseRange("'资产'!A501:M501")).toEqual({ sheet: '资产', startRow: 501, endRow: 501, startCol: 0, endCol: 12 });
  });
  it('reads unquoted, apostrophe, single-cell, column and row ranges', () => {
    expect(parseRange('Sheet1!A1:C2')).toEqual({ sheet: 'Sheet1', startRow: 1, endRow: 2, startCol: 0, endCol: 2 });
    expect(parseRange("'O''Brien'!B3")).toEqual({ sheet: "O'Brien", startRow: 3, endRow: 3, startCol: 1, endCol: 1 });
    expect(parseRange("'资产'!A:M")).toEqual({ sheet: '资产', startCol: 0, endCol: 12 });
    expect(parseRange("'a!b'!2:10")).toEqual({ sheet: 'a!b', startRow: 2, endRow: 10 });
    expect(parseRange('A1:B2')).toEqual({ startRow: 1, endRow: 2, startCol: 0, endCol: 1 });
    expect(parseRange("'资产'")).toEqual({ sheet: '资产' });
  });
  it('round-trips what rangeFor builds', () => {
    const title = "后勤 '甲' 表";
    expect(parseRange(rangeFor(title, { row: 9, col: 3, endRow: 12, endCol: 30 }))).toEqual({
      sheet: title,
      startRow: 9,
      endRow: 12,
      startCol: 3,
      endCol: 30,
    });
  });
  it('returns null for garbage', () => {
    expect(parseRange("'unterminated!A1")).toBeNull();
    expect(parseRange("'资产'!A1:")).toBeNull();
    expect(parseRange("'资产'!A1:B2:C3")).toBeNull();
    expect(parseRange("'资产'x")).toBeNull();
  });
});
