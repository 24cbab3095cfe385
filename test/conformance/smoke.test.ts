import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setup, type Setup } from './helpers.js';

let s: Setup;
beforeAll(async () => { s = await setup(); });
afterAll(async () => { await s.emu.close(); });

describe('smoke', () => {
  it('creates, writes and reads', async () => {
    const created = await s.sheets.spreadsheets.create({ requestBody: { properties: { title: 'T' } } });
    const id = created.data.spreadsheetId!;
    expect(created.data.sheets?.[0]?.properties?.title).toBe('Sheet1');
    const up = await s.sheets.spreadsheets.values.update({ spreadsheetId: id, range: 'Sheet1!A1', valueInputOption: 'USER_ENTERED', requestBody: { values: [['a', '1', '=1+1'], ['2026-03-05']] } });
    expect(up.data).toMatchObject({ updatedRange: 'Sheet1!A1:C2', updatedCells: 4 });
    const got = await s.sheets.spreadsheets.values.get({ spreadsheetId: id, range: 'Sheet1' });
    expect(got.data).toEqual({ range: 'Sheet1!A1:Z1000', majorDimension: 'ROWS', values: [['a', '1', '2'], ['2026-03-05']] });
    const bg = await s.sheets.spreadsheets.values.batchGet({ spreadsheetId: id, ranges: ['A1:B1', 'Sheet1!A2'], valueRenderOption: 'UNFORMATTED_VALUE' });
    expect(bg.data.valueRanges?.map((v) => v.values)).toEqual([[['a', 1]], [[46086]]]);
  });
});
