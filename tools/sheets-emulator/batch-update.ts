/** spreadsheets.batchUpdate: applies requests in order to a copy; the caller commits only if all succeed. */
import {
  copyPath,
  dimRange,
  fail,
  fieldPaths,
  gridSheet,
  rangeJson,
  RequestError,
  requireFields,
  span,
  type Handler,
  type RequestContext,
  type Req,
} from './batch-kit.js';
import { developerMetadataRequests, remapDimensionMetadata } from './metadata.js';
import { Evaluator, sheetById } from './cells.js';
import { ApiError, badRequest, unknownField } from './errors.js';
import { deleteDimension, insertDimension, moveDimension, shiftFormulas, type Dim } from './grid-ops.js';
import { isError, type Value } from './formula.js';
import { normaliseColors } from './colors.js';
import { sortRows } from './sort.js';
import { namedRangesOn, staffActions } from './batch-staff.js';
import {
  getCell,
  newSheet,
  newSheetId,
  ownRows,
  setCell,
  sortSheets,
  type Cell,
  type GridRange,
  type Sheet,
  type Spreadsheet,
} from './store.js';

const CELL_FIELDS = ['userEnteredValue', 'userEnteredFormat', 'dataValidation', 'note'] as const;

/** Copies the masked fields (e.g. `userEnteredValue,userEnteredFormat(numberFormat,textFormat)`, `*`) from src to dst. */
function applyCellMask(dst: Cell, src: Record<string, any>, fields: string): Cell {
  const out: Record<string, any> = structuredClone(dst);
  for (const parts of fieldPaths(fields)) {
    if (parts[0] === '*') {
      for (const k of CELL_FIELDS)
        if (src[k] !== undefined) out[k] = structuredClone(src[k]);
        else delete out[k];
      continue;
    }
    if (
      ![
        'userEnteredValue',
        'userEnteredFormat',
        'dataValidation',
        'note',
        'effectiveValue',
        'formattedValue',
        'effectiveFormat',
        'hyperlink',
        'textFormatRuns',
        'pivotTable',
        'dataSourceTable',
        'dataSourceFormula',
      ].includes(parts[0]!)
    ) {
      fail(`Invalid field mask: ${parts.join('.')}`);
    }
    if (!CELL_FIELDS.includes(parts[0] as (typeof CELL_FIELDS)[number])) continue; // read-only fields are ignored by Google too
    copyPath(src, out, parts);
  }
  if (out.userEnteredFormat) normaliseColors(out.userEnteredFormat);
  for (const k of ['userEnteredFormat'] as const) if (out[k] && Object.keys(out[k]).length === 0) delete out[k];
  return out as Cell;
}

function setProps(target: Record<string, any>, src: Record<string, any>, fields: string) {
  for (const parts of fieldPaths(fields)) {
    if (parts[0] === '*') {
      for (const [k, v] of Object.entries(src)) if (k !== 'sheetId') target[k] = structuredClone(v);
      continue;
    }
    copyPath(src, target, parts);
  }
  normaliseColors(target);
}

function checkTitle(ss: Spreadsheet, title: unknown, except?: Sheet) {
  if (typeof title !== 'string' || !title.trim()) fail('Sheet title cannot be empty.');
  if (ss.sheets.some((s) => s !== except && s.properties.title.toLowerCase() === String(title).toLowerCase())) {
    fail(`A sheet with the name "${title}" already exists. Please enter another name.`);
  }
}

function placeSheet(ss: Spreadsheet, sheet: Sheet, index: number) {
  const others = ss.sheets.filter((s) => s !== sheet);
  others.splice(Math.max(0, Math.min(index, others.length)), 0, sheet);
  ss.sheets = others;
  sortSheets(Object.assign(ss, { sheets: others.map((s, i) => ((s.properties.index = i), s)) }));
}

const handlers: Record<string, Handler> = {
  ...staffActions,
  addSheet(ss, req) {
    const p = req.properties ?? {};
    const title = p.title ?? `Sheet${ss.sheets.length + 1}`;
    checkTitle(ss, title);
    const id = p.sheetId ?? newSheetId();
    if (sheetById(ss, id)) fail(`Sheet with id ${id} already exists.`);
    const sheet = newSheet({ ...p, sheetId: id, title, index: ss.sheets.length });
    ss.sheets.push(sheet);
    placeSheet(ss, sheet, p.index ?? ss.sheets.length);
    return { addSheet: { properties: structuredClone(sheet.properties) } };
  },
  deleteSheet(ss, req) {
    const sheet = gridSheet(ss, req.sheetId);
    if (ss.sheets.length === 1) fail("You can't remove all the sheets in a document.");
    ss.sheets = ss.sheets.filter((s) => s !== sheet);
    sortSheets(ss);
    return undefined;
  },
  updateSheetProperties(ss, req) {
    const fields = requireFields(req);
    const p = req.properties ?? {};
    const sheet = gridSheet(ss, p.sheetId);
    const next = structuredClone(sheet.properties) as Record<string, any>;
    setProps(next, p, fields);
    if (next.title !== sheet.properties.title) checkTitle(ss, next.title, sheet);
    if (next.hidden && ss.sheets.every((s) => s === sheet || s.properties.hidden)) fail("You can't hide all the sheets in a document.");
    const g = next.gridProperties ?? {};
    if ((g.frozenRowCount ?? 0) >= g.rowCount || (g.frozenColumnCount ?? 0) >= g.columnCount) {
      fail("You can't freeze all visible rows on the sheet.");
    }
    if (g.rowCount < sheet.properties.gridProperties.rowCount) ownRows(sheet).length = Math.min(sheet.rows.length, g.rowCount);
    if (g.columnCount < sheet.properties.gridProperties.columnCount)
      for (const row of ownRows(sheet)) if (row && row.length > g.columnCount) row.length = g.columnCount;
    const index = next.index;
    next.sheetId = sheet.properties.sheetId;
    sheet.properties = next as Sheet['properties'];
    if (/\bindex\b|\*/.test(fields)) placeSheet(ss, sheet, index ?? 0);
    else sheet.properties.index = ss.sheets.indexOf(sheet);
    return undefined;
  },
  updateSpreadsheetProperties(ss, req) {
    setProps(ss.properties, req.properties ?? {}, requireFields(req));
    return undefined;
  },
  insertDimension(ss, req) {
    const { sheet, dim, start, end, max } = dimRange(ss, req.range);
    if (start > max) fail(`Invalid requests: insertDimension startIndex (${start}) is past the end of the grid (${max}).`);
    if (req.inheritFromBefore && start === 0) fail('Cannot inherit properties from before when inserting at the start.');
    insertDimension(sheet, dim, start, end, !!req.inheritFromBefore, namedRangesOn(ss, sheet));
    shiftFormulas(ss, sheet, dim, start, end, true);
    return undefined;
  },
  appendDimension(ss, req) {
    const sheet = gridSheet(ss, req.sheetId);
    const g = sheet.properties.gridProperties;
    if (!(req.length > 0)) fail('length must be greater than 0.');
    if (req.dimension === 'ROWS') g.rowCount += req.length;
    else if (req.dimension === 'COLUMNS') g.columnCount += req.length;
    else fail(`Invalid dimension: ${req.dimension}`);
    return undefined;
  },
  deleteDimension(ss, req) {
    const { sheet, dim, start, end, max } = dimRange(ss, req.range);
    if (end > max) fail(`Range exceeds grid limits. Max ${dim === 'ROWS' ? 'rows' : 'columns'}: ${max}`);
    if (start === 0 && end >= max) fail(`You can't delete all the ${dim === 'ROWS' ? 'rows' : 'columns'} on the sheet.`);
    deleteDimension(sheet, dim, start, end, namedRangesOn(ss, sheet));
    shiftFormulas(ss, sheet, dim, start, end, false);
    return undefined;
  },
  moveDimension(ss, req) {
    const { sheet, dim, start, end, max } = dimRange(ss, req.source);
    const dest = req.destinationIndex ?? fail('destinationIndex must be specified.');
    if (end > max || dest > max || dest < 0) fail('Invalid move: index out of range.');
    if (dest > start && dest < end) fail('destinationIndex cannot be inside the source range.');
    moveDimension(sheet, dim, start, end, dest);
    return undefined;
  },
  sortRange(ss, req) {
    const { sheet, r0, r1, c0, c1 } = span(ss, req.range);
    const specs = (req.sortSpecs ?? []) as Req[];
    if (!specs.length) fail('sortSpecs must be specified.');
    sortRows(ss, sheet, { r0, r1, c0, c1 }, specs);
    return undefined;
  },
  updateCells(ss, req) {
    const fields = requireFields(req);
    const rows = (req.rows ?? []) as Req[];
    if (req.start && req.range) fail('Only one of start or range may be set.');
    if (req.range) {
      const { sheet, r0, r1, c0, c1 } = span(ss, req.range);
      // With a range, cells of the range not covered by `rows` are cleared for the masked fields.
      for (let r = r0; r < r1; r++)
        for (let c = c0; c < c1; c++) {
          const src = rows[r - r0]?.values?.[c - c0] ?? {};
          if (!getCell(sheet, r, c) && !Object.keys(src).length) continue;
          setCell(sheet, r, c, applyCellMask(getCell(sheet, r, c) ?? {}, src, fields));
        }
      return undefined;
    }
    const start = req.start ?? {};
    const sheet = gridSheet(ss, start.sheetId);
    const g = sheet.properties.gridProperties;
    const r0 = start.rowIndex ?? 0;
    const c0 = start.columnIndex ?? 0;
    rows.forEach((row, i) =>
      (row.values ?? []).forEach((src: Req, j: number) => {
        if (r0 + i >= g.rowCount || c0 + j >= g.columnCount)
          fail(`Range exceeds grid limits. Max rows: ${g.rowCount}, max columns: ${g.columnCount}`);
        setCell(sheet, r0 + i, c0 + j, applyCellMask(getCell(sheet, r0 + i, c0 + j) ?? {}, src ?? {}, fields));
      }),
    );
    return undefined;
  },
  appendCells(ss, req) {
    const fields = requireFields(req);
    const sheet = gridSheet(ss, req.sheetId);
    const g = sheet.properties.gridProperties;
    let last = 0;
    sheet.rows.forEach((row, r) => {
      if (row?.some((c) => c?.userEnteredValue)) last = r + 1;
    });
    const rows = (req.rows ?? []) as Req[];
    g.rowCount = Math.max(g.rowCount, last + rows.length);
    rows.forEach((row, i) =>
      (row.values ?? []).forEach((src: Req, j: number) => {
        g.columnCount = Math.max(g.columnCount, j + 1);
        setCell(sheet, last + i, j, applyCellMask(getCell(sheet, last + i, j) ?? {}, src ?? {}, fields));
      }),
    );
    return undefined;
  },
  repeatCell(ss, req) {
    const fields = requireFields(req);
    const { sheet, r0, r1, c0, c1 } = span(ss, req.range);
    for (let r = r0; r < r1; r++)
      for (let c = c0; c < c1; c++) setCell(sheet, r, c, applyCellMask(getCell(sheet, r, c) ?? {}, req.cell ?? {}, fields));
    return undefined;
  },
  setDataValidation(ss, req) {
    const { sheet, r0, r1, c0, c1 } = span(ss, req.range);
    const rule = req.rule;
    if (rule && !rule.condition?.type) fail('rule.condition.type must be specified.');
    for (let r = r0; r < r1; r++)
      for (let c = c0; c < c1; c++) {
        const cell: Cell = { ...(getCell(sheet, r, c) ?? {}) };
        if (rule) cell.dataValidation = structuredClone(rule);
        else delete cell.dataValidation;
        setCell(sheet, r, c, cell);
      }
    return undefined;
  },
  addProtectedRange(ss, req, ctx) {
    const pr = req.protectedRange ?? fail('protectedRange must be specified.');
    const { sheet } = span(ss, pr.range);
    const protectedRangeId = pr.protectedRangeId ?? newSheetId();
    const { sheetId: _ignored, ...range } = pr.range;
    // Google answers with what was asked (defaults left out); the range then lists its creator as an editor.
    const asked = withoutDefaults({
      ...structuredClone(pr),
      protectedRangeId,
      range,
      requestingUserCanEdit: true,
      editors: withoutDefaults(pr.editors ?? {}),
    });
    const users = [...new Set([...(pr.editors?.users ?? []), ...(ctx.user ? [ctx.user] : [])])];
    sheet.protectedRanges.push({ ...structuredClone(asked), editors: { ...asked.editors, ...(users.length ? { users } : {}) } });
    return { addProtectedRange: { protectedRange: { ...asked, range: rangeJson(sheet, range) } } };
  },
  deleteProtectedRange(ss, req) {
    const sheet = ss.sheets.find((s) => s.protectedRanges.some((p) => p.protectedRangeId === req.protectedRangeId));
    if (!sheet) fail(`No protected range with id: ${req.protectedRangeId}`);
    sheet!.protectedRanges = sheet!.protectedRanges.filter((p) => p.protectedRangeId !== req.protectedRangeId);
    return undefined;
  },
  updateDimensionProperties(ss, req) {
    const fields = requireFields(req);
    const { sheet, dim, start, end } = dimRange(ss, req.range);
    if (/pixelSize|\*/.test(fields)) {
      const arr = dim === 'ROWS' ? sheet.rowPx : sheet.colPx;
      for (let i = start; i < end; i++) arr[i] = req.properties?.pixelSize ?? null;
      for (let i = 0; i < arr.length; i++) if (arr[i] === undefined) arr[i] = null;
    }
    return undefined;
  },
  autoResizeDimensions(ss, req) {
    const d = req.dimensions ?? req.dataSourceSheetDimensions ?? fail('dimensions must be specified.');
    dimRange(ss, d);
    return undefined; // no fonts to measure: sizes stay as they are
  },
  mergeCells(ss, req) {
    const { sheet, r0, r1, c0, c1 } = span(ss, req.range);
    const type = req.mergeType ?? 'MERGE_ALL';
    const parts: GridRange[] = [];
    if (type === 'MERGE_ALL') parts.push({ startRowIndex: r0, endRowIndex: r1, startColumnIndex: c0, endColumnIndex: c1 });
    else if (type === 'MERGE_ROWS')
      for (let r = r0; r < r1; r++) parts.push({ startRowIndex: r, endRowIndex: r + 1, startColumnIndex: c0, endColumnIndex: c1 });
    else if (type === 'MERGE_COLUMNS')
      for (let c = c0; c < c1; c++) parts.push({ startRowIndex: r0, endRowIndex: r1, startColumnIndex: c, endColumnIndex: c + 1 });
    else fail(`Invalid mergeType: ${type}`);
    const overlaps = (a: GridRange, b: GridRange) =>
      a.startRowIndex! < b.endRowIndex! &&
      b.startRowIndex! < a.endRowIndex! &&
      a.startColumnIndex! < b.endColumnIndex! &&
      b.startColumnIndex! < a.endColumnIndex!;
    const whole = { startRowIndex: r0, endRowIndex: r1, startColumnIndex: c0, endColumnIndex: c1 };
    sheet.merges = sheet.merges.filter((m) => !overlaps(m, whole));
    for (const m of parts) {
      if (m.endRowIndex! - m.startRowIndex! === 1 && m.endColumnIndex! - m.startColumnIndex! === 1) continue;
      sheet.merges.push(m);
      // Only the top-left value survives a merge.
      for (let r = m.startRowIndex!; r < m.endRowIndex!; r++)
        for (let c = m.startColumnIndex!; c < m.endColumnIndex!; c++) {
          if (r === m.startRowIndex && c === m.startColumnIndex) continue;
          const cell = getCell(sheet, r, c);
          if (cell?.userEnteredValue) {
            const { userEnteredValue: _drop, ...rest } = cell;
            setCell(sheet, r, c, rest);
          }
        }
    }
    return undefined;
  },
  unmergeCells(ss, req) {
    const { sheet, r0, r1, c0, c1 } = span(ss, req.range);
    sheet.merges = sheet.merges.filter(
      (m) => !(m.startRowIndex! >= r0 && m.endRowIndex! <= r1 && m.startColumnIndex! >= c0 && m.endColumnIndex! <= c1),
    );
    return undefined;
  },
};

Object.assign(handlers, developerMetadataRequests);

/** Validates the whole body first, then runs each request; any failure aborts the batch (caller discards the copy). */
export function batchUpdate(ss: Spreadsheet, body: Req, ctx: RequestContext = {}): { replies: Record<string, unknown>[] } {
  const requests = body.requests;
  if (requests !== undefined && !Array.isArray(requests))
    throw badRequest("Invalid JSON payload received. Invalid value at 'requests': expected a list.");
  const list = (requests ?? []) as Req[];
  list.forEach((req, i) => {
    const keys = Object.keys(req ?? {});
    for (const k of keys) if (!handlers[k]) throw unknownField(k, `requests[${i}]`);
    if (keys.length === 0) throw badRequest(`Invalid requests[${i}]: No request set.`);
    if (keys.length > 1)
      throw badRequest(`Invalid requests[${i}]: Only one request kind may be set per request (found ${keys.join(', ')}).`);
  });
  const replies = list.map((req, i) => {
    const kind = Object.keys(req)[0]!;
    try {
      return handlers[kind]!(ss, req[kind] ?? {}, ctx) ?? {};
    } catch (e) {
      if (e instanceof RequestError) throw badRequest(`Invalid requests[${i}].${kind}: ${e.message}`);
      if (e instanceof ApiError) throw e;
      throw badRequest(`Invalid requests[${i}].${kind}: ${(e as Error).message}`);
    }
  });
  return { replies };
}

export const supportedRequests = Object.keys(handlers);

/** Drops what proto3 JSON leaves out: null, false, empty lists (Google's answers never carry them). */
export function withoutDefaults<T extends Record<string, any>>(o: T): T {
  for (const [k, v] of Object.entries(o)) if (v === null || v === false || (Array.isArray(v) && v.length === 0)) delete o[k];
  return o;
}
