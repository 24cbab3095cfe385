/**
 * Find the header row of a register and map its columns to a schema tab: by header
 * text through the table layer (`matchColumn`: zh, en, key, aliases; width-, case- and
 * space-insensitive) or a mapping file for names the schema does not know. Title rows
 * above the header (often merged: "育才实验学校固定资产登记册") and notes are skipped.
 */
import type { ColumnDef, TabDef } from '../../sheets-schema/index.js';
import { columnLetter } from '../../src/core/sheets/a1.js';
import { findHeaderRow, HEADER_SEARCH_ROWS, matchColumn, normalizeHeader } from '../../src/core/table/headers.js';
import { SetupError } from '../setup/errors.js';
import type { Grid } from './read-file.js';

/** A mapping file: file header text → schema column (key, zh or en header), or null to leave it out. */
export type ColumnMap = Record<string, string | null>;

export interface FileColumn {
  /** 0-based column in the file. */
  index: number;
  text: string;
  column?: ColumnDef;
  /** How it was matched: by the schema's names, an alias, the mapping file; or left out. */
  via: 'name' | 'alias' | 'map' | 'ignored' | 'unknown' | 'duplicate';
}

export interface HeaderMatch {
  /** 0-based row of the header in the grid. */
  row: number;
  columns: FileColumn[];
  /** Column key → file column index. */
  index: Record<string, number>;
}

/** Resolve the mapping file's targets once; a target that names no column is an error. */
export function resolveMap(tab: TabDef, map: ColumnMap | undefined): Map<string, ColumnDef | null> {
  const out = new Map<string, ColumnDef | null>();
  for (const [from, to] of Object.entries(map ?? {})) {
    if (to === null || to === '') {
      out.set(normalizeHeader(from), null);
      continue;
    }
    const col = tab.columns.find((c) => c.key === to) ?? matchColumn(tab, to);
    if (!col) {
      throw new SetupError(
        {
          zh: `映射文件把「${from}」对应到「${to}」，但「${tab.zh}」没有这一列`,
          en: `The mapping file maps "${from}" to "${to}", which is not a column of "${tab.zh}" (${tab.en})`,
        },
        {
          zh: `可用的列：${tab.columns.map((c) => `${c.zh}（${c.key}）`).join('、')}；不导入的列写 null。`,
          en: `Columns: ${tab.columns.map((c) => `${c.en} (${c.key})`).join(', ')}; use null for a column to leave out.`,
        },
      );
    }
    out.set(normalizeHeader(from), col);
  }
  return out;
}

/** Map one candidate header row. */
function matchRow(tab: TabDef, cells: readonly unknown[], map: Map<string, ColumnDef | null>, rowIndex: number): HeaderMatch {
  const columns: FileColumn[] = [];
  const index: Record<string, number> = {};
  cells.forEach((v, i) => {
    const text = v === null || v === undefined ? '' : String(v).trim();
    if (!text) return;
    const n = normalizeHeader(text);
    let column: ColumnDef | undefined;
    let via: FileColumn['via'];
    if (map.has(n)) {
      column = map.get(n) ?? undefined;
      via = column ? 'map' : 'ignored';
    } else {
      column = matchColumn(tab, text);
      via = !column ? 'unknown' : [column.zh, column.en, column.key].map(normalizeHeader).includes(n) ? 'name' : 'alias';
    }
    if (column && index[column.key] !== undefined) {
      columns.push({ index: i, text, column, via: 'duplicate' });
      return;
    }
    if (column) index[column.key] = i;
    columns.push({ index: i, text, ...(column ? { column } : {}), via });
  });
  return { row: rowIndex, columns, index };
}

/**
 * The header row: among the first rows, the one naming the most schema columns (at
 * least two), as the portal finds it (`findHeaderRow`). Required columns must all be there — or have a default (`--default`),
 * or be the ID column, which the importer can assign.
 */
export function findHeader(
  grid: Grid,
  tab: TabDef,
  opts: { map?: ColumnMap; defaults?: Record<string, unknown>; canAssignIds: boolean },
): HeaderMatch {
  const map = resolveMap(tab, opts.map);
  // The portal's own rule (src/core/table/headers.ts), counting through the mapping file.
  const at = findHeaderRow(tab, grid, (row) => Object.keys(matchRow(tab, row, map, 0).index).length);
  const found = matchRow(tab, grid[at] ?? [], map, at);
  const best: HeaderMatch | undefined = Object.keys(found.index).length >= 2 ? found : undefined;
  const expected = tab.columns.map((c) => c.zh).join('、');
  if (!best) {
    const seen = grid
      .slice(0, 5)
      .map(
        (r, i) =>
          `${i + 1}: ${r
            .filter((v) => v !== null && v !== '')
            .map(String)
            .join(' | ')
            .slice(0, 120)}`,
      )
      .join('\n  ');
    throw new SetupError(
      {
        zh: `在文件前 ${HEADER_SEARCH_ROWS} 行中找不到「${tab.zh}」的表头行（至少要认出两列）`,
        en: `No header row for "${tab.zh}" (${tab.en}) in the first ${HEADER_SEARCH_ROWS} rows (at least two columns must be recognised)`,
      },
      {
        zh: `「${tab.zh}」的列标题是：${expected}。请把文件的列标题改成这些（或"也可写作"中的写法），或写一个映射文件 map.json，如 {"物品": "名称", "存放处": "存放地点"}，再用 --map map.json 导入。文件开头是：\n  ${seen}`,
        en: `The columns of "${tab.zh}" are: ${tab.columns.map((c) => `${c.zh} (${c.en})`).join(', ')}. Rename the file's headers to these, or write a mapping file map.json such as {"物品": "名称", "存放处": "存放地点"} and import with --map map.json. The file starts with:\n  ${seen}`,
      },
    );
  }
  const missing = tab.columns.filter(
    (c) =>
      c.required &&
      best!.index[c.key] === undefined &&
      !(opts.defaults && c.key in opts.defaults) &&
      !(c.key === tab.idColumn && opts.canAssignIds),
  );
  if (missing.length > 0) {
    const found = best.columns.map((c) => `${columnLetter(c.index)}「${c.text}」${c.column ? `→${c.column.zh}` : ''}`).join('、');
    throw new SetupError(
      {
        zh: `文件第 ${best.row + 1} 行是表头，但缺少必填列：${missing.map((c) => c.zh).join('、')}`,
        en: `Row ${best.row + 1} of the file is the header, but required columns are missing: ${missing.map((c) => `${c.zh} (${c.en})`).join(', ')}`,
      },
      {
        zh: `在文件中添加这些列，或用映射文件（--map）指明对应的列，或为所有行指定一个值，如 --default ${missing[0]!.zh}=${missing[0]!.allowed?.[0]?.zh ?? '…'}。已识别：${found}`,
        en: `Add these columns to the file, point to them with a mapping file (--map), or give every row one value, e.g. --default ${missing[0]!.zh}=${missing[0]!.allowed?.[0]?.zh ?? '…'}. Recognised: ${found}`,
      },
    );
  }
  return best;
}
