import { describe, expect, it } from 'vitest';
import { assets, defineTab, people } from '../../sheets-schema/index.js';
import { validateInput } from '../../src/core/table/table.js';

const complete = { tag: 'JJ-0001', name: '课桌', category: '家具', status: '在用' };

describe('validateInput', () => {
  it('parses form text tolerantly into app values', () => {
    const { values, errors } = validateInput(assets, {
      ...complete,
      acquired: '2026/3/5',
      price: '¥1,200.50',
      kind: '低值易耗',
      room: ' 初一(1)班 ',
      updatedAt: '2026-03-05 14:30',
    });
    expect(errors).toEqual({});
    expect(values).toMatchObject({
      tag: 'JJ-0001',
      name: '课桌',
      category: 'furniture',
      status: 'in_use',
      acquired: '2026-03-05',
      price: 1200.5,
      kind: 'consumable',
      room: '初一(1)班',
      updatedAt: '2026-03-05T14:30:00',
      notes: null,
    });
  });

  it("keeps a number inside the column's range, saying the range in both languages", () => {
    const tab = defineTab({
      key: 'x',
      zh: '测试',
      en: 'Test',
      idColumn: 'id',
      columns: [
        { key: 'id', zh: '编号', en: 'ID', type: 'id' },
        { key: 'minutes', zh: '时长', en: 'Minutes', type: 'number', range: { min: 1, max: 1440 } },
      ],
    });
    expect(validateInput(tab, { minutes: '１４４０' })).toEqual({ values: { minutes: 1440 }, errors: {} });
    for (const bad of ['0', '-5', '1441'])
      expect(validateInput(tab, { minutes: bad }).errors.minutes).toEqual({
        zh: '"时长"应在 1 至 1440 之间',
        en: 'Minutes: must be from 1 to 1440',
      });
    expect(validateInput(tab, { minutes: '' }).values.minutes).toBeNull();
  });

  it('keeps formula-looking and HTML text verbatim (RAW writes make it inert; views escape)', () => {
    const hostile = ['=HYPERLINK("http://evil.example","click")', '+1', '-1', '@SUM(A1)', '<script>alert(1)</script>', "'quoted", '=1+1'];
    for (const text of hostile) {
      const { values, errors } = validateInput(assets, { name: text }, { partial: true });
      expect(errors, text).toEqual({});
      expect(values.name).toBe(text);
    }
    const { values } = validateInput(assets, { notes: '=IMPORTXML("x")\n<b>x</b>' }, { partial: true });
    expect(values.notes).toBe('=IMPORTXML("x")\n<b>x</b>');
  });

  it('refuses control characters with a clear message, allowing newlines and tabs only in longtext', () => {
    for (const bad of ['a\u0000b', 'a\u0007b', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u202eb']) {
      const { errors } = validateInput(assets, { name: bad, notes: bad }, { partial: true });
      expect(errors.name?.zh, JSON.stringify(bad)).toContain('"名称"含有不可见的控制字符');
      expect(errors.notes?.en).toBe('Notes: contains invisible control characters; please remove them');
    }
    const { values, errors } = validateInput(assets, { name: 'a\nb', notes: '第一行\r\n第二行\t制表' }, { partial: true });
    expect(errors.name?.en).toContain('line breaks');
    expect(errors.notes).toBeUndefined();
    expect(values.notes).toBe('第一行\n第二行\t制表');
  });

  it('enforces maxLength in characters, with the column default and Google’s 50,000 cap', () => {
    const long81 = '桌'.repeat(81);
    expect(validateInput(assets, { name: long81 }, { partial: true }).errors.name).toEqual({
      zh: '"名称"不能超过 80 个字符（现在 81 个）',
      en: 'Name: at most 80 characters (now 81)',
    });
    expect(validateInput(assets, { name: '😀'.repeat(80) }, { partial: true }).errors).toEqual({});
    const big = defineTab({
      key: 'big',
      zh: '大',
      en: 'Big',
      idColumn: 'id',
      columns: [
        { key: 'id', zh: '编号', en: 'ID', type: 'id' },
        { key: 'body', zh: '正文', en: 'Body', type: 'longtext', maxLength: 1_000_000 },
        { key: 'short', zh: '简述', en: 'Short', type: 'text' },
        { key: 'long', zh: '详述', en: 'Long', type: 'longtext' },
      ],
    });
    expect(validateInput(big, { body: 'x'.repeat(50_000) }, { partial: true }).errors).toEqual({});
    expect(validateInput(big, { body: 'x'.repeat(50_001) }, { partial: true }).errors.body?.en).toBe(
      'Body: at most 50000 characters (now 50001)',
    );
    expect(validateInput(big, { short: 'x'.repeat(201) }, { partial: true }).errors.short).toBeDefined();
    expect(validateInput(big, { short: 'x'.repeat(200), long: 'y'.repeat(2000) }, { partial: true }).errors).toEqual({});
    expect(validateInput(big, { long: 'y'.repeat(2001) }, { partial: true }).errors.long).toBeDefined();
  });

  it('names the column and the expected format in both languages', () => {
    const { errors } = validateInput(assets, { ...complete, acquired: '明天', price: 'abc', status: '丢了' });
    expect(errors.acquired).toEqual({
      zh: '"购置日期"无法识别：请填写日期，如 2026-03-05',
      en: 'Acquired: not a date; use a date like 2026-03-05',
    });
    expect(errors.price).toEqual({
      zh: '"单价"无法识别：请填写金额（元），如 1200 或 ¥1,200.50',
      en: 'Price: not an amount; use an amount in yuan like 1200 or ¥1,200.50',
    });
    expect(errors.status?.zh).toBe('"状态"无法识别：请选择以下之一：在用、闲置、借出、维修中、损坏、已报废');
    expect(validateInput(assets, { price: '-5' }, { partial: true }).errors.price).toEqual({
      zh: '"单价"超出范围：请填写不小于 0 的金额',
      en: 'Price: out of range; use an amount of 0 or more',
    });
    expect(validateInput(assets, { acquired: '2026-13-45' }, { partial: true }).errors.acquired).toBeDefined();
  });

  it('requires required columns on a full form, but not the ID (generated by the app)', () => {
    const { errors } = validateInput(assets, { name: '  ', category: '家具' });
    expect(Object.keys(errors).sort()).toEqual(['name', 'status']);
    expect(errors.name).toEqual({ zh: '请填写"名称"', en: 'Name is required' });
    expect(validateInput(assets, { ...complete, tag: '' }).errors.tag).toEqual({ zh: '请填写"资产编号"', en: 'Tag is required' });
  });

  it('partial updates check only the fields sent; an empty optional field clears it', () => {
    const { values, errors } = validateInput(assets, { room: '', price: '' }, { partial: true });
    expect(errors).toEqual({});
    expect(values).toEqual({ room: null, price: null });
    expect(validateInput(assets, { status: '' }, { partial: true }).errors.status?.en).toBe('Choose Status');
  });

  it('skips columns the app fills itself', () => {
    const { values, errors } = validateInput(assets, { ...complete, updatedAt: 'garbage' }, { skip: ['tag', 'updatedAt', 'updatedBy'] });
    expect(errors).toEqual({});
    expect(values).not.toHaveProperty('tag');
    expect(values).not.toHaveProperty('updatedAt');
    expect(values).toHaveProperty('notes', null);
  });

  it('accepts booleans and enums typed any usual way and ignores unknown fields', () => {
    const { values, errors } = validateInput(people, { id: 'P-1', name: '张三', role: 'Head of logistics', active: '是', _csrf: 'tok' });
    expect(errors).toEqual({});
    expect(values).toEqual({
      id: 'P-1',
      name: '张三',
      role: 'head',
      active: true,
      unit: null,
      phone: null,
      notes: null,
      email: null,
      account: null,
      language: null,
    });
    expect(validateInput(people, { active: 'maybe' }, { partial: true }).errors.active?.en).toBe(
      'Active: not a yes/no answer; use yes or no (是/否)',
    );
  });
});
