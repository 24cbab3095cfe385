/**
 * Creating a school's spreadsheet: `spreadsheets.create` with one empty sheet per schema
 * tab (zh-CN titles, school locale and time zone), then the same plan `--upgrade` uses
 * (headers, formats, dropdowns, widths, frozen and protected header, the 说明 tab) in one
 * batchUpdate, then the head of logistics as the first person, written like an import
 * (RAW, header-mapped, with an audit row) so the first sign-in link has someone to sign in.
 */
import type { sheets_v4 } from 'googleapis';
import { tabs as schemaTabs, type TabDef } from '../../sheets-schema/index.js';
import type { Values } from '../../src/core/table/types.js';
import { appendRecords, readTarget } from '../import/write.js';
import { explainGoogleError, type ErrorContext } from './errors.js';
import type { SpreadsheetState } from './inspect.js';
import { applyPlan, planUpgrade, type UpgradePlan } from './upgrade.js';

export interface HeadOfLogistics {
  id: string;
  name: string;
  phone?: string;
  email?: string;
  /** The first person's role: 'head' for a school, 'district_director' for a district office. */
  role?: 'head' | 'district_director';
}

export interface Created {
  spreadsheetId: string;
  url?: string;
  plan: UpgradePlan;
  head: HeadOfLogistics;
}

/** Create and lay out a new spreadsheet; returns its ID and address. */
export async function createSpreadsheet(
  sheets: sheets_v4.Sheets,
  options: { title: string; tabs: readonly TabDef[]; head: HeadOfLogistics },
  ctx: ErrorContext = {},
): Promise<Created> {
  let state: SpreadsheetState;
  try {
    const res = await sheets.spreadsheets.create({
      requestBody: {
        properties: { title: options.title, locale: 'zh_CN', timeZone: 'Asia/Shanghai' },
        sheets: options.tabs.map((tab, i) => ({
          properties: {
            sheetId: i + 1,
            title: tab.zh,
            index: i,
            gridProperties: { rowCount: 1000, columnCount: Math.max(26, tab.columns.length) },
          },
        })),
      },
    });
    const id = res.data.spreadsheetId!;
    // The new sheets are empty: the state is known without reading it back.
    state = {
      spreadsheetId: id,
      title: options.title,
      ...(res.data.spreadsheetUrl ? { url: res.data.spreadsheetUrl } : {}),
      sheets: (res.data.sheets ?? []).map((s) => ({
        title: s.properties?.title ?? '',
        sheetId: s.properties?.sheetId ?? 0,
        index: s.properties?.index ?? 0,
        rowCount: s.properties?.gridProperties?.rowCount ?? 1000,
        columnCount: s.properties?.gridProperties?.columnCount ?? 26,
        frozenRowCount: s.properties?.gridProperties?.frozenRowCount ?? 0,
        protectedRanges: [],
      })),
      values: new Map(),
    };
  } catch (err) {
    throw explainGoogleError(err, ctx);
  }
  const plan = planUpgrade(state, options.tabs);
  await applyPlan(sheets, state.spreadsheetId, plan, ctx);
  await addHead(sheets, state.spreadsheetId, options.head, ctx);
  return { spreadsheetId: state.spreadsheetId, ...(state.url ? { url: state.url } : {}), plan, head: options.head };
}

/** The head of logistics as the first row of 人员 (role 后勤主任, active). */
export async function addHead(
  sheets: sheets_v4.Sheets,
  spreadsheetId: string,
  head: HeadOfLogistics,
  ctx: ErrorContext = {},
): Promise<void> {
  const target = await readTarget(sheets, spreadsheetId, schemaTabs.people, ctx);
  if (target.target.table.rows.some((r) => r.id === head.id)) return;
  const values: Values = {
    id: head.id,
    name: head.name,
    role: head.role ?? 'head',
    active: true,
    phone: head.phone ?? null,
    email: head.email ?? null,
  };
  await appendRecords(sheets, spreadsheetId, target, [{ id: head.id, values }], { person: 'npm run setup', action: 'people.add' }, ctx);
}
