/**
 * Where new rows go in a tab whose table ends with the staff's totals row (合计 with =SUM(I2:I9)
 * right under the data). Google rewrites a formula's range only for rows inserted between its
 * ends: rows put under the last data row — where values.append, or an insert at the table's
 * end, puts them, the touching totals row being part of the table — are outside =SUM(I2:I9),
 * and the total silently leaves them out. So they go in above the last data row instead: the
 * range grows to take them (=SUM(I2:I10)), the totals row moves down and is never written.
 * The price is order: the new rows sit just above the table's last row. With a single data row
 * there is no row inside the range to insert at (inserting at its first row moves the whole
 * range), so they go where they would have gone.
 */
import { isLastTotalsRow } from '../table/table.js';
import type { RowValues } from '../sheets/types.js';

/**
 * @param raw the tab as read (0-based rows; header at `headerRow`, 1-based)
 * @param end the 0-based index new rows would otherwise be inserted at (under the table)
 * @param idIndex the ID column's index, when the header has one
 * @example rowsGoAt([header, a, b, ['合计', '', 9300]], 1, 0, 4) // 2: above b, inside =SUM(I2:I3)
 */
export function rowsGoAt(raw: readonly RowValues[], headerRow: number, idIndex: number | undefined, end: number): number {
  const lastData = end - 2;
  // Data rows start at index headerRow: at least two of them above a totals row at end - 1.
  if (lastData <= headerRow || !isLastTotalsRow(raw[end - 1], idIndex)) return end;
  return lastData;
}
