/**
 * Developer metadata and the *ByDataFilter value methods: what gives a row an identity that
 * survives staff sorting, inserting and deleting rows (the sync gateway tags rows it writes).
 *
 * As Google documents it: metadata on a row or column stays with that row or column as rows
 * and columns are inserted, deleted and moved, and is deleted with it. Sorting is modelled the
 * same way: a row's metadata travels with the row's cells when a range is sorted.
 * A data filter that matches nothing selects nothing (no error, no response entry).
 */
import type { Bounds } from './a1.js';
import {
  clampBounds,
  Evaluator,
  rangeText,
  readValues,
  resolveRange,
  sheetById,
  type DateRender,
  type InputOption,
  type ValueRender,
} from './cells.js';
import { ApiError, badRequest } from './errors.js';
import type { Dim } from './grid-ops.js';
import type { Sheet, Spreadsheet } from './store.js';
import { enumOf, updateResponse, writeValueRange } from './values.js';

export interface DimensionRange {
  sheetId: number;
  dimension: Dim;
  startIndex: number;
  endIndex: number;
}
export interface DeveloperMetadata {
  metadataId: number;
  metadataKey: string;
  metadataValue?: string;
  visibility: 'DOCUMENT' | 'PROJECT';
  location: {
    locationType: 'ROW' | 'COLUMN' | 'SHEET' | 'SPREADSHEET';
    sheetId?: number;
    spreadsheet?: boolean;
    dimensionRange?: DimensionRange;
  };
}

type Req = Record<string, any>;
const fail = (msg: string): never => {
  throw badRequest(msg);
};

/** Row/column/sheet metadata lives on its sheet (so it goes when the sheet goes); spreadsheet metadata on the spreadsheet. */
function all(ss: Spreadsheet): DeveloperMetadata[] {
  return [...(ss.developerMetadata ?? []), ...ss.sheets.flatMap((s) => s.developerMetadata ?? [])];
}

// ---- keeping metadata on its row or column as the grid changes (called from grid-ops) -------

/** Re-index row (or column) metadata: `map(i)` is the new index of old index i, or -1 when deleted. */
export function remapDimensionMetadata(sheet: Sheet, dim: Dim, map: (i: number) => number): void {
  if (!sheet.developerMetadata?.length) return;
  sheet.developerMetadata = sheet.developerMetadata.filter((m) => {
    const d = m.location.dimensionRange;
    if (!d || d.dimension !== dim) return true;
    const to = map(d.startIndex);
    if (to < 0) return false;
    d.startIndex = to;
    d.endIndex = to + 1;
    return true;
  });
}

// ---- batchUpdate requests ------------------------------------------------------------------

function locate(ss: Spreadsheet, loc: Req | undefined): DeveloperMetadata['location'] {
  if (!loc) return fail('location must be specified.');
  if (loc.spreadsheet) return { locationType: 'SPREADSHEET', spreadsheet: true };
  if (loc.sheetId !== undefined && !loc.dimensionRange) {
    if (!sheetById(ss, loc.sheetId)) fail(`No grid with id: ${loc.sheetId}`);
    return { locationType: 'SHEET', sheetId: loc.sheetId };
  }
  const d = loc.dimensionRange as Req | undefined;
  if (!d) return fail('location must be specified.');
  const sheet = sheetById(ss, d.sheetId) ?? fail(`No grid with id: ${d.sheetId ?? 0}`);
  if (d.dimension !== 'ROWS' && d.dimension !== 'COLUMNS') fail('dimensionRange.dimension must be ROWS or COLUMNS.');
  const start = d.startIndex;
  if (!Number.isInteger(start) || d.endIndex !== start + 1) fail('Developer metadata must be associated with a single row or column.');
  const max = d.dimension === 'ROWS' ? sheet.properties.gridProperties.rowCount : sheet.properties.gridProperties.columnCount;
  if (start < 0 || start >= max) fail(`Range ${JSON.stringify(d)} exceeds grid limits.`);
  return {
    locationType: d.dimension === 'ROWS' ? 'ROW' : 'COLUMN',
    dimensionRange: { sheetId: sheet.properties.sheetId, dimension: d.dimension, startIndex: start, endIndex: start + 1 },
  };
}

/** Does metadata `m` match a DeveloperMetadataLookup (every field given must match)? */
function matches(m: DeveloperMetadata, l: Req): boolean {
  if (l.metadataId !== undefined && l.metadataId !== m.metadataId) return false;
  if (l.metadataKey !== undefined && l.metadataKey !== m.metadataKey) return false;
  if (l.metadataValue !== undefined && l.metadataValue !== m.metadataValue) return false;
  if (l.visibility !== undefined && l.visibility !== m.visibility) return false;
  if (l.locationType !== undefined && l.locationType !== m.location.locationType) return false;
  const want = l.metadataLocation as Req | undefined;
  if (want) {
    const d = m.location.dimensionRange;
    const w = want.dimensionRange as Req | undefined;
    if (want.spreadsheet) return m.location.locationType === 'SPREADSHEET';
    if (w) {
      if (!d || d.sheetId !== w.sheetId || d.dimension !== w.dimension) return false;
      const exact = l.locationMatchingStrategy === 'EXACT_LOCATION';
      return exact
        ? d.startIndex === w.startIndex && d.endIndex === w.endIndex
        : d.startIndex < (w.endIndex ?? Infinity) && d.endIndex > (w.startIndex ?? 0);
    }
    if (want.sheetId !== undefined)
      return (
        (d?.sheetId ?? m.location.sheetId) === want.sheetId &&
        (l.locationMatchingStrategy !== 'EXACT_LOCATION' || m.location.locationType === 'SHEET')
      );
  }
  return true;
}

function lookup(ss: Spreadsheet, l: Req | undefined): DeveloperMetadata[] {
  if (!l || Object.keys(l).length === 0) return fail('dataFilter.developerMetadataLookup must specify at least one field.');
  return all(ss).filter((m) => matches(m, l));
}

function remove(ss: Spreadsheet, gone: ReadonlySet<DeveloperMetadata>): void {
  if (ss.developerMetadata) ss.developerMetadata = ss.developerMetadata.filter((m) => !gone.has(m));
  for (const s of ss.sheets) if (s.developerMetadata) s.developerMetadata = s.developerMetadata.filter((m) => !gone.has(m));
}

/** Metadata selected by DataFilters in (update|delete)DeveloperMetadata: only lookups select metadata. */
function selected(ss: Spreadsheet, filters: unknown): DeveloperMetadata[] {
  if (!Array.isArray(filters) || filters.length === 0) return fail('dataFilters must be specified.');
  const out = new Set<DeveloperMetadata>();
  for (const f of filters as Req[]) for (const m of lookup(ss, f.developerMetadataLookup)) out.add(m);
  return [...out];
}

export const developerMetadataRequests: Record<string, (ss: Spreadsheet, req: Req) => Record<string, unknown> | undefined> = {
  createDeveloperMetadata(ss, req) {
    const dm = (req.developerMetadata ?? {}) as Req;
    if (typeof dm.metadataKey !== 'string' || !dm.metadataKey) fail('developerMetadata.metadataKey must be specified.');
    if (dm.visibility !== 'DOCUMENT' && dm.visibility !== 'PROJECT') fail('developerMetadata.visibility must be DOCUMENT or PROJECT.');
    const location = locate(ss, dm.location);
    const ids = new Set(all(ss).map((m) => m.metadataId));
    if (dm.metadataId !== undefined && ids.has(dm.metadataId)) fail(`Developer metadata with ID ${dm.metadataId} already exists.`);
    let id = dm.metadataId as number | undefined;
    while (id === undefined || ids.has(id)) id = 1 + Math.floor(Math.random() * 2 ** 31 - 2);
    const m: DeveloperMetadata = {
      metadataId: id,
      metadataKey: dm.metadataKey,
      ...(typeof dm.metadataValue === 'string' ? { metadataValue: dm.metadataValue } : {}),
      visibility: dm.visibility,
      location,
    };
    if (location.locationType === 'SPREADSHEET') (ss.developerMetadata ??= []).push(m);
    else {
      const sheet = sheetById(ss, location.sheetId ?? location.dimensionRange!.sheetId)!;
      (sheet.developerMetadata ??= []).push(m);
    }
    return { createDeveloperMetadata: { developerMetadata: structuredClone(m) } };
  },
  deleteDeveloperMetadata(ss, req) {
    const gone = selected(ss, [req.dataFilter]);
    remove(ss, new Set(gone));
    return { deleteDeveloperMetadata: { deletedDeveloperMetadata: structuredClone(gone) } };
  },
  updateDeveloperMetadata(ss, req) {
    const fields = String(req.fields ?? '');
    if (!fields) fail("'fields' is required but not specified");
    const src = (req.developerMetadata ?? {}) as Req;
    const hits = selected(ss, req.dataFilters);
    for (const m of hits) {
      for (const f of fields.split(',').map((x) => x.trim())) {
        if (f === 'metadataKey' || f === 'metadataValue' || f === 'visibility') (m as Req)[f] = src[f];
        else if (f === 'location') {
          const to = locate(ss, src.location);
          remove(ss, new Set([m]));
          m.location = to;
          if (to.locationType === 'SPREADSHEET') (ss.developerMetadata ??= []).push(m);
          else (sheetById(ss, to.sheetId ?? to.dimensionRange!.sheetId)!.developerMetadata ??= []).push(m);
        } else fail(`Unsupported field: ${f}`);
      }
    }
    return { updateDeveloperMetadata: { developerMetadata: structuredClone(hits) } };
  },
};

// ---- data filters → ranges -----------------------------------------------------------------

interface Hit {
  sheet: Sheet;
  bounds: Bounds;
}

/** The ranges one DataFilter selects: an A1 range, a grid range, or each row/column/sheet its metadata lookup finds. */
function rangesFor(ss: Spreadsheet, f: Req): Hit[] {
  const kinds = ['a1Range', 'gridRange', 'developerMetadataLookup'].filter((k) => f?.[k] !== undefined);
  if (kinds.length !== 1) fail('Exactly one of a1Range, gridRange or developerMetadataLookup must be set in a DataFilter.');
  if (f.a1Range !== undefined) return [resolveRange(ss, String(f.a1Range))];
  if (f.gridRange) {
    const g = f.gridRange as Req;
    const sheet = sheetById(ss, g.sheetId) ?? fail(`No grid with id: ${g.sheetId ?? 0}`);
    return [
      { sheet, bounds: { startRow: g.startRowIndex, endRow: g.endRowIndex, startCol: g.startColumnIndex, endCol: g.endColumnIndex } },
    ];
  }
  return lookup(ss, f.developerMetadataLookup).flatMap((m): Hit[] => {
    const d = m.location.dimensionRange;
    if (d) {
      const sheet = sheetById(ss, d.sheetId)!;
      return [
        {
          sheet,
          bounds: d.dimension === 'ROWS' ? { startRow: d.startIndex, endRow: d.endIndex } : { startCol: d.startIndex, endCol: d.endIndex },
        },
      ];
    }
    const sheet = m.location.sheetId !== undefined ? sheetById(ss, m.location.sheetId) : undefined;
    return sheet ? [{ sheet, bounds: {} }] : [];
  });
}

const VRO = ['FORMATTED_VALUE', 'UNFORMATTED_VALUE', 'FORMULA'] as const;
const DTRO = ['SERIAL_NUMBER', 'FORMATTED_STRING'] as const;
const VIO = ['RAW', 'USER_ENTERED'] as const;
const MAJOR = ['ROWS', 'COLUMNS'] as const;

/** values:batchGetByDataFilter — one MatchedValueRange per range selected, with the filters that selected it. */
export function valuesBatchGetByDataFilter(ss: Spreadsheet, body: Req) {
  const filters = body.dataFilters;
  if (!Array.isArray(filters) || filters.length === 0) fail('dataFilters must be specified.');
  const vro = enumOf(body.valueRenderOption, 'valueRenderOption', 'ValueRenderOption', VRO, 'FORMATTED_VALUE') as ValueRender;
  const dtro = enumOf(body.dateTimeRenderOption, 'dateTimeRenderOption', 'DateTimeRenderOption', DTRO, 'SERIAL_NUMBER') as DateRender;
  const major = enumOf(body.majorDimension, 'majorDimension', 'Dimension', MAJOR, 'ROWS');
  const ev = new Evaluator(ss);
  const out = new Map<string, { valueRange: Record<string, unknown>; dataFilters: Req[] }>();
  for (const f of filters as Req[]) {
    for (const hit of rangesFor(ss, f)) {
      const b = clampBounds(hit.sheet, hit.bounds);
      const range = rangeText(hit.sheet, b);
      const seen = out.get(range);
      if (seen) {
        seen.dataFilters.push(f);
        continue;
      }
      const values = readValues(ev, hit.sheet, b, vro, dtro, major);
      out.set(range, { valueRange: { range, majorDimension: major, ...(values.length ? { values } : {}) }, dataFilters: [f] });
    }
  }
  return { spreadsheetId: ss.spreadsheetId, ...(out.size ? { valueRanges: [...out.values()] } : {}) };
}

/** values:batchUpdateByDataFilter — each DataFilterValueRange written at the top-left of every range its filter selects. */
export function valuesBatchUpdateByDataFilter(ss: Spreadsheet, body: Req) {
  const option = enumOf(body.valueInputOption, 'valueInputOption', 'ValueInputOption', VIO) as InputOption;
  const data = body.data;
  if (!Array.isArray(data) || data.length === 0) fail('data must be specified.');
  const include = body.includeValuesInResponse === true;
  const vro = enumOf(
    body.responseValueRenderOption,
    'responseValueRenderOption',
    'ValueRenderOption',
    VRO,
    'FORMATTED_VALUE',
  ) as ValueRender;
  const dtro = enumOf(
    body.responseDateTimeRenderOption,
    'responseDateTimeRenderOption',
    'DateTimeRenderOption',
    DTRO,
    'SERIAL_NUMBER',
  ) as DateRender;
  const responses: Record<string, unknown>[] = [];
  const sheets = new Set<Sheet>();
  const totals = { rows: 0, cols: 0, cells: 0 };
  const pendingData: Array<{ entry: Record<string, unknown>; hit: Hit }> = [];
  (data as Req[]).forEach((d, i) => {
    for (const hit of rangesFor(ss, d.dataFilter)) {
      const res = writeValueRange(ss, hit.sheet, hit.bounds, d, option, `data[${i}].`);
      const { spreadsheetId: _id, updatedData: _written, ...r } = updateResponse(ss, res, false, vro, dtro);
      const entry: Record<string, unknown> = { ...r, dataFilter: d.dataFilter };
      // As Google documents it: the values of the whole range the filter matched, after all updates.
      if (include) pendingData.push({ entry, hit });
      responses.push(entry);
      sheets.add(hit.sheet);
      totals.rows += res.rows;
      totals.cols += res.cols;
      totals.cells += res.cells;
    }
  });
  const ev = new Evaluator(ss);
  for (const { entry, hit } of pendingData) {
    const b = clampBounds(hit.sheet, hit.bounds);
    const values = readValues(ev, hit.sheet, b, vro, dtro, 'ROWS');
    entry.updatedData = { range: rangeText(hit.sheet, b), majorDimension: 'ROWS', ...(values.length ? { values } : {}) };
  }
  const out: Record<string, unknown> = { spreadsheetId: ss.spreadsheetId };
  if (totals.rows) out.totalUpdatedRows = totals.rows;
  if (totals.cols) out.totalUpdatedColumns = totals.cols;
  if (totals.cells) out.totalUpdatedCells = totals.cells;
  if (sheets.size) out.totalUpdatedSheets = sheets.size;
  if (responses.length) out.responses = responses;
  return out;
}

/** developerMetadata:search — the metadata every filter selects (lookups, or metadata located in an A1/grid range). */
export function searchDeveloperMetadata(ss: Spreadsheet, body: Req) {
  const filters = body.dataFilters;
  if (!Array.isArray(filters) || filters.length === 0) fail('dataFilters must be specified.');
  const out: Array<{ developerMetadata: DeveloperMetadata; dataFilters: Req[] }> = [];
  for (const f of filters as Req[]) {
    const hits = f.developerMetadataLookup ? lookup(ss, f.developerMetadataLookup) : [];
    for (const m of hits) {
      const seen = out.find((o) => o.developerMetadata.metadataId === m.metadataId);
      if (seen) seen.dataFilters.push(f);
      else out.push({ developerMetadata: structuredClone(m), dataFilters: [f] });
    }
  }
  return out.length ? { matchedDeveloperMetadata: out } : {};
}

/** developerMetadata.get — one metadata by its ID. */
export function getDeveloperMetadata(ss: Spreadsheet, id: number) {
  const m = all(ss).find((x) => x.metadataId === id);
  if (!m) throw new ApiError(404, 'NOT_FOUND', `No developer metadata with ID: ${id}`);
  return structuredClone(m);
}
