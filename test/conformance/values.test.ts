import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiError, setup, type Setup } from './helpers.js';

let s: Setup;
let id: string;
const v = () => s.sheets.spreadsheets.values;

beforeAll(async () => {
  s = await setup();
});
afterAll(async () => {
  await s.emu.close();
});
beforeEach(async () => {
  const res = await s.sheets.spreadsheets.create({
    requestBody: {
      properties: { title: 'Values' },
      sheets: [
        { properties: { title: 'Sheet1' } },
        { properties: { title: 'My Sheet', gridProperties: { rowCount: 10, columnCount: 5 } } },
        { properties: { title: "O'Brien" } },
        { properties: { title: '资产' } },
      ],
    },
  });
  id = res.data.spreadsheetId!;
});

const put = (range: string, values: unknown[][], valueInputOption = 'USER_ENTERED') =>
  v().update({ spreadsheetId: id, range, valueInputOption, requestBody: { values } });
const get = async (range: string, extra: Record<string, unknown> = {}) => (await v().get({ spreadsheetId: id, range, ...extra })).data;

describe('A1 ranges as Google parses and echoes them', () => {
  it.each([
    ['Sheet1', 'Sheet1!A1:Z1000'],
    ['Sheet1!A1:B2', 'Sheet1!A1:B2'],
    ['sheet1!a1:b2', 'Sheet1!A1:B2'],
    ['A1:C3', 'Sheet1!A1:C3'],
    ['A1', 'Sheet1!A1'],
    ['Sheet1!A:C', 'Sheet1!A1:C1000'],
    ['Sheet1!A2:Z', 'Sheet1!A2:Z1000'],
    ['Sheet1!2:5', 'Sheet1!A2:Z5'],
    ['Sheet1!B2:A1', 'Sheet1!A1:B2'],
    ["'My Sheet'!A1:B2", "'My Sheet'!A1:B2"],
    ["'My Sheet'", "'My Sheet'!A1:E10"],
    ["'My Sheet'!A1:Z2000", "'My Sheet'!A1:E10"],
    ["'O''Brien'!A1", "'O''Brien'!A1"],
    ['资产!A1:C', '资产!A1:C1000'],
    ["'资产'!A1:C2", '资产!A1:C2'],
    ['资产', '资产!A1:Z1000'],
  ])('%s → %s', async (range, echoed) => {
    expect((await get(range)).range).toBe(echoed);
  });
  it.each(['Nope!A1', 'Nope', "'My Sheet!A1", 'Sheet1!A0', 'Sheet1!A1:B2:C3', 'Sheet1!1A'])(
    '%s → 400 Unable to parse range',
    async (range) => {
      const e = await apiError(get(range));
      expect(e.status).toBe(400);
      expect(e.message).toBe(`Unable to parse range: ${range}`);
      expect(e.body.error.status).toBe('INVALID_ARGUMENT');
    },
  );
});

describe('values.update / get', () => {
  it("USER_ENTERED parses numbers, booleans, dates, percents, currency, formulas and 'text", async () => {
    const res = await put('Sheet1!A1', [
      ['1,234.5', 'true', '2026-03-05', '12%', '$5', '=1+1', "'007", '3/5/2026', '2026/3/5', 'hello', '-3', '1e3'],
    ]);
    expect(res.data).toEqual({ spreadsheetId: id, updatedRange: 'Sheet1!A1:L1', updatedRows: 1, updatedColumns: 12, updatedCells: 12 });
    expect((await get('A1:L1', { valueRenderOption: 'UNFORMATTED_VALUE' })).values).toEqual([
      [1234.5, true, 46086, 0.12, 5, 2, '007', 46086, 46086, 'hello', -3, 1000],
    ]);
    expect((await get('A1:L1')).values).toEqual([
      ['1,234.5', 'TRUE', '2026-03-05', '12%', '$5.00', '2', '007', '3/5/2026', '2026/3/5', 'hello', '-3', '1.00E+03'],
    ]);
    expect((await get('A1:L1', { valueRenderOption: 'FORMULA' })).values![0]![5]).toBe('=1+1');
    expect((await get('C1', { valueRenderOption: 'UNFORMATTED_VALUE', dateTimeRenderOption: 'FORMATTED_STRING' })).values).toEqual([
      ['2026-03-05'],
    ]);
  });
  it('RAW stores strings exactly: "=1+1" stays text, "12" stays a string', async () => {
    await put('A1', [['=1+1', '12', "'x", true, 7]], 'RAW');
    expect((await get('A1:E1', { valueRenderOption: 'FORMULA' })).values).toEqual([['=1+1', '12', "'x", true, 7]]);
    expect((await get('A1:E1', { valueRenderOption: 'UNFORMATTED_VALUE' })).values).toEqual([['=1+1', '12', "'x", true, 7]]);
  });
  it('evaluates simple formulas with references', async () => {
    await put('A1', [[2, 3, '=A1*B1+1', '=SUM(A1:B1)', '="n="&A1', '=1/0', '=FOO(1)']]);
    expect((await get('A1:G1', { valueRenderOption: 'UNFORMATTED_VALUE' })).values).toEqual([[2, 3, 7, 5, 'n=2', '#DIV/0!', '#NAME?']]);
  });
  it('trims trailing empty cells and rows, keeps inner blanks, omits values when empty', async () => {
    await put('A1', [['a', '', 'c', ''], ['', ''], ['x']]);
    await put('A5', [['', '', '']]);
    const res = await get('A1:E6');
    expect(res).toEqual({ range: 'Sheet1!A1:E6', majorDimension: 'ROWS', values: [['a', '', 'c'], [], ['x']] });
    expect(await get('D10:E12')).toEqual({ range: 'Sheet1!D10:E12', majorDimension: 'ROWS' });
  });
  it('majorDimension COLUMNS on read and write', async () => {
    await v().update({
      spreadsheetId: id,
      range: 'A1',
      valueInputOption: 'RAW',
      requestBody: { majorDimension: 'COLUMNS', values: [['a', 'b'], ['c']] },
    });
    expect((await get('A1:B2')).values).toEqual([['a', 'c'], ['b']]);
    expect(await get('A1:B2', { majorDimension: 'COLUMNS' })).toEqual({
      range: 'Sheet1!A1:B2',
      majorDimension: 'COLUMNS',
      values: [['a', 'b'], ['c']],
    });
  });
  it('null skips a cell, "" clears it', async () => {
    await put('A1', [['a', 'b', 'c']]);
    await put('A1', [[null, '', 'z']]);
    expect((await get('A1:C1')).values).toEqual([['a', '', 'z']]);
  });
  it('includeValuesInResponse echoes the written values', async () => {
    const res = await v().update({
      spreadsheetId: id,
      range: 'B2',
      valueInputOption: 'USER_ENTERED',
      includeValuesInResponse: true,
      responseValueRenderOption: 'UNFORMATTED_VALUE',
      requestBody: { values: [['5', '=B2*2']] },
    });
    expect(res.data.updatedData).toEqual({ range: 'Sheet1!B2:C2', majorDimension: 'ROWS', values: [[5, 10]] });
  });
  it('errors: missing valueInputOption, too much data for the range, past the grid, bad enum, unknown param and field, bad JSON', async () => {
    expect((await apiError(v().update({ spreadsheetId: id, range: 'A1', requestBody: { values: [[1]] } }))).message).toBe(
      "'valueInputOption' is required but not specified",
    );
    expect((await apiError(put('A1:B1', [[1, 2], [3]]))).message).toBe(
      'Requested writing within range [Sheet1!A1:B1], but tried writing to row [2]',
    );
    expect((await apiError(put('A1:A2', [[1, 2]]))).message).toBe(
      'Requested writing within range [Sheet1!A1:A2], but tried writing to column [B]',
    );
    expect((await apiError(put("'My Sheet'!E10", [[1, 2]]))).message).toBe(
      "Range ('My Sheet'!E10:F10) exceeds grid limits. Max rows: 10, max columns: 5",
    );
    const badEnum = await apiError(v().get({ spreadsheetId: id, range: 'A1', valueRenderOption: 'PRETTY' }));
    expect(badEnum.status).toBe(400);
    expect(badEnum.message).toMatch(/^Invalid value at 'value_render_option'/);
    const unknown = await apiError(v().get({ spreadsheetId: id, range: 'A1', foo: 'x' } as never));
    expect(unknown.message).toMatch(/Unknown name "foo": Cannot bind query parameter/);
    const field = await apiError(
      v().update({ spreadsheetId: id, range: 'A1', valueInputOption: 'RAW', requestBody: { values: [[1]], bogus: 1 } as never }),
    );
    expect(field.message).toBe('Invalid JSON payload received. Unknown name "bogus": Cannot find field.');
    const res = await fetch(`${s.emu.url}/v4/spreadsheets/${id}/values/A1?valueInputOption=RAW`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await jwtToken()}`, 'content-type': 'application/json' },
      body: '{bad',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.message).toMatch(/^Invalid JSON payload received\./);
  });
});

async function jwtToken() {
  const auth = (s.sheets as any).context._options.auth;
  return (await auth.getAccessToken()).token as string;
}

describe('values.batchGet / batchUpdate / clear / batchClear', () => {
  it('batchUpdate writes several ranges with totals and per-range responses', async () => {
    const res = await v().batchUpdate({
      spreadsheetId: id,
      requestBody: {
        valueInputOption: 'RAW',
        data: [
          { range: 'A1', values: [[1, 2]] },
          { range: "'My Sheet'!B2", values: [['x'], ['y']] },
        ],
      },
    });
    expect(res.data).toEqual({
      spreadsheetId: id,
      totalUpdatedRows: 3,
      totalUpdatedColumns: 3,
      totalUpdatedCells: 4,
      totalUpdatedSheets: 2,
      responses: [
        { spreadsheetId: id, updatedRange: 'Sheet1!A1:B1', updatedRows: 1, updatedColumns: 2, updatedCells: 2 },
        { spreadsheetId: id, updatedRange: "'My Sheet'!B2:B3", updatedRows: 2, updatedColumns: 1, updatedCells: 2 },
      ],
    });
    const bg = await v().batchGet({
      spreadsheetId: id,
      ranges: ['Sheet1!A1:B1', "'My Sheet'!A1:C5"],
      valueRenderOption: 'UNFORMATTED_VALUE',
    });
    expect(bg.data).toEqual({
      spreadsheetId: id,
      valueRanges: [
        { range: 'Sheet1!A1:B1', majorDimension: 'ROWS', values: [[1, 2]] },
        { range: "'My Sheet'!A1:C5", majorDimension: 'ROWS', values: [[], ['', 'x'], ['', 'y']] },
      ],
    });
  });
  it('batchUpdate is atomic: a bad range in data[1] leaves data[0] unwritten', async () => {
    const e = await apiError(
      v().batchUpdate({
        spreadsheetId: id,
        requestBody: {
          valueInputOption: 'RAW',
          data: [
            { range: 'A1', values: [[1]] },
            { range: 'Nope!A1', values: [[2]] },
          ],
        },
      }),
    );
    expect(e).toMatchObject({ status: 400, message: 'Invalid data[1]: Unable to parse range: Nope!A1' });
    expect((await get('A1')).values).toBeUndefined();
  });
  it('clear keeps formats, batchClear clears several ranges', async () => {
    await put('A1', [['2026-01-02', 'b', 'c']]);
    expect((await v().clear({ spreadsheetId: id, range: 'A1:A1' })).data).toEqual({ spreadsheetId: id, clearedRange: 'Sheet1!A1' });
    await put('A1', [['44000']]);
    expect((await get('A1')).values).toEqual([['2020-06-18']]); // the date format survived the clear
    const res = await v().batchClear({ spreadsheetId: id, requestBody: { ranges: ['B1', 'Sheet1!C:C'] } });
    expect(res.data).toEqual({ spreadsheetId: id, clearedRanges: ['Sheet1!B1', 'Sheet1!C1:C1000'] });
    expect((await get('A1:C1')).values).toEqual([['2020-06-18']]);
  });
});

describe('values.append', () => {
  it('appends after the table and reports tableRange', async () => {
    await put('A1', [
      ['id', 'name'],
      [1, 'a'],
      [2, 'b'],
    ]);
    const res = await v().append({ spreadsheetId: id, range: 'Sheet1', valueInputOption: 'RAW', requestBody: { values: [[3, 'c']] } });
    expect(res.data).toEqual({
      spreadsheetId: id,
      tableRange: 'Sheet1!A1:B3',
      updates: { spreadsheetId: id, updatedRange: 'Sheet1!A4:B4', updatedRows: 1, updatedColumns: 2, updatedCells: 2 },
    });
  });
  it('a one-cell or one-row range finds the whole table below it (the usual Sheet!A1 idiom)', async () => {
    await put('A1', [
      ['id', 'name'],
      [1, 'a'],
      [2, 'b'],
    ]);
    const res = await v().append({ spreadsheetId: id, range: 'Sheet1!A1', valueInputOption: 'RAW', requestBody: { values: [[3, 'c']] } });
    expect(res.data.tableRange).toBe('Sheet1!A1:B3');
    expect(res.data.updates?.updatedRange).toBe('Sheet1!A4:B4');
    const row = await v().append({
      spreadsheetId: id,
      range: 'Sheet1!A1:B1',
      valueInputOption: 'RAW',
      requestBody: { values: [[4, 'd']] },
    });
    expect(row.data.updates?.updatedRange).toBe('Sheet1!A5:B5');
  });
  it('with a gap, appends after the first table (into the gap), as Google does', async () => {
    await put('A1', [
      ['h1', 'h2'],
      ['x', 'y'],
      ['', ''],
      ['z', 'w'],
    ]);
    const res = await v().append({ spreadsheetId: id, range: 'A1:B', valueInputOption: 'RAW', requestBody: { values: [['new']] } });
    expect(res.data.tableRange).toBe('Sheet1!A1:B2');
    expect(res.data.updates?.updatedRange).toBe('Sheet1!A3');
  });
  it('a range starting below the data searches from there; an empty range writes at its top-left without tableRange', async () => {
    await put('B3', [['t']]);
    const res = await v().append({ spreadsheetId: id, range: 'B5:C', valueInputOption: 'RAW', requestBody: { values: [['u', 'v']] } });
    expect(res.data.tableRange).toBeUndefined();
    expect(res.data.updates?.updatedRange).toBe('Sheet1!B5:C5');
    const next = await v().append({ spreadsheetId: id, range: 'B:C', valueInputOption: 'RAW', requestBody: { values: [['w']] } });
    expect(next.data.tableRange).toBe('Sheet1!B3');
    expect(next.data.updates?.updatedRange).toBe('Sheet1!B4');
  });
  it("starts at the table's first column and grows the grid when appending past the end", async () => {
    await put("'My Sheet'!B9", [['a'], ['b']]);
    const res = await v().append({
      spreadsheetId: id,
      range: "'My Sheet'!A:E",
      valueInputOption: 'USER_ENTERED',
      requestBody: { values: [['c', 'd'], ['e']] },
    });
    expect(res.data.tableRange).toBe("'My Sheet'!B9:B10");
    expect(res.data.updates?.updatedRange).toBe("'My Sheet'!B11:C12");
    const meta = await s.sheets.spreadsheets.get({ spreadsheetId: id, ranges: ["'My Sheet'"] });
    expect(meta.data.sheets?.[0]?.properties?.gridProperties).toMatchObject({ rowCount: 12, columnCount: 5 });
  });
  it('INSERT_ROWS shifts what is below; OVERWRITE does not', async () => {
    await put('A1', [['h'], ['1'], [''], ['below']]);
    await v().append({
      spreadsheetId: id,
      range: 'A1:A2',
      valueInputOption: 'RAW',
      insertDataOption: 'INSERT_ROWS',
      requestBody: { values: [['2']] },
    });
    expect((await get('A1:A6')).values).toEqual([['h'], ['1'], ['2'], [], ['below']]);
    await v().append({
      spreadsheetId: id,
      range: 'A1:A3',
      valueInputOption: 'RAW',
      insertDataOption: 'OVERWRITE',
      requestBody: { values: [['3']] },
    });
    expect((await get('A1:A6')).values).toEqual([['h'], ['1'], ['2'], ['3'], ['below']]);
  });
  it('includeValuesInResponse', async () => {
    const res = await v().append({
      spreadsheetId: id,
      range: 'A1',
      valueInputOption: 'USER_ENTERED',
      includeValuesInResponse: true,
      requestBody: { values: [['=2+3']] },
    });
    expect(res.data.updates?.updatedData).toEqual({ range: 'Sheet1!A1', majorDimension: 'ROWS', values: [['5']] });
  });
});

describe('query options as googleapis sends them', () => {
  it('fields masks and prettyPrint', async () => {
    await put('A1', [['x']]);
    const res = await s.sheets.spreadsheets.get({ spreadsheetId: id, fields: 'spreadsheetId,sheets(properties(sheetId,title))' });
    expect(res.data).toEqual({
      spreadsheetId: id,
      sheets: [
        { properties: { sheetId: 0, title: 'Sheet1' } },
        { properties: { sheetId: expect.any(Number), title: 'My Sheet' } },
        { properties: { sheetId: expect.any(Number), title: "O'Brien" } },
        { properties: { sheetId: expect.any(Number), title: '资产' } },
      ],
    });
    const dotted = await s.sheets.spreadsheets.get({ spreadsheetId: id, fields: 'sheets.properties.title' });
    expect(dotted.data.sheets?.map((x) => x.properties?.title)).toEqual(['Sheet1', 'My Sheet', "O'Brien", '资产']);
    const vals = await v().get({ spreadsheetId: id, range: 'A1', fields: 'values' });
    expect(vals.data).toEqual({ values: [['x']] });
    const raw = await fetch(`${s.emu.url}/v4/spreadsheets/${id}/values/A1?prettyPrint=false&alt=json`, {
      headers: { authorization: `Bearer ${await jwtToken()}` },
    });
    expect(await raw.text()).toBe('{"range":"Sheet1!A1","majorDimension":"ROWS","values":[["x"]]}');
  });
  it('accepts unencoded ranges and :append suffixes from plain fetch clients', async () => {
    const headers = { authorization: `Bearer ${await jwtToken()}`, 'content-type': 'application/json' };
    const res = await fetch(`${s.emu.url}/v4/spreadsheets/${id}/values/Sheet1!A1:B1:append?valueInputOption=RAW`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ values: [[1, 2]] }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).updates.updatedRange).toBe('Sheet1!A1:B1');
  });
});
