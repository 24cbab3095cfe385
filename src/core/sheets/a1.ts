/**
 * A1 notation helpers: column letters, quoted sheet titles, ranges, and a parser
 * for the ranges Google echoes back (`updatedRange`, `tableRange`).
 */

/**
 * 0-based column index → letters.
 * @example columnLetter(0) // 'A'; columnLetter(26) // 'AA'
 */
export function columnLetter(index0: number): string {
  if (!Number.isInteger(index0) || index0 < 0) throw new RangeError(`columnLetter: bad index ${index0}`);
  let n = index0 + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/**
 * Letters → 0-based column index (case-insensitive).
 * @example columnIndex('M') // 12
 */
export function columnIndex(letters: string): number {
  if (!/^[A-Za-z]{1,4}$/.test(letters)) throw new RangeError(`columnIndex: bad column "${letters}"`);
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * Quote a sheet title for A1 notation. Always quoting is valid for Google and
 * avoids guessing which titles need it (spaces, CJK, digits, `!`…); embedded
 * apostrophes are doubled.
 * @example quoteSheetTitle("O'Brien 2026") // "'O''Brien 2026'"
 */
export function quoteSheetTitle(title: string): string {
  return `'${title.replace(/'/g, "''")}'`;
}

/**
 * One cell without a sheet: 1-based row, 0-based column.
 * @example a1Cell(12, 4) // 'E12'
 */
export function a1Cell(row1: number, col0: number): string {
  return `${columnLetter(col0)}${row1}`;
}

/** Bounds for {@link rangeFor}: rows 1-based, columns 0-based; omitted parts are open. */
export interface RangeBounds {
  row?: number;
  col?: number;
  endRow?: number;
  endCol?: number;
}

/**
 * A range on a sheet, title always quoted.
 * @example
 * rangeFor('资产')                                  // "'资产'" (the whole sheet)
 * rangeFor('资产', { row: 7, col: 2 })              // "'资产'!C7"
 * rangeFor('资产', { row: 7, col: 0, endCol: 12 })  // "'资产'!A7:M7"
 * rangeFor('资产', { row: 1, endRow: 1 })           // "'资产'!1:1"
 * rangeFor('资产', { col: 0, endCol: 0 })           // "'资产'!A:A"
 */
export function rangeFor(title: string, bounds?: RangeBounds): string {
  const sheet = quoteSheetTitle(title);
  if (!bounds) return sheet;
  const { row, col, endRow, endCol } = bounds;
  let start: string;
  let end: string;
  if (col === undefined) {
    // whole rows
    if (row === undefined) return sheet;
    start = String(row);
    end = String(endRow ?? row);
  } else if (row === undefined) {
    // whole columns
    start = columnLetter(col);
    end = columnLetter(endCol ?? col);
  } else {
    start = a1Cell(row, col);
    if (endRow === undefined && endCol === undefined) return `${sheet}!${start}`;
    end = `${columnLetter(endCol ?? col)}${endRow ?? row}`;
  }
  return `${sheet}!${start}:${end}`;
}

/** A parsed A1 range; rows 1-based, columns 0-based, absent when the range is open there. */
export interface ParsedRange {
  /** Sheet title unquoted, or undefined when the range named none. */
  sheet?: string;
  startRow?: number;
  endRow?: number;
  startCol?: number;
  endCol?: number;
}

const CELL_RE = /^([A-Za-z]{0,4})(\d*)$/;

/**
 * Parse a range as Google returns it, e.g. `'资产'!A501:M501`, `Sheet1!A1:C2`,
 * `'O''Brien'!B3`, `'资产'!A:M`. Returns null when it is not A1 notation.
 * The gateway reads `startRow`/`endRow` of an append's `updatedRange` to learn
 * which rows it landed on.
 */
export function parseRange(range: string): ParsedRange | null {
  let rest = range.trim();
  let sheet: string | undefined;
  if (rest.startsWith("'")) {
    // Quoted title: '' is an escaped apostrophe; the closing quote is a lone '.
    let i = 1;
    let title = '';
    for (;;) {
      const q = rest.indexOf("'", i);
      if (q < 0) return null;
      title += rest.slice(i, q);
      if (rest[q + 1] === "'") {
        title += "'";
        i = q + 2;
        continue;
      }
      i = q + 1;
      break;
    }
    sheet = title;
    rest = rest.slice(i);
    if (rest === '') return { sheet };
    if (!rest.startsWith('!')) return null;
    rest = rest.slice(1);
  } else {
    const bang = rest.lastIndexOf('!');
    if (bang >= 0) {
      sheet = rest.slice(0, bang);
      rest = rest.slice(bang + 1);
    } else if (!/^[A-Za-z]{0,4}\d*(:[A-Za-z]{0,4}\d*)?$/.test(rest) || rest === '') {
      // An unquoted bare title (no cells).
      return rest === '' ? null : { sheet: rest };
    }
  }
  const [a, b, extra] = rest.split(':');
  if (a === undefined || a === '' || extra !== undefined) return null;
  const s = CELL_RE.exec(a);
  const e = CELL_RE.exec(b ?? a);
  if (!s || !e || b === '') return null;
  const out: ParsedRange = {};
  if (sheet !== undefined) out.sheet = sheet;
  if (s[1]) out.startCol = columnIndex(s[1]);
  if (s[2]) out.startRow = Number(s[2]);
  if (e[1]) out.endCol = columnIndex(e[1]);
  if (e[2]) out.endRow = Number(e[2]);
  if (!s[1] && !s[2]) return null;
  return out;
}

/**
 * Where to point values.append so Google's table detection cannot move a row into other
 * columns: the header cell of the first named column (`'资产'!A1`). Google's table is then
 * the block of columns holding that cell, and the rows go in from `column` (send each row
 * sliced from it). A whole-tab range would take the *last* block instead — data below the
 * table, a blank column or a lone value right of a gap would shift the row (src/core/sync/README.md).
 * Below title rows the header is lower (`headerRow`): anchored at A1, a title row and a blank
 * row would be Google's table and the rows would go in under the title.
 */
export function appendAnchor(title: string, headerTexts: readonly unknown[], headerRow = 1): { range: string; column: number } {
  const column = Math.max(
    0,
    headerTexts.findIndex((t) => String(t ?? '').trim() !== ''),
  );
  return { range: `${quoteSheetTitle(title)}!${columnLetter(column)}${headerRow}`, column };
}
