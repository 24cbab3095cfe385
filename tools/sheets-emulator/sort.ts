/** Sorting rows of a range by Google's rules (sortRange, and a basic filter's sort). */
import { Evaluator } from './cells.js';
import { isError, type Value } from './formula.js';
import { getCell, setCell, type Cell, type Sheet, type Spreadsheet } from './store.js';
import { remapDimensionMetadata } from './metadata.js';

/** Google's sort order: numbers, then text, then booleans, then errors; blanks always last. */
function sortKey(v: Value): [number, number | string] {
  if (v === null || v === '') return [9, 0];
  if (typeof v === 'number') return [0, v];
  if (typeof v === 'string') return [1, v.toLowerCase()];
  if (typeof v === 'boolean') return [2, v ? 1 : 0];
  if (isError(v)) return [3, v.error];
  return [9, 0];
}

export function sortRows(
  ss: Spreadsheet,
  sheet: Sheet,
  { r0, r1, c0, c1 }: { r0: number; r1: number; c0: number; c1: number },
  specs: { dimensionIndex?: number; sortOrder?: string }[],
) {
  const ev = new Evaluator(ss);
  const last = Math.min(r1, sheet.rows.length);
  const rows = [];
  for (let r = r0; r < last; r++) {
    const cells: (Cell | undefined)[] = [];
    for (let c = c0; c < c1; c++) cells.push(getCell(sheet, r, c));
    rows.push({ from: r, cells, keys: specs.map((s) => sortKey(ev.effective(sheet, r, s.dimensionIndex ?? 0))) });
  }
  rows.sort((a, b) => {
    for (let i = 0; i < specs.length; i++) {
      const [ta, va] = a.keys[i]!;
      const [tb, vb] = b.keys[i]!;
      if (ta === 9 || tb === 9) {
        if (ta !== tb) return ta === 9 ? 1 : -1;
        continue;
      }
      const dir = specs[i]!.sortOrder === 'DESCENDING' ? -1 : 1;
      if (ta !== tb) return (ta - tb) * dir;
      const cmp = typeof va === 'string' ? va.localeCompare(vb as string) : (va as number) - (vb as number);
      if (cmp) return cmp * dir;
    }
    return 0;
  });
  rows.forEach((row, i) => row.cells.forEach((cell, j) => setCell(sheet, r0 + i, c0 + j, cell)));
  // A row's metadata travels with the row's cells (the row identity the sync gateway relies on).
  const moved = new Map(rows.map((row, i) => [row.from, r0 + i]));
  remapDimensionMetadata(sheet, 'ROWS', (i) => moved.get(i) ?? i);
}
