/**
 * Which rows of a register become which rows of the spreadsheet, and why the others do
 * not: blank rows, totals rows (合计/小计/总计), rows that fail validation (the portal's own
 * `validateInput`: Chinese dates, full-width digits, ¥1,280, aliases of allowed values),
 * IDs already in the spreadsheet or twice in the file. Rows without an ID get one: asset
 * tags per category continuing after the highest existing (JJ-0043 after JJ-0042), other
 * tabs continuing their numbering (P048 after P047) or a new row ID. Pure.
 */
import { assetTagPrefix, type ColumnDef, type TabDef } from '../../sheets-schema/index.js';
import { newRowId } from '../../src/core/data/ids.js';
import { columnLetter } from '../../src/core/sheets/a1.js';
import { numberToText, parseCell } from '../../src/core/table/cells.js';
import { isTotalsRow, validateInput } from '../../src/core/table/table.js';
import type { Text, Values } from '../../src/core/table/types.js';
import type { HeaderMatch } from './header.js';
import type { FileCell, Grid } from './read-file.js';

export interface ImportRecord {
  /** 1-based row in the file. */
  line: number;
  id: string;
  /** True when the importer assigned the ID. */
  assigned: boolean;
  values: Values;
}

export interface SkippedRow {
  line: number;
  reason: Text;
}

export interface ImportPlan {
  records: ImportRecord[];
  skipped: SkippedRow[];
}

/** Columns the app fills itself: not expected in a register. */
export const AUTO_COLUMNS = ['updatedAt', 'updatedBy'];

function isBlank(v: FileCell | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** A file cell as the text validateInput expects (numbers in date columns are Excel serials). */
function inputText(col: ColumnDef, v: FileCell | undefined): string | undefined {
  if (isBlank(v)) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (col.type === 'date' || col.type === 'datetime') {
      const p = parseCell(col, v);
      if (p.ok && typeof p.value === 'string') return p.value;
    }
    return numberToText(v);
  }
  return v ? 'TRUE' : 'FALSE';
}

/** An ID as typed, with full-width characters made plain (ＪＪ－００１２ → JJ-0012). */
function cleanId(v: FileCell | undefined): string {
  if (isBlank(v)) return '';
  return (typeof v === 'number' ? numberToText(v) : String(v)).normalize('NFKC').trim();
}

/**
 * Hands out IDs for rows without one, continuing after the highest existing:
 * asset tags per category prefix; PREFIX + digits when the tab already numbers that
 * way; otherwise a fresh row ID.
 */
export class IdAssigner {
  #highest = new Map<string, { n: number; width: number; sep: string }>();

  constructor(
    private readonly tab: TabDef,
    private readonly ids: Iterable<string>,
  ) {}

  /** Can rows without an ID get one in this tab? */
  get canAssign(): boolean {
    return this.tab.key === 'assets' || Boolean(this.tab.idPrefix);
  }

  #scan(prefix: string) {
    let found = this.#highest.get(prefix);
    if (found) return found;
    const re = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(-?)(\\d+)$`, 'i');
    found = { n: 0, width: this.tab.key === 'assets' ? 4 : 3, sep: this.tab.key === 'assets' ? '-' : '' };
    let any = false;
    for (const id of this.ids) {
      const m = re.exec(id);
      if (m && Number(m[2]) >= found.n) {
        found = { n: Number(m[2]), width: m[2]!.length, sep: m[1]! };
        any = true;
      }
    }
    if (!any && this.tab.key !== 'assets') found.n = -1; // no numbering scheme to continue
    this.#highest.set(prefix, found);
    return found;
  }

  /** The next ID for a row with these values, or null when the tab has no scheme. */
  next(values: Values): string | null {
    const prefix = this.tab.key === 'assets' ? assetTagPrefix(String(values.category), process.env.ASSET_TAG_PREFIXES) : this.tab.idPrefix;
    if (!prefix) return null;
    const h = this.#scan(prefix);
    if (h.n < 0) return newRowId(prefix);
    h.n += 1;
    return `${prefix}${h.sep}${String(h.n).padStart(h.width, '0')}`;
  }
}

export interface PlanOptions {
  /** Values for every row, by column key, used where the file has no value. */
  defaults?: Record<string, string>;
  /** IDs already in the spreadsheet's tab. */
  existing: ReadonlySet<string>;
  /**
   * The tab's rows (parsed values). A file row without an ID that matches one of them in
   * every imported column counts as already imported (so running an import twice never
   * doubles untagged rows); each existing row matches at most one file row.
   */
  existingRows?: ReadonlyArray<{ id: string; values: Values }>;
  /** Filled into the app's own columns (updatedAt/updatedBy) when present in the tab. */
  auto?: Values;
}

/** Plan the import of the rows below the header. */
export function planImport(grid: Grid, tab: TabDef, header: HeaderMatch, opts: PlanOptions): ImportPlan {
  const records: ImportRecord[] = [];
  const skipped: SkippedRow[] = [];
  const idIndex = header.index[tab.idColumn];
  const idCol = tab.columns.find((c) => c.key === tab.idColumn)!;
  const mapped = tab.columns.filter((c) => header.index[c.key] !== undefined && c.key !== tab.idColumn);
  const skip = [tab.idColumn, ...AUTO_COLUMNS.filter((k) => header.index[k] === undefined)];
  const seenInFile = new Map<string, number>();
  const pending: Array<{ line: number; values: Values }> = [];

  for (let r = header.row + 1; r < grid.length; r++) {
    const row = grid[r] ?? [];
    const line = r + 1;
    if (row.every(isBlank)) {
      skipped.push({ line, reason: { zh: '空行', en: 'blank row' } });
      continue;
    }
    if (isTotalsRow(row)) {
      skipped.push({ line, reason: { zh: '合计行（合计/小计/总计）', en: 'totals row (合计/小计/总计)' } });
      continue;
    }
    const id = idIndex === undefined ? '' : cleanId(row[idIndex]);
    if (!id && mapped.every((c) => isBlank(row[header.index[c.key]!]))) {
      skipped.push({
        line,
        reason: { zh: '导入的列中没有内容（只有其他列有字）', en: 'nothing in the imported columns (text only in other columns)' },
      });
      continue;
    }
    const input: Record<string, string> = {};
    for (const col of mapped) {
      const text = inputText(col, row[header.index[col.key]!]);
      if (text !== undefined) input[col.key] = text;
    }
    for (const [key, value] of Object.entries(opts.defaults ?? {})) if (input[key] === undefined) input[key] = value;
    const { values, errors } = validateInput(tab, input, { skip });
    const problems = Object.entries(errors).map(([key, e]) => {
      const at = header.index[key] === undefined ? '' : `${columnLetter(header.index[key]!)}${line} `;
      return { zh: `${at}${e.zh}`, en: `${at}${e.en}` };
    });
    if (id.length > (idCol.maxLength ?? 60) || /[\u0000-\u001f]/.test(id))
      problems.push({ zh: `"${idCol.zh}"不像编号：${id.slice(0, 30)}`, en: `${idCol.en} does not look like an ID: ${id.slice(0, 30)}` });
    if (problems.length > 0) {
      skipped.push({ line, reason: { zh: problems.map((p) => p.zh).join('；'), en: problems.map((p) => p.en).join('; ') } });
      continue;
    }
    if (id) {
      if (opts.existing.has(id)) {
        skipped.push({
          line,
          reason: { zh: `表格中已有编号 ${id}（不重复导入）`, en: `${id} is already in the spreadsheet (not imported twice)` },
        });
        continue;
      }
      const first = seenInFile.get(id);
      if (first !== undefined) {
        skipped.push({ line, reason: { zh: `编号 ${id} 与文件第 ${first} 行重复`, en: `${id} repeats row ${first} of the file` } });
        continue;
      }
      seenInFile.set(id, line);
      records.push({ line, id, assigned: false, values: { ...values, ...opts.auto, [tab.idColumn]: id } });
    } else pending.push({ line, values });
  }

  // Untagged rows already in the sheet (a second run of the same import) are not added again.
  const content = (values: Values) => JSON.stringify(mapped.map((c) => values[c.key] ?? null));
  const unclaimed = new Map<string, string[]>();
  for (const row of opts.existingRows ?? []) {
    const key = content(row.values);
    unclaimed.set(key, [...(unclaimed.get(key) ?? []), row.id]);
  }
  const fresh = pending.filter((p) => {
    const same = unclaimed.get(content(p.values));
    const id = same?.shift();
    if (id === undefined) return true;
    skipped.push({
      line: p.line,
      reason: {
        zh: `没有编号，但与表格中的 ${id} 内容相同：视为已导入`,
        en: `no ID, but identical to ${id} in the spreadsheet: taken as already imported`,
      },
    });
    return false;
  });

  // IDs are handed out after every row is read, so they continue after the file's own too.
  const assigner = new IdAssigner(tab, [...opts.existing, ...seenInFile.keys()]);
  for (const p of fresh) {
    const id = assigner.next(p.values);
    if (id === null) {
      skipped.push({
        line: p.line,
        reason: {
          zh: `缺少「${idCol.zh}」，且此表的编号无法自动生成`,
          en: `no ${idCol.en}, and this tab's IDs cannot be assigned automatically`,
        },
      });
      continue;
    }
    records.push({ line: p.line, id, assigned: true, values: { ...p.values, ...opts.auto, [tab.idColumn]: id } });
  }
  records.sort((a, b) => a.line - b.line);
  skipped.sort((a, b) => a.line - b.line);
  return { records, skipped };
}
