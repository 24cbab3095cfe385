/** The shapes the Worker exchanges with Google Sheets API v4 (only what we use). */

export type CellValue = string | number | boolean;
/** A row as Google returns it: trailing empty cells omitted, so rows are ragged. */
export type RowValues = CellValue[];

export interface ValueRange {
  range: string;
  majorDimension?: 'ROWS' | 'COLUMNS';
  values?: RowValues[];
}

export interface SheetProperties {
  sheetId: number;
  title: string;
  index: number;
  gridProperties?: { rowCount?: number; columnCount?: number; frozenRowCount?: number };
}

/** One cell of spreadsheets.get grid data (only what a field mask asked for is present). */
export interface GridCell {
  formattedValue?: string;
  note?: string;
  dataValidation?: { condition?: { type?: string; values?: Array<{ userEnteredValue?: string }> } };
  userEnteredFormat?: { numberFormat?: { type?: string; pattern?: string } };
}

/** A tab's header row (texts and notes) and its first data row (dropdowns, number formats). */
export interface SheetLayout {
  sheetId: number;
  header: GridCell[];
  first: GridCell[];
}

/** A merge (0-based, end exclusive), as spreadsheets.get lists a sheet's `merges`. */
export interface MergeRange {
  startRowIndex?: number;
  endRowIndex?: number;
  startColumnIndex?: number;
  endColumnIndex?: number;
}

/** A spreadsheets.get answer; `data` only when the field mask names grid data, `merges` only when it names them (and the sheet has some). */
export interface SpreadsheetInfo {
  spreadsheetId: string;
  properties?: { title: string; timeZone?: string };
  sheets?: Array<{ properties: SheetProperties; data?: Array<{ rowData?: Array<{ values?: GridCell[] }> }>; merges?: MergeRange[] }>;
}

export interface AppendResult {
  spreadsheetId: string;
  tableRange?: string;
  updates: { updatedRange: string; updatedRows: number; updatedColumns: number; updatedCells: number };
}

export interface BatchUpdateValuesResult {
  totalUpdatedRows?: number;
  totalUpdatedCells?: number;
  responses?: Array<{ updatedRange: string }>;
}

/** Selects ranges by A1 text or by developer metadata (row tags, see src/core/sync/row-tags.ts). */
export interface DataFilter {
  a1Range?: string;
  developerMetadataLookup?: { metadataKey?: string; metadataValue?: string; locationType?: 'ROW' | 'COLUMN' | 'SHEET' | 'SPREADSHEET' };
}

/** A range of values a DataFilter selected. */
export interface MatchedValueRange {
  valueRange: ValueRange;
  dataFilters: DataFilter[];
}

/** Values to write wherever a DataFilter points; `null` cells are skipped (left as they are). */
export interface DataFilterValueRange {
  dataFilter: DataFilter;
  majorDimension?: 'ROWS';
  values: Array<Array<CellValue | null>>;
}

export interface UpdateByDataFilterResult {
  responses?: Array<{ dataFilter?: DataFilter; updatedRange?: string; updatedCells?: number; updatedData?: ValueRange }>;
}

/** Options every read uses: typed values, dates as serial numbers. */
export interface ReadOptions {
  valueRenderOption?: 'UNFORMATTED_VALUE' | 'FORMATTED_VALUE' | 'FORMULA';
  dateTimeRenderOption?: 'SERIAL_NUMBER' | 'FORMATTED_STRING';
  majorDimension?: 'ROWS' | 'COLUMNS';
}

/**
 * The one funnel to Google Sheets used by the Worker (auth, error mapping, retries).
 * Every write is RAW: user text can never become a formula.
 */
export interface Sheets {
  /** spreadsheets.get with a field mask, e.g. 'sheets.properties'; `ranges` limit sheets and grid data. */
  getSpreadsheet(spreadsheetId: string, fields: string, ranges?: readonly string[]): Promise<SpreadsheetInfo>;
  /** values:batchGet — several tabs in one request (defaults: UNFORMATTED_VALUE + SERIAL_NUMBER). */
  batchGet(spreadsheetId: string, ranges: string[], options?: ReadOptions): Promise<ValueRange[]>;
  /** values:append with RAW input and INSERT_ROWS. */
  append(spreadsheetId: string, range: string, rows: RowValues[]): Promise<AppendResult>;
  /** values:batchUpdate with RAW input. */
  batchUpdateValues(spreadsheetId: string, data: ValueRange[]): Promise<BatchUpdateValuesResult>;
  /** spreadsheets:batchUpdate (structure: add sheets, formats, validation…). */
  batchUpdate(spreadsheetId: string, requests: object[]): Promise<{ replies?: object[] }>;
  /** values:batchGetByDataFilter (UNFORMATTED_VALUE + SERIAL_NUMBER): one entry per range selected. */
  batchGetByDataFilter(spreadsheetId: string, dataFilters: DataFilter[]): Promise<MatchedValueRange[]>;
  /** values:batchUpdateByDataFilter, RAW, answering with the values of every selected range after the write. */
  batchUpdateByDataFilter(spreadsheetId: string, data: DataFilterValueRange[]): Promise<UpdateByDataFilterResult>;
}
