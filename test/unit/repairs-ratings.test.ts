/** The monthly summary's per-worker table: repairs finished in the month and their sign-off ratings, worked by hand. */
import { describe, expect, it } from 'vitest';
import { workerRatings } from '../../src/plugins/repairs/summary.js';
import type { RowOfTab } from '../../src/core/data/types.js';
import type { TableRow } from '../../src/core/table/types.js';

let n = 0;
const row = (worker: string, doneAt: string | null, rating: number | null, status = 'signed_off') =>
  ({ id: `R-${n++}`, row: n + 1, values: { worker, doneAt, rating, status } }) as unknown as TableRow<RowOfTab<'repairs'>>;

describe('workerRatings', () => {
  it('counts finished repairs per worker in the month and averages the ratings given', () => {
    const table = workerRatings(
      [
        row('韩永刚', '2026-11-03T10:00:00', 5),
        row('韩永刚', '2026-11-10T16:00:00', 4),
        row('韩永刚', '2026-11-12T09:00:00', null, 'done'), // done, not yet signed off: counted, not rated
        row('彭涛', '2026-11-20T11:00:00', 3),
        row('彭涛', '2026-10-30T11:00:00', 1), // last month
        row('彭涛', null, null, 'assigned'), // open
        row('彭涛', '2026-11-21T11:00:00', 9), // a rating typed wrongly in the sheet is not averaged
      ],
      '2026-11',
    );
    expect(table.rows).toEqual([
      ['韩永刚', 3, 2, 4.5],
      ['彭涛', 2, 1, 3],
    ]);
  });

  it('shows a dash for a worker nobody rated', () => {
    expect(workerRatings([row('卢淑珍', '2026-11-03T10:00:00', null)], '2026-11').rows).toEqual([['卢淑珍', 1, 0, '—']]);
  });
});
