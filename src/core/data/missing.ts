/**
 * A write the sheet cannot take as it is (its tab deleted, a column it fills renamed or
 * removed) is refused before it is queued, with what to fix — instead of "saved" and a
 * conflict parked later. Checked against the tab as this request read it.
 */
import type { TabDef } from '../../../sheets-schema/index.js';
import { MISSING_TAB } from '../sync/tab-directory.js';
import type { Table, Text, Values } from '../table/types.js';

/** Who reads the sheet's data problems (/problems); no one else is told of them or sent there. */
export const problemReaders = ['head', 'staff', 'leader'] as const;

/** Thrown before queueing; the error page shows `text` with 409. */
export class SheetShapeError extends Error {
  constructor(readonly text: Text) {
    super(text.en);
    this.name = 'SheetShapeError';
  }
}

/** Throws when `values` would fill a column (or a tab) the sheet lacks. Tabs not read in this request are not checked. */
export function refuseMissing(table: Table | undefined, values: Values): void {
  if (!table) return;
  const tab: TabDef = table.tab;
  if (table.problems.some((p) => p.column === MISSING_TAB)) {
    throw new SheetShapeError({
      zh: `表格中找不到工作表「${tab.zh}」（可能已被删除或改名），这项内容没有保存。请先恢复该工作表再提交。`,
      en: `The spreadsheet has no "${tab.zh}" (${tab.en}) tab (deleted or renamed?); nothing was saved. Restore the tab, then submit again.`,
    });
  }
  // An empty text is a blank cell either way: nothing is lost by leaving it out.
  const gone = tab.columns.filter(
    (c) =>
      c.key !== tab.idColumn && !c.staffOwned && values[c.key] != null && values[c.key] !== '' && table.header.index[c.key] === undefined,
  );
  if (gone.length === 0) return;
  const zh = gone.map((c) => `「${c.zh}」${c.aliases?.length ? `（也可写作：${c.aliases.join('、')}）` : ''}`).join('、');
  const en = gone.map((c) => `"${c.zh}" (${c.en})`).join(', ');
  throw new SheetShapeError({
    zh: `工作表「${table.title}」缺少列${zh}，这项内容没有保存。请先在表头行恢复该列，再提交。`,
    en: `Tab "${table.title}" has no column ${en}; nothing was saved. Restore the column in the header row, then submit again.`,
  });
}
