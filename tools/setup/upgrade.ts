/**
 * `--upgrade` (and the second half of creating a spreadsheet): add what the schema has
 * and the spreadsheet lacks — tabs, columns, the frozen and protected header, the 说明
 * tab — in ONE atomic batchUpdate. Never deletes, moves or rewrites staff data: a new
 * column goes right of every used column (header or data), and only new columns get
 * formats, dropdowns and widths. Planned from a fresh read, so a second run finds
 * nothing to do and sends no write at all.
 */
import { randomInt } from 'node:crypto';
import type { sheets_v4 } from 'googleapis';
import type { TabDef } from '../../sheets-schema/index.js';
import { findSheet, mapHeader } from '../../src/core/table/headers.js';
import type { Text } from '../../src/core/table/types.js';
import { findGuide, headerProtected, usedWidth } from './check.js';
import { explainGoogleError, type ErrorContext } from './errors.js';
import { GUIDE_TITLES, guideRequests, guideRows, guideSize, sameGuide } from './guide.js';
import type { SpreadsheetState } from './inspect.js';
import { columnRequests, freezeHeader, protectHeader } from './layout.js';
import { withRetry } from './retry.js';

type Request = sheets_v4.Schema$Request;

export interface UpgradePlan {
  requests: Request[];
  /** What the requests do, one line each, for the report. */
  actions: Text[];
}

const NEW_SHEET_ROWS = 1000;

function newSheetId(taken: Set<number>): number {
  for (;;) {
    const id = randomInt(1, 2 ** 31 - 1);
    if (!taken.has(id)) return id;
  }
}

/** The requests that bring the spreadsheet up to the schema (empty when it already is). */
export function planUpgrade(state: SpreadsheetState, tabs: readonly TabDef[]): UpgradePlan {
  const requests: Request[] = [];
  const actions: Text[] = [];
  const taken = new Set(state.sheets.map((s) => s.sheetId));

  for (const tab of tabs) {
    const sheet = findSheet(tab, state.sheets);
    if (!sheet) {
      const sheetId = newSheetId(taken);
      taken.add(sheetId);
      requests.push({
        addSheet: {
          properties: {
            sheetId,
            title: tab.zh,
            gridProperties: { rowCount: NEW_SHEET_ROWS, columnCount: Math.max(26, tab.columns.length), frozenRowCount: 1 },
          },
        },
      });
      tab.columns.forEach((col, i) => requests.push(...columnRequests(tab, col, sheetId, i)));
      requests.push(protectHeader(sheetId, tab.appendOnly === true));
      actions.push({
        zh: `新建工作表「${tab.zh}」（${tab.columns.length} 列）`,
        en: `Added tab "${tab.zh}" (${tab.en}, ${tab.columns.length} columns)`,
      });
      continue;
    }
    const rows = state.values.get(sheet.title) ?? [];
    const { header } = mapHeader(tab, rows[0], sheet.title, sheet.sheetId);
    const missing = tab.columns.filter((c) => header.index[c.key] === undefined);
    if (missing.length > 0) {
      // Right of every used column, header or data, so no staff cell is ever covered.
      const start = usedWidth(rows);
      const need = start + missing.length - sheet.columnCount;
      if (need > 0) requests.push({ appendDimension: { sheetId: sheet.sheetId, dimension: 'COLUMNS', length: need } });
      missing.forEach((col, i) => requests.push(...columnRequests(tab, col, sheet.sheetId, start + i)));
      actions.push({
        zh: `「${sheet.title}」添加列：${missing.map((c) => c.zh).join('、')}`,
        en: `"${sheet.title}": added column(s) ${missing.map((c) => `${c.zh} (${c.en})`).join(', ')}`,
      });
    }
    if (sheet.frozenRowCount < 1) {
      requests.push(freezeHeader(sheet.sheetId));
      actions.push({ zh: `「${sheet.title}」冻结表头行`, en: `"${sheet.title}": froze the header row` });
    }
    if (!headerProtected(sheet)) {
      requests.push(protectHeader(sheet.sheetId, tab.appendOnly === true));
      actions.push({ zh: `「${sheet.title}」保护表头行（仅提示）`, en: `"${sheet.title}": protected the header row (warning only)` });
    }
  }

  const wanted = guideRows(tabs);
  const guide = findGuide(state);
  if (!guide) {
    const title = GUIDE_TITLES.find((t) => !state.sheets.some((s) => s.title.toLowerCase() === t.toLowerCase()));
    if (title) {
      const sheetId = newSheetId(taken);
      const size = guideSize(wanted);
      requests.push({
        addSheet: {
          properties: { sheetId, title, index: 0, gridProperties: { rowCount: Math.max(200, size.rows + 20), columnCount: 26 } },
        },
      });
      requests.push(...guideRequests(sheetId, wanted));
      actions.push({
        zh: `新建「${title}」工作表（各列含义与填写说明）`,
        en: `Added the "${title}" tab (what each column means, who edits it)`,
      });
    }
  } else {
    const current = state.values.get(guide.title);
    if (!sameGuide(current, wanted)) {
      const previous = { rows: current?.length ?? 0, cols: usedWidth(current) };
      const need = wanted.length - guide.rowCount;
      if (need > 0) requests.push({ appendDimension: { sheetId: guide.sheetId, dimension: 'ROWS', length: need } });
      requests.push(...guideRequests(guide.sheetId, wanted, previous));
      actions.push({ zh: `更新「${guide.title}」工作表`, en: `Updated the "${guide.title}" tab` });
    }
  }
  return { requests, actions };
}

/** Send the plan as one batchUpdate (atomic at Google: all of it or nothing). No requests → no call. */
export async function applyPlan(sheets: sheets_v4.Sheets, spreadsheetId: string, plan: UpgradePlan, ctx: ErrorContext = {}): Promise<void> {
  if (plan.requests.length === 0) return;
  try {
    // Retried only when Google certainly applied nothing; a lost response is harmless too:
    // the run can simply be repeated, it re-plans from a fresh read.
    await withRetry(() => sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: plan.requests } }));
  } catch (err) {
    throw explainGoogleError(err, { ...ctx, spreadsheetId });
  }
}
