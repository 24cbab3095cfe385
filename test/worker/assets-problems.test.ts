/**
 * Bad data staff type into the asset register: a 存放地点 naming no room and a duplicated tag
 * both appear on /problems (naming the cell) and on the desk count, once each; the register
 * keeps every item once (the first row of a duplicated tag wins). The demo data is restored.
 */
import { describe, expect, it } from 'vitest';
import { call, data, login, personWith, sheetValues, staffEdit } from './auth-helpers.js';

const letter = (i: number) => String.fromCharCode(65 + i);
const count = (html: string, needle: string) => html.split(needle).length - 1;
const deskCount = async (html: string) => Number(/表格中有 (\d+) 处数据无法识别/.exec(html)?.[1] ?? 0);

describe('asset data problems', () => {
  it('lists a staff-typed unknown room and a duplicated tag on /problems and the desk, losing and double-counting nothing', async () => {
    const head = await login(personWith('head'));
    const before = await data().read(['assets'], { fresh: true });
    const desk0 = await deskCount(await (await call('/', { login: head })).text());
    const grid = await sheetValues('资产');
    const header = grid[0] as string[];
    const roomCol = letter(header.indexOf('存放地点'));
    const tagCol = header.indexOf('资产编号');
    // A data row with a room (not lent, so no other test's loan is involved), and the first free row.
    const victimRow =
      grid.findIndex(
        (r, i) => i > 0 && (r as unknown[])[header.indexOf('状态')] === '在用' && (r as unknown[])[header.indexOf('存放地点')],
      ) + 1;
    const victim = grid[victimRow - 1] as unknown[];
    const tag = String(victim[tagCol]);
    const oldRoom = String(victim[header.indexOf('存放地点')]);
    const dupRow = grid.length + 1;
    const copy = header.map((h, i) => (h === '名称' ? '重复登记的讲台' : h === '存放地点' ? oldRoom : i === tagCol ? tag : ''));
    await staffEdit({
      valueInputOption: 'RAW',
      data: [
        { range: `'资产'!${roomCol}${victimRow}`, values: [['三楼杂物间']] },
        { range: `'资产'!A${dupRow}`, values: [copy] },
      ],
    });
    try {
      const after = await data().read(['assets'], { fresh: true });
      // Nothing lost, nothing doubled: the same items, the first row of the duplicated tag kept.
      expect(after.assets.rows.map((r) => r.id)).toEqual(before.assets.rows.map((r) => r.id));
      expect(after.assets.rows.find((r) => r.id === tag)?.values.name).toBe(victim[header.indexOf('名称')]);

      const problems = await (await call('/problems', { login: head })).text();
      expect(count(problems, `<code>${roomCol}${victimRow}</code>`)).toBe(1);
      expect(count(problems, '三楼杂物间</td>')).toBe(1); // the value, once
      expect(problems).toContain(`资产 ${tag} 的存放地点「三楼杂物间」不在「场所」表中`);
      expect(count(problems, `<code>${letter(tagCol)}${dupRow}</code>`)).toBe(1);
      expect(problems).toContain(`重复：与第 ${victimRow} 行相同`);
      expect(await deskCount(await (await call('/', { login: head })).text())).toBe(desk0 + 2);

      // The item is still on the list, flagged, and its page says so.
      const unknown = await (await call('/assets?unknownRoom=1', { login: head })).text();
      expect(count(unknown, `/assets/${tag}"`)).toBeGreaterThanOrEqual(1);
      const page = await call(`/assets/${tag}`, { login: head });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('三楼杂物间');
    } finally {
      await staffEdit({
        valueInputOption: 'RAW',
        data: [
          { range: `'资产'!${roomCol}${victimRow}`, values: [[oldRoom]] },
          { range: `'资产'!A${dupRow}`, values: [header.map(() => '')] },
        ],
      });
      await data().read(['assets'], { fresh: true });
    }
    const restored = await (await call('/problems', { login: head })).text();
    expect(restored).not.toContain('三楼杂物间');
    expect(await deskCount(await (await call('/', { login: head })).text())).toBe(desk0);
  });
});
