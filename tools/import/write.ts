/**
 * Writing rows the way the portal's sync gateway does: the target tab's header read
 * fresh and each value placed in the column its header names (`rowCells` — never by
 * position, unknown columns left blank), converted for RAW (`toCell`: dates as serials,
 * enum keys as their zh labels), appended in batches with `valueInputOption=RAW`, and one
 * 操作日志 row per written row. An append whose outcome is unknown (5xx, timeout) is
 * never simply re-sent: the tab's IDs are read again and only the missing rows go out.
 */
import type { sheets_v4 } from 'googleapis';
import { tabs as schemaTabs, type TabDef } from '../../sheets-schema/index.js';
import { newRowId } from '../../src/core/data/ids.js';
import { appendAnchor, quoteSheetTitle } from '../../src/core/sheets/a1.js';
import type { RowValues } from '../../src/core/sheets/types.js';
import { findSheet, mapHeader } from '../../src/core/table/headers.js';
import { readTable, rowCells } from '../../src/core/table/table.js';
import type { HeaderMap, Table, Values } from '../../src/core/table/types.js';
import { localDateTime } from '../../src/core/time.js';
import { explainGoogleError, SetupError, type ErrorContext } from '../setup/errors.js';
import { certainlyNotApplied, withRetry } from '../setup/retry.js';

/** Rows per append request (the gateway's batch size; ~2 MB stays far away). */
export const APPEND_BATCH = 500;

export interface TargetTab {
  tab: TabDef;
  title: string;
  header: HeaderMap;
  table: Table;
}

export interface Target {
  target: TargetTab;
  audit: TargetTab;
}

function needTab(tab: TabDef): SetupError {
  return new SetupError(
    {
      zh: `表格中没有「${tab.zh}」工作表，或它缺少编号列/必填列`,
      en: `The spreadsheet has no usable "${tab.zh}" (${tab.en}) tab (missing, or without its ID or required columns)`,
    },
    {
      zh: '先运行 npm run setup -- --upgrade --spreadsheet <ID> 补齐工作表和列，再导入。',
      en: 'Run npm run setup -- --upgrade --spreadsheet <ID> first to add the tabs and columns, then import.',
    },
  );
}

/** Read the target tab and the audit tab fresh (one metadata GET, one batchGet). */
export async function readTarget(sheets: sheets_v4.Sheets, spreadsheetId: string, tab: TabDef, ctx: ErrorContext = {}): Promise<Target> {
  let list: Array<{ title: string; sheetId: number }>;
  let values: RowValues[][];
  try {
    const meta = await sheets.spreadsheets.get({ spreadsheetId, fields: 'sheets.properties(title,sheetId)' });
    list = (meta.data.sheets ?? []).map((s) => ({ title: s.properties?.title ?? '', sheetId: s.properties?.sheetId ?? 0 }));
    const found = [findSheet(tab, list), findSheet(schemaTabs.audit, list)];
    if (!found[0]) throw needTab(tab);
    if (!found[1]) throw needTab(schemaTabs.audit);
    const res = await sheets.spreadsheets.values.batchGet({
      spreadsheetId,
      ranges: found.map((s) => quoteSheetTitle(s!.title)),
      valueRenderOption: 'UNFORMATTED_VALUE',
      dateTimeRenderOption: 'SERIAL_NUMBER',
    });
    values = (res.data.valueRanges ?? []).map((vr) => (vr.values ?? []) as RowValues[]);
    const [t, a] = found.map((s, i) => {
      const def = i === 0 ? tab : schemaTabs.audit;
      const table = readTable(def, s!.title, values[i], { sheetId: s!.sheetId });
      if (table.header.index[def.idColumn] === undefined || table.header.missing.length > 0) throw needTab(def);
      return { tab: def, title: s!.title, header: table.header, table };
    });
    return { target: t!, audit: a! };
  } catch (err) {
    throw explainGoogleError(err, { ...ctx, spreadsheetId });
  }
}

/** IDs in a tab's ID column now (a fresh read; GETs are retried by googleapis itself). */
async function idsNow(sheets: sheets_v4.Sheets, spreadsheetId: string, t: TargetTab): Promise<Set<string>> {
  const res = await sheets.spreadsheets.values.get({
    spreadsheetId,
    range: quoteSheetTitle(t.title),
    valueRenderOption: 'UNFORMATTED_VALUE',
    dateTimeRenderOption: 'SERIAL_NUMBER',
  });
  return new Set(readTable(t.tab, t.title, (res.data.values ?? []) as RowValues[]).rows.map((r) => r.id));
}

/**
 * Append rows (with their IDs) to a tab, RAW. A 429 is retried at once (Google applied
 * nothing); a 5xx or a lost response leads to a fresh read of the IDs, and only the rows
 * not there yet are sent again.
 */
async function appendChecked(
  sheets: sheets_v4.Sheets,
  spreadsheetId: string,
  t: TargetTab,
  rows: RowValues[],
  ids: string[],
  attempts = 4,
): Promise<void> {
  let todo = rows.map((row, i) => ({ row, id: ids[i]! }));
  const anchor = appendAnchor(t.title, t.header.texts);
  for (let i = 1; todo.length > 0; i++) {
    try {
      await withRetry(() =>
        sheets.spreadsheets.values.append({
          spreadsheetId,
          range: anchor.range,
          valueInputOption: 'RAW',
          insertDataOption: 'INSERT_ROWS',
          requestBody: { values: todo.map((x) => x.row.slice(anchor.column)) },
        }),
      );
      return;
    } catch (err) {
      if (certainlyNotApplied(err) || i >= attempts) throw err;
      const there = await idsNow(sheets, spreadsheetId, t);
      todo = todo.filter((x) => !there.has(x.id));
    }
  }
}

export interface WriteMeta {
  /** Shown in 操作日志's 操作人 column. */
  person: string;
  /** e.g. 'assets.import' */
  action: string;
  now?: Date;
}

/** The audit row the gateway would write for an appended row. */
export function auditValues(tab: TabDef, id: string, values: Values, meta: WriteMeta): Values {
  const now = meta.now ?? new Date();
  return {
    id: newRowId(schemaTabs.audit.idPrefix ?? 'L', now),
    time: localDateTime(now),
    person: meta.person,
    action: meta.action,
    tab: tab.zh,
    rowId: id,
    before: '',
    after: JSON.stringify(values),
  };
}

/**
 * Append records (values keyed by column key, each with its ID) and their audit rows,
 * in batches. Returns how many rows were written.
 */
export async function appendRecords(
  sheets: sheets_v4.Sheets,
  spreadsheetId: string,
  target: Target,
  records: ReadonlyArray<{ id: string; values: Values }>,
  meta: WriteMeta,
  ctx: ErrorContext = {},
  onProgress?: (written: number) => void,
): Promise<number> {
  const { target: t, audit } = target;
  let written = 0;
  try {
    for (let start = 0; start < records.length; start += APPEND_BATCH) {
      const batch = records.slice(start, start + APPEND_BATCH);
      await appendChecked(
        sheets,
        spreadsheetId,
        t,
        batch.map((r) => rowCells(t.tab, t.header, r.values)),
        batch.map((r) => r.id),
      );
      const audits = batch.map((r) => auditValues(t.tab, r.id, r.values, meta));
      await appendChecked(
        sheets,
        spreadsheetId,
        audit,
        audits.map((v) => rowCells(audit.tab, audit.header, v)),
        audits.map((v) => String(v.id)),
      );
      written += batch.length;
      onProgress?.(written);
    }
  } catch (err) {
    const e = explainGoogleError(err, { ...ctx, spreadsheetId });
    if (written === 0) throw e;
    throw new SetupError(
      {
        zh: `${e.text.zh}（已写入 ${written} 行，共 ${records.length} 行）`,
        en: `${e.text.en} (${written} of ${records.length} rows were written)`,
      },
      {
        zh: `${e.next.zh} 再次运行同样的导入命令即可：已写入的行按编号识别，不会重复。`,
        en: `${e.next.en} Then run the same import again: rows already written are recognised by ID and not written twice.`,
      },
    );
  }
  return written;
}
