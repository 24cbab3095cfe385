/** Pure sync logic: backoff, request budget, flush planning, overlay, the interleaving checker. */
import { describe, expect, it } from 'vitest';
import { rooms, type TabKey } from '../../sheets-schema/index.js';
import { backoffMs, TokenBucket } from '../../src/core/sync/backoff.js';
import { appendRequests } from '../../src/core/sync/append-batch.js';
import { overlay, planFlush, tableEnd, type FreshTab } from '../../src/core/sync/plan.js';
import type { RowValues } from '../../src/core/sheets/types.js';
import type { QueuedWrite } from '../../src/core/sync/queue.js';
import { locateRows, readTable } from '../../src/core/table/table.js';
import { checkFlush } from '../../tools/bench/interleave.js';

const grid = [
  ['编号', '名称', '楼栋', '类型', '未知列'],
  ['RM-1', '一', 'A', '教室', 'keep'],
  ['RM-2', '二', 'A', '教室'],
  ['RM-2', '二bis', 'B', '教室'],
  ['RM-3', '三', 'C', '教室'],
];
const fresh = (rows: RowValues[] = grid): Map<TabKey, FreshTab> => {
  const table = readTable(rooms, '场所', rows);
  return new Map([
    [
      'rooms',
      {
        tab: rooms,
        title: '场所',
        header: table.header,
        complete: true,
        table,
        locate: (id: string) => locateRows(rooms, table.header, rows, id),
      },
    ],
  ]);
};
let seq = 0;
const w = (
  kind: QueuedWrite['kind'],
  rowId: string,
  values: Record<string, string | null>,
  state: QueuedWrite['state'] = 'queued',
): QueuedWrite => ({
  seq: ++seq,
  writeId: `w${seq}`,
  idempotencyKey: `k${seq}`,
  kind,
  tab: 'rooms',
  rowId,
  values,
  actor: { id: 'P', name: 'p' },
  action: 'a',
  state,
  attempts: 0,
  createdAt: 0,
  updatedAt: 0,
  reason: null,
  discardedAt: null,
});

describe('backoff', () => {
  it('grows exponentially with jitter, capped, never below Retry-After', () => {
    expect(backoffMs(1, { baseMs: 1000, random: () => 0 })).toBe(500);
    expect(backoffMs(3, { baseMs: 1000, random: () => 1 })).toBe(4000);
    expect(backoffMs(20, { baseMs: 1000, capMs: 60_000, random: () => 1 })).toBe(60_000);
    expect(backoffMs(1, { baseMs: 1000, random: () => 0 }, 7000)).toBe(7000);
  });
  it('a token bucket paces a burst: capacity at once, then the per-minute rate', () => {
    const b = new TokenBucket(10, 60, 0);
    expect(b.waitFor(10, 0)).toBe(0);
    b.take(10, 0);
    expect(b.waitFor(1, 0)).toBe(1000);
    expect(b.waitFor(1, 1000)).toBe(0);
  });
});

describe('planFlush', () => {
  it('one append group per tab; updates by ID into one batch; the last value of a cell wins', () => {
    const plan = planFlush(
      [
        w('append', 'RM-9', { id: 'RM-9', name: '九', type: 'office' }),
        w('update', 'RM-3', { name: 'x' }),
        w('update', 'RM-3', { name: 'y' }),
      ],
      fresh(),
    );
    expect(plan.appends.get('rooms')?.entries).toHaveLength(1);
    expect(plan.appends.get('rooms')?.entries[0]?.row[0]).toBe('RM-9');
    expect(plan.updates.data).toEqual([{ range: "'场所'!B5", majorDimension: 'ROWS', values: [['y']] }]);
    expect(plan.updates.entries[0]?.before).toEqual({ name: '三' });
  });
  it('parks: row gone, ID duplicated, column missing, ID already present', () => {
    const plan = planFlush(
      [
        w('update', 'RM-7', { name: 'x' }),
        w('update', 'RM-2', { name: 'x' }),
        w('update', 'RM-1', { responsible: 'x' }),
        w('append', 'RM-1', { id: 'RM-1', name: 'n', type: 'office' }),
      ],
      fresh(),
    );
    expect(plan.conflicts.map((c) => c.reason.en)).toEqual([
      'No row with ID RM-7 (deleted, or its ID was changed)',
      'ID RM-2 is on several rows (3, 4); cannot tell which one to write',
      'Column "Responsible" was not found (deleted or renamed)',
      'ID RM-1 already exists; not added again',
    ]);
    expect(plan.updates.data).toEqual([]);
  });
  it('an append of unknown outcome found in the sheet has landed; not found is sent again', () => {
    const plan = planFlush(
      [
        w('append', 'RM-1', { id: 'RM-1', name: 'n' }, 'syncing'),
        w('append', 'RM-8', { id: 'RM-8', name: 'n', type: 'office' }, 'syncing'),
      ],
      fresh(),
    );
    expect(plan.landed.map((x) => x.rowId)).toEqual(['RM-1']);
    expect(plan.appends.get('rooms')?.entries.map((e) => e.write.rowId)).toEqual(['RM-8']);
  });
  it('guards: a write is sent only while its row holds the values, seen after the writes queued before it', () => {
    const guard = { tab: 'rooms' as const, id: 'RM-3', values: { building: 'C' } };
    const decide = (append: string, building: string) => [
      { ...w('append', append, { id: append, name: append, type: 'office' }), guard },
      { ...w('update', 'RM-3', { building }), guard },
    ];
    // Two decisions on the same row in one flush: the first lands, the second is parked whole.
    const plan = planFlush([...decide('RM-8', 'D'), ...decide('RM-9', 'E')], fresh());
    expect(plan.appends.get('rooms')?.entries.map((e) => e.write.rowId)).toEqual(['RM-8']);
    expect(plan.updates.data).toEqual([{ range: "'场所'!C5", majorDimension: 'ROWS', values: [['D']] }]);
    expect(plan.conflicts.map((c) => [c.write.rowId, c.reason.en])).toEqual([
      ['RM-9', 'RM-3: "Building" is now "D"; not written (someone dealt with it first)'],
      ['RM-3', 'RM-3: "Building" is now "D"; not written (someone dealt with it first)'],
    ]);
    // Staff changed the row in the sheet first: nothing is sent; an enum is said by its label.
    const typed = grid.map((r) => (r[0] === 'RM-3' ? ['RM-3', '三', 'X', '办公室'] : r));
    const staff = planFlush(decide('RM-8', 'D'), fresh(typed));
    expect(staff.conflicts.map((c) => c.reason.zh)).toEqual([
      'RM-3 的「楼栋」已是「X」，这项写入没有执行（有人先处理了）',
      'RM-3 的「楼栋」已是「X」，这项写入没有执行（有人先处理了）',
    ]);
    const typeGuard = { tab: 'rooms' as const, id: 'RM-3', values: { type: 'classroom' } };
    expect(planFlush([{ ...w('update', 'RM-3', { name: 'x' }), guard: typeGuard }], fresh(typed)).conflicts[0]?.reason.en).toBe(
      'RM-3: "Type" is now "Office"; not written (someone dealt with it first)',
    );
    // Checked once, before the write is first sent: a retry of a write already sent is not parked by its own landing.
    const sent = { ...w('update', 'RM-3', { building: 'D' }, 'queued'), guard, attempts: 1 };
    expect(planFlush([sent], fresh(typed)).conflicts).toEqual([]);
    // The guarded row gone: parked saying so.
    expect(planFlush(decide('RM-8', 'D'), fresh(grid.filter((r) => r[0] !== 'RM-3')))).toMatchObject({
      conflicts: [{ reason: { en: 'No row with ID RM-3 (deleted, or its ID was changed)' } }, {}],
    });
  });
  it('never writes staff-owned columns or the ID', () => {
    const plan = planFlush([w('update', 'RM-3', { notes: 'no', id: 'RM-X', name: 'ok' })], fresh());
    expect(plan.updates.data.map((d) => d.range)).toEqual(["'场所'!B5"]);
  });
});

describe('overlay (read-your-writes)', () => {
  it('applies queued updates and appends once', () => {
    const t = readTable(rooms, '场所', grid);
    const o = overlay(t, [
      w('update', 'RM-3', { name: 'new' }),
      w('append', 'RM-9', { id: 'RM-9', name: '九' }),
      w('append', 'RM-1', { id: 'RM-1', name: 'dup' }),
    ]);
    expect(o.rows.find((r) => r.id === 'RM-3')?.values.name).toBe('new');
    expect(o.rows.filter((r) => r.id === 'RM-1')).toHaveLength(1);
    expect(o.rows.find((r) => r.id === 'RM-9')?.row).toBe(0);
    expect(t.rows.find((r) => r.id === 'RM-3')?.values.name).toBe('三');
  });
});

describe('checkFlush', () => {
  const ID = { key: 'id', headers: ['编号'] };
  const NAME = { key: 'name', headers: ['名称'] };
  it('catches a write to the wrong row', () => {
    const after = grid.map((r) => [...r]);
    after[1]![1] = 'V';
    const res = checkFlush(grid, after, [{ id: 'RM-3', column: NAME, value: 'V', state: 'synced' }], ID);
    expect(res.wrongRowWrites.length).toBe(2);
  });
  it('accepts the right row and a justified conflict', () => {
    const after = grid.map((r) => [...r]);
    after[4]![1] = 'V';
    const res = checkFlush(
      grid,
      after,
      [
        { id: 'RM-3', column: NAME, value: 'V', state: 'synced' },
        { id: 'RM-2', column: NAME, value: 'W', state: 'conflict' },
      ],
      ID,
    );
    expect(res).toMatchObject({ applied: 1, conflicts: 1, wrongRowWrites: [], unexplained: [] });
  });
});

describe('new rows in one spreadsheets.batchUpdate (append-batch.ts)', () => {
  it('tableEnd: under the run of rows holding the header (a gap or a note further down is left alone)', () => {
    expect(tableEnd(grid, 1)).toBe(5);
    expect(tableEnd([['标题'], ...grid], 2)).toBe(6);
    expect(tableEnd([...grid, [], ['备注']], 1)).toBe(5);
    expect(tableEnd([...grid, ['', '  '], ['合计']], 1)).toBe(7); // a blank-looking row with a space is not blank
    expect(tableEnd([grid[0]!], 1)).toBe(1);
  });

  it('insert + typed cells (text stays text, never a formula) + a tag per row; logs untagged; a shared tab offsets', () => {
    const f = fresh([
      ['编号', '名称', '楼层', '类型', '未知列'],
      ['RM-1', '一', 1, '教室', 'keep'],
    ]);
    const write = (tab: TabKey, id: string, values: Record<string, string | number | boolean>) =>
      ({ writeId: id, kind: 'append', tab, rowId: id, values, state: 'queued' }) as unknown as QueuedWrite;
    const plan = planFlush(
      [write('rooms', 'RM-9', { id: 'RM-9', name: '=1+1', floor: 3 })],
      new Map([...f].map(([k, t]) => [k, { ...t, end: 5 }])),
    );
    const group = plan.appends.get('rooms')!;
    const audit = { ...group, end: 7, entries: [{ ...group.entries[0]!, write: write('audit', 'AU-1', {}), row: ['AU-1', true] }] };
    const def = (k: TabKey) => (k === 'audit' ? { ...rooms, appendOnly: true } : rooms);
    const { requests, placed } = appendRequests(
      [
        ['rooms', group],
        ['audit', audit],
        ['audit', { ...audit, end: 7 }],
      ],
      def,
      (k) => (k === 'rooms' ? 11 : 12),
    );
    expect(requests[0]).toEqual({
      insertDimension: { range: { sheetId: 11, dimension: 'ROWS', startIndex: 5, endIndex: 6 }, inheritFromBefore: true },
    });
    expect(requests[1]).toMatchObject({ updateCells: { start: { sheetId: 11, rowIndex: 5, columnIndex: 0 }, fields: 'userEnteredValue' } });
    const cells = (requests[1] as { updateCells: { rows: Array<{ values: object[] }> } }).updateCells.rows[0]!.values;
    expect(cells[1]).toEqual({ userEnteredValue: { stringValue: '=1+1' } });
    expect(cells).toContainEqual({ userEnteredValue: { numberValue: 3 } });
    expect(requests[2]).toMatchObject({
      createDeveloperMetadata: {
        developerMetadata: {
          metadataKey: 'houqin.row',
          metadataValue: 'rooms:RM-9',
          visibility: 'PROJECT',
          location: { dimensionRange: { sheetId: 11, dimension: 'ROWS', startIndex: 5, endIndex: 6 } },
        },
      },
    });
    // 操作日志 twice in one batch (sign-ins and audit rows): the second group goes under the first; no tags on a log.
    expect(requests.slice(3).map((r) => Object.keys(r)[0])).toEqual(['insertDimension', 'updateCells', 'insertDimension', 'updateCells']);
    expect(requests[5]).toMatchObject({ insertDimension: { range: { startIndex: 8, endIndex: 9 } } });
    expect((requests[4] as { updateCells: { rows: Array<{ values: object[] }> } }).updateCells.rows[0]!.values[1]).toEqual({
      userEnteredValue: { boolValue: true },
    });
    expect(placed.map((p) => p.endRow)).toEqual([6, 8, 9]);
    // Not read whole (a log read by its header): appendCells, from column A.
    const { requests: cellsOnly } = appendRequests([['audit', { ...audit, end: undefined }]], def, () => 12);
    expect(cellsOnly).toEqual([
      {
        appendCells: {
          sheetId: 12,
          rows: [{ values: [{ userEnteredValue: { stringValue: 'AU-1' } }, { userEnteredValue: { boolValue: true } }] }],
          fields: 'userEnteredValue',
        },
      },
    ]);
  });
});
