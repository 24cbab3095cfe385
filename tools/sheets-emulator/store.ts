/** In-memory model of spreadsheets (Google's JSON shapes where possible) and its atomic persistence. */
import { randomBytes, randomInt } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DeveloperMetadata } from './metadata.js';

export interface ExtendedValue {
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
  formulaValue?: string;
  errorValue?: { type: string; message: string };
}
export interface NumberFormat {
  type: string;
  pattern?: string;
}
export interface CellFormat {
  numberFormat?: NumberFormat;
  [k: string]: unknown;
}
export interface Cell {
  userEnteredValue?: ExtendedValue;
  userEnteredFormat?: CellFormat;
  dataValidation?: Record<string, unknown>;
  note?: string;
}
export interface GridRange {
  sheetId?: number;
  startRowIndex?: number;
  endRowIndex?: number;
  startColumnIndex?: number;
  endColumnIndex?: number;
}
export interface GridProperties {
  rowCount: number;
  columnCount: number;
  frozenRowCount?: number;
  frozenColumnCount?: number;
  [k: string]: unknown;
}
export interface SheetProperties {
  sheetId: number;
  title: string;
  index: number;
  sheetType: string;
  gridProperties: GridProperties;
  [k: string]: unknown;
}
export interface ProtectedRange {
  protectedRangeId: number;
  range: GridRange;
  warningOnly?: boolean;
  description?: string;
  [k: string]: unknown;
}
/** A basic filter: its range (stored finite) and whatever sort and filter specs came with it. */
export interface BasicFilter {
  range: GridRange;
  [k: string]: unknown;
}
export interface NamedRange {
  namedRangeId: string;
  name: string;
  range: GridRange;
}
export interface Sheet {
  properties: SheetProperties;
  basicFilter?: BasicFilter;
  /** Dimension groups as runs per depth (depth 1 first); see batch-staff.ts. */
  rowGroups?: GridRange[];
  columnGroups?: GridRange[];
  /** rows[r][c]; holes are null so the JSON stays compact. */
  rows: (Array<Cell | null> | null)[];
  merges: GridRange[];
  protectedRanges: ProtectedRange[];
  rowPx: (number | null)[];
  colPx: (number | null)[];
  /** Row, column and sheet developer metadata (metadata.ts). */
  developerMetadata?: DeveloperMetadata[];
}
export interface Spreadsheet {
  spreadsheetId: string;
  properties: { title: string; locale: string; autoRecalc: string; timeZone: string; [k: string]: unknown };
  sheets: Sheet[];
  namedRanges?: NamedRange[];
  owner?: string;
  /** Emails allowed to read and write; `*` = anyone holding a trusted key (like "anyone with the link"). */
  editors: string[];
  /** Spreadsheet-level developer metadata (metadata.ts). */
  developerMetadata?: DeveloperMetadata[];
}
export interface TrustedKey {
  email: string;
  keyId?: string;
  publicKeyPem: string;
}
export interface IssuedToken {
  token: string;
  email: string;
  exp: number;
}

export interface StateFile {
  version: 1;
  spreadsheets: Spreadsheet[];
  keys: TrustedKey[];
  tokens: IssuedToken[];
}

export const newSpreadsheetId = () => randomBytes(33).toString('base64url');
export const newSheetId = () => randomInt(1, 2 ** 31 - 1);

export function newSheet(props: Partial<SheetProperties> & { sheetId: number; title: string; index: number }): Sheet {
  const { gridProperties, ...rest } = props;
  return {
    properties: {
      sheetType: 'GRID',
      ...rest,
      gridProperties: { rowCount: 1000, columnCount: 26, ...(gridProperties ?? {}) },
    },
    rows: [],
    merges: [],
    protectedRanges: [],
    rowPx: [],
    colPx: [],
  };
}

// ---- copy-on-write: one atomic change works on a copy that shares the cells it does not touch ----
//
// A change (one batchUpdate, one values write) runs on `workingCopy(ss)` and is committed by
// swapping it in, or dropped. The copy clones everything but the cells; each sheet borrows its
// `rows` from the committed sheet until something writes to them: every write to a sheet's
// rows goes through `ownRows` first, and cells are replaced, never changed in place.

/** Sheets of a working copy whose rows are still the committed ones. */
const borrowed = new WeakSet<Sheet>();
/** Formula cells of a rows array ([row, column]), computed when first asked; dropped by `ownRows`. */
const formulaIndex = new WeakMap<Sheet['rows'], Array<[number, number]>>();

/** A copy of `ss` to change: everything cloned except the sheets' cells, which are shared until written. */
export function workingCopy(ss: Spreadsheet): Spreadsheet {
  const { sheets, ...rest } = ss;
  return {
    ...structuredClone(rest),
    sheets: sheets.map((sheet) => {
      const { rows, ...parts } = sheet;
      const copy: Sheet = { ...structuredClone(parts), rows };
      borrowed.add(copy);
      return copy;
    }),
  };
}

/** The sheet's rows, ready to be written: copied first (row arrays, not cells) when still borrowed. */
export function ownRows(sheet: Sheet): Sheet['rows'] {
  if (borrowed.has(sheet)) {
    sheet.rows = sheet.rows.map((row) => (row ? row.slice() : null));
    borrowed.delete(sheet);
  }
  formulaIndex.delete(sheet.rows);
  return sheet.rows;
}

/** Where the sheet's formulas are, so formula rewrites skip the plain cells (the bulk of a sheet). */
export function formulaCells(sheet: Sheet): ReadonlyArray<readonly [number, number]> {
  let cells = formulaIndex.get(sheet.rows);
  if (!cells) {
    cells = [];
    sheet.rows.forEach((row, r) => row?.forEach((cell, c) => cell?.userEnteredValue?.formulaValue && cells!.push([r, c])));
    formulaIndex.set(sheet.rows, cells);
  }
  return cells;
}

export function getCell(sheet: Sheet, r: number, c: number): Cell | undefined {
  return sheet.rows[r]?.[c] ?? undefined;
}

export function setCell(sheet: Sheet, r: number, c: number, cell: Cell | undefined) {
  if (!cell || Object.keys(cell).length === 0) {
    if (sheet.rows[r]?.[c]) ownRows(sheet)[r]![c] = null;
    return;
  }
  const rows = ownRows(sheet);
  while (rows.length <= r) rows.push(null);
  const row = (rows[r] ??= []);
  while (row.length <= c) row.push(null);
  row[c] = cell;
}

export const hasValue = (cell: Cell | undefined) => !!cell?.userEnteredValue;

/** Last row/column (exclusive) that holds a value, for trimming like Google. */
export function dataExtent(sheet: Sheet): { rows: number; cols: number } {
  let rows = 0;
  let cols = 0;
  sheet.rows.forEach((row, r) => {
    row?.forEach((cell, c) => {
      if (cell && (cell.userEnteredValue || cell.userEnteredFormat || cell.dataValidation)) {
        rows = Math.max(rows, r + 1);
        cols = Math.max(cols, c + 1);
      }
    });
  });
  return { rows, cols };
}

export function sortSheets(ss: Spreadsheet) {
  ss.sheets.sort((a, b) => a.properties.index - b.properties.index);
  ss.sheets.forEach((s, i) => (s.properties.index = i));
}

/** Holds the state; saves it atomically (tmp + fsync + rename), debounced, when a file is given. */
export class Store {
  spreadsheets = new Map<string, Spreadsheet>();
  keys: TrustedKey[] = [];
  tokens = new Map<string, IssuedToken>();
  private timer?: NodeJS.Timeout;

  constructor(
    private file?: string,
    private debounceMs = 200,
  ) {
    if (file && existsSync(file)) this.loadState(JSON.parse(readFileSync(file, 'utf8')) as StateFile);
  }

  loadState(state: StateFile) {
    for (const ss of state.spreadsheets ?? []) this.spreadsheets.set(ss.spreadsheetId, ss);
    this.keys = state.keys ?? [];
    const now = Date.now() / 1000;
    for (const t of state.tokens ?? []) if (t.exp > now) this.tokens.set(t.token, t);
  }

  toState(): StateFile {
    const now = Date.now() / 1000;
    return {
      version: 1,
      spreadsheets: [...this.spreadsheets.values()],
      keys: this.keys,
      tokens: [...this.tokens.values()].filter((t) => t.exp > now),
    };
  }

  /** Marks the state dirty; the write happens after a short quiet period. */
  changed() {
    if (!this.file) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.debounceMs);
    this.timer.unref?.();
  }

  flush() {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(this.toState()));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }
}
