/** What every batchUpdate request handler shares: its signature, its errors, and ranges made finite. */
import { sheetById } from './cells.js';
import { maskPaths, parseFields } from './fields.js';
import type { Dim } from './grid-ops.js';
import type { GridRange, Sheet, Spreadsheet } from './store.js';

export type Req = Record<string, any>;
/** Who sent the batchUpdate (absent for staff-like edits through the control API). */
export interface RequestContext {
  user?: string;
}
export type Handler = (ss: Spreadsheet, req: Req, ctx: RequestContext) => Record<string, unknown> | undefined;

export class RequestError extends Error {}
export const fail = (msg: string): never => {
  throw new RequestError(msg);
};

export function gridSheet(ss: Spreadsheet, id: number | undefined): Sheet {
  return sheetById(ss, id) ?? fail(`No grid with id: ${id ?? 0}`);
}

/** A GridRange made finite against the sheet's grid. */
export function span(ss: Spreadsheet, r: GridRange | undefined) {
  if (!r) fail('range must be specified.');
  const sheet = gridSheet(ss, r!.sheetId);
  const g = sheet.properties.gridProperties;
  const b = {
    r0: r!.startRowIndex ?? 0,
    r1: r!.endRowIndex ?? g.rowCount,
    c0: r!.startColumnIndex ?? 0,
    c1: r!.endColumnIndex ?? g.columnCount,
  };
  if (b.r0 < 0 || b.c0 < 0 || b.r1 < b.r0 || b.c1 < b.c0) fail('Invalid range: start index must be less than or equal to end index.');
  if (b.r1 > g.rowCount || b.c1 > g.columnCount) {
    fail(`Range exceeds grid limits. Max rows: ${g.rowCount}, max columns: ${g.columnCount}`);
  }
  return { sheet, ...b };
}

export function dimRange(ss: Spreadsheet, d: Req | undefined) {
  if (!d) fail('range must be specified.');
  const sheet = gridSheet(ss, d!.sheetId);
  const dim = (d!.dimension ?? fail('dimension must be specified.')) as Dim;
  if (dim !== 'ROWS' && dim !== 'COLUMNS') fail(`Invalid dimension: ${dim}`);
  const g = sheet.properties.gridProperties;
  const max = dim === 'ROWS' ? g.rowCount : g.columnCount;
  const start = d!.startIndex ?? 0;
  const end = d!.endIndex ?? max;
  if (start < 0 || end <= start) fail('Invalid dimension range: endIndex must be greater than startIndex.');
  return { sheet, dim, start, end, max };
}

/** Google's field-mask semantics for one path: copy it from src, or clear it when src lacks it. */
export function copyPath(src: Record<string, any>, dst: Record<string, any>, parts: readonly string[]) {
  let s: any = src;
  let d: any = dst;
  for (const part of parts.slice(0, -1)) {
    s = s?.[part];
    d = d[part] ??= {};
  }
  const leaf = parts[parts.length - 1]!;
  if (s?.[leaf] !== undefined) d[leaf] = structuredClone(s[leaf]);
  else delete d[leaf];
}

export function requireFields(req: Req) {
  if (typeof req.fields !== 'string' || !req.fields) fail("'fields' is required but not specified");
  return req.fields as string;
}

/** A request's field mask as paths; `/` and parentheses as Google accepts them. */
export function fieldPaths(fields: string): string[][] {
  return maskPaths(parseFields(fields));
}

/** A GridRange as Google echoes it: sheetId 0 is a default and left out. */
export function rangeJson(sheet: Sheet, r: GridRange): GridRange {
  const { sheetId: _drop, ...rest } = r;
  const id = sheet.properties.sheetId;
  return id ? { sheetId: id, ...rest } : rest;
}
