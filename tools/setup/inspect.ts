/**
 * Read a spreadsheet as check and upgrade need it, in two GET requests: its sheets
 * (titles, IDs, grid size, frozen rows, protected ranges) and the values of the tabs
 * the schema knows plus the guide (`values:batchGet`, unformatted, dates as serials —
 * exactly how the portal reads).
 */
import type { sheets_v4 } from 'googleapis';
import type { TabDef } from '../../sheets-schema/index.js';
import { findSheet } from '../../src/core/table/headers.js';
import type { RowValues } from '../../src/core/sheets/types.js';
import { quoteSheetTitle } from '../../src/core/sheets/a1.js';
import { explainGoogleError, type ErrorContext } from './errors.js';
import { GUIDE_TITLES } from './guide.js';

export interface SheetInfo {
  title: string;
  sheetId: number;
  index: number;
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
  protectedRanges: sheets_v4.Schema$ProtectedRange[];
}

export interface SpreadsheetState {
  spreadsheetId: string;
  title: string;
  url?: string;
  sheets: SheetInfo[];
  /** Values by sheet title, for the schema's tabs and the guide candidates found. */
  values: Map<string, RowValues[]>;
}

/** Sheet metadata and the values of the schema's tabs (and guide), read with two GETs. */
export async function inspect(
  sheets: sheets_v4.Sheets,
  spreadsheetId: string,
  tabs: readonly TabDef[],
  ctx: ErrorContext = {},
): Promise<SpreadsheetState> {
  try {
    const meta = await sheets.spreadsheets.get({
      spreadsheetId,
      fields: 'spreadsheetId,spreadsheetUrl,properties.title,sheets(properties,protectedRanges)',
    });
    const list: SheetInfo[] = (meta.data.sheets ?? []).map((s) => ({
      title: s.properties?.title ?? '',
      sheetId: s.properties?.sheetId ?? 0,
      index: s.properties?.index ?? 0,
      rowCount: s.properties?.gridProperties?.rowCount ?? 0,
      columnCount: s.properties?.gridProperties?.columnCount ?? 0,
      frozenRowCount: s.properties?.gridProperties?.frozenRowCount ?? 0,
      protectedRanges: s.protectedRanges ?? [],
    }));
    const wanted = new Set<string>();
    for (const tab of tabs) {
      const found = findSheet(tab, list);
      if (found) wanted.add(found.title);
    }
    for (const t of GUIDE_TITLES) if (list.some((s) => s.title === t)) wanted.add(t);
    const titles = [...wanted];
    const values = new Map<string, RowValues[]>();
    if (titles.length > 0) {
      const res = await sheets.spreadsheets.values.batchGet({
        spreadsheetId,
        ranges: titles.map(quoteSheetTitle),
        valueRenderOption: 'UNFORMATTED_VALUE',
        dateTimeRenderOption: 'SERIAL_NUMBER',
      });
      (res.data.valueRanges ?? []).forEach((vr, i) => values.set(titles[i]!, (vr.values ?? []) as RowValues[]));
    }
    return {
      spreadsheetId,
      title: meta.data.properties?.title ?? '',
      ...(meta.data.spreadsheetUrl ? { url: meta.data.spreadsheetUrl } : {}),
      sheets: list,
      values,
    };
  } catch (err) {
    throw explainGoogleError(err, { ...ctx, spreadsheetId });
  }
}
