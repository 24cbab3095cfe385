/** A register declared in the sheet (src/core/registers/sheet.ts): columns from the tab's layout, mistakes as data problems by cell. */
import { describe, expect, it } from 'vitest';
import { registerCatalog } from '../../sheets-schema/index.js';
import { parseRoles, sheetRegisters, tabFromLayout } from '../../src/core/registers/sheet.js';
import type { SheetLayout } from '../../src/core/sheets/types.js';
import { readTable } from '../../src/core/table/table.js';

const layout: SheetLayout = {
  sheetId: 7,
  header: [
    { formattedValue: '编号' },
    { formattedValue: '位置', note: '场所' },
    { formattedValue: '类型' },
    { formattedValue: '有效期' },
    { formattedValue: '费用' },
    { formattedValue: '备注', note: '多行\n写清楚' },
    { formattedValue: '检查人', note: '自动' },
  ],
  first: [
    {},
    {},
    { dataValidation: { condition: { type: 'ONE_OF_LIST', values: [{ userEnteredValue: '大' }, { userEnteredValue: '小' }] } } },
    { userEnteredFormat: { numberFormat: { type: 'DATE' } } },
    { userEnteredFormat: { numberFormat: { type: 'CURRENCY' } } },
  ],
};

const catalog = (rows: unknown[][]) =>
  readTable(registerCatalog, '登记簿', [
    ['编号', '名称', '工作表', '谁可登记', '谁可查看', '二维码列', '检查规则', '有效期列', '汇总列', '启用'],
    ...(rows as never[]),
  ]);

describe('tabFromLayout', () => {
  it('makes columns from headers, dropdowns, formats and notes', () => {
    const { tab, fields, problems } = tabFromLayout('kits', '急救箱', layout);
    expect(problems).toEqual([]);
    expect(tab.idColumn).toBe('编号');
    expect(tab.columns.map((c) => [c.key, c.type])).toEqual([
      ['编号', 'id'],
      ['位置', 'text'],
      ['类型', 'enum'],
      ['有效期', 'date'],
      ['费用', 'money'],
      ['备注', 'longtext'],
      ['检查人', 'text'],
    ]);
    expect(tab.columns[2]!.allowed!.map((a) => a.zh)).toEqual(['大', '小']);
    expect(fields).toEqual({ 位置: { ref: 'room' }, 检查人: { auto: 'me' } });
    expect(tab.columns[5]!.help).toEqual({ zh: '多行', en: '多行' });
  });

  it('names a duplicate header and a missing ID column by cell', () => {
    const { problems } = tabFromLayout('x', 'T', {
      sheetId: 1,
      header: [{ formattedValue: '名称' }, { formattedValue: '名称' }],
      first: [],
    });
    expect(problems.map((p) => p.cell)).toEqual(['B1', 'A1']);
  });
});

describe('sheetRegisters', () => {
  it('builds an enabled row into a register with its roles, QR column, rule, expiry and summary column', () => {
    const { registers, problems } = sheetRegisters(
      catalog([
        ['kits', '急救箱检查', '急救箱', '后勤主任、后勤人员', '所有人', '编号', '每月一次', '有效期', '类型', true],
        ['off', '停用的', '急救箱', '', '', '', '', '', '', false],
      ]),
      { 急救箱: layout },
      new Set(),
    );
    expect(problems).toEqual([]);
    expect(registers).toHaveLength(1);
    expect(registers[0]).toMatchObject({
      id: 'kits',
      tabKey: 'sheet:kits',
      add: ['head', 'staff'],
      qrColumn: '编号',
      checks: { rule: '每月一次' },
      expiry: { column: '有效期' },
      groupBy: '类型',
      dateColumn: '有效期',
      declaredAt: { sheet: '登记簿', row: 2 },
    });
    expect(registers[0]!.view).toEqual(expect.arrayContaining(['head', 'staff', 'class_head', 'teacher', 'leader']));
  });

  it('turns every mistake into a problem at its cell, and keeps the rest working', () => {
    const { registers, problems } = sheetRegisters(
      catalog([
        ['bad id!', 'x', '急救箱', '', '', '', '', '', '', true],
        ['fire', '撞名', '急救箱', '', '', '', '', '', '', true],
        ['nosheet', 'x', '没有这个表', '', '', '', '', '', '', true],
        ['kits', 'x', '急救箱', '门卫大爷', '', '不存在的列', '看情况', '类型', '位置', true],
      ]),
      { 急救箱: layout },
      new Set(['fire']),
    );
    expect(problems.map((p) => [p.cell, p.column])).toEqual([
      ['A2', 'id'],
      ['A3', 'id'],
      ['C4', 'tab'],
      ['D5', 'add'],
      ['F5', 'qrColumn'],
      ['H5', 'expiryColumn'],
      ['I5', 'groupBy'],
      ['G5', 'rule'],
    ]);
    expect(registers.map((r) => r.id)).toEqual(['kits']);
    expect(registers[0]).toMatchObject({ add: ['head'] });
    expect(registers[0]!.checks).toBeUndefined();
  });
});

describe('parseRoles', () => {
  it('reads the roles in Chinese or English and names what it cannot read', () => {
    expect(parseRoles('后勤主任、教师,班主任')).toEqual({ roles: ['head', 'teacher', 'class_head'], unknown: [] });
    expect(parseRoles('everyone').roles).toHaveLength(5);
    expect(parseRoles('门卫').unknown).toEqual(['门卫']);
  });
});
