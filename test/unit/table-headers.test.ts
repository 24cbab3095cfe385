import { describe, expect, it } from 'vitest';
import { assets, people, zones } from '../../sheets-schema/index.js';
import { findSheet, mapHeader, matchColumn, normalizeHeader } from '../../src/core/table/headers.js';

const ASSET_HEADER = [
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

describe('normalizeHeader', () => {
  it('ignores spaces (incl. U+3000), width, case and decorations', () => {
    expect(normalizeHeader(' 资产 编号 ')).toBe('资产编号');
    expect(normalizeHeader('资产\u3000编号')).toBe('资产编号');
    expect(normalizeHeader('ＴＡＧ')).toBe('tag');
    expect(normalizeHeader('Tag ')).toBe('tag');
    expect(normalizeHeader('名称*')).toBe('名称');
    expect(normalizeHeader('*名称')).toBe('名称');
    expect(normalizeHeader('购置日期：')).toBe('购置日期');
    expect(normalizeHeader('Name:')).toBe('name');
    expect(normalizeHeader('单价（元）')).toBe('单价(元)');
    expect(normalizeHeader('\ufeff名称')).toBe('名称');
    expect(normalizeHeader(null)).toBe('');
  });
});

describe('findSheet', () => {
  const sheets = [
    { title: '说明', sheetId: 1 },
    { title: ' 固定资产 ', sheetId: 7 },
    { title: 'people', sheetId: 9 },
  ];
  it('finds a tab by title, English title, key or alias, normalised', () => {
    expect(findSheet(assets, sheets)).toEqual({ title: ' 固定资产 ', sheetId: 7 });
    expect(findSheet(people, sheets)?.sheetId).toBe(9);
    expect(findSheet(assets, [{ title: 'ASSETS', sheetId: 3 }])?.sheetId).toBe(3);
    expect(findSheet(zones, sheets)).toBeUndefined();
  });
  it('prefers the exact zh title over an alias', () => {
    expect(
      findSheet(assets, [
        { title: '资产登记', sheetId: 1 },
        { title: '资产', sheetId: 2 },
      ])?.sheetId,
    ).toBe(2);
  });
});

describe('mapHeader', () => {
  it('finds columns by text regardless of order, with unknown columns kept', () => {
    const row = ['状态', '自定义', '名称', '资产编号', '', '类别', '单价'];
    const { header, problems } = mapHeader(assets, row, '资产');
    expect(header.index).toMatchObject({ status: 0, name: 2, tag: 3, category: 5, price: 6 });
    expect(header.index.notes).toBeUndefined();
    expect(header.unknown).toEqual([1, 4]);
    expect(header.texts).toEqual(row);
    expect(header.missing).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('matches renamed headers via aliases, English, full width, spaces and case', () => {
    const row = ['财产编号', ' 物品 名称 ', 'ＣＡＴＥＧＯＲＹ', 'status', '单价（元）', 'acquired', '保管人'];
    const { header, problems } = mapHeader(assets, row, '资产');
    expect(header.index).toMatchObject({ tag: 0, name: 1, category: 2, status: 3, price: 4, acquired: 5, responsible: 6 });
    expect(problems).toEqual([]);
  });

  it('reports a duplicated header at the second cell and uses the first', () => {
    const { header, problems } = mapHeader(assets, [...ASSET_HEADER.slice(0, 5), '名称', ...ASSET_HEADER.slice(5)], '资产', 42);
    expect(header.index.name).toBe(1);
    expect(header.unknown).toContain(5);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ sheet: '资产', sheetId: 42, cell: 'F1', value: '名称', column: 'name' });
    expect(problems[0]!.expected.zh).toContain('B');
    expect(problems[0]!.expected.en).toMatch(/Duplicate header "Name": column B1 is used/);
  });

  it('lets a header naming the column exactly win over an alias, without a problem', () => {
    const { header, problems } = mapHeader(assets, ['编号', '名称', '资产编号', '类别', '状态'], '资产');
    expect(header.index.tag).toBe(2);
    expect(header.unknown).toEqual([0]);
    expect(problems).toEqual([]);
  });

  it('reports each missing required column, at the cell where it could be added', () => {
    const { header, problems } = mapHeader(assets, ['名称', '类别', '备注'], '资产');
    expect(header.missing).toEqual(['tag', 'status']);
    expect(problems.map((p) => [p.cell, p.column])).toEqual([
      ['D1', 'tag'],
      ['D1', 'status'],
    ]);
    expect(problems[0]!.expected.zh).toContain('缺少必填列"资产编号"');
    expect(problems[0]!.expected.zh).toContain('编号、财产编号');
    expect(problems[1]!.expected.en).toContain('Missing required column "Status"');
  });

  it('reports an empty header row once, at A1', () => {
    const { header, problems } = mapHeader(people, undefined, '人员');
    expect(header.missing).toEqual(['id', 'name', 'role', 'active']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ cell: 'A1', value: null });
    expect(problems[0]!.expected.zh).toContain('编号、姓名、角色、启用');
  });

  it('accepts number header cells and blank ones', () => {
    const { header } = mapHeader(people, ['编号', 2026, '姓名', '', '角色', '启用'], '人员');
    expect(header.texts[1]).toBe('2026');
    expect(header.unknown).toEqual([1, 3]);
    expect(header.missing).toEqual([]);
  });

  it('matchColumn resolves single texts', () => {
    expect(matchColumn(assets, '入帐日期')?.key).toBe('acquired');
    expect(matchColumn(assets, 'nothing')).toBeUndefined();
    expect(matchColumn(assets, '')).toBeUndefined();
  });
});
