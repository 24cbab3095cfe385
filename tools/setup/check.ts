/**
 * `--check`: every difference between a spreadsheet and sheets-schema — missing tabs or
 * columns, tabs and headers recognised through an alias, unknown columns (kept), cells
 * the portal cannot read (by A1 cell), a header row not frozen or not protected, and a
 * missing or outdated 说明 tab. Pure: works on what inspect() read.
 */
import type { TabDef } from '../../sheets-schema/index.js';
import { a1Cell, columnLetter } from '../../src/core/sheets/a1.js';
import { findSheet, mapHeader, normalizeHeader } from '../../src/core/table/headers.js';
import { readTable } from '../../src/core/table/table.js';
import type { HeaderMap, Text } from '../../src/core/table/types.js';
import type { RowValues } from '../../src/core/sheets/types.js';
import { GUIDE_MARKER, GUIDE_TITLES, guideRows, sameGuide } from './guide.js';
import type { SheetInfo, SpreadsheetState } from './inspect.js';

export type DifferenceKind =
  | 'missingTab'
  | 'renamedTab'
  | 'missingColumn'
  | 'aliasHeader'
  | 'unknownColumn'
  | 'badCell'
  | 'notFrozen'
  | 'notProtected'
  | 'missingGuide'
  | 'outdatedGuide';

export interface Difference {
  kind: DifferenceKind;
  /** Schema tab key (absent for the guide). */
  tab?: string;
  /** The sheet's title as it is in the spreadsheet. */
  sheet?: string;
  /** A1 cell, when one cell is concerned. */
  cell?: string;
  /** Column key, when one schema column is concerned. */
  column?: string;
  /** Will --upgrade fix it? (cells staff must fix themselves are not.) */
  fixable: boolean;
  text: Text;
}

/** Width actually used by a sheet: the header or any data row, whichever is wider. */
export function usedWidth(rows: readonly RowValues[] | undefined): number {
  let width = 0;
  for (const row of rows ?? []) {
    for (let c = row.length - 1; c >= width; c--) {
      const v = row[c];
      if (v !== '' && v !== null && v !== undefined) {
        width = c + 1;
        break;
      }
    }
  }
  return width;
}

/** True when a protected range covers the whole header row (a header-row or whole-sheet protection). */
export function headerProtected(sheet: SheetInfo): boolean {
  return sheet.protectedRanges.some((p) => {
    const r = p.range ?? {};
    const fromRow1 = (r.startRowIndex ?? 0) === 0 && (r.endRowIndex ?? 1) >= 1;
    const allColumns = (r.startColumnIndex ?? 0) === 0 && (r.endColumnIndex === undefined || r.endColumnIndex === null);
    return fromRow1 && allColumns;
  });
}

/** The guide sheet this tool wrote, if any (a staff tab that happens to be named 说明 is not it). */
export function findGuide(state: SpreadsheetState): SheetInfo | undefined {
  for (const title of GUIDE_TITLES) {
    const sheet = state.sheets.find((s) => s.title === title);
    const a1 = state.values.get(title)?.[0]?.[0];
    if (sheet && typeof a1 === 'string' && a1.startsWith(GUIDE_MARKER)) return sheet;
  }
  return undefined;
}

/** Columns of a tab found only through an alias: [column key, 0-based index]. */
export function aliasColumns(tab: TabDef, header: HeaderMap): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const col of tab.columns) {
    const i = header.index[col.key];
    if (i === undefined) continue;
    const n = normalizeHeader(header.texts[i]);
    if (![col.zh, col.en, col.key].map(normalizeHeader).includes(n)) out.push([col.key, i]);
  }
  return out;
}

/** Every difference between the spreadsheet and the schema's tabs. */
export function differences(state: SpreadsheetState, tabs: readonly TabDef[]): Difference[] {
  const out: Difference[] = [];
  for (const tab of tabs) {
    const sheet = findSheet(tab, state.sheets);
    if (!sheet) {
      out.push({
        kind: 'missingTab',
        tab: tab.key,
        fixable: true,
        text: { zh: `缺少工作表「${tab.zh}」`, en: `Missing tab "${tab.zh}" (${tab.en})` },
      });
      continue;
    }
    const base = { tab: tab.key, sheet: sheet.title };
    if (sheet.title !== tab.zh) {
      out.push({
        ...base,
        kind: 'renamedTab',
        fixable: false,
        text: {
          zh: `工作表「${sheet.title}」被识别为「${tab.zh}」（别名，保持原名）`,
          en: `Tab "${sheet.title}" is recognised as "${tab.zh}" (${tab.en}) through an alias; its name is kept`,
        },
      });
    }
    const rows = state.values.get(sheet.title) ?? [];
    const { header } = mapHeader(tab, rows[0], sheet.title, sheet.sheetId);
    const addAt = usedWidth(rows);
    for (const col of tab.columns) {
      if (header.index[col.key] !== undefined) continue;
      out.push({
        ...base,
        kind: 'missingColumn',
        column: col.key,
        cell: `${columnLetter(addAt)}1`,
        fixable: true,
        text: {
          zh: `「${sheet.title}」缺少${col.required ? '必填' : ''}列「${col.zh}」（--upgrade 会加在最右边）`,
          en: `"${sheet.title}" has no ${col.required ? 'required ' : ''}column "${col.zh}" (${col.en}); --upgrade adds it at the right end`,
        },
      });
    }
    for (const [key, i] of aliasColumns(tab, header)) {
      const col = tab.columns.find((c) => c.key === key)!;
      out.push({
        ...base,
        kind: 'aliasHeader',
        column: key,
        cell: a1Cell(1, i),
        fixable: false,
        text: {
          zh: `${a1Cell(1, i)}「${header.texts[i]}」被识别为「${col.zh}」（别名，可以保留）`,
          en: `${a1Cell(1, i)} "${header.texts[i]}" is recognised as "${col.zh}" (${col.en}) through an alias; fine to keep`,
        },
      });
    }
    for (const i of header.unknown) {
      const text = header.texts[i]?.trim();
      if (!text) continue;
      out.push({
        ...base,
        kind: 'unknownColumn',
        cell: a1Cell(1, i),
        fixable: false,
        text: {
          zh: `${a1Cell(1, i)}「${text}」不是门户的列：原样保留，门户不会改写`,
          en: `${a1Cell(1, i)} "${text}" is not a portal column: kept exactly as it is`,
        },
      });
    }
    if (rows.length > 0) {
      const missing = new Set(tab.columns.filter((c) => header.index[c.key] === undefined).map((c) => c.key));
      for (const p of readTable(tab, sheet.title, rows, { sheetId: sheet.sheetId }).problems) {
        // Missing columns are listed above already.
        if (/^[A-Z]+1$/.test(p.cell) && p.value === null && (p.column === undefined || missing.has(p.column))) continue;
        const value = p.value === null ? '（空）' : String(p.value);
        out.push({
          ...base,
          kind: 'badCell',
          cell: p.cell,
          ...(p.column ? { column: p.column } : {}),
          fixable: false,
          text: {
            zh: `${sheet.title}!${p.cell}「${value}」：${p.expected.zh}`,
            en: `${sheet.title}!${p.cell} "${p.value === null ? '(empty)' : String(p.value)}": ${p.expected.en}`,
          },
        });
      }
    }
    if (sheet.frozenRowCount < 1) {
      out.push({
        ...base,
        kind: 'notFrozen',
        fixable: true,
        text: { zh: `「${sheet.title}」的表头行没有冻结`, en: `The header row of "${sheet.title}" is not frozen` },
      });
    }
    if (!headerProtected(sheet)) {
      out.push({
        ...base,
        kind: 'notProtected',
        fixable: true,
        text: {
          zh: `「${sheet.title}」的表头行没有保护（仅提示）`,
          en: `The header row of "${sheet.title}" is not protected (warning only)`,
        },
      });
    }
  }
  const guide = findGuide(state);
  if (!guide) {
    out.push({
      kind: 'missingGuide',
      fixable: true,
      text: { zh: '缺少「说明」工作表（各列含义与填写说明）', en: 'The 说明 tab (what each column means) is missing' },
    });
  } else if (!sameGuide(state.values.get(guide.title), guideRows(tabs))) {
    out.push({
      kind: 'outdatedGuide',
      sheet: guide.title,
      fixable: true,
      text: { zh: `「${guide.title}」与当前版本不一致（--upgrade 会更新）`, en: `"${guide.title}" is out of date (--upgrade updates it)` },
    });
  }
  return out;
}

/** The check report as printed: grouped by tab, zh-CN then English per line. */
export function formatDifferences(diffs: readonly Difference[]): string {
  if (diffs.length === 0) return '表格与门户的定义一致，没有差异。\nThe spreadsheet matches the schema: no differences.';
  const lines: string[] = [`发现 ${diffs.length} 处差异 / ${diffs.length} difference(s):`];
  let group: string | undefined;
  for (const d of diffs) {
    const g = d.sheet ?? d.tab ?? '说明';
    if (g !== group) {
      lines.push('', `[${g}]`);
      group = g;
    }
    lines.push(`  ${d.fixable ? '*' : '-'} ${d.text.zh}`, `      ${d.text.en}`);
  }
  const fixable = diffs.filter((d) => d.fixable).length;
  lines.push(
    '',
    `* = npm run setup -- --upgrade 可以修复（${fixable} 处），其余请在表格中处理。`,
    `* = fixed by npm run setup -- --upgrade (${fixable}); fix the others in the spreadsheet.`,
  );
  return lines.join('\n');
}
