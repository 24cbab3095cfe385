/** Duty rosters in workerd: generated over school days only, written to 值日表, staff edits respected, printable. */
import { describe, expect, it } from 'vitest';
import { call, login, personWith } from './auth-helpers.js';
import { reread, sheetRecords, staffEdit } from './cleaning-helpers.js';
import { sheetValues } from './auth-helpers.js';

const head = () => login(personWith('head'));

async function rosterRows(group: string) {
  return (await sheetRecords('值日表')).filter((r) => r['班级/班组'] === group);
}

describe('POST /cleaning/roster', () => {
  it('rotates typed names over the school days of a range, skipping the weekend, and never adds a day twice', async () => {
    const group = `测试班${Date.now().toString(36)}`;
    // Thursday 2026-12-03 … Tuesday 2026-12-08: school days 3, 4, 7, 8 December.
    const form = {
      group,
      zone: 'Z001',
      from: '2026-12-03',
      to: '2026年12月8日',
      names: '张三\n李四\n王五',
      perDay: '2',
      duty: '扫地、倒垃圾',
    };
    const res = await call('/cleaning/roster', { login: await head(), form: { ...form, to: '2026-12-08' } });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toContain('made=4');
    const rows = await rosterRows(group);
    expect(rows.map((r) => [r['日期'], r['值日人员']])).toEqual([
      [46359, '张三、李四'],
      [46360, '王五、张三'],
      [46363, '李四、王五'],
      [46364, '张三、李四'],
    ]);
    expect(rows[0]).toMatchObject({ 责任区编号: 'Z001', 任务: '扫地、倒垃圾' });

    const again = await call('/cleaning/roster', { login: await head(), form: { ...form, to: '2026-12-08' } });
    expect(again.headers.get('Location')).toContain('made=0&kept=4');
    expect(await rosterRows(group)).toHaveLength(4);
  });

  it('shows the sheet as staff edited it, on the page and on the A4 print', async () => {
    const group = `编辑班${Date.now().toString(36)}`;
    await call('/cleaning/roster', {
      login: await head(),
      form: { group, from: '2026-12-14', to: '2026-12-18', count: '10', perDay: '2' },
    });
    // Wait until all five school days have synced: the staff edit below needs their rows in the sheet.
    await expect.poll(async () => (await rosterRows(group)).length, { timeout: 15_000 }).toBe(5);
    const values = await sheetValues('值日表');
    const header = values[0] as string[];
    const r = values.findIndex((row) => row[header.indexOf('班级/班组')] === group);
    const col = String.fromCharCode(65 + header.indexOf('值日人员'));
    await staffEdit({ valueInputOption: 'RAW', data: [{ range: `'值日表'!${col}${r + 1}`, values: [['赵六（替）、2号']] }] });
    await reread('roster');
    const page = await call(`/cleaning/roster?group=${encodeURIComponent(group)}&from=2026-12-14&to=2026-12-18`, {
      login: await login(personWith('teacher')),
    });
    const html = await page.text();
    expect(html).toContain('赵六（替）、2号');
    expect(html).toContain('3号、4号');
    const print = await call(`/cleaning/roster/print?group=${encodeURIComponent(group)}&from=2026-12-14&to=2026-12-18`, {
      login: await head(),
    });
    const sheet = await print.text();
    expect(sheet).toContain('cl-print-grid');
    expect(sheet).toContain('赵六（替）、2号');
    expect(sheet).toContain('<th>周五</th>');
    expect(sheet).not.toContain('<th>周六</th>');
  });

  it('refuses a range with no school days (winter holiday), saying why, writing nothing', async () => {
    const group = `寒假班${Date.now().toString(36)}`;
    const res = await call('/cleaning/roster', {
      login: await head(),
      form: { group, from: '2027-01-25', to: '2027-02-05', names: '甲\n乙', perDay: '1' },
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('所选日期范围内没有上课日');
    expect(await rosterRows(group)).toHaveLength(0);
  });

  it('explains missing dates, names and too many per day', async () => {
    const res = await call('/cleaning/roster', {
      login: await head(),
      form: { group: '七年级(1)班', from: '', to: '2026-12-01', names: '', perDay: '3' },
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('请填写开始日期');
    expect(html).toContain('请输入值日人员姓名');
  });

  it('lets a class head make their own class’s roster only', async () => {
    const ch = personWith('class_head');
    const other = ch.unit === '七年级(2)班' ? '七年级(3)班' : '七年级(2)班';
    const res = await call('/cleaning/roster', {
      login: await login(ch),
      form: { group: other, from: '2026-12-21', to: '2026-12-22', names: '甲', perDay: '1' },
    });
    expect(res.status).toBe(403);
    expect(await rosterRows(other)).toHaveLength(0);
  });

  it('does not let a class head put their class’s roster on another class’s zone', async () => {
    const ch = personWith('class_head');
    const zone = `ZR${Date.now().toString(36).toUpperCase()}`;
    const other = ch.unit === '七年级(2)班' ? '七年级(3)班' : '七年级(2)班';
    const values = await sheetValues('卫生责任区');
    const header = values[0] as string[];
    const row = {
      编号: zone,
      区域: `别班的区${zone}`,
      楼栋: '测试楼',
      类型: '教室',
      责任方类型: '班级',
      责任方: other,
      启用: true,
    } as Record<string, unknown>;
    await staffEdit({
      valueInputOption: 'RAW',
      data: [{ range: `'卫生责任区'!A${values.length + 1}`, values: [header.map((h) => row[h] ?? '')] }],
    });
    await reread('zones');
    const res = await call('/cleaning/roster', {
      login: await login(ch),
      form: { group: ch.unit, zone, from: '2026-12-21', to: '2026-12-22', names: '甲', perDay: '1' },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(other);
    expect((await sheetRecords('值日表')).filter((r) => r['责任区编号'] === zone)).toHaveLength(0);
  });
});
