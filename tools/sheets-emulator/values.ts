/** spreadsheets.values.* handlers, with Google's request and response shapes. */
import type { Bounds } from './a1.js';
import {
  clampBounds,
  Evaluator,
  exceedsGrid,
  inputToCell,
  rangeText,
  readValues,
  resolveRange,
  writeCell,
  type DateRender,
  type InputOption,
  type ValueRender,
} from './cells.js';
import { badRequest, invalidEnum, invalidValue } from './errors.js';
import { growGrid, insertDimension, shiftFormulas } from './grid-ops.js';
import { getCell, type Sheet, type Spreadsheet } from './store.js';

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Reads an enum from query or body with Google's error for unknown values. */
export function enumOf<T extends string>(value: unknown, name: string, type: string, allowed: readonly T[], def?: T): T {
  if (value === undefined || value === null || value === '') {
    if (def === undefined) throw badRequest(`'${name}' is required but not specified`);
    return def;
  }
  if (!allowed.includes(value as T)) throw invalidEnum(snake(name), type, String(value));
  return value as T;
}

const VRO = ['FORMATTED_VALUE', 'UNFORMATTED_VALUE', 'FORMULA'] as const;
const DTRO = ['SERIAL_NUMBER', 'FORMATTED_STRING'] as const;
const MAJOR = ['ROWS', 'COLUMNS'] as const;
const VIO = ['RAW', 'USER_ENTERED'] as const;

function renderOpts(get: (n: string) => unknown, prefix = '') {
  const p = (n: string) => (prefix ? prefix + n.charAt(0).toUpperCase() + n.slice(1) : n);
  return {
    vro: enumOf(get(p('valueRenderOption')), p('valueRenderOption'), 'ValueRenderOption', VRO, 'FORMATTED_VALUE') as ValueRender,
    dtro: enumOf(get(p('dateTimeRenderOption')), p('dateTimeRenderOption'), 'DateTimeRenderOption', DTRO, 'SERIAL_NUMBER') as DateRender,
  };
}

const bool = (v: unknown) => v === true || v === 'true';

/** Drops zero counts: proto3 JSON omits default values, and so does Google. */
function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === 0 || o[k] === undefined) delete o[k];
  return o;
}

function valueRange(ss: Spreadsheet, ev: Evaluator, text: string, major: 'ROWS' | 'COLUMNS', vro: ValueRender, dtro: DateRender) {
  const { sheet, bounds } = resolveRange(ss, text);
  const b = clampBounds(sheet, bounds);
  const values = readValues(ev, sheet, b, vro, dtro, major);
  return { range: rangeText(sheet, b), majorDimension: major, ...(values.length ? { values } : {}) };
}

export function valuesGet(ss: Spreadsheet, range: string, q: URLSearchParams) {
  const { vro, dtro } = renderOpts((n) => q.get(n) ?? undefined);
  const major = enumOf(q.get('majorDimension') ?? undefined, 'majorDimension', 'Dimension', MAJOR, 'ROWS');
  return valueRange(ss, new Evaluator(ss), range, major, vro, dtro);
}

export function valuesBatchGet(ss: Spreadsheet, q: URLSearchParams) {
  const { vro, dtro } = renderOpts((n) => q.get(n) ?? undefined);
  const major = enumOf(q.get('majorDimension') ?? undefined, 'majorDimension', 'Dimension', MAJOR, 'ROWS');
  const ev = new Evaluator(ss);
  const ranges = q.getAll('ranges');
  return {
    spreadsheetId: ss.spreadsheetId,
    ...(ranges.length ? { valueRanges: ranges.map((r) => valueRange(ss, ev, r, major, vro, dtro)) } : {}),
  };
}

interface WriteResult {
  sheet: Sheet;
  b: Required<Bounds>;
  rows: number;
  cols: number;
  cells: number;
  rowIndexes: Set<number>;
  colIndexes: Set<number>;
}

/** Writes a ValueRange at the top-left of `bounds`, enforcing the range and grid limits like Google. */
export function writeValueRange(
  ss: Spreadsheet,
  sheet: Sheet,
  bounds: Bounds,
  body: { values?: unknown; majorDimension?: unknown },
  option: InputOption,
  path: string,
  grow = false,
): WriteResult {
  const major = enumOf(body.majorDimension, 'majorDimension', 'Dimension', MAJOR, 'ROWS');
  const raw = body.values ?? [];
  if (!Array.isArray(raw)) throw invalidValue(path ? `${path}values` : 'data.values', 'google.protobuf.ListValue', raw);
  if (raw.some((r) => !Array.isArray(r))) throw badRequest(`Invalid ${path}values: expected a list of lists.`);
  const lines = raw as unknown[][];
  const h = major === 'ROWS' ? lines.length : Math.max(0, ...lines.map((l) => l.length));
  const w = major === 'ROWS' ? Math.max(0, ...lines.map((l) => l.length)) : lines.length;
  const at = (i: number, j: number) => (major === 'ROWS' ? lines[i]?.[j] : lines[j]?.[i]);
  const r0 = bounds.startRow ?? 0;
  const c0 = bounds.startCol ?? 0;
  const g = sheet.properties.gridProperties;
  // A single cell is only an anchor: Google writes the whole array from there.
  if (bounds.endRow === r0 + 1 && bounds.endCol === c0 + 1) bounds = { startRow: r0, startCol: c0 };
  if (bounds.endRow !== undefined && r0 + h > bounds.endRow) {
    throw badRequest(
      `Requested writing within range [${rangeText(sheet, clampOrGrid(sheet, bounds))}], but tried writing to row [${r0 + h}]`,
    );
  }
  if (bounds.endCol !== undefined && c0 + w > bounds.endCol) {
    throw badRequest(
      `Requested writing within range [${rangeText(sheet, clampOrGrid(sheet, bounds))}], but tried writing to column [${colName(c0 + w - 1)}]`,
    );
  }
  const b = { startRow: r0, startCol: c0, endRow: r0 + Math.max(h, 1), endCol: c0 + Math.max(w, 1) };
  if (b.endRow > g.rowCount || b.endCol > g.columnCount) {
    if (!grow) throw exceedsGrid(sheet, b);
    growGrid(sheet, b.endRow, b.endCol);
  }
  const rowsTouched = new Set<number>();
  const colsTouched = new Set<number>();
  let cells = 0;
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const wv = inputToCell(
        at(i, j),
        option,
        ss.properties.locale,
        `${path}values[${major === 'ROWS' ? i : j}][${major === 'ROWS' ? j : i}]`,
      );
      if (!wv) continue;
      writeCell(sheet, r0 + i, c0 + j, wv);
      rowsTouched.add(i);
      colsTouched.add(j);
      cells++;
    }
  }
  const abs = (set: Set<number>, base: number) => new Set([...set].map((i) => base + i));
  return {
    sheet,
    b,
    rows: rowsTouched.size,
    cols: colsTouched.size,
    cells,
    rowIndexes: abs(rowsTouched, r0),
    colIndexes: abs(colsTouched, c0),
  };
}

import { columnToLetters as colName } from './a1.js';

function clampOrGrid(sheet: Sheet, b: Bounds): Required<Bounds> {
  const g = sheet.properties.gridProperties;
  return { startRow: b.startRow ?? 0, startCol: b.startCol ?? 0, endRow: b.endRow ?? g.rowCount, endCol: b.endCol ?? g.columnCount };
}

export function updateResponse(ss: Spreadsheet, res: WriteResult, include: boolean, vro: ValueRender, dtro: DateRender) {
  const updatedRange = rangeText(res.sheet, res.b);
  const out: Record<string, unknown> = compact({
    spreadsheetId: ss.spreadsheetId,
    updatedRange,
    updatedRows: res.rows,
    updatedColumns: res.cols,
    updatedCells: res.cells,
  });
  if (include) {
    const values = readValues(new Evaluator(ss), res.sheet, res.b, vro, dtro, 'ROWS');
    out.updatedData = { range: updatedRange, majorDimension: 'ROWS', ...(values.length ? { values } : {}) };
  }
  return out;
}

export function valuesUpdate(ss: Spreadsheet, range: string, q: URLSearchParams, body: Record<string, unknown>) {
  const option = enumOf(q.get('valueInputOption') ?? undefined, 'valueInputOption', 'ValueInputOption', VIO);
  const { vro, dtro } = renderOpts((n) => q.get(n) ?? undefined, 'response');
  checkBodyRange(ss, range, body.range);
  const { sheet, bounds } = resolveRange(ss, range);
  const res = writeValueRange(ss, sheet, bounds, body, option, '');
  return updateResponse(ss, res, bool(q.get('includeValuesInResponse')), vro, dtro);
}

/** Google rejects a body range that disagrees with the URL range. */
function checkBodyRange(ss: Spreadsheet, urlRange: string, bodyRange: unknown) {
  if (bodyRange === undefined || bodyRange === null || bodyRange === '') return;
  const a = resolveRange(ss, urlRange);
  const b = resolveRange(ss, String(bodyRange));
  if (a.sheet !== b.sheet || JSON.stringify(a.bounds) !== JSON.stringify(b.bounds)) {
    throw badRequest(`Requested range [${bodyRange}] does not match the URL range [${urlRange}]`);
  }
}

export function valuesBatchUpdate(ss: Spreadsheet, body: Record<string, unknown>) {
  const option = enumOf(body.valueInputOption, 'valueInputOption', 'ValueInputOption', VIO);
  const { vro, dtro } = renderOpts((n) => body[n], 'response');
  const data = (body.data ?? []) as Record<string, unknown>[];
  if (!Array.isArray(data)) throw badRequest('Invalid data: expected a list.');
  const results = data.map((vr, i) => {
    if (typeof vr.range !== 'string') throw badRequest(`Invalid data[${i}]: Unable to parse range: ${vr.range ?? ''}`);
    let resolved;
    try {
      resolved = resolveRange(ss, vr.range);
    } catch (e) {
      throw prefixed(e, `Invalid data[${i}]: `);
    }
    try {
      return writeValueRange(ss, resolved.sheet, resolved.bounds, vr, option, `data[${i}].`);
    } catch (e) {
      throw prefixed(e, `Invalid data[${i}]: `);
    }
  });
  const responses = results.map((r) => updateResponse(ss, r, bool(body.includeValuesInResponse), vro, dtro));
  const sheets = new Set(results.filter((r) => r.cells).map((r) => r.sheet));
  return compact({
    spreadsheetId: ss.spreadsheetId,
    // Google counts distinct rows and columns per sheet: A1:D1 and A4:D4 are 2 rows, 4 columns.
    totalUpdatedRows: distinct(results, 'rowIndexes'),
    totalUpdatedColumns: distinct(results, 'colIndexes'),
    totalUpdatedCells: results.reduce((a, r) => a + r.cells, 0),
    totalUpdatedSheets: sheets.size,
    responses: responses.length ? responses : undefined,
  } as Record<string, unknown>);
}

function distinct(results: WriteResult[], key: 'rowIndexes' | 'colIndexes'): number {
  const seen = new Set<string>();
  for (const r of results) for (const i of r[key]) seen.add(`${r.sheet.properties.sheetId}:${i}`);
  return seen.size;
}

function prefixed(e: unknown, prefix: string) {
  if (e instanceof Error && 'code' in e && !e.message.startsWith('Invalid data[')) e.message = prefix + e.message;
  return e;
}

/**
 * Google's append "table", as its recorded answers show it (see replay.ts):
 * - rows: the first run of non-empty rows that starts inside the range, continuing below it
 *   (blank rows in the middle of a tab end the table: appends land in the gap);
 * - columns: within those rows, columns with any value form blocks separated by empty
 *   columns. A one-cell range (an anchor, `Sheet1!A1`) takes the block holding its column, or
 *   no table if its column is empty there (values then go at the anchor); any larger range —
 *   the whole sheet too — takes the *last* block. After `["x","","y"]` in row 1, an append to
 *   `Sheet1` finds the table `C1` and writes `C2:E2`.
 * Values go in the row under the table, from its first column.
 */
export function findTable(sheet: Sheet, bounds: Bounds) {
  const g = sheet.properties.gridProperties;
  const r0 = bounds.startRow ?? 0;
  const c0 = bounds.startCol ?? 0;
  const singleCell = bounds.endRow === r0 + 1 && bounds.endCol === c0 + 1;
  const startLimit = Math.min(bounds.endRow ?? g.rowCount, g.rowCount);
  const rEnd = Math.min(g.rowCount, Math.max(sheet.rows.length, r0));
  const cStart = singleCell ? 0 : c0;
  const cEnd = singleCell ? g.columnCount : Math.min(bounds.endCol ?? g.columnCount, g.columnCount);
  const filled = (r: number) => {
    const cols: number[] = [];
    for (let c = cStart; c < cEnd; c++) if (getCell(sheet, r, c)?.userEnteredValue) cols.push(c);
    return cols;
  };
  let first = -1;
  for (let r = r0; r < Math.min(rEnd, startLimit); r++)
    if (filled(r).length) {
      first = r;
      break;
    }
  if (first < 0) return null;
  let last = first;
  const used = new Set<number>();
  for (let r = first; r < rEnd; r++) {
    const cols = filled(r);
    if (!cols.length) break;
    last = r;
    cols.forEach((c) => used.add(c));
  }
  const blocks: { startCol: number; endCol: number }[] = [];
  for (const c of [...used].sort((a, b) => a - b)) {
    const prev = blocks[blocks.length - 1];
    if (prev && prev.endCol === c) prev.endCol = c + 1;
    else blocks.push({ startCol: c, endCol: c + 1 });
  }
  const block = singleCell ? blocks.find((b) => b.startCol <= c0 && c0 < b.endCol) : blocks[blocks.length - 1];
  if (!block) return null;
  return { startRow: first, endRow: last + 1, ...block };
}

export function valuesAppend(ss: Spreadsheet, range: string, q: URLSearchParams, body: Record<string, unknown>) {
  const option = enumOf(q.get('valueInputOption') ?? undefined, 'valueInputOption', 'ValueInputOption', VIO);
  const insert = enumOf(
    q.get('insertDataOption') ?? undefined,
    'insertDataOption',
    'InsertDataOption',
    ['OVERWRITE', 'INSERT_ROWS'] as const,
    'OVERWRITE',
  );
  const { vro, dtro } = renderOpts((n) => q.get(n) ?? undefined, 'response');
  checkBodyRange(ss, range, body.range);
  const { sheet, bounds } = resolveRange(ss, range);
  const g = sheet.properties.gridProperties;
  if ((bounds.startRow ?? 0) >= g.rowCount || (bounds.startCol ?? 0) >= g.columnCount) clampBounds(sheet, bounds);
  const table = findTable(sheet, bounds);
  const target = table
    ? { startRow: table.endRow, startCol: table.startCol }
    : { startRow: bounds.startRow ?? 0, startCol: bounds.startCol ?? 0 };
  const lines = (Array.isArray(body.values) ? body.values : []) as unknown[][];
  const height = body.majorDimension === 'COLUMNS' ? Math.max(0, ...lines.map((l) => (Array.isArray(l) ? l.length : 0))) : lines.length;
  if (insert === 'INSERT_ROWS' && height > 0 && target.startRow < g.rowCount) {
    insertDimension(sheet, 'ROWS', target.startRow, target.startRow + height, true);
    shiftFormulas(ss, sheet, 'ROWS', target.startRow, target.startRow + height, true);
  }
  const res = writeValueRange(ss, sheet, target, body, option, '', true);
  return {
    spreadsheetId: ss.spreadsheetId,
    ...(table ? { tableRange: rangeText(sheet, table) } : {}),
    updates: updateResponse(ss, res, bool(q.get('includeValuesInResponse')), vro, dtro),
  };
}

function clearRange(ss: Spreadsheet, text: string): string {
  const { sheet, bounds } = resolveRange(ss, text);
  const b = clampBounds(sheet, bounds);
  for (let r = b.startRow; r < Math.min(b.endRow, sheet.rows.length); r++) {
    for (let c = b.startCol; c < b.endCol; c++) {
      const cell = getCell(sheet, r, c);
      if (cell?.userEnteredValue) writeCell(sheet, r, c, {});
    }
  }
  return rangeText(sheet, b);
}

export function valuesClear(ss: Spreadsheet, range: string) {
  return { spreadsheetId: ss.spreadsheetId, clearedRange: clearRange(ss, range) };
}

export function valuesBatchClear(ss: Spreadsheet, body: Record<string, unknown>) {
  const ranges = (body.ranges ?? []) as string[];
  if (!Array.isArray(ranges)) throw badRequest('Invalid ranges: expected a list.');
  const cleared = ranges.map((r) => clearRange(ss, r));
  return { spreadsheetId: ss.spreadsheetId, ...(cleared.length ? { clearedRanges: cleared } : {}) };
}
