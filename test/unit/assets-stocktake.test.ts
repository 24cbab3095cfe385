/** Stocktake reconciliation and the monthly summary figures, computed by hand on small fixtures. */
import { describe, expect, it } from 'vitest';
import { tabs } from '../../sheets-schema/index.js';
import type { TableFor } from '../../src/core/data/types.js';
import type { Table, TableRow, Values } from '../../src/core/table/types.js';
import { RoomIndex } from '../../src/plugins/assets/model.js';
import { latestLines, reconcile, stocktakeRooms, tagFromCode } from '../../src/plugins/assets/stocktake.js';
import { assetFigures, assetSummaryFigures } from '../../src/plugins/assets/summary.js';

const table = <K extends keyof typeof tabs>(key: K, rows: Array<[string, Values]>): TableFor<K> =>
  ({
    tab: tabs[key],
    title: tabs[key].zh,
    header: { index: {}, texts: [], unknown: [], missing: [] },
    problems: [],
    rows: rows.map(([id, values], i): TableRow => ({ id, row: i + 2, values })),
  }) as Table as TableFor<K>;
const rooms = table('rooms', [
  ['A-301', { name: '七年级(1)班教室' }],
  ['A-302', { name: '七年级(2)班教室' }],
  ['C-101', { name: '总务库房' }],
]);
const index = new RoomIndex(rooms);
const assets = table('assets', [
  ['JJ-0001', { name: '讲台', room: '七年级(1)班教室', status: 'in_use', price: 680, acquired: '2026-10-03' }],
  ['JJ-0002', { name: '书柜', room: 'A-301', status: 'in_use', price: 560, acquired: '2026-11-02' }], // room written as its ID
  ['JJ-0003', { name: '课桌椅', room: '七年级(1)班教室', status: 'damaged', price: 6700, acquired: '2026-11-05' }],
  ['JJ-0004', { name: '旧讲台', room: '七年级(1)班教室', status: 'written_off', price: 300, acquired: '2010-08-01' }],
  ['DQ-0001', { name: '吊扇', room: '七年级(2)班教室', status: 'in_use', price: 260, acquired: '2026-11-20' }],
  ['DQ-0002', { name: '电视', room: '七年级(2)班教室', status: 'lent', price: 3000, acquired: '2020-01-01' }],
]);
const line = (id: string, v: Values): [string, Values] => [id, { stocktake: 'PD-1', at: '2026-11-20T09:00:00', ...v }];

describe('stocktake reconciliation', () => {
  const lines = table('stocktakeLines', [
    line('L1', { room: '七年级(1)班教室', tag: 'JJ-0001', result: 'missing', at: '2026-11-20T09:00:00' }),
    line('L2', { room: '七年级(1)班教室', tag: 'JJ-0001', result: 'found', at: '2026-11-20T09:05:00' }), // re-tick wins
    line('L3', { room: '七年级(1)班教室', tag: 'JJ-0003', result: 'damaged' }),
    line('L4', { room: '七年级(1)班教室', tag: 'DQ-0001', result: 'wrong_room', expectedRoom: '七年级(2)班教室' }),
    line('L5', { room: '七年级(1)班教室', tag: '', result: 'surplus', name: '无编号椅子' }),
    line('L6', { room: '七年级(1)班教室', tag: '', result: 'surplus', name: '无编号椅子' }),
    line('L7', { stocktake: 'PD-OTHER', room: '七年级(2)班教室', tag: 'DQ-0002', result: 'found' }),
  ]);

  it('keeps the latest tick per item and every surplus line, for this stocktake only', () => {
    const latest = latestLines(lines.rows, 'PD-1');
    expect(latest.map((l) => l.id).sort()).toEqual(['L2', 'L3', 'L4', 'L5', 'L6']);
  });

  it('counts expected, found, damaged, missing, wrong room, surplus and the match rate', () => {
    const rec = reconcile(stocktakeRooms('七年级(1)班教室\n七年级(2)班教室'), assets.rows, latestLines(lines.rows, 'PD-1'), index);
    // Room 1 expects JJ-0001, JJ-0002 (written as A-301), JJ-0003; JJ-0004 is written off.
    // Room 2 expects DQ-0001 (scanned in room 1 → wrong room, not missing) and DQ-0002 (not ticked here → missing).
    expect(rec).toMatchObject({ expected: 5, found: 2, damaged: 1, missing: 2, wrongRoom: 1, surplus: 2, matchRate: 40 });
    // Missing at closing = marked missing + never counted; while open they are told apart.
    expect(rec.markedMissing + rec.uncounted).toBe(rec.missing);
    expect(rec.missingItems.map((a) => a.id)).toEqual(['JJ-0002', 'DQ-0002']);
    expect(rec.rooms[0]).toMatchObject({ room: '七年级(1)班教室', expected: 3, ticked: 2, found: 2, missing: 1, wrongRoom: 1, surplus: 2 });
  });

  it('splits the rooms cell on new lines and Chinese separators, once each', () => {
    expect(stocktakeRooms('A教室、B教室，A教室\nC教室')).toEqual(['A教室', 'B教室', 'C教室']);
  });

  it('reads a tag from a scanned label URL or typed text', () => {
    expect(tagFromCode('https://school.example/assets/JJ-0042')).toBe('JJ-0042');
    expect(tagFromCode(' jj-0042 ')).toBe('jj-0042');
    expect(tagFromCode('')).toBeNull();
  });
});

describe('monthly summary figures (November 2026, October beside it)', () => {
  const t = {
    assets,
    rooms,
    assetEvents: table('assetEvents', [
      ['E1', { at: '2026-11-03T10:00:00', tag: 'JJ-0002', type: 'moved' }],
      ['E2', { at: '2026-11-04T10:00:00', tag: 'JJ-0003', type: 'transferred' }],
      ['E3', { at: '2026-10-30T10:00:00', tag: 'JJ-0001', type: 'moved' }],
      ['E4', { at: '2026-11-10T10:00:00', tag: 'JJ-0004', type: 'written_off' }],
      ['E5', { at: '2026-11-12T10:00:00', tag: 'JJ-0003', type: 'damaged', amount: 120.5 }],
      ['E6', { at: '2026-11-13T10:00:00', tag: 'JJ-0003', type: 'damaged', amount: 30 }],
      ['E7', { at: '2026-10-13T10:00:00', tag: 'JJ-0001', type: 'damaged', amount: 10 }],
    ]),
    assetLoans: table('assetLoans', [
      ['JY-1', { tag: 'DQ-0002', lentOn: '2026-11-02', due: '2026-11-09' }], // overdue at month end
      ['JY-2', { tag: 'JJ-0001', lentOn: '2026-11-05', due: '2026-11-12', returnedOn: '2026-11-11' }],
      ['JY-3', { tag: 'JJ-0002', lentOn: '2026-10-20', due: '2026-10-25', returnedOn: '2026-11-03' }], // overdue at October's end
      ['JY-4', { tag: 'JJ-0003', lentOn: '2026-11-28', due: '2026-12-05' }], // not yet due
    ]),
    stocktakes: table('stocktakes', [
      ['PD-1', { status: 'closed', closedOn: '2026-11-25', rooms: '七年级(1)班教室', expected: 3, found: 2 }],
      ['PD-2', { status: 'open', rooms: '七年级(2)班教室' }],
    ]),
  };

  it('counts the month', () => {
    expect(assetFigures(t, '2026-11')).toEqual({
      added: 3,
      addedValue: 7520,
      moved: 2,
      lent: 3,
      overdue: 1,
      writtenOff: 1,
      writtenOffValue: 300,
      damageCharged: 150.5,
      coverage: 50,
      matchRate: 66.7, // rooms holding assets: the two classrooms; one counted
    });
  });

  it('puts last month beside each figure', () => {
    const figures = Object.fromEntries(assetSummaryFigures(t, '2026-11').map((f) => [f.key, f]));
    expect(figures.added).toMatchObject({ value: 3, previous: 1 });
    expect(figures.overdue).toMatchObject({ value: 1, previous: 1, better: 'lower' });
    expect(figures.damageCharged).toMatchObject({ value: 150.5, previous: 10, format: 'money' });
    expect(figures.matchRate).toMatchObject({ value: 0.667, previous: null, format: 'percent' }); // a fraction: 2 of 3
  });
});
