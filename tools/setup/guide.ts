/**
 * The 说明 tab: for staff at a desk, what every tab and column means and what they may
 * edit, generated from sheets-schema (titles, help texts, types, allowed values,
 * staff-owned columns). Setup writes it; upgrade rewrites it only when the schema changed.
 */
import type { sheets_v4 } from 'googleapis';
import type { TabDef } from '../../sheets-schema/index.js';
import { columnMeaning, whoEdits } from './layout.js';

/** Title of the guide tab, and the one used when staff already have a tab of that name. */
export const GUIDE_TITLES = ['说明', '门户说明'] as const;
/** First cell of the guide: how the tools recognise their own tab (and never touch a staff tab named 说明). */
export const GUIDE_MARKER = '后勤门户 · 表格说明';

const GUIDE_HEADER = ['工作表', '列标题', '也可写作', '类型与含义', '必填', '谁来填写', 'English'];
const WIDTHS = [110, 110, 140, 320, 50, 260, 360];

/** The guide's rows (plain text), for every tab given. */
export function guideRows(tabs: readonly TabDef[]): string[][] {
  const rows: string[][] = [
    [`${GUIDE_MARKER}（本页由 npm run setup 生成，升级时会自动更新；请不要在本页记录数据）`],
    ['1. 门户按"列标题"找列，不按位置：可以调整列的顺序、排序、筛选、加颜色；列标题可以写成下面"也可写作"中的任何一种。'],
    ['2. 可以添加自己的列：门户不认识的列会原样保留，永远不会被改写。'],
    ['3. 编号列用来找行：已有的编号不要修改，也不要让两行编号相同。'],
    ['4. 有下拉列表的列请从列表中选择；日期写成 2026-03-05 或 2026年3月5日 都可以。'],
    ['5. 表头行被保护（仅提示）：修改前 Google 会提醒您确认。"后勤人员填写"的列门户只显示、不覆盖。'],
    [
      '6. The portal finds columns by their header text, never by position; extra columns are kept as they are; never change an existing ID.',
    ],
    [],
    GUIDE_HEADER,
  ];
  for (const tab of tabs) {
    rows.push([tab.zh, '', (tab.aliases ?? []).join('、'), tab.help?.zh ?? '', '', '', `${tab.en}${tab.help ? `: ${tab.help.en}` : ''}`]);
    for (const col of tab.columns) {
      const meaning = columnMeaning(col);
      const who = whoEdits(tab, col);
      rows.push(['', col.zh, (col.aliases ?? []).join('、'), meaning.zh, col.required ? '是' : '', who.zh, `${meaning.en}. ${who.en}`]);
    }
  }
  return rows;
}

/** True when the sheet's values already are exactly these rows (no rewrite needed). */
export function sameGuide(current: readonly (readonly unknown[])[] | undefined, wanted: readonly string[][]): boolean {
  const cur = current ?? [];
  const len = Math.max(cur.length, wanted.length);
  for (let r = 0; r < len; r++) {
    const a = (cur[r] ?? []).map((v) => (v === null || v === undefined ? '' : String(v)));
    const b = wanted[r] ?? [];
    const w = Math.max(a.length, b.length);
    for (let c = 0; c < w; c++) if ((a[c] ?? '') !== (b[c] ?? '')) return false;
  }
  return true;
}

/**
 * Requests that write the guide into a sheet, replacing what a previous run wrote
 * (`previousRows` × `previousCols` are cleared too). Widths and a bold header come along.
 */
export function guideRequests(
  sheetId: number,
  rows: readonly string[][],
  previous: { rows: number; cols: number } = { rows: 0, cols: 0 },
): sheets_v4.Schema$Request[] {
  const width = Math.max(GUIDE_HEADER.length, previous.cols);
  const height = Math.max(rows.length, previous.rows);
  const headerAt = rows.findIndex((r) => r[0] === GUIDE_HEADER[0] && r[1] === GUIDE_HEADER[1]);
  const out: sheets_v4.Schema$Request[] = [
    {
      updateCells: {
        range: { sheetId, startRowIndex: 0, endRowIndex: height, startColumnIndex: 0, endColumnIndex: width },
        rows: rows.map((r) => ({ values: r.map((text) => (text ? { userEnteredValue: { stringValue: text } } : {})) })),
        fields: 'userEnteredValue',
      },
    },
    { updateSheetProperties: { properties: { sheetId, gridProperties: { frozenRowCount: 1 } }, fields: 'gridProperties.frozenRowCount' } },
  ];
  if (headerAt >= 0) {
    out.push({
      repeatCell: {
        range: { sheetId, startRowIndex: headerAt, endRowIndex: headerAt + 1, startColumnIndex: 0, endColumnIndex: GUIDE_HEADER.length },
        cell: { userEnteredFormat: { textFormat: { bold: true } } },
        fields: 'userEnteredFormat.textFormat.bold',
      },
    });
  }
  WIDTHS.forEach((px, i) =>
    out.push({
      updateDimensionProperties: {
        range: { sheetId, dimension: 'COLUMNS', startIndex: i, endIndex: i + 1 },
        properties: { pixelSize: px },
        fields: 'pixelSize',
      },
    }),
  );
  return out;
}

/** Rows needed in the grid for the guide. */
export function guideSize(rows: readonly string[][]): { rows: number; cols: number } {
  return { rows: rows.length, cols: GUIDE_HEADER.length };
}
