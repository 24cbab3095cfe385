/** Range resolution, effective values (formulas) and rendering of cells, shared by all endpoints. */
import { parseRange, quoteTitle, formatRange, type Bounds } from './a1.js';
import { badRequest, unparsableRange } from './errors.js';
import { evaluate, isError, ERRORS, type Value } from './formula.js';
import { formatNumber, isDateFormat, parseUserEntered } from './format.js';
import { getCell, setCell, type Cell, type ExtendedValue, type Sheet, type Spreadsheet } from './store.js';

export function findSheet(ss: Spreadsheet, title: string): Sheet | undefined {
  return (
    ss.sheets.find((s) => s.properties.title === title) ?? ss.sheets.find((s) => s.properties.title.toLowerCase() === title.toLowerCase())
  );
}

export function sheetById(ss: Spreadsheet, id: number | undefined): Sheet | undefined {
  return ss.sheets.find((s) => s.properties.sheetId === (id ?? 0));
}

/** Resolves A1 text to a sheet and (unclamped) bounds; Google's 400 when it can't. */
export function resolveRange(ss: Spreadsheet, text: string): { sheet: Sheet; bounds: Bounds } {
  const p = parseRange(text);
  if (!p || (p.ambiguous && !findSheet(ss, text))) {
    const named = namedRangeBounds(ss, text);
    if (named) return named;
  }
  if (!p) throw unparsableRange(text);
  if (p.ambiguous) {
    const s = findSheet(ss, p.sheetName!);
    if (s) return { sheet: s, bounds: {} };
    if (p.bounds) return { sheet: ss.sheets[0]!, bounds: p.bounds };
    throw unparsableRange(text);
  }
  const s = findSheet(ss, p.sheetName!);
  if (!s) throw unparsableRange(text);
  return { sheet: s, bounds: p.bounds ?? {} };
}

/** A named range (`Totals`, also written `'Sheet1'!Totals` as Google accepts) as a sheet and bounds. */
function namedRangeBounds(ss: Spreadsheet, text: string): { sheet: Sheet; bounds: Bounds } | undefined {
  const name = text.replace(/^.*!/, '').toLowerCase();
  const n = ss.namedRanges?.find((x) => x.name.toLowerCase() === name);
  const sheet = n && sheetById(ss, n.range.sheetId);
  if (!n || !sheet) return undefined;
  const r = n.range;
  return {
    sheet,
    bounds: { startRow: r.startRowIndex ?? 0, endRow: r.endRowIndex, startCol: r.startColumnIndex ?? 0, endCol: r.endColumnIndex },
  };
}

export const exceedsGrid = (sheet: Sheet, b: Required<Bounds>) => {
  const g = sheet.properties.gridProperties;
  const t = formatRange(sheet.properties.title, b).replace(/^[^!]*!/, `'${sheet.properties.title.replace(/'/g, "''")}'!`);
  return badRequest(`Range (${t}) exceeds grid limits. Max rows: ${g.rowCount}, max columns: ${g.columnCount}`);
};

/** Bounds clamped to the grid, as Google echoes them on reads. */
export function clampBounds(sheet: Sheet, b: Bounds): Required<Bounds> {
  const g = sheet.properties.gridProperties;
  const startRow = b.startRow ?? 0;
  const startCol = b.startCol ?? 0;
  const out = {
    startRow,
    startCol,
    endRow: Math.min(b.endRow ?? g.rowCount, g.rowCount),
    endCol: Math.min(b.endCol ?? g.columnCount, g.columnCount),
  };
  if (startRow >= g.rowCount || startCol >= g.columnCount) {
    throw exceedsGrid(sheet, { startRow, startCol, endRow: b.endRow ?? startRow + 1, endCol: b.endCol ?? startCol + 1 });
  }
  return out;
}

export const rangeText = (sheet: Sheet, b: Required<Bounds>) => formatRange(sheet.properties.title, b);
export const sheetPrefix = (sheet: Sheet) => quoteTitle(sheet.properties.title);

const CIRCULAR = { error: '#REF!', message: 'Circular dependency detected. To resolve with iterative calculation, see File > Settings.' };

/** Computes effective values on demand; one instance per request so results are memoised. */
export class Evaluator {
  private memo = new Map<string, Value>();
  private active = new Set<string>();
  constructor(private ss: Spreadsheet) {}

  effective(sheet: Sheet, r: number, c: number): Value {
    const v = getCell(sheet, r, c)?.userEnteredValue;
    if (!v) return null;
    if (v.formulaValue === undefined) return plain(v);
    const key = `${sheet.properties.sheetId}:${r}:${c}`;
    if (this.memo.has(key)) return this.memo.get(key)!;
    if (this.active.has(key)) return CIRCULAR;
    this.active.add(key);
    const lookup = (name: string | undefined) => (name === undefined ? sheet : findSheet(this.ss, name));
    const result = evaluate(v.formulaValue, {
      cell: (name, row, col) => {
        const s = lookup(name);
        return s ? this.effective(s, row, col) : { error: '#REF!', message: `Unresolved sheet name '${name}'.` };
      },
      range: (name, r1, c1, r2, c2) => {
        const s = lookup(name);
        if (!s) return [{ error: '#REF!', message: `Unresolved sheet name '${name}'.` }];
        const out: Value[] = [];
        const lastRow = Math.min(r2, s.rows.length - 1);
        for (let i = r1; i <= lastRow; i++) for (let j = c1; j <= c2; j++) out.push(this.effective(s, i, j));
        return out;
      },
    });
    this.active.delete(key);
    this.memo.set(key, result);
    return result;
  }
}

function plain(v: ExtendedValue): Value {
  if (v.numberValue !== undefined) return v.numberValue;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.errorValue)
    return { error: Object.entries(ERRORS).find(([, t]) => t === v.errorValue!.type)?.[0] ?? '#ERROR!', message: v.errorValue.message };
  return null;
}

export function formatted(v: Value, cell: Cell | undefined): string {
  if (v === null) return '';
  if (isError(v)) return v.error;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return formatNumber(v, cell?.userEnteredFormat?.numberFormat);
  return v;
}

export function effectiveValueJson(v: Value): ExtendedValue | undefined {
  if (v === null) return undefined;
  if (isError(v)) return { errorValue: { type: ERRORS[v.error] ?? 'ERROR', message: v.message } };
  if (typeof v === 'number') return { numberValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  return { stringValue: v };
}

export type ValueRender = 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA';
export type DateRender = 'SERIAL_NUMBER' | 'FORMATTED_STRING';

/** One cell as values.get returns it; undefined for an empty cell. */
export function renderCell(ev: Evaluator, sheet: Sheet, r: number, c: number, vro: ValueRender, dtro: DateRender): unknown {
  const cell = getCell(sheet, r, c);
  const uev = cell?.userEnteredValue;
  if (!uev) return undefined;
  if (vro === 'FORMULA' && uev.formulaValue !== undefined) return uev.formulaValue;
  const v = ev.effective(sheet, r, c);
  if (vro === 'FORMATTED_VALUE') return formatted(v, cell);
  if (isError(v)) return v.error;
  if (typeof v === 'number' && dtro === 'FORMATTED_STRING' && isDateFormat(cell?.userEnteredFormat?.numberFormat))
    return formatted(v, cell);
  return v ?? '';
}

/** A rectangle of rendered values, trimmed of trailing empty cells and rows as Google does. */
export function readValues(
  ev: Evaluator,
  sheet: Sheet,
  b: Required<Bounds>,
  vro: ValueRender,
  dtro: DateRender,
  major: 'ROWS' | 'COLUMNS',
): unknown[][] {
  // Rows beyond the stored data are empty; don't walk a million of them.
  const lastRow = Math.min(b.endRow, sheet.rows.length);
  const [o0, o1] = major === 'ROWS' ? [b.startRow, lastRow] : [b.startCol, b.endCol];
  const [i0, i1] = major === 'ROWS' ? [b.startCol, b.endCol] : [b.startRow, lastRow];
  const out: unknown[][] = [];
  for (let i = o0; i < o1; i++) {
    const line: unknown[] = [];
    for (let j = i0; j < i1; j++) {
      const v = major === 'ROWS' ? renderCell(ev, sheet, i, j, vro, dtro) : renderCell(ev, sheet, j, i, vro, dtro);
      line.push(v === undefined ? '' : v);
    }
    while (line.length && line[line.length - 1] === '') line.pop();
    out.push(line);
  }
  while (out.length && out[out.length - 1]!.length === 0) out.pop();
  return out;
}

export type InputOption = 'RAW' | 'USER_ENTERED';

/** Turns one JSON value from a request into a cell write; null = leave the cell alone. */
export function inputToCell(
  v: unknown,
  option: InputOption,
  locale: string,
  path: string,
): { value?: ExtendedValue; format?: { type: string; pattern?: string } } | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return { value: { numberValue: v } };
  if (typeof v === 'boolean') return { value: { boolValue: v } };
  if (typeof v === 'string') {
    if (option === 'RAW') return v === '' ? {} : { value: { stringValue: v } };
    return parseUserEntered(v, locale);
  }
  throw badRequest(`Invalid ${path}: ${Array.isArray(v) ? 'list_value' : 'struct_value'} ${JSON.stringify(v)}`);
}

/** Applies one value to a cell; USER_ENTERED may set a number format like the UI does. */
export function writeCell(sheet: Sheet, r: number, c: number, w: { value?: ExtendedValue; format?: { type: string; pattern?: string } }) {
  const old = getCell(sheet, r, c);
  const cell: Cell = { ...(old ?? {}) };
  if (w.value) cell.userEnteredValue = w.value;
  else delete cell.userEnteredValue;
  if (w.format) {
    const cur = cell.userEnteredFormat?.numberFormat;
    // Keep a format the cell already has unless the typed value is a different kind (date vs number).
    if (!cur || isDateFormat(cur) !== isDateFormat(w.format))
      cell.userEnteredFormat = { ...(cell.userEnteredFormat ?? {}), numberFormat: w.format };
  }
  setCell(sheet, r, c, cell);
}
