/**
 * batchUpdate requests that staff produce in the Sheets UI: copy/cut and paste, the basic
 * filter (with its sort), named ranges and row/column groups. Shapes follow Google's recorded
 * answers (../shared/google-traffic): sheetId 0 and other defaults left out.
 */
import { copyPath, dimRange, fail, fieldPaths, gridSheet, rangeJson, span, type Handler, type Req } from './batch-kit.js';
import { Evaluator, effectiveValueJson } from './cells.js';
import { isError } from './formula.js';
import type { Dim } from './grid-ops.js';
import { sortRows } from './sort.js';
import { getCell, setCell, type Cell, type GridRange, type NamedRange, type Sheet, type Spreadsheet } from './store.js';

/** Which parts of a cell each paste type carries. */
const PASTE_PARTS: Record<string, (keyof Cell)[]> = {
  PASTE_NORMAL: ['userEnteredValue', 'userEnteredFormat', 'dataValidation', 'note'],
  PASTE_NO_BORDERS: ['userEnteredValue', 'userEnteredFormat', 'dataValidation', 'note'],
  PASTE_VALUES: ['userEnteredValue'],
  PASTE_FORMULA: ['userEnteredValue'],
  PASTE_FORMAT: ['userEnteredFormat'],
  PASTE_DATA_VALIDATION: ['dataValidation'],
  PASTE_CONDITIONAL_FORMATTING: [],
};

function pasteParts(type: unknown): (keyof Cell)[] {
  const parts = PASTE_PARTS[(type as string) ?? 'PASTE_NORMAL'];
  return parts ?? fail(`Invalid pasteType: ${type}`);
}

/** The source cells, read before anything is written (source and destination may overlap). */
function readBlock(
  ss: Spreadsheet,
  sheet: Sheet,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
  valuesOnly: boolean,
): (Cell | undefined)[][] {
  const ev = new Evaluator(ss);
  const block: (Cell | undefined)[][] = [];
  for (let r = r0; r < r1; r++) {
    const row: (Cell | undefined)[] = [];
    for (let c = c0; c < c1; c++) {
      const cell = getCell(sheet, r, c);
      if (cell && valuesOnly && cell.userEnteredValue?.formulaValue !== undefined) {
        // PASTE_VALUES pastes what a formula shows, not the formula.
        const v = ev.effective(sheet, r, c);
        row.push({ ...structuredClone(cell), userEnteredValue: isError(v) ? undefined : effectiveValueJson(v) });
      } else row.push(cell && structuredClone(cell));
    }
    block.push(row);
  }
  return block;
}

/** Writes the chosen parts of `src` over `at`; a part the source lacks is cleared, as a paste does. */
function pasteCell(sheet: Sheet, r: number, c: number, src: Cell | undefined, parts: (keyof Cell)[]) {
  const g = sheet.properties.gridProperties;
  if (r >= g.rowCount || c >= g.columnCount) fail(`Range exceeds grid limits. Max rows: ${g.rowCount}, max columns: ${g.columnCount}`);
  const out: Record<string, unknown> = { ...(getCell(sheet, r, c) ?? {}) };
  for (const p of parts) {
    if (src?.[p] !== undefined) out[p] = structuredClone(src[p]);
    else delete out[p];
  }
  setCell(sheet, r, c, out as Cell);
}

/** Google's named-range names: letters, digits and `_`, not starting with a digit, not a cell reference. */
function checkName(ss: Spreadsheet, name: unknown, except?: NamedRange) {
  if (
    typeof name !== 'string' ||
    !/^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) ||
    /^[A-Za-z]{1,3}[0-9]+$/.test(name) ||
    /^(true|false)$/i.test(name)
  ) {
    fail(`Invalid name: ${String(name)}`);
  }
  if ((ss.namedRanges ?? []).some((n) => n !== except && n.name.toLowerCase() === (name as string).toLowerCase())) {
    fail(`A named range with the name "${name}" already exists.`);
  }
}

function namedRange(ss: Spreadsheet, id: unknown): NamedRange {
  return (ss.namedRanges ?? []).find((n) => n.namedRangeId === String(id)) ?? fail(`No named range with id: ${id}`);
}

const namedRangeJson = (ss: Spreadsheet, n: NamedRange) => ({ ...n, range: rangeJson(gridSheet(ss, n.range.sheetId), n.range) });

/** Named ranges that sit on a sheet, so row and column edits move them with the cells. */
export function namedRangesOn(ss: Spreadsheet, sheet: Sheet): GridRange[] {
  return (ss.namedRanges ?? []).filter((n) => (n.range.sheetId ?? 0) === sheet.properties.sheetId).map((n) => n.range);
}

// ---- dimension groups: a depth per row/column; groups are the runs at each depth ----

const groupKey = (dim: Dim): 'rowGroups' | 'columnGroups' => (dim === 'ROWS' ? 'rowGroups' : 'columnGroups');
const bounds = (dim: Dim) =>
  dim === 'ROWS' ? (['startRowIndex', 'endRowIndex'] as const) : (['startColumnIndex', 'endColumnIndex'] as const);

function depths(sheet: Sheet, dim: Dim): number[] {
  const [s, e] = bounds(dim);
  const out: number[] = [];
  for (const g of sheet[groupKey(dim)] ?? []) for (let i = g[s]!; i < g[e]!; i++) out[i] = (out[i] ?? 0) + 1;
  return out;
}

function setDepths(sheet: Sheet, dim: Dim, depth: number[]) {
  const [s, e] = bounds(dim);
  const runs: GridRange[] = [];
  const max = Math.max(0, ...Array.from(depth, (d) => d ?? 0)); // depth is sparse: map would keep its holes
  for (let level = 1; level <= max; level++) {
    for (let i = 0; i < depth.length; i++) {
      if ((depth[i] ?? 0) < level) continue;
      let j = i;
      while (j < depth.length && (depth[j] ?? 0) >= level) j++;
      runs.push({ [s]: i, [e]: j });
      i = j;
    }
  }
  sheet[groupKey(dim)] = runs;
}

/** Groups as Google lists them: `{ range: { sheetId?, dimension, startIndex, endIndex }, depth }`. */
export function dimensionGroupsJson(sheet: Sheet, dim: Dim) {
  const [s, e] = bounds(dim);
  const depth = depths(sheet, dim);
  return (sheet[groupKey(dim)] ?? []).map((g) => {
    const id = sheet.properties.sheetId;
    let level = Infinity;
    for (let i = g[s]!; i < g[e]!; i++) level = Math.min(level, depth[i] ?? 0);
    return { range: { ...(id ? { sheetId: id } : {}), dimension: dim, startIndex: g[s]!, endIndex: g[e]! }, depth: level };
  });
}

function changeDepth(ss: Spreadsheet, req: Req, by: 1 | -1) {
  const { sheet, dim, start, end, max } = dimRange(ss, req.range);
  if (end > max) fail(`Range exceeds grid limits. Max ${dim === 'ROWS' ? 'rows' : 'columns'}: ${max}`);
  const depth = depths(sheet, dim);
  if (by < 0 && !depth.slice(start, end).some((d) => d > 0)) fail('No dimension group found in the specified range.');
  for (let i = start; i < end; i++) depth[i] = Math.max(0, Math.min(8, (depth[i] ?? 0) + by));
  setDepths(sheet, dim, depth);
  if (by > 0)
    (sheet.properties.gridProperties as Record<string, unknown>)[dim === 'ROWS' ? 'rowGroupControlAfter' : 'columnGroupControlAfter'] ??=
      true;
  return dim;
}

export const staffActions: Record<string, Handler> = {
  copyPaste(ss, req) {
    const src = span(ss, req.source);
    const dst = span(ss, req.destination);
    const parts = pasteParts(req.pasteType);
    if (req.pasteOrientation && !['NORMAL', 'TRANSPOSE'].includes(req.pasteOrientation))
      fail(`Invalid pasteOrientation: ${req.pasteOrientation}`);
    const transpose = req.pasteOrientation === 'TRANSPOSE';
    const block = readBlock(ss, src.sheet, src.r0, src.r1, src.c0, src.c1, req.pasteType === 'PASTE_VALUES');
    const h = transpose ? src.c1 - src.c0 : src.r1 - src.r0;
    const w = transpose ? src.r1 - src.r0 : src.c1 - src.c0;
    // A destination that is a multiple of the source repeats it; a smaller one still gets the whole source.
    const reps = (dest: number, size: number) => Math.max(1, Math.floor(dest / size));
    const rowsOut = h * reps(dst.r1 - dst.r0, h);
    const colsOut = w * reps(dst.c1 - dst.c0, w);
    for (let i = 0; i < rowsOut; i++)
      for (let j = 0; j < colsOut; j++) {
        const [a, b] = transpose ? [j % w, i % h] : [i % h, j % w];
        pasteCell(dst.sheet, dst.r0 + i, dst.c0 + j, block[a]![b], parts);
      }
    return undefined;
  },
  cutPaste(ss, req) {
    const src = span(ss, req.source);
    const to = req.destination ?? fail('destination must be specified.');
    const dstSheet = gridSheet(ss, to.sheetId);
    const parts = pasteParts(req.pasteType);
    const block = readBlock(ss, src.sheet, src.r0, src.r1, src.c0, src.c1, req.pasteType === 'PASTE_VALUES');
    for (let r = src.r0; r < src.r1; r++) for (let c = src.c0; c < src.c1; c++) pasteCell(src.sheet, r, c, undefined, parts);
    const r0 = to.rowIndex ?? 0;
    const c0 = to.columnIndex ?? 0;
    block.forEach((row, i) => row.forEach((cell, j) => pasteCell(dstSheet, r0 + i, c0 + j, cell, parts)));
    return undefined;
  },
  setBasicFilter(ss, req) {
    const filter = req.filter ?? fail('filter must be specified.');
    const { sheet, r0, r1, c0, c1 } = span(ss, filter.range ?? {});
    const { range: _range, ...specs } = structuredClone(filter);
    sheet.basicFilter = { range: { startRowIndex: r0, endRowIndex: r1, startColumnIndex: c0, endColumnIndex: c1 }, ...specs };
    // The filter's sort reorders the rows under its header, as in the Sheets UI.
    const sortSpecs = (filter.sortSpecs ?? []) as { dimensionIndex?: number; sortOrder?: string }[];
    if (sortSpecs.length && r1 - r0 > 1) sortRows(ss, sheet, { r0: r0 + 1, r1, c0, c1 }, sortSpecs);
    return undefined;
  },
  clearBasicFilter(ss, req) {
    delete gridSheet(ss, req.sheetId).basicFilter;
    return undefined;
  },
  addNamedRange(ss, req) {
    const n = req.namedRange ?? fail('namedRange must be specified.');
    checkName(ss, n.name);
    span(ss, n.range);
    const stored: NamedRange = {
      namedRangeId: String(n.namedRangeId ?? Math.floor(Math.random() * 2 ** 31)),
      name: n.name,
      range: { sheetId: n.range.sheetId ?? 0, ...structuredClone(n.range) },
    };
    if ((ss.namedRanges ?? []).some((x) => x.namedRangeId === stored.namedRangeId))
      fail(`Named range with id ${stored.namedRangeId} already exists.`);
    (ss.namedRanges ??= []).push(stored);
    return { addNamedRange: { namedRange: namedRangeJson(ss, stored) } };
  },
  updateNamedRange(ss, req) {
    const n = req.namedRange ?? fail('namedRange must be specified.');
    if (typeof req.fields !== 'string' || !req.fields) fail("'fields' is required but not specified");
    const target = namedRange(ss, n.namedRangeId);
    const next = structuredClone(target) as unknown as Record<string, any>;
    for (const parts of fieldPaths(req.fields)) {
      if (parts[0] === '*') Object.assign(next, structuredClone({ name: n.name, range: n.range }));
      else copyPath(n, next, parts);
    }
    if (next.name !== target.name) checkName(ss, next.name, target);
    span(ss, next.range);
    next.range = { sheetId: next.range.sheetId ?? 0, ...next.range };
    Object.assign(target, next, { namedRangeId: target.namedRangeId });
    return undefined;
  },
  deleteNamedRange(ss, req) {
    const target = namedRange(ss, req.namedRangeId);
    ss.namedRanges = ss.namedRanges!.filter((n) => n !== target);
    return undefined;
  },
  addDimensionGroup(ss, req) {
    const dim = changeDepth(ss, req, 1);
    return { addDimensionGroup: { dimensionGroups: dimensionGroupsJson(gridSheet(ss, req.range.sheetId), dim) } };
  },
  deleteDimensionGroup(ss, req) {
    const dim = changeDepth(ss, req, -1);
    const groups = dimensionGroupsJson(gridSheet(ss, req.range.sheetId), dim);
    return { deleteDimensionGroup: groups.length ? { dimensionGroups: groups } : {} };
  },
};
