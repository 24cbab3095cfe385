/**
 * Row identity through Google's own client: developer metadata on a row (created, looked up,
 * deleted) stays with the row under inserts, deletes, moves and sorts, and the *ByDataFilter
 * value methods read and write the row wherever it went — null cells skipped.
 */
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
  id = (await s.sheets.spreadsheets.create({ requestBody: { properties: { title: 'DM' } } })).data.spreadsheetId!;
  await s.sheets.spreadsheets.values.update({
    spreadsheetId: id,
    range: 'A1',
    valueInputOption: 'RAW',
    requestBody: {
      values: [
        ['id', 'name', 'qty'],
        ['r1', 'pear', 3],
        ['r2', 'apple', 10],
        ['r3', 'fig', 1],
      ],
    },
  });
});

const bu = (requests: object[]) => s.sheets.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests } });
const tag = (row: number, value: string) => ({
  createDeveloperMetadata: {
    developerMetadata: {
      metadataKey: 'houqin.row',
      metadataValue: value,
      visibility: 'PROJECT',
      location: { dimensionRange: { sheetId: 0, dimension: 'ROWS', startIndex: row, endIndex: row + 1 } },
    },
  },
});
const lookup = (value: string) => ({ developerMetadataLookup: { metadataKey: 'houqin.row', metadataValue: value, locationType: 'ROW' } });
const getByTag = async (...values: string[]) =>
  (
    await s.sheets.spreadsheets.values.batchGetByDataFilter({
      spreadsheetId: id,
      requestBody: { dataFilters: values.map(lookup), valueRenderOption: 'UNFORMATTED_VALUE' },
    })
  ).data;

describe('developer metadata and data filters', () => {
  it('createDeveloperMetadata on a row replies with the metadata; search and get find it', async () => {
    const res = await bu([tag(1, 'r1')]);
    const dm = res.data.replies![0]!.createDeveloperMetadata!.developerMetadata!;
    expect(dm).toMatchObject({
      metadataKey: 'houqin.row',
      metadataValue: 'r1',
      visibility: 'PROJECT',
      location: { locationType: 'ROW', dimensionRange: { sheetId: 0, dimension: 'ROWS', startIndex: 1, endIndex: 2 } },
    });
    expect(dm.metadataId).toBeGreaterThan(0);
    const found = await s.sheets.spreadsheets.developerMetadata.search({ spreadsheetId: id, requestBody: { dataFilters: [lookup('r1')] } });
    expect(found.data.matchedDeveloperMetadata?.map((m) => m.developerMetadata?.metadataId)).toEqual([dm.metadataId]);
    expect((await s.sheets.spreadsheets.developerMetadata.get({ spreadsheetId: id, metadataId: dm.metadataId! })).data.metadataValue).toBe(
      'r1',
    );
  });

  it('batchGetByDataFilter returns the tagged row with the filter that matched, nothing for a filter that matches nothing', async () => {
    await bu([tag(2, 'r2')]);
    const data = await getByTag('r2', 'nope');
    expect(data.valueRanges).toEqual([
      { valueRange: { range: 'Sheet1!A3:Z3', majorDimension: 'ROWS', values: [['r2', 'apple', 10]] }, dataFilters: [lookup('r2')] },
    ]);
    const a1 = await s.sheets.spreadsheets.values.batchGetByDataFilter({
      spreadsheetId: id,
      requestBody: { dataFilters: [{ a1Range: 'Sheet1!1:1' }] },
    });
    expect(a1.data.valueRanges?.[0]?.valueRange?.values).toEqual([['id', 'name', 'qty']]);
  });

  it('the tag stays with its row when staff insert rows above, delete others, move it and sort', async () => {
    await bu([tag(1, 'r1'), tag(2, 'r2'), tag(3, 'r3')]);
    await bu([{ insertDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 1, endIndex: 3 } } }]);
    expect((await getByTag('r2')).valueRanges?.[0]?.valueRange).toMatchObject({ range: 'Sheet1!A5:Z5', values: [['r2', 'apple', 10]] });
    await bu([
      { deleteDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 1, endIndex: 3 } } },
      { deleteDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 1, endIndex: 2 } } },
    ]);
    expect((await getByTag('r1')).valueRanges).toBeUndefined(); // deleted with its row
    expect((await getByTag('r2')).valueRanges?.[0]?.valueRange?.values).toEqual([['r2', 'apple', 10]]);
    await bu([
      {
        sortRange: { range: { sheetId: 0, startRowIndex: 1, endRowIndex: 3 }, sortSpecs: [{ dimensionIndex: 1, sortOrder: 'ASCENDING' }] },
      },
    ]);
    const after = await getByTag('r2', 'r3');
    expect(after.valueRanges?.map((v) => v.valueRange?.values?.[0]?.[0])).toEqual(['r2', 'r3']);
    expect(after.valueRanges?.map((v) => v.valueRange?.range)).toEqual(['Sheet1!A2:Z2', 'Sheet1!A3:Z3']); // apple before fig
    await bu([{ moveDimension: { source: { sheetId: 0, dimension: 'ROWS', startIndex: 1, endIndex: 2 }, destinationIndex: 3 } }]);
    expect((await getByTag('r2')).valueRanges?.[0]?.valueRange).toMatchObject({ range: 'Sheet1!A3:Z3', values: [['r2', 'apple', 10]] });
  });

  it('batchUpdateByDataFilter writes into the tagged row wherever it is, skipping null cells, and reports each range', async () => {
    await bu([tag(3, 'r3')]);
    await bu([
      {
        sortRange: { range: { sheetId: 0, startRowIndex: 1, endRowIndex: 4 }, sortSpecs: [{ dimensionIndex: 2, sortOrder: 'ASCENDING' }] },
      },
    ]); // r3 (qty 1) moves to row 2
    const res = await s.sheets.spreadsheets.values.batchUpdateByDataFilter({
      spreadsheetId: id,
      requestBody: {
        valueInputOption: 'RAW',
        includeValuesInResponse: true,
        responseValueRenderOption: 'UNFORMATTED_VALUE',
        data: [
          { dataFilter: lookup('r3'), majorDimension: 'ROWS', values: [[null, '=无花果', null]] },
          { dataFilter: lookup('gone'), values: [['x']] },
        ],
      },
    });
    expect(res.data).toMatchObject({
      totalUpdatedCells: 1,
      totalUpdatedRows: 1,
      responses: [
        {
          updatedRange: 'Sheet1!A2:C2',
          updatedCells: 1,
          dataFilter: lookup('r3'),
          updatedData: { range: 'Sheet1!A2:Z2', values: [['r3', '=无花果', 1]] },
        },
      ],
    });
    expect(res.data.responses).toHaveLength(1); // the filter matching nothing wrote nothing
    const grid = (await s.sheets.spreadsheets.values.get({ spreadsheetId: id, range: 'A1:C4', valueRenderOption: 'FORMULA' })).data.values;
    expect(grid).toEqual([
      ['id', 'name', 'qty'],
      ['r3', '=无花果', 1],
      ['r1', 'pear', 3],
      ['r2', 'apple', 10],
    ]);
  });

  it('deleteDeveloperMetadata by lookup; errors for a row range, a missing key, visibility', async () => {
    await bu([tag(1, 'r1'), tag(2, 'r1')]);
    const del = await bu([{ deleteDeveloperMetadata: { dataFilter: lookup('r1') } }]);
    expect(del.data.replies![0]!.deleteDeveloperMetadata!.deletedDeveloperMetadata).toHaveLength(2);
    expect((await getByTag('r1')).valueRanges).toBeUndefined();
    const wide = await apiError(
      bu([
        {
          createDeveloperMetadata: {
            developerMetadata: {
              metadataKey: 'k',
              visibility: 'PROJECT',
              location: { dimensionRange: { sheetId: 0, dimension: 'ROWS', startIndex: 1, endIndex: 3 } },
            },
          },
        },
      ]),
    );
    expect(wide.status).toBe(400);
    expect(
      (await apiError(bu([{ createDeveloperMetadata: { developerMetadata: { visibility: 'PROJECT', location: { sheetId: 0 } } } }])))
        .status,
    ).toBe(400);
    expect(
      (await apiError(bu([{ createDeveloperMetadata: { developerMetadata: { metadataKey: 'k', location: { sheetId: 0 } } } }]))).status,
    ).toBe(400);
  });

  it('a new row in one atomic batchUpdate: insertDimension under the data, updateCells typed as RAW, tagged on creation', async () => {
    const cell = (v: object) => ({ userEnteredValue: v });
    const res = await bu([
      { insertDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 2, endIndex: 3 }, inheritFromBefore: true } },
      {
        updateCells: {
          start: { sheetId: 0, rowIndex: 2, columnIndex: 0 },
          rows: [
            { values: [cell({ stringValue: 'r9' }), cell({ stringValue: '=1+1' }), cell({ numberValue: 7 }), cell({ boolValue: true })] },
          ],
          fields: 'userEnteredValue',
        },
      },
      tag(2, 'r9'),
    ]);
    expect(res.data.replies?.slice(0, 2)).toEqual([{}, {}]);
    // Inserted, not written over: r2 and r3 moved down; the text that looks like a formula stays text.
    const rows = await s.sheets.spreadsheets.values.get({ spreadsheetId: id, range: 'Sheet1', valueRenderOption: 'FORMULA' });
    expect(rows.data.values).toEqual([
      ['id', 'name', 'qty'],
      ['r1', 'pear', 3],
      ['r9', '=1+1', 7, true],
      ['r2', 'apple', 10],
      ['r3', 'fig', 1],
    ]);
    const formatted = await s.sheets.spreadsheets.values.get({ spreadsheetId: id, range: 'Sheet1!B3' });
    expect(formatted.data.values).toEqual([['=1+1']]);
    expect((await getByTag('r9')).valueRanges?.[0]?.valueRange).toMatchObject({ range: 'Sheet1!A3:Z3', values: [['r9', '=1+1', 7, true]] });
  });

  it('insertDimension at the end of a full grid grows it; a batchUpdate with one invalid request applies nothing', async () => {
    const grid = async () =>
      (await s.sheets.spreadsheets.get({ spreadsheetId: id, fields: 'sheets.properties.gridProperties' })).data.sheets![0]!.properties!
        .gridProperties!;
    const rowCount = (await grid()).rowCount!;
    await bu([
      {
        insertDimension: {
          range: { sheetId: 0, dimension: 'ROWS', startIndex: rowCount, endIndex: rowCount + 1 },
          inheritFromBefore: true,
        },
      },
      {
        updateCells: {
          start: { sheetId: 0, rowIndex: rowCount, columnIndex: 0 },
          rows: [{ values: [{ userEnteredValue: { stringValue: 'last' } }] }],
          fields: 'userEnteredValue',
        },
      },
      tag(rowCount, 'last'),
    ]);
    expect((await grid()).rowCount).toBe(rowCount + 1);
    expect((await getByTag('last')).valueRanges?.[0]?.valueRange?.values).toEqual([['last']]);
    const err = await apiError(
      bu([
        { insertDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 1, endIndex: 2 }, inheritFromBefore: true } },
        tag(1, 'r0'),
        { updateCells: { start: { sheetId: 99, rowIndex: 1, columnIndex: 0 }, rows: [], fields: 'userEnteredValue' } },
      ]),
    );
    expect(err.status).toBe(400);
    expect((await grid()).rowCount).toBe(rowCount + 1);
    expect((await getByTag('r0')).valueRanges ?? []).toEqual([]);
    const first = await s.sheets.spreadsheets.values.get({ spreadsheetId: id, range: 'Sheet1!A2' });
    expect(first.data.values).toEqual([['r1']]);
  });

  it('appendCells goes after the last row with data, values typed', async () => {
    await bu([
      {
        appendCells: {
          sheetId: 0,
          rows: [{ values: [{}, { userEnteredValue: { stringValue: '+86 139' } }, { userEnteredValue: { numberValue: 0.5 } }] }],
          fields: 'userEnteredValue',
        },
      },
    ]);
    const rows = await s.sheets.spreadsheets.values.get({ spreadsheetId: id, range: 'Sheet1', valueRenderOption: 'UNFORMATTED_VALUE' });
    expect(rows.data.values?.at(-1)).toEqual(['', '+86 139', 0.5]);
    expect(rows.data.values).toHaveLength(5);
  });
});
