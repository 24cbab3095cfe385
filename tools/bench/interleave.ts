/**
 * Randomised staff edits interleaved with app updates, and the checker that proves no
 * write went to a wrong row. Pure and runtime-neutral: used by the worker test (small,
 * seeded) and by the bench (≥ 1,000 interleavings).
 *
 * The check compares the sheet just before a flush with the sheet just after: the only
 * cells allowed to change are the target cells of writes the gateway reports synced,
 * located by ID and header text in the "before" sheet; every other write must be a
 * conflict whose reason is true in the "before" sheet (ID gone or duplicated, column gone).
 */

import { mulberry32 } from '../random.js';

export type Grid = unknown[][];

/** Seeded, so a failing interleaving can be replayed. */
export const rng = mulberry32;

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** Column letters for A1 (0-based). */
export function letter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** How the checker recognises a column: any of these header texts (trimmed). */
export interface ColumnSpec {
  key: string;
  headers: readonly string[];
}

export function findCol(grid: Grid, spec: ColumnSpec): number[] {
  const head = (grid[0] ?? []).map((v) => String(v ?? '').trim());
  const out: number[] = [];
  head.forEach((h, i) => spec.headers.includes(h) && out.push(i));
  return out;
}

export interface StaffEdit {
  label: string;
  /** spreadsheets.batchUpdate requests and/or values.batchUpdate data (RAW). */
  requests?: object[];
  data?: Array<{ range: string; values: unknown[][] }>;
}

/**
 * One random staff edit of a sheet, as a person at a desk would make it: sort, insert
 * or delete rows, add blank rows, move or insert a column, rename a header (to an
 * alias, or to something unknown), type an existing ID into another row, cut rows and
 * paste them lower down, sort through a basic filter (or clear it), or group rows.
 */
export function randomStaffEdit(
  r: () => number,
  grid: Grid,
  sheetId: number,
  title: string,
  idCol: ColumnSpec,
  renames: ReadonlyArray<{ from: readonly string[]; to: readonly string[] }>,
): StaffEdit {
  const rows = grid.length;
  const cols = Math.max(1, ...grid.map((row) => row.length));
  const q = `'${title.replace(/'/g, "''")}'`;
  const kind = pick(r, [
    'sort',
    'sort',
    'insertRows',
    'deleteRow',
    'blankRows',
    'moveColumn',
    'insertColumn',
    'rename',
    'duplicateId',
    'cutPasteRows',
    'filterSort',
    'groupRows',
  ] as const);
  switch (kind) {
    case 'sort': {
      const c = int(r, 0, cols - 1);
      const order = r() < 0.5 ? 'ASCENDING' : 'DESCENDING';
      return {
        label: `sort by column ${letter(c)} ${order}`,
        requests: [
          {
            sortRange: {
              range: { sheetId, startRowIndex: 1, endRowIndex: Math.max(2, rows) },
              sortSpecs: [{ dimensionIndex: c, sortOrder: order }],
            },
          },
        ],
      };
    }
    case 'insertRows':
    case 'blankRows': {
      const at = int(r, 1, Math.max(1, rows - 1));
      const n = int(r, 1, 3);
      return {
        label: `insert ${n} blank rows at ${at + 1}`,
        requests: [{ insertDimension: { range: { sheetId, dimension: 'ROWS', startIndex: at, endIndex: at + n } } }],
      };
    }
    case 'deleteRow': {
      if (rows < 3) return { label: 'nothing' };
      const at = int(r, 1, rows - 1);
      return {
        label: `delete row ${at + 1}`,
        requests: [{ deleteDimension: { range: { sheetId, dimension: 'ROWS', startIndex: at, endIndex: at + 1 } } }],
      };
    }
    case 'moveColumn': {
      const from = int(r, 0, cols - 1);
      let to = int(r, 0, cols);
      if (to === from || to === from + 1) to = from === 0 ? 2 : 0;
      return {
        label: `move column ${letter(from)} to ${letter(Math.min(to, cols))}`,
        requests: [
          {
            moveDimension: {
              source: { sheetId, dimension: 'COLUMNS', startIndex: from, endIndex: from + 1 },
              destinationIndex: Math.min(to, cols),
            },
          },
        ],
      };
    }
    case 'insertColumn': {
      const at = int(r, 0, cols - 1);
      return {
        label: `insert a column at ${letter(at)}`,
        requests: [{ insertDimension: { range: { sheetId, dimension: 'COLUMNS', startIndex: at, endIndex: at + 1 } } }],
        data: [{ range: `${q}!${letter(at)}1`, values: [[`备用${int(r, 1, 99)}`]] }],
      };
    }
    case 'rename': {
      const rn = pick(r, renames);
      const head = (grid[0] ?? []).map((v) => String(v ?? '').trim());
      const at = head.findIndex((h) => rn.from.includes(h));
      if (at < 0) return { label: 'nothing' };
      const to = pick(r, rn.to);
      return { label: `rename header ${head[at]} → ${to}`, data: [{ range: `${q}!${letter(at)}1`, values: [[to]] }] };
    }
    case 'cutPasteRows': {
      // Cut one or two rows and paste them below the data: they move, leaving blank rows.
      if (rows < 3) return { label: 'nothing' };
      const at = int(r, 1, rows - 1);
      const n = Math.min(int(r, 1, 2), rows - at);
      const source = { sheetId, startRowIndex: at, endRowIndex: at + n, startColumnIndex: 0, endColumnIndex: cols };
      return {
        label: `cut rows ${at + 1}–${at + n}, paste at ${rows + 2}`,
        requests: [{ cutPaste: { source, destination: { sheetId, rowIndex: rows + 1, columnIndex: 0 }, pasteType: 'PASTE_NORMAL' } }],
      };
    }
    case 'filterSort': {
      if (r() < 0.25) return { label: 'clear the filter', requests: [{ clearBasicFilter: { sheetId } }] };
      const c = int(r, 0, cols - 1);
      const order = r() < 0.5 ? 'ASCENDING' : 'DESCENDING';
      const range = { sheetId, startRowIndex: 0, endRowIndex: Math.max(2, rows), startColumnIndex: 0, endColumnIndex: cols };
      return {
        label: `filter, sorted by column ${letter(c)} ${order}`,
        requests: [{ setBasicFilter: { filter: { range, sortSpecs: [{ dimensionIndex: c, sortOrder: order }] } } }],
      };
    }
    case 'groupRows': {
      const at = int(r, 1, Math.max(1, rows - 1));
      return {
        label: `group rows ${at + 1}–${at + 3}`,
        requests: [{ addDimensionGroup: { range: { sheetId, dimension: 'ROWS', startIndex: at, endIndex: at + 3 } } }],
      };
    }
    case 'duplicateId': {
      const [c] = findCol(grid, idCol);
      if (c === undefined || rows < 3) return { label: 'nothing' };
      const src = int(r, 1, rows - 1);
      const dst = int(r, 1, rows - 1);
      const id = grid[src]?.[c];
      if (src === dst || id === undefined || id === '') return { label: 'nothing' };
      return { label: `type ID ${String(id)} into row ${dst + 1}`, data: [{ range: `${q}!${letter(c)}${dst + 1}`, values: [[id]] }] };
    }
  }
}

/**
 * A staff edit to land *between* a flush's read and its write (armed in the emulator, applied
 * just before the gateway's by-tag write): the edits that move rows under a write — sort,
 * inserted, deleted and blank rows.
 */
export function randomWindowEdit(r: () => number, grid: Grid, sheetId: number): StaffEdit {
  const rows = grid.length;
  const cols = Math.max(1, ...grid.map((row) => row.length));
  const kind = pick(r, ['sort', 'sort', 'insertRows', 'deleteRow'] as const);
  if (kind === 'sort') {
    const c = int(r, 0, cols - 1);
    const order = r() < 0.5 ? 'ASCENDING' : 'DESCENDING';
    return {
      label: `sort by column ${letter(c)} ${order}`,
      requests: [
        {
          sortRange: {
            range: { sheetId, startRowIndex: 1, endRowIndex: Math.max(2, rows) },
            sortSpecs: [{ dimensionIndex: c, sortOrder: order }],
          },
        },
      ],
    };
  }
  if (kind === 'insertRows') {
    const at = int(r, 1, Math.max(1, rows - 1));
    const n = int(r, 1, 3);
    return {
      label: `insert ${n} blank rows at ${at + 1}`,
      requests: [{ insertDimension: { range: { sheetId, dimension: 'ROWS', startIndex: at, endIndex: at + n } } }],
    };
  }
  if (rows < 3) return { label: 'nothing' };
  const at = int(r, 1, rows - 1);
  return {
    label: `delete row ${at + 1}`,
    requests: [{ deleteDimension: { range: { sheetId, dimension: 'ROWS', startIndex: at, endIndex: at + 1 } } }],
  };
}

export interface AppUpdate {
  id: string;
  column: ColumnSpec;
  value: string;
  state: string;
}

export interface CheckResult {
  applied: number;
  conflicts: number;
  /** Cells changed that no synced write targeted, or targeted cells without their value. */
  wrongRowWrites: string[];
  /** Conflicts whose reason is false, and writes neither synced nor parked. */
  unexplained: string[];
}

const norm = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

/** Compare the sheet before and after one flush (see the file comment). */
export function checkFlush(before: Grid, after: Grid, updates: readonly AppUpdate[], idCol: ColumnSpec): CheckResult {
  const res: CheckResult = { applied: 0, conflicts: 0, wrongRowWrites: [], unexplained: [] };
  const expected = new Map<string, string>(); // "r,c" → value
  const [ic] = findCol(before, idCol);
  for (const u of updates) {
    const rows: number[] = [];
    if (ic !== undefined) before.forEach((row, r) => r > 0 && norm(row[ic]) === u.id && rows.push(r));
    const cols = findCol(before, u.column);
    if (u.state === 'synced') {
      if (rows.length !== 1 || cols.length !== 1) {
        res.wrongRowWrites.push(
          `${u.id}.${u.column.key} reported synced but before the flush the ID was on ${rows.length} rows / column found ${cols.length} times`,
        );
        continue;
      }
      expected.set(`${rows[0]},${cols[0]}`, u.value);
      res.applied++;
    } else if (u.state === 'conflict') {
      res.conflicts++;
      if (rows.length === 1 && cols.length === 1)
        res.unexplained.push(`${u.id}.${u.column.key} parked though its row and column were both there`);
    } else res.unexplained.push(`${u.id}.${u.column.key} left ${u.state}`);
  }
  const height = Math.max(before.length, after.length);
  for (let r = 0; r < height; r++) {
    const width = Math.max(before[r]?.length ?? 0, after[r]?.length ?? 0);
    for (let c = 0; c < width; c++) {
      const want = expected.get(`${r},${c}`);
      const got = norm(after[r]?.[c]);
      if (want !== undefined) {
        if (got !== want) res.wrongRowWrites.push(`${letter(c)}${r + 1}: expected ${want}, found ${got}`);
      } else if (got !== norm(before[r]?.[c])) {
        res.wrongRowWrites.push(`${letter(c)}${r + 1}: changed from ${norm(before[r]?.[c])} to ${got} by no write`);
      }
    }
  }
  return res;
}
