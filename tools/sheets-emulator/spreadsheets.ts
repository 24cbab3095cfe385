/** spreadsheets.create and spreadsheets.get, including includeGridData. */
import { clampBounds, effectiveValueJson, Evaluator, formatted, resolveRange, sheetById, writeCell } from './cells.js';
import { rangeJson } from './batch-kit.js';
import { dimensionGroupsJson } from './batch-staff.js';
import { propertiesJson } from './defaults.js';
import { badRequest } from './errors.js';
import {
  getCell,
  newSheet,
  newSheetId,
  newSpreadsheetId,
  setCell,
  sortSheets,
  type Cell,
  type Sheet,
  type SheetProperties,
  type Spreadsheet,
} from './store.js';
import type { Bounds } from './a1.js';

export const spreadsheetUrl = (base: string, id: string) => `${base}/grid/${id}`;

interface CreateBody {
  spreadsheetId?: string;
  properties?: { title?: string; locale?: string; timeZone?: string; [k: string]: unknown };
  sheets?: { properties?: Partial<SheetProperties>; data?: GridDataIn[]; merges?: unknown[] }[];
}
interface GridDataIn {
  startRow?: number;
  startColumn?: number;
  rowData?: { values?: Cell[] }[];
}

/** Builds a spreadsheet from a Spreadsheet resource as spreadsheets.create accepts it. */
export function buildSpreadsheet(body: CreateBody, owner: string | undefined): Spreadsheet {
  const ss: Spreadsheet = {
    spreadsheetId: newSpreadsheetId(),
    properties: {
      title: 'Untitled spreadsheet',
      locale: 'en_US',
      autoRecalc: 'ON_CHANGE',
      timeZone: 'Etc/GMT',
      ...(body.properties ?? {}),
    } as Spreadsheet['properties'],
    sheets: [],
    owner,
    editors: [],
  };
  const specs = body.sheets?.length ? body.sheets : [{}];
  specs.forEach((spec, i) => {
    const p = spec.properties ?? {};
    const title = p.title ?? `Sheet${i + 1}`;
    if (ss.sheets.some((s) => s.properties.title.toLowerCase() === title.toLowerCase())) {
      throw badRequest(`Invalid requests[${i}].addSheet: A sheet with the name "${title}" already exists. Please enter another name.`);
    }
    const sheet = newSheet({
      ...p,
      sheetId: p.sheetId ?? (i === 0 ? 0 : newSheetId()),
      title,
      index: p.index ?? i,
      gridProperties: { rowCount: 1000, columnCount: 26, ...(p.gridProperties ?? {}) },
    });
    for (const d of spec.data ?? []) loadGridData(sheet, d);
    ss.sheets.push(sheet);
  });
  sortSheets(ss);
  return ss;
}

function loadGridData(sheet: Sheet, d: GridDataIn) {
  const r0 = d.startRow ?? 0;
  const c0 = d.startColumn ?? 0;
  const g = sheet.properties.gridProperties;
  (d.rowData ?? []).forEach((row, i) => {
    (row.values ?? []).forEach((cell, j) => {
      g.rowCount = Math.max(g.rowCount, r0 + i + 1);
      g.columnCount = Math.max(g.columnCount, c0 + j + 1);
      const keep: Cell = {};
      if (cell.userEnteredValue) keep.userEnteredValue = cell.userEnteredValue;
      if (cell.userEnteredFormat) keep.userEnteredFormat = cell.userEnteredFormat;
      if (cell.dataValidation) keep.dataValidation = cell.dataValidation;
      if (cell.note) keep.note = cell.note;
      setCell(sheet, r0 + i, c0 + j, keep);
    });
  });
}

export function cellData(ev: Evaluator, sheet: Sheet, r: number, c: number): Record<string, unknown> {
  const cell = getCell(sheet, r, c);
  if (!cell) return {};
  const out: Record<string, unknown> = {};
  if (cell.userEnteredValue) {
    const v = ev.effective(sheet, r, c);
    out.userEnteredValue = cell.userEnteredValue;
    const eff = effectiveValueJson(v);
    if (eff) out.effectiveValue = eff;
    out.formattedValue = formatted(v, cell);
  }
  if (cell.userEnteredFormat) out.userEnteredFormat = cell.userEnteredFormat;
  if (cell.note) out.note = cell.note;
  if (cell.dataValidation) out.dataValidation = cell.dataValidation;
  return out;
}

function gridData(ev: Evaluator, sheet: Sheet, b: Required<Bounds>) {
  const rowData: Record<string, unknown>[] = [];
  const lastRow = Math.min(b.endRow, sheet.rows.length);
  for (let r = b.startRow; r < lastRow; r++) {
    const values: Record<string, unknown>[] = [];
    for (let c = b.startCol; c < b.endCol; c++) values.push(cellData(ev, sheet, r, c));
    while (values.length && Object.keys(values[values.length - 1]!).length === 0) values.pop();
    rowData.push(values.length ? { values } : {});
  }
  while (rowData.length && Object.keys(rowData[rowData.length - 1]!).length === 0) rowData.pop();
  const px = (arr: (number | null)[], from: number, to: number, def: number) =>
    Array.from({ length: to - from }, (_, i) => ({ pixelSize: arr[from + i] ?? def }));
  return {
    ...(b.startRow ? { startRow: b.startRow } : {}),
    ...(b.startCol ? { startColumn: b.startCol } : {}),
    ...(rowData.length ? { rowData } : {}),
    rowMetadata: px(sheet.rowPx, b.startRow, b.endRow, 21),
    columnMetadata: px(sheet.colPx, b.startCol, b.endCol, 100),
  };
}

/** Sheet properties as Google answers them: false and zero (other than sheetId and index) are left out. */
function sheetPropertiesJson(p: SheetProperties) {
  const out: Record<string, any> = structuredClone(p);
  const drop = (o: Record<string, any>, keep: string[] = []) => {
    for (const [k, v] of Object.entries(o)) if (!keep.includes(k) && (v === false || v === 0 || v === null)) delete o[k];
  };
  drop(out, ['sheetId', 'index']);
  if (out.gridProperties) drop(out.gridProperties);
  return out;
}

export function sheetJson(sheet: Sheet, data?: Record<string, unknown>[]) {
  const out: Record<string, unknown> = { properties: sheetPropertiesJson(sheet.properties) };
  if (data) out.data = data;
  if (sheet.merges.length) out.merges = sheet.merges.map((m) => rangeJson(sheet, m));
  if (sheet.protectedRanges.length) out.protectedRanges = sheet.protectedRanges.map((p) => ({ ...p, range: rangeJson(sheet, p.range) }));
  if (sheet.basicFilter) out.basicFilter = { ...structuredClone(sheet.basicFilter), range: rangeJson(sheet, sheet.basicFilter.range) };
  const rowGroups = dimensionGroupsJson(sheet, 'ROWS');
  if (rowGroups.length) out.rowGroups = rowGroups;
  const columnGroups = dimensionGroupsJson(sheet, 'COLUMNS');
  if (columnGroups.length) out.columnGroups = columnGroups;
  return out;
}

/** The Spreadsheet resource; `ranges` limit sheets (and grid data) to those ranges, as Google does. */
export function spreadsheetJson(ss: Spreadsheet, baseUrl: string, opts: { ranges?: string[]; includeGridData?: boolean } = {}) {
  const ev = new Evaluator(ss);
  let sheets: Record<string, unknown>[];
  if (opts.ranges?.length) {
    const bySheet = new Map<Sheet, Required<Bounds>[]>();
    for (const r of opts.ranges) {
      const { sheet, bounds } = resolveRange(ss, r);
      const list = bySheet.get(sheet) ?? [];
      list.push(clampBounds(sheet, bounds));
      bySheet.set(sheet, list);
    }
    sheets = ss.sheets
      .filter((s) => bySheet.has(s))
      .map((s) => sheetJson(s, opts.includeGridData ? bySheet.get(s)!.map((b) => gridData(ev, s, b)) : undefined));
  } else {
    sheets = ss.sheets.map((s) => sheetJson(s, opts.includeGridData ? [gridData(ev, s, clampBounds(s, {}))] : undefined));
  }
  return {
    spreadsheetId: ss.spreadsheetId,
    properties: propertiesJson(ss.properties),
    sheets,
    ...(ss.namedRanges?.length
      ? { namedRanges: ss.namedRanges.map((n) => ({ ...n, range: rangeJson(sheetById(ss, n.range.sheetId) ?? ss.sheets[0]!, n.range) })) }
      : {}),
    spreadsheetUrl: spreadsheetUrl(baseUrl, ss.spreadsheetId),
  };
}

/** Writes rows of plain values into a sheet (used by the control API's import and the grid page). */
export function writeRows(
  sheet: Sheet,
  rows: unknown[][],
  parse: (v: unknown, r: number, c: number) => Parameters<typeof writeCell>[3] | null,
) {
  const g = sheet.properties.gridProperties;
  rows.forEach((row, r) => {
    row.forEach((v, c) => {
      const w = parse(v, r, c);
      if (!w) return;
      g.rowCount = Math.max(g.rowCount, r + 1);
      g.columnCount = Math.max(g.columnCount, c + 1);
      writeCell(sheet, r, c, w);
    });
  });
}
