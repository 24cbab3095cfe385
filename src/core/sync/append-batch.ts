/**
 * New rows go to Google in one spreadsheets.batchUpdate per flush, every tab together (Google
 * applies a batchUpdate's requests in order and all or nothing). For a tab read whole in this
 * flush: `insertDimension` opens blank rows right under its table (where values.append with
 * INSERT_ROWS would put them: after the run of rows holding the header, a touching totals row
 * included; inserting never overwrites, even if staff added a row meanwhile), `updateCells`
 * fills them from the first named column (typed values, as RAW stores them: text stays text,
 * never a formula) and, on tabs whose rows are updated, `createDeveloperMetadata` tags each
 * row `houqin.row=<tab>:<ID>` — so a row carries its identity from the moment it exists and
 * its first update needs no tagging round (row-tags.ts). A log read by its header only gets
 * `appendCells` (after its last row with data); logs are not updated by ID, so not tagged.
 */
import type { TabDef, TabKey } from '../../../sheets-schema/index.js';
import { appendAnchor } from '../sheets/a1.js';
import type { CellValue } from '../sheets/types.js';
import type { AppendGroup } from './plan.js';
import { tagRequest } from './row-tags.js';

export interface PlacedGroup {
  key: TabKey;
  group: AppendGroup;
  /** 1-based sheet row of the group's last new row, when it is known before sending. */
  endRow?: number;
}

/** A cell as `userEnteredValue`, typed as values:append RAW would store it (blank cells stay blank). */
export const cellData = (v: CellValue | null | undefined) => {
  if (v === '' || v === null || v === undefined) return {};
  if (typeof v === 'number') return { userEnteredValue: { numberValue: v } };
  if (typeof v === 'boolean') return { userEnteredValue: { boolValue: v } };
  return { userEnteredValue: { stringValue: v } };
};

/** The requests of one flush's appends; throws if a tab's sheet ID is unknown. */
export function appendRequests(
  groups: ReadonlyArray<readonly [TabKey, AppendGroup]>,
  def: (key: TabKey) => TabDef,
  sheetIdOf: (key: TabKey) => number | undefined,
): { requests: object[]; placed: PlacedGroup[] } {
  const requests: object[] = [];
  const placed: PlacedGroup[] = [];
  const added = new Map<TabKey, number>(); // rows inserted earlier in this batch (sign-ins and audit rows share 操作日志)
  for (const [key, group] of groups) {
    const sheetId = sheetIdOf(key);
    if (sheetId === undefined) throw new Error(`append to ${key}: sheet ID of "${group.title}" unknown`);
    const { column } = appendAnchor(group.title, group.headerTexts, group.headerRow);
    const rows = group.entries.map((e) => ({ values: e.row.slice(column).map(cellData) }));
    if (group.end === undefined) {
      // appendCells writes from column A: blank cells before the first named column.
      const lead = Array.from({ length: column }, () => ({}));
      requests.push({ appendCells: { sheetId, rows: rows.map((r) => ({ values: [...lead, ...r.values] })), fields: 'userEnteredValue' } });
      placed.push({ key, group });
      continue;
    }
    const n = group.entries.length;
    const at = group.end + (added.get(key) ?? 0);
    added.set(key, (added.get(key) ?? 0) + n);
    requests.push(
      { insertDimension: { range: { sheetId, dimension: 'ROWS', startIndex: at, endIndex: at + n }, inheritFromBefore: true } },
      { updateCells: { start: { sheetId, rowIndex: at, columnIndex: column }, rows, fields: 'userEnteredValue' } },
    );
    if (!def(key).appendOnly) group.entries.forEach((e, i) => requests.push(tagRequest(key, e.write.rowId, sheetId, at + i)));
    placed.push({ key, group, endRow: at + n });
  }
  return { requests, placed };
}
