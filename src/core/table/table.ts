/**
 * Whole tabs: rows from `values:batchGet` → a typed Table with data problems,
 * rows and cell changes for RAW writes, and server-side validation of form input
 * with the same tolerant parsers.
 */
import type { ColumnDef, TabDef } from '../../../sheets-schema/index.js';
import { a1Cell } from '../sheets/a1.js';
import type { CellValue, MergeRange, RowValues } from '../sheets/types.js';
import { expectedFor, isEmptyCell, parseCell, toCell, type CellParse } from './cells.js';
import { findHeaderRow, mapHeader, missingColumnProblem } from './headers.js';
import type { DataProblem, HeaderMap, PartialRowOf, Table, TableOf, TableRow, Text, Values } from './types.js';

/** Google's limit on the characters in one cell. */
export const CELL_CHAR_LIMIT = 50_000;
/** Default form limits when a column declares no maxLength. */
export const DEFAULT_TEXT_MAX = 200;
export const DEFAULT_LONGTEXT_MAX = 2000;

/** True when a row has no content at all (Google omits trailing blanks, so rows are ragged). */
export function blankRow(row: RowValues | undefined): boolean {
  if (!row) return true;
  for (const v of row) if (!isEmptyCell(v)) return false;
  return true;
}

const TOTALS_RE = /^(?:本页|本月|本年|全部|总)?(?:合计|小计|总计|共计|累计)/;

/**
 * A totals row: any cell reading 合计, 小计, 总计… (also "合 计：", full-width). The importer
 * skips such rows; the portal leaves them out of the register (see readTable).
 * @example isTotalsRow(['合 计', null, 9300]) // true
 */
export function isTotalsRow(row: readonly unknown[]): boolean {
  return row.some((v) => typeof v === 'string' && TOTALS_RE.test(v.normalize('NFKC').replace(/\s+/g, '')));
}

/** Only numbers (and blanks): what a row of =SUM formulas reads as. */
const numbersOnly = (row: RowValues) => row.some((v) => typeof v === 'number') && row.every((v) => typeof v === 'number' || isEmptyCell(v));

/**
 * The last row of a table as readTable takes it for the staff's totals row: no ID (or 合计 typed
 * in the ID cell), and 合计… in a cell or numbers alone (a row of =SUM).
 */
export function isLastTotalsRow(row: RowValues | undefined, idIndex: number | undefined): boolean {
  if (!row) return false;
  const id = idIndex === undefined ? null : row[idIndex];
  const noId = isEmptyCell(id) || (typeof id === 'string' && TOTALS_RE.test(id.normalize('NFKC').replace(/\s+/g, '')));
  return noId && (isTotalsRow(row) || numbersOnly(row));
}

/** The ID as stored: trimmed text; numbers without a trailing ".0". */
function idOf(idCol: ColumnDef, raw: CellValue | undefined): string | null {
  if (isEmptyCell(raw)) return null;
  const p = parseCell(idCol, raw);
  return p.ok && typeof p.value === 'string' && p.value !== '' ? p.value : null;
}

/**
 * Read a tab's values into a Table. The header is row 1, or the row below title rows
 * that names the most columns (`findHeaderRow`); rows above it are left alone.
 *
 * - Rows whose schema columns are all empty are skipped silently (data only in
 *   unknown columns is the staff's business).
 * - A row with data but no ID is reported at its ID cell and left out.
 * - A duplicated ID: the first row is kept; each later one is reported at its ID
 *   cell and left out. (The gateway separately refuses to update a duplicated ID;
 *   see {@link locateRows}.)
 * - Every unreadable cell is a DataProblem; its value becomes null and the rest of
 *   the row is still used. Columns absent from the sheet read as null.
 * - If the ID column itself is missing, no rows are returned (the header problem says why).
 */
/** @example readTable(tabs.people, '人员', rows).rows[0]?.values.name // string | null */
export function readTable<T extends TabDef>(
  tab: T,
  title: string,
  rows: RowValues[] | undefined,
  opts: { sheetId?: number; merges?: readonly MergeRange[] } = {},
): TableOf<T> {
  const at = findHeaderRow(tab, rows);
  const { header, problems } = mapHeader(tab, rows?.[at], title, opts.sheetId, at + 1);
  const out: TableRow[] = [];
  const table: Table = { tab, title, header, rows: out, problems };
  const idCol = tab.columns.find((c) => c.key === tab.idColumn)!;
  const idIndex = header.index[tab.idColumn];
  if (!rows || idIndex === undefined) return table as TableOf<T>;

  const base = opts.sheetId === undefined ? { sheet: title } : { sheet: title, sheetId: opts.sheetId };
  const merged = mergedDown(rows, at, idIndex, opts.merges ?? []);
  for (const m of merged.ids) {
    problems.push({
      ...base,
      cell: a1Cell(m.startRowIndex! + 1, idIndex),
      value: rows[m.startRowIndex!]?.[idIndex] ?? null,
      column: tab.idColumn,
      expected: {
        zh: `"${idCol.zh}"单元格被合并（${mergeA1(m)}）：每一行都需要自己的编号，第 ${m.startRowIndex! + 2}–${m.endRowIndex!} 行被忽略。请取消合并并逐行填写编号`,
        en: `${idCol.en} cells are merged (${mergeA1(m)}): every row needs its own ID, so rows ${m.startRowIndex! + 2}–${m.endRowIndex!} are ignored. Unmerge them and give each row its ID`,
      },
    });
  }
  // Resolve columns once: [schema column, sheet column index].
  const present: Array<[ColumnDef, number]> = [];
  const absent: string[] = [];
  for (const col of tab.columns) {
    const i = header.index[col.key];
    if (i === undefined) absent.push(col.key);
    else if (col.key !== tab.idColumn) present.push([col, i]);
  }
  const seen = new Map<string, number>();
  const unlabelled: DataProblem[] = [];

  for (let r = at + 1; r < rows.length; r++) {
    let row = rows[r];
    if (!row || row.length === 0 || merged.idCovered.has(r)) continue;
    const sheetRow = r + 1;
    let any = !isEmptyCell(row[idIndex]);
    if (!any)
      for (const [, i] of present)
        if (!isEmptyCell(row[i])) {
          any = true;
          break;
        }
    if (!any) continue;
    // A cell merged down over this row reads as its merge's value, as a person sees it.
    const fill = merged.fill.get(r);
    if (fill) {
      row = [...row];
      for (const [c, v] of fill) row[c] = v;
    }

    const rawId = row[idIndex];
    const id = idOf(idCol, rawId);
    // A totals row (合计 in any cell, the ID cell included) is the staff's, not a register row.
    if ((id === null || TOTALS_RE.test(id.normalize('NFKC').replace(/\s+/g, ''))) && isTotalsRow(row)) continue;
    if (id === null) {
      const problem: DataProblem = {
        ...base,
        cell: a1Cell(sheetRow, idIndex),
        value: rawId ?? null,
        column: tab.idColumn,
        expected: {
          zh: `本行有内容但缺少"${idCol.zh}"：请填写编号，否则门户无法使用这一行`,
          en: `This row has data but no ${idCol.en}; add one or the portal cannot use the row`,
        },
      };
      // Numbers only, with nothing below: an unlabelled row of =SUM totals, unless more rows follow.
      if (numbersOnly(row)) unlabelled.push(problem);
      else problems.push(...unlabelled.splice(0), problem);
      continue;
    }
    problems.push(...unlabelled.splice(0));
    const first = seen.get(id);
    if (first !== undefined) {
      problems.push({
        ...base,
        cell: a1Cell(sheetRow, idIndex),
        value: rawId ?? null,
        column: tab.idColumn,
        rowId: id,
        expected: {
          zh: `"${idCol.zh}"重复：与第 ${first} 行相同，本行被忽略；编号必须唯一`,
          en: `Duplicate ${idCol.en}: same as row ${first}; this row is ignored. IDs must be unique`,
        },
      });
      continue;
    }
    seen.set(id, sheetRow);

    const values: Values = { [tab.idColumn]: id };
    for (const [col, i] of present) {
      const raw = row[i];
      const p = parseCell(col, raw);
      if (p.ok) {
        values[col.key] = p.value;
      } else {
        values[col.key] = null;
        problems.push({ ...base, cell: a1Cell(sheetRow, i), value: raw ?? null, column: col.key, rowId: id, expected: p.expected });
      }
    }
    for (const key of absent) values[key] = null;
    out.push({ id, row: sheetRow, values });
  }
  // An optional column gone from a tab with data would read as blanks everywhere: say so.
  if (out.length > 0) {
    const lastUsed = header.texts.reduce((last, t, i) => (t.trim() ? i : last), -1);
    const addAt = a1Cell(at + 1, lastUsed + 1);
    for (const key of absent) if (!header.missing.includes(key)) problems.push(missingColumnProblem(tab, key, base, addAt, header));
  }
  // Each value was parsed by its own column, so the row has the tab's declared types.
  return table as TableOf<T>;
}

/** A merge as A1 text without the sheet, e.g. 'C2:C4'. */
export function mergeA1(m: MergeRange): string {
  return `${a1Cell(m.startRowIndex! + 1, m.startColumnIndex!)}:${a1Cell(m.endRowIndex!, m.endColumnIndex! - 1)}`;
}

/**
 * Cells merged down over several data rows (one 楼栋 for three rooms). Google returns the value
 * on the merge's first row only; a person sees it on every row, so the rows below read it
 * (`fill`: 0-based row → column → value; the merge's first column only). A merged ID cell is
 * never filled down (that would duplicate IDs): `ids` lists those merges, `idCovered` the rows
 * under their first row, which are left out with one problem naming the range.
 */
function mergedDown(rows: readonly RowValues[], headerAt: number, idIndex: number, merges: readonly MergeRange[]) {
  const fill = new Map<number, Map<number, CellValue>>();
  const ids: MergeRange[] = [];
  const idCovered = new Set<number>();
  for (const m of merges) {
    const r0 = m.startRowIndex ?? 0;
    const r1 = m.endRowIndex ?? r0 + 1;
    const c0 = m.startColumnIndex ?? 0;
    const c1 = m.endColumnIndex ?? c0 + 1;
    if (r1 - r0 < 2 || r0 <= headerAt) continue; // one row (merged across), or title and header rows
    if (c0 <= idIndex && idIndex < c1) {
      ids.push({ startRowIndex: r0, endRowIndex: r1, startColumnIndex: c0, endColumnIndex: c1 });
      for (let r = r0 + 1; r < r1; r++) idCovered.add(r);
      continue;
    }
    const value = rows[r0]?.[c0];
    if (value === undefined || isEmptyCell(value)) continue;
    for (let r = r0 + 1; r < Math.min(r1, rows.length); r++) {
      let at = fill.get(r);
      if (!at) fill.set(r, (at = new Map()));
      at.set(c0, value);
    }
  }
  return { fill, ids, idCovered };
}

/**
 * The multi-row merge holding this cell (1-based sheet row, 0-based column), if any: a write
 * there would change what every row of the merge shows (or land in a hidden cell).
 */
export function mergeAt(merges: readonly MergeRange[] | undefined, row: number, col: number): MergeRange | undefined {
  return merges?.find(
    (m) =>
      (m.endRowIndex ?? 0) - (m.startRowIndex ?? 0) > 1 &&
      m.startRowIndex! < row &&
      row <= m.endRowIndex! &&
      (m.startColumnIndex ?? 0) <= col &&
      col < (m.endColumnIndex ?? 0),
  );
}

/**
 * All 1-based sheet rows whose ID cell holds `id` (read fresh at write time).
 * The gateway writes only when exactly one row matches: none → the row is gone,
 * several → a duplicated ID it must not guess between.
 */
export function locateRows(tab: TabDef, header: HeaderMap, rows: readonly RowValues[], id: string): number[] {
  const found: number[] = [];
  for (let r = header.row ?? 1; r < rows.length; r++) if (holdsId(tab, header, rows[r], id)) found.push(r + 1);
  return found;
}

/** True when this row's ID cell (found through `header`) holds `id`. */
export function holdsId(tab: TabDef, header: HeaderMap, row: RowValues | undefined, id: string): boolean {
  const i = header.index[tab.idColumn];
  return i !== undefined && idOf(tab.columns.find((c) => c.key === tab.idColumn)!, row?.[i]) === id;
}

/**
 * A full row aligned to the sheet's header, for an append: schema columns from
 * `values` (converted for RAW), every other cell from `base` or ''. Trailing
 * blanks are trimmed.
 */
export function rowCells(tab: TabDef, header: HeaderMap, values: Values, base?: RowValues): RowValues {
  const width = Math.max(header.texts.length, base?.length ?? 0);
  const row: RowValues = new Array<CellValue>(width);
  for (let i = 0; i < width; i++) row[i] = base?.[i] ?? '';
  for (const col of tab.columns) {
    const i = header.index[col.key];
    if (i !== undefined && Object.hasOwn(values, col.key)) row[i] = toCell(col, values[col.key]);
  }
  let end = row.length;
  while (end > 0 && row[end - 1] === '') end--;
  row.length = end;
  return row;
}

/**
 * The cells to write for an update, sorted by column: only schema columns present
 * in the sheet, never staff-owned columns, never the ID column (rows are found by
 * it), and never unknown columns.
 */
export function changedCells(tab: TabDef, header: HeaderMap, changes: Values): Array<{ col: number; value: CellValue | '' }> {
  const out: Array<{ col: number; value: CellValue | '' }> = [];
  for (const col of tab.columns) {
    if (col.staffOwned || col.key === tab.idColumn || !Object.hasOwn(changes, col.key)) continue;
    const i = header.index[col.key];
    if (i !== undefined) out.push({ col: i, value: toCell(col, changes[col.key]) });
  }
  return out.sort((a, b) => a.col - b.col);
}

// C0 and C1 controls, DEL, and invisible bidi overrides (they make text display misleadingly).
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const LINE_CONTROL_RE = /[\n\t\r]/;

function maxLengthOf(col: ColumnDef): number {
  const fallback = col.type === 'longtext' ? DEFAULT_LONGTEXT_MAX : DEFAULT_TEXT_MAX;
  return Math.min(col.maxLength ?? fallback, CELL_CHAR_LIMIT);
}

function formatMessage(col: ColumnDef, p: Extract<CellParse, { ok: false }>): Text {
  // A choice (a list or yes/no) is chosen, not typed.
  const choice = col.type === 'enum' || col.type === 'boolean';
  if (p.reason === 'required')
    return choice ? { zh: `请选择"${col.zh}"`, en: `Choose ${col.en}` } : { zh: `请填写"${col.zh}"`, en: `${col.en} is required` };
  if (p.reason === 'range')
    return { zh: `"${col.zh}"超出范围：请填写${p.expected.zh}`, en: `${col.en}: out of range; use ${p.expected.en}` };
  const what: Record<string, string> = {
    date: 'a date',
    datetime: 'a date and time',
    number: 'a number',
    money: 'an amount',
    boolean: 'a yes/no answer',
    enum: 'an allowed value',
  };
  return {
    zh: `"${col.zh}"无法识别：请${choice ? '选择' : '填写'}${p.expected.zh}`,
    en: `${col.en}: not ${what[col.type] ?? 'valid'}; use ${p.expected.en}`,
  };
}

/**
 * Validate form input on the server with the same tolerant parsers as reading.
 *
 * - `partial`: only fields present in `input` are checked (updates); otherwise
 *   absent fields count as empty (required ones fail).
 * - The ID column is checked only when present: IDs are usually generated by the app.
 * - Text is trimmed and otherwise kept verbatim: `=…`, `+…`, `-…`, `@…` stay as
 *   typed (RAW writes make them inert) and `<script>` stays (escaping is the view's
 *   job). Control characters are refused; longtext allows newlines and tabs
 *   (CRLF from a textarea becomes LF).
 * - Length: the column's maxLength, else 200 (text) / 2000 (longtext), never above
 *   Google's 50,000-character cell limit; counted in characters (code points).
 * - Unknown keys in `input` (CSRF token, buttons) are ignored; columns in `skip`
 *   (filled by the app, e.g. updatedAt) are neither checked nor returned.
 *
 * @example
 * validateInput(assets, { name: '课桌', acquired: '2026/3/5', price: '¥1,200' }, { partial: true })
 * // { values: { name: '课桌', acquired: '2026-03-05', price: 1200 }, errors: {} }
 */
export function validateInput<T extends TabDef>(
  tab: T,
  input: Record<string, string | undefined>,
  opts: { partial?: boolean; skip?: readonly string[] } = {},
): { values: PartialRowOf<T>; errors: Record<string, Text> } {
  const values: Values = {};
  const errors: Record<string, Text> = {};
  for (const col of tab.columns) {
    if (opts.skip?.includes(col.key)) continue;
    const has = Object.hasOwn(input, col.key) && input[col.key] !== undefined;
    if (!has && (opts.partial || col.key === tab.idColumn)) continue;
    let raw = input[col.key] ?? '';
    const textual = col.type === 'text' || col.type === 'longtext' || col.type === 'id';
    if (textual) {
      if (col.type === 'longtext') raw = raw.replace(/\r\n?/g, '\n');
      if (CONTROL_RE.test(raw) || (col.type !== 'longtext' && LINE_CONTROL_RE.test(raw))) {
        errors[col.key] = {
          zh: `"${col.zh}"含有不可见的控制字符${col.type === 'longtext' ? '' : '或换行'}，请删除后重试`,
          en: `${col.en}: contains invisible control characters${col.type === 'longtext' ? '' : ' or line breaks'}; please remove them`,
        };
        continue;
      }
      raw = raw.trim();
      const max = maxLengthOf(col);
      // Cheap UTF-16 check first; code points only when close to the limit.
      const length = raw.length > max ? [...raw].length : raw.length;
      if (length > max) {
        errors[col.key] = {
          zh: `"${col.zh}"不能超过 ${max} 个字符（现在 ${length} 个）`,
          en: `${col.en}: at most ${max} characters (now ${length})`,
        };
        continue;
      }
    }
    const p = parseCell(col, raw);
    if (!p.ok) errors[col.key] = formatMessage(col, p);
    else if (col.range && typeof p.value === 'number' && (p.value < col.range.min || p.value > col.range.max)) {
      errors[col.key] = {
        zh: `"${col.zh}"应在 ${col.range.min} 至 ${col.range.max} 之间`,
        en: `${col.en}: must be from ${col.range.min} to ${col.range.max}`,
      };
    } else values[col.key] = p.value;
  }
  // Each value was parsed by its own column, so it has that column's type.
  return { values: values as PartialRowOf<T>, errors };
}

/** Hint text for a form field: what the column accepts. */
export function inputHint(col: ColumnDef): Text {
  return expectedFor(col);
}

/** Count data problems per sheet title, for a summary badge. */
export function problemsSummary(problems: readonly DataProblem[]): { total: number; bySheet: Record<string, number> } {
  const bySheet: Record<string, number> = {};
  for (const p of problems) bySheet[p.sheet] = (bySheet[p.sheet] ?? 0) + 1;
  return { total: problems.length, bySheet };
}
