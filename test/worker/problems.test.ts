/**
 * Cells the app cannot understand become data problems naming the sheet, the A1 cell,
 * the value and what was expected; pages keep working. Staff edits made through the
 * emulator, as a person would make them in Google Sheets.
 */
import { describe, expect, it } from 'vitest';
import { call, data, login, personWith, sheetValues, staffEdit } from './auth-helpers.js';

describe('data problems', () => {
  it('lists a duplicated header, a renamed required header and an unreadable cell, and pages still render', async () => {
    const green = await sheetValues('绿化区域');
    const zones = await sheetValues('卫生责任区');
    const greenHeader = green[0] as string[];
    const zonesHeader = zones[0] as string[];
    const dupCol = String.fromCharCode(65 + greenHeader.length); // the first free column
    const nameCol = String.fromCharCode(65 + zonesHeader.indexOf('区域'));
    await staffEdit({
      valueInputOption: 'USER_ENTERED',
      data: [
        { range: `'绿化区域'!${dupCol}1`, values: [['名称']] }, // a second 名称 column
        { range: `'卫生责任区'!${nameCol}1`, values: [['地方']] }, // required column renamed to nothing we know
      ],
    });
    // An alias is fine: 场所's 名称 renamed to 房间名称 still matches.
    const rooms = await sheetValues('场所');
    const roomName = String.fromCharCode(65 + (rooms[0] as string[]).indexOf('名称'));
    const floorCol = String.fromCharCode(65 + (rooms[0] as string[]).indexOf('楼层'));
    await staffEdit({
      valueInputOption: 'RAW',
      data: [
        { range: `'场所'!${roomName}1`, values: [['房间名称']] },
        { range: `'场所'!${floorCol}3`, values: [['三楼半']] },
      ],
    });
    await data().read(['greenAreas', 'zones', 'rooms'], { fresh: true });

    const res = await call('/problems', { login: await login(personWith('head')) });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<code>${dupCol}1</code>`); // the duplicate header cell
    expect(html).toContain('区域'); // the missing required column is named
    expect(html).toContain(`<code>${floorCol}3</code>`);
    expect(html).toContain('三楼半');
    expect(html).toContain('grid/'); // a link to the cell in the (local) spreadsheet

    const rows = await data().read(['rooms']);
    expect(rows.rooms.rows.length).toBeGreaterThan(50); // the alias kept the tab readable
    expect(rows.rooms.rows.find((r) => r.row === 3)?.values.floor).toBeNull();

    const home = await call('/', { login: await login(personWith('head')) });
    expect(home.status).toBe(200);
    expect(await home.text()).toMatch(/表格中有 \d+ 处数据无法识别/);
    const assets = await call('/assets', { login: await login(personWith('head')) });
    expect(assets.status).toBe(200);

    // Put the headers back for other tests.
    await staffEdit({
      valueInputOption: 'RAW',
      data: [
        { range: `'绿化区域'!${dupCol}1`, values: [['']] },
        { range: `'卫生责任区'!${nameCol}1`, values: [['区域']] },
        { range: `'场所'!${roomName}1`, values: [['名称']] },
        { range: `'场所'!${floorCol}3`, values: [[rooms[2]![(rooms[0] as string[]).indexOf('楼层')] ?? '']] },
      ],
    });
    await data().read(['greenAreas', 'zones', 'rooms'], { fresh: true });
  }, 30_000); // many staff edits and fresh reads in a row: the default 5 s is too tight on a busy machine
});
