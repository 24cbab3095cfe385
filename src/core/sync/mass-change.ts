/**
 * The mass-change guard: a tab that suddenly loses most of its rows, or a known column
 * emptied while its header stays (a slip of the hand at a desk: select all, Delete), is
 * not taken as the new truth. The gateway keeps serving the tab as it was, the head of
 * logistics is warned (desk, /problems) with the way back (the spreadsheet's version
 * history), and only their "this was intended" makes the portal act on the new contents.
 * Pure: the gateway keeps the shapes and the guards and stores them.
 */
import type { TabDef, TabKey } from '../../../sheets-schema/index.js';
import type { DataProblem, Table, Text } from '../table/types.js';

/** `column` of the data problem that says a tab is held after a mass change (pages show it as a banner). */
export const MASS_CHANGE = '*mass';

/** Below these a tab is too small for "most of its rows" or "a column cleared" to mean a slip. */
const MIN_ROWS = 5;
const MIN_FILLED = 3;

/** What the guard remembers of a tab as last accepted: its rows and the filled cells per column. */
export interface TabShape {
  rows: number;
  filled: Record<string, number>;
}

export interface MassChange {
  key: TabKey;
  title: string;
  kind: 'rows' | 'column';
  before: number;
  now: number;
  /** Column key (kind 'column'). */
  column?: string;
  at: number;
  text: Text;
}

export function shapeOf(table: Table): TabShape {
  const filled: Record<string, number> = {};
  for (const r of table.rows) for (const [k, v] of Object.entries(r.values)) if (v !== null && v !== '') filled[k] = (filled[k] ?? 0) + 1;
  return { rows: table.rows.length, filled };
}

const HISTORY = {
  zh: '如果是误操作，请在表格中打开「文件 → 版本记录 → 查看版本记录」（Ctrl+Alt+Shift+H）恢复到改动前；如果是有意的修改，请在「数据问题」页点「确认是有意的修改」',
  en: 'If it was a slip, open the spreadsheet\'s File → Version history → See version history (Ctrl+Alt+Shift+H) and restore the version before it; if it was intended, press "This change was intended" on the Data problems page',
};

export const massTexts = {
  rows: (tab: TabDef, title: string, before: number, now: number): Text => ({
    zh: `工作表「${title}」突然少了 ${before - now} 行（${before} → ${now}）。门户暂时照旧显示改动前的 ${before} 行，不据此生成计划、盘点或提醒。${HISTORY.zh}。`,
    en: `Tab "${title}" (${tab.en}) suddenly lost ${before - now} rows (${before} → ${now}). The portal keeps showing the ${before} rows as they were and acts on none of it (no schedules, stocktakes or reminders from it). ${HISTORY.en}.`,
  }),
  column: (tab: TabDef, title: string, column: string, before: number): Text => {
    const c = tab.columns.find((x) => x.key === column)!;
    return {
      zh: `工作表「${title}」的「${c.zh}」列被整列清空（原有 ${before} 格内容）。门户暂时照旧显示改动前的内容，不据此生成计划、盘点或提醒。${HISTORY.zh}。`,
      en: `Column "${c.zh}" (${c.en}) of tab "${title}" was cleared (${before} cells had content). The portal keeps showing the tab as it was and acts on none of it (no schedules, stocktakes or reminders from it). ${HISTORY.en}.`,
    };
  },
};

/** Is `table` a mass change from `before` (the shape last accepted)? */
export function detectMassChange(key: TabKey, tab: TabDef, before: TabShape | undefined, table: Table, now: number): MassChange | null {
  if (!before || before.rows < MIN_ROWS) return null;
  const base = { key, title: table.title, at: now };
  const rows = table.rows.length;
  if (rows < before.rows / 2)
    return { ...base, kind: 'rows', before: before.rows, now: rows, text: massTexts.rows(tab, table.title, before.rows, rows) };
  const shape = shapeOf(table);
  for (const c of tab.columns) {
    const was = before.filled[c.key] ?? 0;
    // A missing column is reported as missing (headers.ts); here the header is still there.
    if (c.key === tab.idColumn || table.header.index[c.key] === undefined || was < MIN_FILLED || was < before.rows / 2) continue;
    if ((shape.filled[c.key] ?? 0) === 0)
      return { ...base, kind: 'column', column: c.key, before: was, now: 0, text: massTexts.column(tab, table.title, c.key, was) };
  }
  return null;
}

/** The table pages see while a tab is held: the rows as they were (when known), with the warning as a header problem. */
export function heldTable(change: MassChange, fresh: Table, previous: Table | undefined): Table {
  const problem: DataProblem = { sheet: fresh.title, cell: 'A1', value: null, column: MASS_CHANGE, header: true, expected: change.text };
  const shown = previous ?? { ...fresh, rows: [] };
  return { ...shown, problems: [problem, ...shown.problems.filter((p) => p.column !== MASS_CHANGE)] };
}
