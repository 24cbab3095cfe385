/**
 * Finding tabs and columns by their text, never by position: staff rename,
 * reorder, widen and decorate headers, and the app must still find its columns.
 */
import type { ColumnDef, TabDef } from '../../../sheets-schema/index.js';
import { a1Cell, columnLetter } from '../sheets/a1.js';
import type { CellValue, RowValues } from '../sheets/types.js';
import type { DataProblem, HeaderMap, Table } from './types.js';

/**
 * Normalise header (or tab, or enum) text for matching: NFKC (full-width →
 * half-width), lower-case, all whitespace removed (incl. U+3000 and zero-width
 * characters), and a required-marker `*` or a trailing colon dropped.
 * @example normalizeHeader(' 资产 编号 ') === normalizeHeader('资产编号') // true
 * @example normalizeHeader('ＴＡＧ：') // 'tag'
 */
export function normalizeHeader(text: string | number | boolean | null | undefined): string {
  if (text === null || text === undefined) return '';
  return String(text)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u200b-\u200d\u2060\ufeff]+/g, '')
    .replace(/^[*＊]+|[*＊:：]+$/g, '');
}

/** The texts a column (or tab) answers to, strongest first: zh, en, key, then aliases. */
function names(def: { key: string; zh: string; en: string; aliases?: readonly string[] | undefined }): {
  primary: string[];
  alias: string[];
} {
  return {
    primary: [def.zh, def.en, def.key].map(normalizeHeader),
    alias: (def.aliases ?? []).map(normalizeHeader),
  };
}

/**
 * The sheet holding this tab: matched by zh title, English title or key first,
 * then by aliases (normalised). Undefined when absent — a missing tab is the
 * caller's business.
 * @example findSheet(assets, [{ title: ' 固定资产 ', sheetId: 7 }]) // { title: ' 固定资产 ', sheetId: 7 }
 */
export function findSheet<S extends { title: string; sheetId?: number }>(tab: TabDef, sheets: readonly S[]): S | undefined {
  const exact = sheets.find((s) => s.title === tab.zh);
  if (exact) return exact;
  const { primary, alias } = names(tab);
  for (const group of [primary, alias]) {
    for (const name of group) {
      const hit = sheets.find((s) => normalizeHeader(s.title) === name);
      if (hit) return hit;
    }
  }
  return undefined;
}

interface Matcher {
  primary: Map<string, string>;
  alias: Map<string, string>;
}

const matchers = new WeakMap<TabDef, Matcher>();

function matcherFor(tab: TabDef): Matcher {
  let m = matchers.get(tab);
  if (!m) {
    m = { primary: new Map(), alias: new Map() };
    for (const col of tab.columns) {
      const n = names(col);
      for (const p of n.primary) if (!m.primary.has(p)) m.primary.set(p, col.key);
      for (const a of n.alias) if (!m.alias.has(a)) m.alias.set(a, col.key);
    }
    matchers.set(tab, m);
  }
  return m;
}

/** The column a header text names, if any (primary names win over aliases). */
export function matchColumn(tab: TabDef, text: CellValue | null | undefined): ColumnDef | undefined {
  const n = normalizeHeader(text);
  if (!n) return undefined;
  const m = matcherFor(tab);
  const key = m.primary.get(n) ?? m.alias.get(n);
  return key === undefined ? undefined : tab.columns.find((c) => c.key === key);
}

/** Header text of a column as people know it, in both languages. */
export function columnLabel(col: ColumnDef): { zh: string; en: string } {
  return { zh: col.zh, en: col.en };
}

/** How far down the header row is looked for, below title rows (the importer and the portal alike). */
export const HEADER_SEARCH_ROWS = 30;

/** How many different schema columns a row's texts name (primary names or aliases). */
export function namedColumns(tab: TabDef, row: RowValues | readonly unknown[] | undefined): number {
  const m = matcherFor(tab);
  const keys = new Set<string>();
  for (const v of row ?? []) {
    const n = normalizeHeader(v as CellValue);
    const key = n ? (m.primary.get(n) ?? m.alias.get(n)) : undefined;
    if (key !== undefined) keys.add(key);
  }
  return keys.size;
}

/**
 * The header row (0-based) among the first {@link HEADER_SEARCH_ROWS} rows: the one naming
 * the most columns (at least two; the earliest on a tie), so title rows above it — often a
 * merged "育才实验学校资产登记表" — and notes are skipped. Row 0 when no row names two.
 * `count` defaults to {@link namedColumns}; the importer passes its own (mapping files).
 * @example findHeaderRow(assets, [['育才实验学校资产登记表'], [], ['资产编号', '名称']]) // 2
 */
export function findHeaderRow(
  tab: TabDef,
  rows: readonly (readonly unknown[] | undefined)[] | undefined,
  count: (row: readonly unknown[]) => number = (r) => namedColumns(tab, r),
): number {
  let best = 0;
  let most = 1;
  const end = Math.min(rows?.length ?? 0, HEADER_SEARCH_ROWS);
  for (let r = 0; r < end; r++) {
    const n = count(rows![r] ?? []);
    if (n > most) [best, most] = [r, n];
  }
  return best;
}

/**
 * Map the header row (row 1 of the sheet, or `row` below title rows) to schema columns.
 *
 * - Columns are found by header text (zh, en, key, aliases; normalised), never by position.
 * - A header matching a column by its zh/en/key wins over another matching it only by alias;
 *   the alias one is then an unknown column (e.g. both "资产编号" and "编号" present).
 * - Two headers naming the same column equally: the first is used; the second is
 *   reported (its own cell, e.g. `F1`) and treated as unknown — kept, never written.
 * - A missing required column is reported at the cell just right of the last header
 *   (where staff would add it, e.g. `N1`); an empty header row is one problem at `A1`.
 * - Blank header cells and unmatched headers are unknown columns, left as they are.
 */
export function mapHeader(
  tab: TabDef,
  headerRow: RowValues | undefined,
  sheet: string,
  sheetId?: number,
  sheetRow = 1,
): { header: HeaderMap; problems: DataProblem[] } {
  const row = headerRow ?? [];
  const texts = Array.from(row, (v) => (v === undefined || v === null ? '' : String(v)));
  const m = matcherFor(tab);
  const index: Record<string, number> = {};
  const strength: Record<string, 'primary' | 'alias'> = {};
  const unknown: number[] = [];
  const problems: DataProblem[] = [];
  const base = sheetId === undefined ? { sheet } : { sheet, sheetId };
  const dupes: Array<{ col: number; key: string; how: 'primary' | 'alias' }> = [];

  texts.forEach((text, col) => {
    const n = normalizeHeader(text);
    const viaPrimary = n ? m.primary.get(n) : undefined;
    const key = viaPrimary ?? (n ? m.alias.get(n) : undefined);
    if (key === undefined) {
      unknown.push(col);
      return;
    }
    const how = viaPrimary !== undefined ? 'primary' : 'alias';
    const prev = index[key];
    if (prev === undefined) {
      index[key] = col;
      strength[key] = how;
    } else if (how === 'primary' && strength[key] === 'alias') {
      unknown.push(prev);
      index[key] = col;
      strength[key] = how;
    } else if (how === strength[key]) {
      dupes.push({ col, key, how });
      unknown.push(col);
    } else {
      unknown.push(col);
    }
  });

  for (const { col, key, how } of dupes) {
    // An alias duplicate is moot once a primary-name header took the column.
    if (how !== strength[key]) continue;
    const def = tab.columns.find((c) => c.key === key)!;
    const used = a1Cell(sheetRow, index[key]!);
    problems.push({
      ...base,
      header: true,
      cell: a1Cell(sheetRow, col),
      value: texts[col] ?? '',
      column: key,
      expected: {
        zh: `列标题"${def.zh}"重复：使用 ${used} 列，本列被忽略；请删除或改名`,
        en: `Duplicate header "${def.en}": column ${used} is used and this one ignored; remove or rename it`,
      },
    });
  }

  const missing = tab.columns.filter((c) => c.required && index[c.key] === undefined).map((c) => c.key);
  unknown.sort((a, b) => a - b);
  const header: HeaderMap = { index, texts, unknown, missing, ...(sheetRow > 1 ? { row: sheetRow } : {}) };

  const lastUsed = texts.reduce((last, t, i) => (t.trim() ? i : last), -1);
  if (lastUsed < 0) {
    const cols = tab.columns.filter((c) => c.required);
    problems.push({
      ...base,
      header: true,
      cell: 'A1',
      value: null,
      expected: {
        zh: `第 1 行应为表头，包含：${cols.map((c) => c.zh).join('、')}`,
        en: `Row 1 should be the header row, with: ${cols.map((c) => c.en).join(', ')}`,
      },
    });
    return { header, problems };
  }
  const addAt = `${columnLetter(lastUsed + 1)}${sheetRow}`;
  for (const key of missing) problems.push(missingColumnProblem(tab, key, base, addAt, header));
  return { header, problems };
}

/**
 * A known column the header row lacks, at the cell where staff would add it: required
 * columns always, optional ones when the tab has data (a renamed 存放地点 must not read as
 * empty). Names the header and the other spellings accepted.
 */
export function missingColumnProblem(
  tab: TabDef,
  key: string,
  base: { sheet: string; sheetId?: number },
  cell: string,
  header?: Pick<HeaderMap, 'texts' | 'unknown' | 'row'>,
): DataProblem {
  const def = tab.columns.find((c) => c.key === key)!;
  const also = (def.aliases ?? []).length ? `（也可写作：${def.aliases!.join('、')}）` : '';
  const alsoEn = (def.aliases ?? []).length ? `, or ${def.aliases!.join(', ')}` : '';
  // Headers the portal does not know: one of them is often this column, renamed. Named so staff find it.
  const strangers = (header?.unknown ?? [])
    .map((i) => ({ text: header!.texts[i]!.trim(), cell: `${columnLetter(i)}${header!.row ?? 1}` }))
    .filter((u) => u.text)
    .slice(0, 5);
  const hint = strangers.length ? `表头中有门户不认识的列：${strangers.map((u) => `「${u.text}」（${u.cell}）`).join('、')}。` : '';
  const hintEn = strangers.length
    ? ` Headers the portal does not know: ${strangers.map((u) => `"${u.text}" (${u.cell})`).join(', ')}.`
    : '';
  const zh = def.required
    ? `缺少必填列"${def.zh}"${also}，请在表头行添加。${hint}`
    : `缺少列"${def.zh}"${also}：这一列的内容无法显示，也无法写入。若是改了名，请改回；若是删了，请在表头行添加。${hint}`;
  const en = def.required
    ? `Missing required column "${def.en}" (header "${def.zh}"${alsoEn}); add it to the header row.${hintEn}`
    : `Missing column "${def.en}" (header "${def.zh}"${alsoEn}): it cannot be shown or written. If it was renamed, rename it back; if deleted, add it to the header row.${hintEn}`;
  return { ...base, header: true, cell, value: null, column: key, expected: { zh, en } };
}

/** Schema columns (required or not) the header row does not have. */
export function absentColumns(tab: TabDef, header: HeaderMap): string[] {
  return tab.columns.filter((c) => header.index[c.key] === undefined).map((c) => c.key);
}

/**
 * The known columns a readable tab lacks: pages show them as missing ("（缺列）"), never as
 * blanks, and forms say so before saving. Empty when the tab itself is gone or its header row
 * is empty (the tab's own banner says that).
 */
export function missingColumns(table: Pick<Table, 'tab' | 'header'>): string[] {
  if (table.header.texts.every((t) => !t.trim())) return [];
  return absentColumns(table.tab, table.header);
}
