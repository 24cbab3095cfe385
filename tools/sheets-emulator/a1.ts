/** A1 notation, parsed and formatted the way the Sheets API does. Indexes are 0-based, ends exclusive. */

export interface Bounds {
  startRow?: number; // undefined = 0
  endRow?: number; // undefined = unbounded
  startCol?: number;
  endCol?: number;
}

export interface ParsedRange {
  /** Sheet title as written (quotes removed); undefined when the range names no sheet. */
  sheetName?: string;
  /** Cell part; undefined = the whole sheet. */
  bounds?: Bounds;
  /** Set when the text had no `!`: it may be a sheet title or a cell range (Google tries the title first). */
  ambiguous?: boolean;
}

export function columnToLetters(col: number): string {
  let s = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function lettersToColumn(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

const REF = /^([A-Za-z]{0,3})([0-9]*)$/;
const MAX_ROWS = 10_000_000;

function parseRef(ref: string): { col?: number; row?: number } | null {
  const m = REF.exec(ref);
  if (!m || (!m[1] && !m[2])) return null;
  const row = m[2] ? Number(m[2]) : undefined;
  if (row !== undefined && (row < 1 || row > MAX_ROWS)) return null;
  return { col: m[1] ? lettersToColumn(m[1]) : undefined, row: row === undefined ? undefined : row - 1 };
}

/** Parses the cell part (`A1`, `A1:B2`, `A:C`, `A2:Z`, `2:5`); null when Google would not parse it. */
export function parseCells(text: string): Bounds | null {
  const parts = text.split(':');
  if (parts.length === 1) {
    const r = parseRef(parts[0]!);
    if (!r || r.col === undefined || r.row === undefined) return null;
    return { startRow: r.row, endRow: r.row + 1, startCol: r.col, endCol: r.col + 1 };
  }
  if (parts.length !== 2) return null;
  const a = parseRef(parts[0]!);
  const b = parseRef(parts[1]!);
  if (!a || !b) return null;
  // `A:5` style mixes are not valid A1; each side must give a column, a row, or both consistently.
  if (a.col === undefined && b.col !== undefined && b.row === undefined) return null;
  if (a.row === undefined && b.row !== undefined && b.col === undefined) return null;
  let [r1, r2] = [a.row, b.row];
  let [c1, c2] = [a.col, b.col];
  // Google normalises reversed corners (B2:A1 == A1:B2).
  if (r1 !== undefined && r2 !== undefined && r2 < r1) [r1, r2] = [r2, r1];
  if (c1 !== undefined && c2 !== undefined && c2 < c1) [c1, c2] = [c2, c1];
  return {
    startRow: r1 ?? 0,
    endRow: r2 === undefined ? undefined : r2 + 1,
    startCol: c1 ?? 0,
    endCol: c2 === undefined ? undefined : c2 + 1,
  };
}

/** Splits `'My Sheet'!A1:B2`, `Sheet1!A:C`, `资产`, `A1:B2` into sheet name and cell bounds. */
export function parseRange(text: string): ParsedRange | null {
  if (text.startsWith("'")) {
    let i = 1;
    let name = '';
    for (;;) {
      if (i >= text.length) return null;
      if (text[i] === "'") {
        if (text[i + 1] === "'") {
          name += "'";
          i += 2;
          continue;
        }
        break;
      }
      name += text[i++];
    }
    const rest = text.slice(i + 1);
    if (rest === '') return { sheetName: name };
    if (!rest.startsWith('!')) return null;
    const bounds = parseCells(rest.slice(1));
    return bounds ? { sheetName: name, bounds } : null;
  }
  const bang = text.lastIndexOf('!');
  if (bang >= 0) {
    const bounds = parseCells(text.slice(bang + 1));
    const name = text.slice(0, bang);
    return bounds && name ? { sheetName: name, bounds } : null;
  }
  if (text === '') return null;
  const bounds = parseCells(text);
  return { sheetName: text, bounds: bounds ?? undefined, ambiguous: true };
}

const CELL_LIKE = /^([A-Za-z]{1,3}[0-9]+|R[0-9]*C[0-9]*)$/i;

/** Quotes a sheet title when Google would: anything but letters, digits and `_`, or a title that looks like a cell. */
export function quoteTitle(title: string): string {
  if (/^[\p{L}_][\p{L}\p{N}_]*$/u.test(title) && !CELL_LIKE.test(title)) return title;
  return `'${title.replace(/'/g, "''")}'`;
}

export function cellA1(row: number, col: number): string {
  return `${columnToLetters(col)}${row + 1}`;
}

/** `Title!A1:B2`, or `Title!A1` for a single cell, as Google echoes ranges. Bounds must be finite. */
export function formatRange(title: string, r: Required<Bounds>): string {
  const start = cellA1(r.startRow, r.startCol);
  const end = cellA1(r.endRow - 1, r.endCol - 1);
  return `${quoteTitle(title)}!${start === end ? start : `${start}:${end}`}`;
}
