/** Row/column structure edits shared by batchUpdate and values.append. */
import { shiftReferences } from './formula.js';
import { remapDimensionMetadata } from './metadata.js';
import { formulaCells, ownRows, type Cell, type GridRange, type Sheet, type Spreadsheet } from './store.js';

export type Dim = 'ROWS' | 'COLUMNS';

const keys = (dim: Dim) =>
  dim === 'ROWS' ? (['startRowIndex', 'endRowIndex'] as const) : (['startColumnIndex', 'endColumnIndex'] as const);

/** Keeps merges, protected and named ranges, the basic filter and groups attached to the same cells when rows/columns move. */
function shiftRanges(sheet: Sheet, dim: Dim, f: (i: number, isEnd: boolean) => number, extra: GridRange[]) {
  const [s, e] = keys(dim);
  const fix = (r: GridRange) => {
    if (r[s] !== undefined) r[s] = f(r[s]!, false);
    if (r[e] !== undefined) r[e] = f(r[e]!, true);
  };
  const kept = (r: GridRange) => (r[e] ?? Infinity) > (r[s] ?? 0);
  sheet.merges.forEach(fix);
  sheet.protectedRanges.forEach((p) => fix(p.range));
  if (sheet.basicFilter) fix(sheet.basicFilter.range);
  extra.forEach(fix);
  const groups = dim === 'ROWS' ? 'rowGroups' : 'columnGroups';
  sheet[groups]?.forEach(fix);
  sheet.merges = sheet.merges.filter(kept);
  if (sheet[groups]) sheet[groups] = sheet[groups]!.filter(kept);
}

function spliceCols(sheet: Sheet, fn: (row: (Cell | null)[]) => void) {
  for (const row of ownRows(sheet)) if (row) fn(row);
}

export function insertDimension(sheet: Sheet, dim: Dim, start: number, end: number, inheritFromBefore = false, extra: GridRange[] = []) {
  const n = end - start;
  const g = sheet.properties.gridProperties;
  if (dim === 'ROWS') {
    const template = inheritFromBefore ? sheet.rows[start - 1] : sheet.rows[end - n];
    const fmtRow =
      template?.map((c) => (c?.userEnteredFormat ? { userEnteredFormat: structuredClone(c.userEnteredFormat) } : null)) ?? null;
    if (sheet.rows.length > start)
      ownRows(sheet).splice(start, 0, ...Array.from({ length: n }, () => (fmtRow ? structuredClone(fmtRow) : null)));
    if (sheet.rowPx.length > start) sheet.rowPx.splice(start, 0, ...Array(n).fill(null));
    g.rowCount += n;
  } else {
    spliceCols(sheet, (row) => {
      if (row.length <= start) return;
      const src = inheritFromBefore ? row[start - 1] : row[start];
      const fill = () => (src?.userEnteredFormat ? { userEnteredFormat: structuredClone(src.userEnteredFormat) } : null);
      row.splice(start, 0, ...Array.from({ length: n }, fill));
    });
    if (sheet.colPx.length > start) sheet.colPx.splice(start, 0, ...Array(n).fill(null));
    g.columnCount += n;
  }
  shiftRanges(sheet, dim, (i, isEnd) => (i > start || (!isEnd && i === start) ? i + n : i), extra);
  remapDimensionMetadata(sheet, dim, (i) => (i >= start ? i + n : i));
}

export function deleteDimension(sheet: Sheet, dim: Dim, start: number, end: number, extra: GridRange[] = []) {
  const n = end - start;
  const g = sheet.properties.gridProperties;
  if (dim === 'ROWS') {
    ownRows(sheet).splice(start, n);
    sheet.rowPx.splice(start, n);
    g.rowCount -= n;
    if (g.frozenRowCount) g.frozenRowCount = Math.min(g.frozenRowCount, g.rowCount);
  } else {
    spliceCols(sheet, (row) => void row.splice(start, n));
    sheet.colPx.splice(start, n);
    g.columnCount -= n;
  }
  shiftRanges(sheet, dim, (i) => (i <= start ? i : i >= end ? i - n : start), extra);
  remapDimensionMetadata(sheet, dim, (i) => (i < start ? i : i >= end ? i - n : -1));
}

/** Moves [start, end) so that it lands before `dest` (indexes as before the move), as Google defines it. */
export function moveDimension(sheet: Sheet, dim: Dim, start: number, end: number, dest: number) {
  const move = <T>(arr: T[], fill: T) => {
    while (arr.length < Math.max(end, dest)) arr.push(fill);
    const chunk = arr.splice(start, end - start);
    const at = dest > start ? dest - chunk.length : dest;
    arr.splice(at, 0, ...chunk);
  };
  if (dim === 'ROWS') {
    move(ownRows(sheet), null);
    move(sheet.rowPx, null);
  } else {
    spliceCols(sheet, (row) => move(row, null));
    move(sheet.colPx, null);
  }
  const n = end - start;
  const at = dest > start ? dest - n : dest;
  remapDimensionMetadata(sheet, dim, (i) =>
    i >= start && i < end ? at + (i - start) : i >= end && i < dest ? i - n : i < start && i >= dest ? i + n : i,
  );
}

/** Grows the grid (values.append does this even with OVERWRITE). */
export function growGrid(sheet: Sheet, rows: number, cols: number) {
  const g = sheet.properties.gridProperties;
  g.rowCount = Math.max(g.rowCount, rows);
  g.columnCount = Math.max(g.columnCount, cols);
}

/**
 * Formulas anywhere in the spreadsheet that point at `sheet` follow its inserted or deleted
 * rows/columns, as Google rewrites them (`shiftReferences`): a =SUM over the rows grows when
 * rows go in between its ends. `[start, end)`: the 0-based indexes inserted or deleted.
 */
export function shiftFormulas(ss: Spreadsheet, sheet: Sheet, dim: Dim, start: number, end: number, inserted: boolean) {
  const n = end - start;
  // 1-based numbers: inserted rows push down every row from start + 1; deleted ones pull up those after them.
  const shift = (i: number, part: 'cell' | 'start' | 'end'): number | null => {
    if (inserted) return i > start ? i + n : i;
    if (i <= start) return i;
    if (i > end) return i - n;
    return part === 'cell' ? null : part === 'start' ? start + 1 : start;
  };
  const title = sheet.properties.title;
  for (const s of ss.sheets)
    for (const [r, c] of formulaCells(s)) {
      const cell = s.rows[r]![c]!;
      const f = cell.userEnteredValue!.formulaValue!;
      const shifted = shiftReferences(f, title, s === sheet, dim, shift);
      // A new cell, not an edit of this one: the committed spreadsheet may share it (store.ts).
      if (shifted !== f) ownRows(s)[r]![c] = { ...cell, userEnteredValue: { ...cell.userEnteredValue, formulaValue: shifted } };
    }
}
