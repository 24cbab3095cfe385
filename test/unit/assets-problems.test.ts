/** Cross-tab data problems of the asset register, on small fixtures worked by hand. */
import { describe, expect, it } from 'vitest';
import { tabs } from '../../sheets-schema/index.js';
import type { TableFor } from '../../src/core/data/types.js';
import type { Table, TableRow, Values } from '../../src/core/table/types.js';
import { assetProblems } from '../../src/plugins/assets/problems.js';

/** A table whose columns sit in schema order (so cells are predictable: 资产's 存放地点 is column E). */
const table = <K extends keyof typeof tabs>(key: K, rows: Array<[string, Values]>): TableFor<K> =>
  ({
    tab: tabs[key],
    title: tabs[key].zh,
    problems: [],
    header: {
      index: Object.fromEntries(tabs[key].columns.map((c, i) => [c.key, i])),
      texts: tabs[key].columns.map((c) => c.zh),
      unknown: [],
      missing: [],
    },
    rows: rows.map(([id, values], i): TableRow => ({ id, row: i + 2, values: { [tabs[key].idColumn]: id, ...values } })),
  }) as Table as TableFor<K>;
const base = {
  rooms: table('rooms', [
    ['A-301', { name: '七年级(1)班教室' }],
    ['C-101', { name: '总务库房' }],
  ]),
  classes: table('classes', [['七年级(1)班', { room: 'A-301' }]]),
  assets: table('assets', [
    ['JJ-0001', { name: '讲台', room: '七年级(1)班教室' }],
    ['JJ-0002', { name: '书柜', room: 'a-301' }], // a room ID, any case: understood
    ['JJ-0003', { name: '课桌', room: '' }], // not yet placed: allowed
    ['JJ-0004', { name: '椅子', room: '三楼仓库' }],
  ]),
  assetLoans: table('assetLoans', [
    ['JY-1', { tag: 'JJ-0001', borrower: '甲', due: '2026-11-01', returnedOn: '2026-10-30' }],
    ['JY-2', { tag: 'ｊｊ－０００２', borrower: '乙', due: '2026-11-01' }], // full-width: still the register's JJ-0002
    ['JY-3', { tag: 'JJ-9999', borrower: '丙', due: '2026-11-01' }],
    ['JY-4', { tag: 'JJ-0002', borrower: '丁', due: '2026-12-01' }], // JJ-0002 out twice
  ]),
  assetWriteOffs: table('assetWriteOffs', [['BF-1', { tag: 'DQ-0404', status: 'requested' }]]),
  classChecks: table('classChecks', [
    ['BJ-1', { class: '七年级(1)班', kind: 'acknowledge' }],
    ['BJ-2', { class: '七年级(9)班', kind: 'midterm' }],
  ]),
};

describe('asset data problems', () => {
  const problems = assetProblems(base);

  it('names the cell of an asset whose location is no room, and only that one', () => {
    const rooms = problems.filter((p) => p.sheet === '资产');
    expect(rooms).toHaveLength(1);
    expect(rooms[0]).toMatchObject({ cell: 'E5', value: '三楼仓库', column: 'room', rowId: 'JJ-0004' });
    expect(rooms[0]!.expected.zh).toContain('不在「场所」表中');
    expect(rooms[0]!.expected.en).toContain('not a room');
  });

  it('flags a loan and a write-off for a tag the register lacks, and an item out on two loans', () => {
    const loans = problems.filter((p) => p.sheet === '借用登记');
    expect(loans.map((p) => [p.rowId, p.column])).toEqual([
      ['JY-3', 'tag'],
      ['JY-4', 'returnedOn'],
    ]);
    expect(loans[0]).toMatchObject({ cell: 'B4', value: 'JJ-9999' });
    expect(loans[1]!.expected.zh).toContain('JY-2');
    expect(problems.filter((p) => p.sheet === '报废申请').map((p) => p.value)).toEqual(['DQ-0404']);
  });

  it('flags a class check for a class the 班级 tab lacks', () => {
    expect(problems.filter((p) => p.sheet === '班级财产检查').map((p) => [p.rowId, p.value])).toEqual([['BJ-2', '七年级(9)班']]);
    expect(problems).toHaveLength(5);
  });

  it('finds nothing in a clean register', () => {
    expect(
      assetProblems({
        ...base,
        assets: table('assets', [
          ['JJ-0001', { room: '总务库房' }],
          ['JJ-0002', {}],
        ]),
        assetLoans: table('assetLoans', []),
        assetWriteOffs: table('assetWriteOffs', []),
        classChecks: table('classChecks', []),
      }),
    ).toEqual([]);
  });
});
