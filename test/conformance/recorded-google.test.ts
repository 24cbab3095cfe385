/**
 * What recorded real Google answers (../shared/google-traffic, see replay.test.ts) showed the
 * emulator got wrong, one behaviour per test, through googleapis. Expected values are Google's.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FORMAT, SPREADSHEET_THEME } from '../../tools/sheets-emulator/defaults.js';
import { apiError, setup, type Setup } from './helpers.js';

let s: Setup;
let id: string;
beforeAll(async () => {
  s = await setup();
});
afterAll(async () => {
  await s.emu.close();
});
beforeEach(async () => {
  id = (await s.sheets.spreadsheets.create({ requestBody: { properties: { title: 'Recorded' } } })).data.spreadsheetId!;
});

const bu = (requests: object[]) => s.sheets.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests } });
const put = (range: string, values: unknown[][]) =>
  s.sheets.spreadsheets.values.update({ spreadsheetId: id, range, valueInputOption: 'RAW', requestBody: { values } });
const get = async (range: string) => (await s.sheets.spreadsheets.values.get({ spreadsheetId: id, range })).data.values;
const sheet0 = async (fields?: string) => (await s.sheets.spreadsheets.get({ spreadsheetId: id, ...(fields ? { fields } : {}) })).data;
const whole = (sheetId = 0) => ({ sheetId, startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 1 });

describe('spreadsheets.get as Google answers it', () => {
  it('sends defaultFormat and spreadsheetTheme; leaves out sheetId 0, hidden: false, zero frozen counts', async () => {
    await bu([
      {
        mergeCells: {
          range: { sheetId: 0, startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 2 },
          mergeType: 'MERGE_ALL',
        },
      },
      {
        updateSheetProperties: {
          properties: { sheetId: 0, hidden: false, gridProperties: { frozenRowCount: 0 } },
          fields: 'hidden,gridProperties.frozenRowCount',
        },
      },
    ]);
    const got = await sheet0();
    expect(got.properties!.defaultFormat).toEqual(DEFAULT_FORMAT);
    expect(got.properties!.spreadsheetTheme).toEqual(SPREADSHEET_THEME);
    expect(got.sheets![0]!.properties).toEqual({
      sheetId: 0,
      title: 'Sheet1',
      index: 0,
      sheetType: 'GRID',
      gridProperties: { rowCount: 1000, columnCount: 26 },
    });
    expect(got.sheets![0]!.merges).toEqual([{ startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 2 }]);
  });
  it('a fields mask naming sheets.data returns grid data without includeGridData; masks may use / ', async () => {
    await put('A1', [['x']]);
    await bu([
      {
        updateCells: {
          range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 },
          rows: [{ values: [{ note: 'hello' }] }],
          fields: 'note',
        },
      },
    ]);
    const dotted = await s.sheets.spreadsheets.get({
      spreadsheetId: id,
      ranges: ["'Sheet1'!A1"],
      fields: 'sheets.data.rowData.values.note',
    });
    expect(dotted.data).toEqual({ sheets: [{ data: [{ rowData: [{ values: [{ note: 'hello' }] }] }] }] });
    const slashed = await s.sheets.spreadsheets.get({
      spreadsheetId: id,
      ranges: ["'Sheet1'!A1"],
      fields: 'sheets/data/rowData/values/note',
      includeGridData: false,
    });
    expect(slashed.data).toEqual(dotted.data);
  });
  it('masks with parentheses select number formats, validation and notes (what another module reads)', async () => {
    await put('A1', [['date'], [46086]]);
    await bu([
      {
        repeatCell: {
          range: { sheetId: 0, startRowIndex: 1, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 1 },
          cell: {
            userEnteredFormat: { numberFormat: { type: 'DATE', pattern: 'yyyy-mm-dd' } },
            note: 'n',
            dataValidation: { condition: { type: 'DATE_IS_VALID' } },
          },
          fields: 'userEnteredFormat(numberFormat),note,dataValidation',
        },
      },
    ]);
    const got = await sheet0('sheets(properties(title),data.rowData.values(userEnteredFormat.numberFormat,dataValidation,note))');
    expect(got.sheets![0]).toEqual({
      properties: { title: 'Sheet1' },
      data: [
        {
          rowData: [
            { values: [{}] },
            {
              values: [
                {
                  userEnteredFormat: { numberFormat: { type: 'DATE', pattern: 'yyyy-mm-dd' } },
                  dataValidation: { condition: { type: 'DATE_IS_VALID' } },
                  note: 'n',
                },
              ],
            },
          ],
        },
      ],
    });
  });
});

describe('batchUpdate field masks and values', () => {
  it('masks written with / are applied (the freeze happens)', async () => {
    await bu([
      {
        updateSheetProperties: {
          properties: { sheetId: 0, gridProperties: { frozenRowCount: 2 } },
          fields: 'gridProperties/frozenRowCount',
        },
      },
    ]);
    expect((await sheet0()).sheets![0]!.properties!.gridProperties).toEqual({ rowCount: 1000, columnCount: 26, frozenRowCount: 2 });
  });
  it("parenthesised masks are accepted; colours are stored in Google's steps with their *Style twins", async () => {
    await bu([
      {
        repeatCell: {
          range: { sheetId: 0, startRowIndex: 1, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 2 },
          cell: {
            userEnteredFormat: {
              backgroundColor: { green: 1, blue: 1 },
              horizontalAlignment: 'CENTER',
              textFormat: { foregroundColor: { red: 1, green: 1 }, fontSize: 12, bold: true },
            },
          },
          fields: 'userEnteredFormat(backgroundColor,horizontalAlignment,textFormat)',
        },
      },
      {
        updateSheetProperties: {
          properties: { sheetId: 0, tabColorStyle: { rgbColor: { red: 1, green: 0, blue: 0.5 } } },
          fields: 'tabColorStyle',
        },
      },
    ]);
    const got = await s.sheets.spreadsheets.get({
      spreadsheetId: id,
      ranges: ['Sheet1!A2'],
      fields: 'sheets.data.rowData.values.userEnteredFormat',
    });
    // Google's recorded answer for exactly this request.
    expect(got.data).toEqual({
      sheets: [
        {
          data: [
            {
              rowData: [
                {
                  values: [
                    {
                      userEnteredFormat: {
                        backgroundColor: { green: 1, blue: 1 },
                        horizontalAlignment: 'CENTER',
                        textFormat: {
                          foregroundColor: { red: 1, green: 1 },
                          fontSize: 12,
                          bold: true,
                          foregroundColorStyle: { rgbColor: { red: 1, green: 1 } },
                        },
                        backgroundColorStyle: { rgbColor: { green: 1, blue: 1 } },
                      },
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    expect((await sheet0('sheets.properties.tabColorStyle')).sheets).toEqual([
      { properties: { tabColorStyle: { rgbColor: { red: 1, blue: 0.49803922 } } } },
    ]);
    await bu([{ updateSheetProperties: { properties: { sheetId: 0, tabColorStyle: { rgbColor: null } }, fields: 'tabColorStyle' } }]);
    expect((await sheet0('sheets.properties.tabColorStyle')).sheets).toEqual([{ properties: {} }]);
  });
  it("hiding the last visible sheet is refused with Google's words", async () => {
    const e = await apiError(bu([{ updateSheetProperties: { properties: { sheetId: 0, hidden: true }, fields: 'hidden' } }]));
    expect(e.body).toEqual({
      error: {
        code: 400,
        message: "Invalid requests[0].updateSheetProperties: You can't hide all the sheets in a document.",
        status: 'INVALID_ARGUMENT',
      },
    });
  });
  it('values.batchUpdate counts distinct rows and columns', async () => {
    const res = await s.sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        valueInputOption: 'RAW',
        data: [
          { range: "'Sheet1'!A1:D1", values: [['A1', 'B1', '', 'D1']] },
          { range: "'Sheet1'!A4:D4", values: [['A4', 'B4', '', 'D4']] },
        ],
      },
    });
    expect(res.data).toMatchObject({ totalUpdatedRows: 2, totalUpdatedColumns: 4, totalUpdatedCells: 8, totalUpdatedSheets: 1 });
  });
  it('a protected range lists its creator as editor; the reply echoes what was asked', async () => {
    const res = await bu([
      {
        addProtectedRange: {
          protectedRange: { range: whole(), description: null, warningOnly: false, editors: { users: [], groups: [] } },
        },
      },
    ]);
    const pr = res.data.replies![0]!.addProtectedRange!.protectedRange!;
    expect(pr).toEqual({
      protectedRangeId: expect.any(Number),
      range: { startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 1 },
      requestingUserCanEdit: true,
      editors: {},
    });
    expect((await sheet0()).sheets![0]!.protectedRanges).toEqual([{ ...pr, editors: { users: [s.key.client_email] } }]);
  });
});

describe('errors as Google sends them', () => {
  it('no errors[] list; fieldViolations for a value of the wrong type', async () => {
    expect((await apiError(s.sheets.spreadsheets.get({ spreadsheetId: 'test' }))).body).toEqual({
      error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' },
    });
    const e = await apiError(
      s.sheets.spreadsheets.values.update({
        spreadsheetId: id,
        range: "'Sheet1'!A1",
        valueInputOption: 'RAW',
        requestBody: { values: 'X' as never },
      }),
    );
    const message = `Invalid value at 'data.values' (type.googleapis.com/google.protobuf.ListValue), "X"`;
    expect(e.body).toEqual({
      error: {
        code: 400,
        message,
        status: 'INVALID_ARGUMENT',
        details: [
          { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'data.values', description: message }] },
        ],
      },
    });
  });
});

describe('staff actions', () => {
  it('copyPaste repeats the source over a larger destination; cutPaste moves and clears', async () => {
    await put('A1', [['A1'], ['A2']]);
    await bu([
      {
        copyPaste: {
          source: whole(),
          destination: { sheetId: 0, startRowIndex: 0, endRowIndex: 4, startColumnIndex: 1, endColumnIndex: 2 },
          pasteType: 'PASTE_NORMAL',
          pasteOrientation: 'NORMAL',
        },
      },
    ]);
    expect(await get('Sheet1!B1:B4')).toEqual([['A1'], ['A2'], ['A1'], ['A2']]);
    await bu([{ cutPaste: { source: whole(), destination: { sheetId: 0, rowIndex: 0, columnIndex: 2 }, pasteType: 'PASTE_NORMAL' } }]);
    expect(await get('Sheet1!A1:A2')).toBeUndefined();
    expect(await get('Sheet1!C1:C2')).toEqual([['A1'], ['A2']]);
  });
  it('cutPaste of whole rows moves them (values, formats, notes) like a staff member does', async () => {
    await put('A1', [
      ['id', 'name'],
      ['r1', 'pear'],
      ['r2', 'fig'],
    ]);
    await bu([
      {
        cutPaste: {
          source: { sheetId: 0, startRowIndex: 1, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 26 },
          destination: { sheetId: 0, rowIndex: 5, columnIndex: 0 },
          pasteType: 'PASTE_NORMAL',
        },
      },
    ]);
    expect(await get('Sheet1!A1:B6')).toEqual([['id', 'name'], [], ['r2', 'fig'], [], [], ['r1', 'pear']]);
  });
  it('setBasicFilter stores the range made finite (sorting by its sortSpecs); clearBasicFilter removes it', async () => {
    await bu([
      {
        updateSheetProperties: {
          properties: { sheetId: 0, gridProperties: { rowCount: 20, columnCount: 20 } },
          fields: 'gridProperties(rowCount,columnCount)',
        },
      },
    ]);
    await bu([{ setBasicFilter: { filter: { range: { sheetId: 0 } } } }]);
    expect((await sheet0()).sheets![0]!.basicFilter).toEqual({
      range: { startRowIndex: 0, endRowIndex: 20, startColumnIndex: 0, endColumnIndex: 20 },
    });
    await put('A1', [['name'], ['pear'], ['apple'], ['fig']]);
    await bu([
      {
        setBasicFilter: {
          filter: {
            range: { sheetId: 0, startRowIndex: 0, endRowIndex: 4, startColumnIndex: 0, endColumnIndex: 1 },
            sortSpecs: [{ dimensionIndex: 0, sortOrder: 'ASCENDING' }],
          },
        },
      },
    ]);
    expect(await get('Sheet1!A1:A4')).toEqual([['name'], ['apple'], ['fig'], ['pear']]);
    await bu([{ clearBasicFilter: { sheetId: 0 } }]);
    expect((await sheet0()).sheets![0]!.basicFilter).toBeUndefined();
  });
  it('named ranges: add (reply with ID), read values through them, update by mask, move with inserted rows, delete', async () => {
    await put('A1', [
      ['a', 'b'],
      ['c', 'd'],
    ]);
    const add = await bu([
      {
        addNamedRange: {
          namedRange: { name: 'Totals', range: { sheetId: 0, startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 2 } },
        },
      },
    ]);
    const nr = add.data.replies![0]!.addNamedRange!.namedRange!;
    expect(nr).toEqual({
      namedRangeId: expect.any(String),
      name: 'Totals',
      range: { startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 2 },
    });
    expect((await s.sheets.spreadsheets.values.get({ spreadsheetId: id, range: "'Sheet1'!Totals" })).data).toEqual({
      range: 'Sheet1!A1:B2',
      majorDimension: 'ROWS',
      values: [
        ['a', 'b'],
        ['c', 'd'],
      ],
    });
    await bu([{ updateNamedRange: { namedRange: { namedRangeId: nr.namedRangeId, name: 'Sums' }, fields: 'name' } }]);
    await bu([{ insertDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 0, endIndex: 1 } } }]);
    expect((await sheet0('namedRanges')).namedRanges).toEqual([
      { ...nr, name: 'Sums', range: { startRowIndex: 1, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 2 } },
    ]);
    await bu([{ deleteNamedRange: { namedRangeId: nr.namedRangeId } }]);
    expect((await sheet0('namedRanges')).namedRanges).toBeUndefined();
  });
  it('dimension groups: nested depths, reported in the reply and in get, deleted one level at a time', async () => {
    const add = await bu([{ addDimensionGroup: { range: { sheetId: 0, dimension: 'COLUMNS', startIndex: 0, endIndex: 2 } } }]);
    expect(add.data.replies).toEqual([
      { addDimensionGroup: { dimensionGroups: [{ range: { dimension: 'COLUMNS', startIndex: 0, endIndex: 2 }, depth: 1 }] } },
    ]);
    await bu([
      { addDimensionGroup: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 1, endIndex: 6 } } },
      { addDimensionGroup: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 2, endIndex: 4 } } },
    ]);
    const got = (await sheet0()).sheets![0]!;
    expect(got.properties!.gridProperties).toEqual({
      rowCount: 1000,
      columnCount: 26,
      rowGroupControlAfter: true,
      columnGroupControlAfter: true,
    });
    expect(got.rowGroups).toEqual([
      { range: { dimension: 'ROWS', startIndex: 1, endIndex: 6 }, depth: 1 },
      { range: { dimension: 'ROWS', startIndex: 2, endIndex: 4 }, depth: 2 },
    ]);
    const del = await bu([{ deleteDimensionGroup: { range: { sheetId: 0, dimension: 'COLUMNS', startIndex: 0, endIndex: 2 } } }]);
    expect(del.data.replies).toEqual([{ deleteDimensionGroup: {} }]);
    expect((await sheet0()).sheets![0]!.columnGroups).toBeUndefined();
  });
});

describe("values.append finds Google's table", () => {
  const append = (range: string, values: unknown[][], majorDimension = 'ROWS') =>
    s.sheets.spreadsheets.values.append({ spreadsheetId: id, range, valueInputOption: 'RAW', requestBody: { majorDimension, values } });
  it('after ["x","","y"] an append to the sheet goes under the last block: C2:E2', async () => {
    await append("'Sheet1'", [['x', '', 'y']]);
    const res = await append("'Sheet1'", [['x', '', 'y']]);
    expect(res.data.tableRange).toBe('Sheet1!C1');
    expect(res.data.updates!.updatedRange).toBe('Sheet1!C2:E2');
  });
  it('anchored at A1 it is the block holding A1', async () => {
    await append("'Sheet1'", [['x', '', 'y']]);
    const anchored = await append("'Sheet1'!A1", [['p']]);
    expect([anchored.data.tableRange, anchored.data.updates!.updatedRange]).toEqual(['Sheet1!A1', 'Sheet1!A2']);
  });
  it('COLUMNS into columns inserted inside a table writes at the anchor, with no table', async () => {
    await put(
      'A1',
      Array.from({ length: 6 }, (_, r) => Array.from({ length: 4 }, (_, c) => `v${r * 4 + c}`)),
    );
    await bu([{ insertDimension: { range: { sheetId: 0, dimension: 'COLUMNS', startIndex: 1, endIndex: 3 }, inheritFromBefore: false } }]);
    const res = await append(
      "'Sheet1'!B1",
      [
        ['a', 'b', 'c', 'd'],
        ['e', 'f', 'g', 'h'],
      ],
      'COLUMNS',
    );
    expect(res.data.tableRange).toBeUndefined();
    expect(res.data.updates!.updatedRange).toBe('Sheet1!B1:C4');
  });
});
