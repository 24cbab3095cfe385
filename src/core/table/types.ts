import type { RowOf, TabDef } from '../../../sheets-schema/index.js';

/**
 * A value as the app sees it after tolerant parsing:
 * dates are 'YYYY-MM-DD', date-times 'YYYY-MM-DDTHH:mm:ss' (school local time),
 * money and numbers are numbers, enums are the allowed value's `key`.
 */
export type Value = string | number | boolean | null;
export type Values = Record<string, Value>;

/** Bilingual text; the view picks the reader's language. */
export interface Text {
  zh: string;
  en: string;
}

/** A cell the app could not understand, shown to the head of logistics; never breaks a page. */
export interface DataProblem {
  /** The sheet's title as it is in the spreadsheet (may differ from the schema after a rename). */
  sheet: string;
  sheetId?: number;
  /** A1 cell without the sheet, e.g. 'D7'; the header cell for header problems. */
  cell: string;
  /** The raw value found (as Google returned it). */
  value: string | number | boolean | null;
  /** Column key in the schema, when known. */
  column?: string;
  /** ID of the row, when known. */
  rowId?: string;
  /** What was expected, in both languages. */
  expected: Text;
  /** A problem with the tab or its header row (a missing tab or column): pages reading the tab show it as a banner. */
  header?: true;
}

/** Where each schema column was found in the header row (by text, never by position). */
export interface HeaderMap {
  /** 0-based column index per column key; absent columns are missing. */
  index: Record<string, number>;
  /** Header texts as found (all columns, known or not), so writes can keep unknown columns. */
  texts: string[];
  /** Columns whose header matched no schema column: left exactly as they are. */
  unknown: number[];
  /** Required schema columns not found. */
  missing: string[];
  /** 1-based sheet row of the header (below any title rows; see `findHeaderRow`); 1 when absent. */
  row?: number;
}

/** One row; `values` typed from the tab's declaration (`TableRow<RowOf<typeof zones>>`). */
export interface TableRow<V extends Values = Values> {
  id: string;
  /** 1-based sheet row when read: a hint for display and links, never a write target. */
  row: number;
  values: V;
}

/** A tab as read; `Table<RowOf<typeof zones>>` (or `TableOf<typeof zones>`) has rows typed from the declaration. */
export interface Table<V extends Values = Values> {
  tab: TabDef;
  /** The sheet's actual title. */
  title: string;
  header: HeaderMap;
  rows: TableRow<V>[];
  problems: DataProblem[];
}

/** The table of tab `T`, rows typed from its declaration. */
export type TableOf<T extends TabDef> = Table<RowOf<T>>;
/** Some values of a row of tab `T` (a form's valid fields), typed when `T` is a declared tab. */
export type PartialRowOf<T extends TabDef> = TabDef extends T ? Values : Partial<RowOf<T>>;
