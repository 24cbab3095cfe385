import { describe, expect, it } from 'vitest';
import { assets, defineTab, people } from '../../sheets-schema/index.js';
import type { RowValues } from '../../src/core/sheets/types.js';
import { blankRow, changedCells, locateRows, problemsSummary, readTable, rowCells } from '../../src/core/table/table.js';
import { findHeaderRow, mapHeader } from '../../src/core/table/headers.js';

const HEADER = [
  '资产编号',
  '名称',
  '类别',
  '资产类型',
  '存放地点',
  '责任人',
  '来源',
  '购置日期',
  '单价',
  '状态',
  '备注',
  '更新时间',
  '更新人',
];

describe('readTable', () => {
  it('parses rows by header, with typed values and the sheet row as a hint', () => {
    const t = readTable(
      assets,
      '资产',
      [
        HEADER,
        ['JJ-0001', '课桌', '家具', '固定资产', '初一(1)班', '王老师', '购置', 46086, 120, '在用', '', 46086.5, '李四'],
        [],
        ['DQ-0001', '空调', '电器', '', '', '', '', '2026/3/5', '¥3,200', '维修'],
      ],
      { sheetId: 5 },
    );
    expect(t.title).toBe('资产');
    expect(t.problems).toEqual([]);
    expect(t.rows).toHaveLength(2);
    expect(t.rows[0]).toEqual({
      id: 'JJ-0001',
      row: 2,
      values: {
        tag: 'JJ-0001',
        name: '课桌',
        category: 'furniture',
        kind: 'fixed',
        room: '初一(1)班',
        responsible: '王老师',
        source: 'purchased',
        acquired: '2026-03-05',
        price: 120,
        status: 'in_use',
        notes: null,
        updatedAt: '2026-03-05T12:00:00',
        updatedBy: '李四',
      },
    });
    expect(t.rows[1]).toMatchObject({
      id: 'DQ-0001',
      row: 4,
      values: { category: 'electrical', acquired: '2026-03-05', price: 3200, status: 'repairing', kind: null, updatedAt: null },
    });
  });

  it('reports each unreadable cell with sheet, cell, value, column, row ID and expectation, and keeps the rest of the row', () => {
    const t = readTable(
      assets,
      '资产',
      [
        HEADER,
        ['JJ-0001', '课桌', '家具', '', '', '', '', '明天', 'abc', '在用'],
        ['JJ-0002', '椅子', '家具', '', '', '', '', '2026-13-45', 50, '丢了'],
      ],
      { sheetId: 5 },
    );
    expect(t.rows.map((r) => r.id)).toEqual(['JJ-0001', 'JJ-0002']);
    expect(t.rows[0]!.values).toMatchObject({ name: '课桌', acquired: null, price: null, status: 'in_use' });
    expect(t.rows[1]!.values).toMatchObject({ acquired: null, price: 50, status: null });
    expect(t.problems).toEqual([
      {
        sheet: '资产',
        sheetId: 5,
        cell: 'H2',
        value: '明天',
        column: 'acquired',
        rowId: 'JJ-0001',
        expected: { zh: '日期，如 2026-03-05', en: 'a date like 2026-03-05' },
      },
      {
        sheet: '资产',
        sheetId: 5,
        cell: 'I2',
        value: 'abc',
        column: 'price',
        rowId: 'JJ-0001',
        expected: { zh: '金额（元），如 1200 或 ¥1,200.50', en: 'an amount in yuan like 1200 or ¥1,200.50' },
      },
      {
        sheet: '资产',
        sheetId: 5,
        cell: 'H3',
        value: '2026-13-45',
        column: 'acquired',
        rowId: 'JJ-0002',
        expected: { zh: '日期，如 2026-03-05', en: 'a date like 2026-03-05' },
      },
      expect.objectContaining({ cell: 'J3', value: '丢了', column: 'status', rowId: 'JJ-0002' }),
    ]);
  });

  it('finds columns wherever staff moved them, and ignores unknown columns', () => {
    const t = readTable(people, '人员名单', [
      ['姓名', '自己加的列', '编号', '启用', '角色'],
      ['张三', 'x', 'P-001', '是', '后勤主任'],
      ['', '只有未知列有内容', '', '', ''],
    ]);
    // Known optional columns the sheet lacks are reported (never read as blanks silently), at the cell where they would go.
    expect(t.problems.map((p) => [p.column, p.cell, p.header])).toEqual([
      ['unit', 'F1', true],
      ['phone', 'F1', true],
      ['notes', 'F1', true],
      ['email', 'F1', true],
      ['account', 'F1', true],
      ['language', 'F1', true],
    ]);
    expect(t.problems[0]!.expected.zh).toContain('缺少列"班级/部门"');
    expect(t.rows).toEqual([
      {
        id: 'P-001',
        row: 2,
        values: {
          id: 'P-001',
          name: '张三',
          role: 'head',
          active: true,
          unit: null,
          phone: null,
          notes: null,
          email: null,
          account: null,
          language: null,
        },
      },
    ]);
    expect(t.header.unknown).toEqual([1]);
  });

  it('reports a renamed optional column with its aliases when the tab has data, and not on an empty tab', () => {
    const header = ['资产编号', '名称', '类别', '放置地点', '状态'];
    const t = readTable(assets, '资产', [header, ['JJ-1', '桌', '家具', '101', '在用']]);
    const room = t.problems.find((p) => p.column === 'room')!;
    expect(room).toMatchObject({ sheet: '资产', cell: 'F1', header: true, value: null });
    expect(room.expected.zh).toMatch(/缺少列"存放地点"（也可写作：.+）：这一列的内容无法显示，也无法写入/);
    expect(room.expected.en).toContain('Missing column "Location"');
    expect(readTable(assets, '资产', [header]).problems).toEqual([]);
  });

  it('reports a row with data but no ID at its ID cell and leaves it out', () => {
    const t = readTable(assets, '资产', [
      HEADER,
      ['', '无编号的桌子', '家具', '', '', '', '', '', '', '在用'],
      ['JJ-1', '桌', '家具', '', '', '', '', '', '', '在用'],
    ]);
    expect(t.rows.map((r) => r.id)).toEqual(['JJ-1']);
    expect(t.problems).toHaveLength(1);
    expect(t.problems[0]).toMatchObject({ cell: 'A2', column: 'tag', value: '' });
    expect(t.problems[0]!.expected.zh).toContain('缺少"资产编号"');
  });

  it('keeps the first of duplicated IDs and reports the later one', () => {
    const t = readTable(assets, '资产', [
      HEADER,
      ['JJ-1', '桌', '家具', ...Array(6).fill(''), '在用'],
      ['JJ-2', '椅', '家具', ...Array(6).fill(''), '在用'],
      [' JJ-1 ', '另一张桌', '家具', ...Array(6).fill(''), '在用'],
    ]);
    expect(t.rows.map((r) => [r.id, r.values.name])).toEqual([
      ['JJ-1', '桌'],
      ['JJ-2', '椅'],
    ]);
    expect(t.problems).toHaveLength(1);
    expect(t.problems[0]).toMatchObject({ cell: 'A4', value: ' JJ-1 ', rowId: 'JJ-1', column: 'tag' });
    expect(t.problems[0]!.expected.en).toContain('same as row 2');
  });

  it('reports required-but-empty cells', () => {
    const t = readTable(assets, '资产', [HEADER, ['JJ-1', '桌', '家具']]);
    expect(t.rows).toHaveLength(1);
    expect(t.problems).toEqual([
      expect.objectContaining({
        cell: 'J2',
        column: 'status',
        rowId: 'JJ-1',
        value: null,
        expected: { zh: '必填，不能为空', en: 'a value (this column is required)' },
      }),
    ]);
  });

  it('treats numeric IDs as text without ".0"', () => {
    const classes = defineTab({
      key: 'c',
      zh: '班级',
      en: 'Classes',
      idColumn: 'id',
      columns: [{ key: 'id', zh: '编号', en: 'ID', type: 'id', required: true }],
    });
    const t = readTable(classes, '班级', [['编号'], [101], ['102']]);
    expect(t.rows.map((r) => r.id)).toEqual(['101', '102']);
  });

  it('handles a missing or empty tab and a missing ID column without throwing', () => {
    expect(readTable(assets, '资产', undefined)).toMatchObject({ rows: [], header: { missing: ['tag', 'name', 'category', 'status'] } });
    expect(readTable(assets, '资产', [])).toMatchObject({ rows: [] });
    const t = readTable(assets, '资产', [
      ['名称', '类别', '状态'],
      ['桌', '家具', '在用'],
    ]);
    expect(t.rows).toEqual([]);
    expect(t.problems.map((p) => p.column)).toEqual(['tag']);
  });

  it('reads 5,000 rows × 13 columns correctly', () => {
    const rows: RowValues[] = [HEADER];
    const statuses = ['在用', '闲置', '维修中', '已报废'];
    for (let i = 1; i <= 5000; i++) {
      rows.push([
        `JJ-${String(i).padStart(4, '0')}`,
        `课桌${i}`,
        '家具',
        '固定资产',
        `教室${i % 40}`,
        '王老师',
        '购置',
        45000 + (i % 1000),
        i * 1.5,
        statuses[i % 4]!,
        i % 500 === 0 ? '备注' : '',
        46086.25,
        '李四',
      ]);
    }
    rows[1234]![7] = '不是日期';
    const t = readTable(assets, '资产', rows);
    expect(t.rows).toHaveLength(5000);
    expect(t.rows[4999]).toMatchObject({
      id: 'JJ-5000',
      row: 5001,
      values: { price: 7500, status: 'in_use', acquired: serialDate(45000), updatedAt: '2026-03-05T06:00:00' },
    });
    expect(t.problems).toEqual([expect.objectContaining({ cell: 'H1235', rowId: 'JJ-1234' })]);
  });
});

function serialDate(s: number): string {
  return new Date(Date.UTC(1899, 11, 30) + s * 86400000).toISOString().slice(0, 10);
}

describe('writing rows', () => {
  const header = mapHeader(assets, ['资产编号', '自定义', '名称', '类别', '状态', '购置日期', '单价', '备注', ''], '资产').header;

  it('rowCells aligns values to the sheet header and keeps unknown columns', () => {
    expect(
      rowCells(assets, header, {
        tag: 'JJ-9',
        name: '=1+1',
        category: 'furniture',
        status: 'in_use',
        acquired: '2026-03-05',
        price: 99.999,
        notes: null,
      }),
    ).toEqual(['JJ-9', '', '=1+1', '家具', '在用', 46086, 100]);
    expect(rowCells(assets, header, { tag: 'JJ-9', name: 'x' }, ['old', 'kept', 'old name', '', '', '', '', '', 'tail'])).toEqual([
      'JJ-9',
      'kept',
      'x',
      '',
      '',
      '',
      '',
      '',
      'tail',
    ]);
    // A schema column the sheet lacks is simply not written.
    expect(rowCells(assets, header, { tag: 'JJ-9', room: '101' })).toEqual(['JJ-9']);
  });

  it('changedCells touches only known, non-staff-owned, non-ID columns', () => {
    expect(
      changedCells(assets, header, { status: 'repairing', notes: 'staff text', tag: 'JJ-X', price: 5, room: '101', bogus: 1 }),
    ).toEqual([
      { col: 4, value: '维修中' },
      { col: 6, value: 5 },
    ]);
    expect(changedCells(assets, header, { acquired: null })).toEqual([{ col: 5, value: '' }]);
  });

  it('locateRows finds every row holding an ID, by the ID column wherever it is', () => {
    const rows: RowValues[] = [['名称', '资产编号'], ['a', 'JJ-1'], ['b', 'JJ-2'], ['c', ' JJ-1'], []];
    const h = mapHeader(assets, rows[0], '资产').header;
    expect(locateRows(assets, h, rows, 'JJ-1')).toEqual([2, 4]);
    expect(locateRows(assets, h, rows, 'JJ-2')).toEqual([3]);
    expect(locateRows(assets, h, rows, 'JJ-3')).toEqual([]);
  });
});

describe('helpers', () => {
  it('blankRow', () => {
    expect(blankRow(undefined)).toBe(true);
    expect(blankRow([])).toBe(true);
    expect(blankRow(['', '  ', '\u3000'])).toBe(true);
    expect(blankRow(['', 0])).toBe(false);
    expect(blankRow([false])).toBe(false);
  });
  it('problemsSummary counts per sheet', () => {
    const t = readTable(assets, '资产', [HEADER, ['JJ-1', '桌', '家具', '', '', '', '', '明天', 'abc', '在用']]);
    expect(problemsSummary([...t.problems, { sheet: '人员', cell: 'A1', value: null, expected: { zh: '', en: '' } }])).toEqual({
      total: 3,
      bySheet: { 资产: 2, 人员: 1 },
    });
  });
});

describe('a header below title rows (findHeaderRow)', () => {
  const titled: RowValues[] = [
    ['育才实验学校资产登记表'],
    ['填表单位：总务处', '', '', '', '', '', '', '2026年3月'],
    [],
    HEADER,
    ['JJ-0001', '课桌', '家具', '', '', '', '', '2026/3/5', 120, '在用'],
    ['JJ-0002', '椅子', '家具', '', '', '', '', '', 60, '在用'],
  ];

  it('finds the header under a title, a note and a blank row; rows, cells and locations count from there', () => {
    expect(findHeaderRow(assets, titled)).toBe(3);
    const t = readTable(assets, '资产', [...titled, ['JJ-0003', '柜子', '家具', '', '', '', '', '后天', 1, '在用']]);
    expect(t.header.row).toBe(4);
    expect(t.rows.map((r) => [r.id, r.row])).toEqual([
      ['JJ-0001', 5],
      ['JJ-0002', 6],
      ['JJ-0003', 7],
    ]);
    expect(t.problems.map((p) => p.cell)).toEqual(['H7']);
    expect(locateRows(assets, t.header, titled, 'JJ-0002')).toEqual([6]);
  });

  it('reports missing columns at the header row found, not at row 1', () => {
    const t = readTable(assets, '资产', [['登记表'], ['资产编号', '名称', '类别'], ['JJ-0001', '课桌', '家具']]);
    expect(t.problems.filter((p) => p.header).map((p) => p.cell)).toContain('D2');
  });

  it('keeps row 1 when no lower row names more columns (a renamed header is still the header)', () => {
    expect(
      findHeaderRow(assets, [
        ['资产编号', '放哪儿'],
        ['JJ-0001', '名称'],
      ]),
    ).toBe(0);
    expect(findHeaderRow(assets, [['标题'], ['没有表头']])).toBe(0);
    expect(findHeaderRow(assets, [HEADER, HEADER])).toBe(0);
  });
});

describe("merged cells (readTable with the sheet's merges)", () => {
  const grid: RowValues[] = [
    HEADER,
    ['JJ-0001', '课桌', '家具', '', '初一(1)班', '王老师', '', '', '', '在用'],
    ['JJ-0002', '椅子', '家具', '', '', '', '', '', '', '在用'],
    ['JJ-0003', '讲台', '家具', '', '', '', '', '', '', '在用'],
    [],
  ];
  const down = (r0: number, r1: number, c0: number, c1 = c0 + 1) => ({
    startRowIndex: r0,
    endRowIndex: r1,
    startColumnIndex: c0,
    endColumnIndex: c1,
  });

  it('reads a value merged down a column on every row it covers, not on blank rows below, and leaves merges across one row alone', () => {
    const t = readTable(assets, '资产', grid, { merges: [down(1, 5, 4), down(1, 2, 5, 7)] });
    expect(t.rows.map((r) => r.values.room)).toEqual(['初一(1)班', '初一(1)班', '初一(1)班']);
    expect(t.rows.map((r) => r.values.responsible)).toEqual(['王老师', null, null]);
    expect(t.problems).toEqual([]);
    expect(readTable(assets, '资产', grid).rows.map((r) => r.values.room)).toEqual(['初一(1)班', null, null]);
  });

  it('never fills an ID down: one problem names the range, the rows under its first are left out', () => {
    const t = readTable(assets, '资产', [HEADER, ...grid.slice(1).map((r, i) => (i === 1 ? ['', ...r.slice(1)] : r))], {
      merges: [down(1, 3, 0)],
    });
    expect(t.rows.map((r) => r.id)).toEqual(['JJ-0001', 'JJ-0003']);
    expect(t.problems).toEqual([
      expect.objectContaining({ cell: 'A2', expected: expect.objectContaining({ zh: expect.stringContaining('A2:A3') }) }),
    ]);
  });
});
