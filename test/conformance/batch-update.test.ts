import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
  id = (await s.sheets.spreadsheets.create({ requestBody: { properties: { title: 'BU' } } })).data.spreadsheetId!;
  await s.sheets.spreadsheets.values.update({
    spreadsheetId: id,
    range: 'A1',
    valueInputOption: 'RAW',
    requestBody: {
      values: [
        ['id', 'name', 'qty'],
        ['r1', 'pear', 3],
        ['r2', 'Apple', 10],
        ['r3', 'fig', 1],
      ],
    },
  });
});

const bu = (requests: object[], extra: object = {}) =>
  s.sheets.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests, ...extra } });
const rows = async (range = 'Sheet1!A1:D6') =>
  (await s.sheets.spreadsheets.values.get({ spreadsheetId: id, range, valueRenderOption: 'UNFORMATTED_VALUE' })).data.values;
const props = async () => (await s.sheets.spreadsheets.get({ spreadsheetId: id })).data.sheets!.map((x) => x.properties!);

describe('spreadsheets.batchUpdate', () => {
  it('addSheet replies with properties; updateSheetProperties honours fields; deleteSheet', async () => {
    const res = await bu([
      { addSheet: { properties: { title: '资产', gridProperties: { rowCount: 50, columnCount: 8 } } } },
      {
        updateSheetProperties: {
          properties: { sheetId: 0, title: 'Main', gridProperties: { frozenRowCount: 1 } },
          fields: 'title,gridProperties.frozenRowCount',
        },
      },
    ]);
    expect(res.data.spreadsheetId).toBe(id);
    expect(res.data.replies).toEqual([
      {
        addSheet: {
          properties: {
            sheetId: expect.any(Number),
            title: '资产',
            index: 1,
            sheetType: 'GRID',
            gridProperties: { rowCount: 50, columnCount: 8 },
          },
        },
      },
      {},
    ]);
    expect((await props())[0]).toEqual({
      sheetId: 0,
      title: 'Main',
      index: 0,
      sheetType: 'GRID',
      gridProperties: { rowCount: 1000, columnCount: 26, frozenRowCount: 1 },
    });
    const newId = res.data.replies![0]!.addSheet!.properties!.sheetId!;
    await bu([{ updateSheetProperties: { properties: { sheetId: newId, index: 0 }, fields: 'index' } }]);
    expect((await props()).map((p) => [p.title, p.index])).toEqual([
      ['资产', 0],
      ['Main', 1],
    ]);
    await bu([{ deleteSheet: { sheetId: newId } }]);
    expect((await props()).map((p) => p.title)).toEqual(['Main']);
  });
  it('errors: duplicate title, unknown sheet, last sheet, unknown request kind', async () => {
    expect((await apiError(bu([{ addSheet: { properties: { title: 'sheet1' } } }]))).message).toBe(
      'Invalid requests[0].addSheet: A sheet with the name "sheet1" already exists. Please enter another name.',
    );
    expect((await apiError(bu([{ deleteSheet: { sheetId: 99 } }]))).message).toBe('Invalid requests[0].deleteSheet: No grid with id: 99');
    expect((await apiError(bu([{ deleteSheet: { sheetId: 0 } }]))).message).toBe(
      "Invalid requests[0].deleteSheet: You can't remove all the sheets in a document.",
    );
    const unknown = await apiError(bu([{ frobnicate: {} }]));
    expect(unknown).toMatchObject({
      status: 400,
      message: 'Invalid JSON payload received. Unknown name "frobnicate" at \'requests[0]\': Cannot find field.',
    });
  });
  it('is atomic: a failing request rolls back the ones before it', async () => {
    const e = await apiError(
      bu([
        { addSheet: { properties: { title: 'New' } } },
        { insertDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 1, endIndex: 3 } } },
        { deleteSheet: { sheetId: 12345 } },
      ]),
    );
    expect(e.status).toBe(400);
    expect((await props()).map((p) => p.title)).toEqual(['Sheet1']);
    expect(await rows('A1:A2')).toEqual([['id'], ['r1']]);
  });
  it('insertDimension / deleteDimension / moveDimension (rows and columns)', async () => {
    await bu([{ insertDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 1, endIndex: 2 }, inheritFromBefore: true } }]);
    expect(await rows()).toEqual([['id', 'name', 'qty'], [], ['r1', 'pear', 3], ['r2', 'Apple', 10], ['r3', 'fig', 1]]);
    expect((await props())[0]!.gridProperties!.rowCount).toBe(1001);
    await bu([{ deleteDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 1, endIndex: 2 } } }]);
    await bu([{ moveDimension: { source: { sheetId: 0, dimension: 'COLUMNS', startIndex: 2, endIndex: 3 }, destinationIndex: 0 } }]);
    expect(await rows()).toEqual([
      ['qty', 'id', 'name'],
      [3, 'r1', 'pear'],
      [10, 'r2', 'Apple'],
      [1, 'r3', 'fig'],
    ]);
    await bu([{ moveDimension: { source: { sheetId: 0, dimension: 'ROWS', startIndex: 1, endIndex: 2 }, destinationIndex: 4 } }]);
    expect((await rows())!.map((r) => r[1])).toEqual(['id', 'r2', 'r3', 'r1']);
    await bu([{ deleteDimension: { range: { sheetId: 0, dimension: 'COLUMNS', startIndex: 0, endIndex: 1 } } }]);
    expect((await rows())![0]).toEqual(['id', 'name']);
    expect((await props())[0]!.gridProperties!.columnCount).toBe(25);
  });
  it('insertDimension / deleteDimension rewrite the references of formulas, as Google does: a =SUM grows when rows go in between its ends', async () => {
    await s.sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: 'A5:C5',
      valueInputOption: 'USER_ENTERED',
      requestBody: { values: [['合计', '=C2+C4', '=SUM(C2:C4)']] },
    });
    await bu([{ addSheet: { properties: { title: 'Other' } } }]);
    await s.sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: 'Other!A1:B1',
      valueInputOption: 'USER_ENTERED',
      requestBody: { values: [["=SUM('Sheet1'!C2:C4)", '=Sheet1!C4&"!A1"']] },
    });
    const formulas = async (range: string) =>
      (await s.sheets.spreadsheets.values.get({ spreadsheetId: id, range, valueRenderOption: 'FORMULA' })).data.values;
    // A row inserted above the last row of the range (at row 4): inside it, so the range grows.
    await bu([{ insertDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 3, endIndex: 4 } } }]);
    await s.sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: 'A4:C4',
      valueInputOption: 'RAW',
      requestBody: { values: [['r9', 'kiwi', 100]] },
    });
    expect(await formulas('Sheet1!A6:C6')).toEqual([['合计', '=C2+C5', '=SUM(C2:C5)']]);
    expect(await formulas('Other!A1:B1')).toEqual([["=SUM('Sheet1'!C2:C5)", '=Sheet1!C5&"!A1"']]);
    expect(await rows('Sheet1!C6')).toEqual([[114]]);
    // One inserted right under the range's last row (where the totals row is) is outside it.
    await bu([{ insertDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 5, endIndex: 6 } } }]);
    expect(await formulas('Sheet1!A7:C7')).toEqual([['合计', '=C2+C5', '=SUM(C2:C5)']]);
    // Deleting rows inside shrinks the range; a cell reference to a deleted row becomes #REF!.
    await bu([{ deleteDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 4, endIndex: 6 } } }]);
    expect(await formulas('Sheet1!A5:C5')).toEqual([['合计', '=C2+#REF!', '=SUM(C2:C4)']]);
  });

  it('sortRange: numbers < text < booleans, blanks last, text case-insensitive; DESCENDING keeps blanks last', async () => {
    await s.sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: 'E1',
      valueInputOption: 'RAW',
      requestBody: { values: [['b'], [true], [2], [''], ['A'], [1]] },
    });
    const sortE = (sortOrder: string) =>
      bu([
        {
          sortRange: {
            range: { sheetId: 0, startRowIndex: 0, endRowIndex: 6, startColumnIndex: 4, endColumnIndex: 5 },
            sortSpecs: [{ dimensionIndex: 4, sortOrder }],
          },
        },
      ]);
    await sortE('ASCENDING');
    expect(await rows('E1:E6')).toEqual([[1], [2], ['A'], ['b'], [true]]);
    await sortE('DESCENDING');
    expect(await rows('E1:E6')).toEqual([[true], ['b'], ['A'], [2], [1]]);
    await bu([
      {
        sortRange: {
          range: { sheetId: 0, startRowIndex: 1, endRowIndex: 4, startColumnIndex: 0, endColumnIndex: 3 },
          sortSpecs: [{ dimensionIndex: 1, sortOrder: 'ASCENDING' }],
        },
      },
    ]);
    expect(await rows('A1:C4')).toEqual([
      ['id', 'name', 'qty'],
      ['r2', 'Apple', 10],
      ['r3', 'fig', 1],
      ['r1', 'pear', 3],
    ]);
  });
  it('updateCells (start and range) and repeatCell with field masks; formats show in formatted values', async () => {
    await bu([
      {
        updateCells: {
          start: { sheetId: 0, rowIndex: 5, columnIndex: 0 },
          rows: [
            {
              values: [
                { userEnteredValue: { numberValue: 46086 }, userEnteredFormat: { numberFormat: { type: 'DATE', pattern: 'yyyy-mm-dd' } } },
                { userEnteredValue: { formulaValue: '=A6+1' } },
              ],
            },
          ],
          fields: 'userEnteredValue,userEnteredFormat.numberFormat',
        },
      },
      {
        repeatCell: {
          range: { sheetId: 0, startRowIndex: 1, endRowIndex: 4, startColumnIndex: 2, endColumnIndex: 3 },
          cell: { userEnteredFormat: { numberFormat: { type: 'CURRENCY', pattern: '"¥"#,##0.00' } } },
          fields: 'userEnteredFormat.numberFormat',
        },
      },
    ]);
    const f = (await s.sheets.spreadsheets.values.get({ spreadsheetId: id, range: 'A1:C6' })).data.values;
    expect(f![1]).toEqual(['r1', 'pear', '¥3.00']);
    expect(f![5]).toEqual(['2026-03-05', '46087']);
    await bu([
      {
        updateCells: {
          range: { sheetId: 0, startRowIndex: 1, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 3 },
          fields: 'userEnteredValue',
        },
      },
    ]);
    expect(await rows('A2:C2')).toEqual(undefined);
    expect((await apiError(bu([{ repeatCell: { range: { sheetId: 0 }, cell: {} } }]))).message).toMatch(
      /^Invalid requests\[0\]\.repeatCell: 'fields' is required/,
    );
  });
  it('setDataValidation, addProtectedRange, mergeCells, updateDimensionProperties, reported by get includeGridData', async () => {
    const res = await bu(
      [
        {
          setDataValidation: {
            range: { sheetId: 0, startRowIndex: 1, endRowIndex: 2, startColumnIndex: 1, endColumnIndex: 2 },
            rule: {
              condition: { type: 'ONE_OF_LIST', values: [{ userEnteredValue: 'pear' }, { userEnteredValue: 'fig' }] },
              strict: true,
              showCustomUi: true,
            },
          },
        },
        {
          addProtectedRange: {
            protectedRange: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1 }, description: 'headers', warningOnly: true },
          },
        },
        {
          mergeCells: {
            range: { sheetId: 0, startRowIndex: 2, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 2 },
            mergeType: 'MERGE_ALL',
          },
        },
        {
          updateDimensionProperties: {
            range: { sheetId: 0, dimension: 'COLUMNS', startIndex: 1, endIndex: 2 },
            properties: { pixelSize: 240 },
            fields: 'pixelSize',
          },
        },
        { autoResizeDimensions: { dimensions: { sheetId: 0, dimension: 'COLUMNS', startIndex: 0, endIndex: 3 } } },
      ],
      { includeSpreadsheetInResponse: true },
    );
    expect(res.data.replies![0]).toEqual({});
    const pr = res.data.replies![1]!.addProtectedRange!.protectedRange!;
    expect(pr).toMatchObject({
      protectedRangeId: expect.any(Number),
      warningOnly: true,
      description: 'headers',
      range: { startRowIndex: 0, endRowIndex: 1 },
    }); // sheetId 0 left out, as Google does
    expect(res.data.updatedSpreadsheet?.sheets?.[0]?.merges).toEqual([
      { startRowIndex: 2, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 2 },
    ]);
    expect(await rows('A3:C3')).toEqual([['r2', '', 10]]); // merged: only the top-left value survives
    const got = await s.sheets.spreadsheets.get({ spreadsheetId: id, ranges: ['Sheet1!A1:C3'], includeGridData: true });
    const sheet = got.data.sheets![0]!;
    expect(sheet.protectedRanges?.[0]?.protectedRangeId).toBe(pr.protectedRangeId);
    const data = sheet.data![0]!;
    expect(data.columnMetadata!.map((c) => c.pixelSize)).toEqual([100, 240, 100]);
    const cell = data.rowData![1]!.values![1]!;
    expect(cell).toEqual({
      userEnteredValue: { stringValue: 'pear' },
      effectiveValue: { stringValue: 'pear' },
      formattedValue: 'pear',
      dataValidation: {
        condition: { type: 'ONE_OF_LIST', values: [{ userEnteredValue: 'pear' }, { userEnteredValue: 'fig' }] },
        strict: true,
        showCustomUi: true,
      },
    });
    expect(data.rowData![1]!.values![2]).toEqual({
      userEnteredValue: { numberValue: 3 },
      effectiveValue: { numberValue: 3 },
      formattedValue: '3',
    });
  });
  it('mergeCells MERGE_ROWS / MERGE_COLUMNS and appendCells', async () => {
    await bu([
      {
        mergeCells: {
          range: { sheetId: 0, startRowIndex: 1, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 2 },
          mergeType: 'MERGE_ROWS',
        },
      },
    ]);
    expect(await rows('A2:B3')).toEqual([['r1'], ['r2']]);
    await bu([
      { unmergeCells: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 4, startColumnIndex: 0, endColumnIndex: 3 } } },
      {
        mergeCells: {
          range: { sheetId: 0, startRowIndex: 0, endRowIndex: 2, startColumnIndex: 2, endColumnIndex: 3 },
          mergeType: 'MERGE_COLUMNS',
        },
      },
    ]);
    expect(await rows('C1:C2')).toEqual([['qty']]);
    await bu([
      { appendCells: { sheetId: 0, rows: [{ values: [{ userEnteredValue: { stringValue: 'r4' } }] }], fields: 'userEnteredValue' } },
    ]);
    expect(await rows('A5')).toEqual([['r4']]);
  });
  it("get with fields sheets(properties(sheetId,title),merges): each sheet's merges (the gateway's one look at the tabs); none listed for a sheet without; merges move with inserted rows", async () => {
    const added = await bu([{ addSheet: { properties: { title: '场所' } } }]);
    const other = added.data.replies![0]!.addSheet!.properties!.sheetId!;
    await bu([
      {
        mergeCells: {
          range: { sheetId: 0, startRowIndex: 1, endRowIndex: 4, startColumnIndex: 2, endColumnIndex: 3 },
          mergeType: 'MERGE_ALL',
        },
      },
    ]);
    const look = async () =>
      (await s.sheets.spreadsheets.get({ spreadsheetId: id, fields: 'sheets(properties(sheetId,title),merges)' })).data;
    expect(await look()).toEqual({
      sheets: [
        {
          properties: { sheetId: 0, title: 'Sheet1' },
          merges: [{ startRowIndex: 1, endRowIndex: 4, startColumnIndex: 2, endColumnIndex: 3 }],
        },
        { properties: { sheetId: other, title: '场所' } },
      ],
    });
    expect(await rows('C2:C4')).toEqual([[3]]); // merged down: the value on the first row only
    await bu([{ insertDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 0, endIndex: 1 } } }]);
    expect((await look()).sheets![0]!.merges).toEqual([{ startRowIndex: 2, endRowIndex: 5, startColumnIndex: 2, endColumnIndex: 3 }]);
  });
  it('spreadsheets.create with sheets and data; get with includeGridData omits startRow 0', async () => {
    const created = await s.sheets.spreadsheets.create({
      requestBody: {
        properties: { title: 'With data', locale: 'zh_CN', timeZone: 'Asia/Shanghai' },
        sheets: [
          {
            properties: { title: '人员', gridProperties: { rowCount: 20, columnCount: 4, frozenRowCount: 1 } },
            data: [
              {
                startRow: 0,
                startColumn: 0,
                rowData: [
                  { values: [{ userEnteredValue: { stringValue: '姓名' } }] },
                  { values: [{ userEnteredValue: { stringValue: '张三' } }] },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(created.data.properties).toMatchObject({ title: 'With data', locale: 'zh_CN', timeZone: 'Asia/Shanghai' });
    expect(created.data.spreadsheetUrl).toContain(created.data.spreadsheetId!);
    const g = await s.sheets.spreadsheets.get({
      spreadsheetId: created.data.spreadsheetId!,
      includeGridData: true,
      fields: 'sheets(properties(title,gridProperties),data(startRow,rowData))',
    });
    expect(g.data).toEqual({
      sheets: [
        {
          properties: { title: '人员', gridProperties: { rowCount: 20, columnCount: 4, frozenRowCount: 1 } },
          data: [
            {
              rowData: [
                {
                  values: [{ userEnteredValue: { stringValue: '姓名' }, effectiveValue: { stringValue: '姓名' }, formattedValue: '姓名' }],
                },
                {
                  values: [{ userEnteredValue: { stringValue: '张三' }, effectiveValue: { stringValue: '张三' }, formattedValue: '张三' }],
                },
              ],
            },
          ],
        },
      ],
    });
  });
});
