/**
 * The emulator applies each write to a copy that shares the cells it does not touch
 * (tools/sheets-emulator/store.ts): all or nothing must stay exact across sheets, and the
 * committed spreadsheet must never be changed in place.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { batchUpdate } from '../../tools/sheets-emulator/batch-update.js';
import { apiError, setup, type Setup } from './helpers.js';

let s: Setup;
let id: string;
const DATA = 0;
const SUMS = 77;
beforeAll(async () => {
  s = await setup();
});
afterAll(async () => {
  await s.emu.close();
});
beforeEach(async () => {
  id = (
    await s.sheets.spreadsheets.create({
      requestBody: {
        properties: { title: 'COW' },
        sheets: [{ properties: { title: 'Data', sheetId: DATA } }, { properties: { title: '合计', sheetId: SUMS } }],
      },
    })
  ).data.spreadsheetId!;
  await s.sheets.spreadsheets.values.batchUpdate({
    spreadsheetId: id,
    requestBody: {
      valueInputOption: 'USER_ENTERED',
      data: [
        {
          range: 'Data!A1',
          values: [
            ['item', 'qty'],
            ['pear', 3],
            ['fig', 1],
            ['kiwi', 10],
            ['total', '=SUM(B2:B4)'],
          ],
        },
        { range: '合计!A1', values: [['=SUM(Data!B2:B4)', "='Data'!B3*2", '=A1+1', '=Data!B9']] },
      ],
    },
  });
});

const bu = (requests: object[]) => s.sheets.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests } });
const formulas = async (range: string) =>
  (await s.sheets.spreadsheets.values.get({ spreadsheetId: id, range, valueRenderOption: 'FORMULA' })).data.values;
/** Everything a client can see: properties, merges, named ranges, protected ranges, filters, groups, cells, metadata. */
const everything = async () => ({
  spreadsheet: (await s.sheets.spreadsheets.get({ spreadsheetId: id, includeGridData: true })).data,
  metadata: (
    await s.sheets.spreadsheets.developerMetadata.search({
      spreadsheetId: id,
      requestBody: { dataFilters: [{ developerMetadataLookup: { visibility: 'DOCUMENT' } }] },
    })
  ).data,
});
const insertRow = (sheetId: number, at: number) => ({
  insertDimension: { range: { sheetId, dimension: 'ROWS', startIndex: at, endIndex: at + 1 } },
});

/** Freezes the committed spreadsheet, so any write that reaches it instead of the copy throws. */
function freezeCommitted() {
  const seen = new WeakSet<object>();
  const freeze = (o: unknown) => {
    if (!o || typeof o !== 'object' || seen.has(o)) return;
    seen.add(o);
    Object.freeze(o);
    for (const v of Object.values(o)) freeze(v);
  };
  freeze(s.emu.getSpreadsheet(id));
}

describe('copy-on-write writes', () => {
  it('rows inserted or deleted in one sheet shift the formulas of another sheet that point at them', async () => {
    await bu([insertRow(DATA, 2)]);
    expect(await formulas('合计!A1:D1')).toEqual([['=SUM(Data!B2:B5)', "='Data'!B4*2", '=A1+1', '=Data!B10']]);
    expect(await formulas('Data!B6')).toEqual([['=SUM(B2:B5)']]);
    await bu([{ deleteDimension: { range: { sheetId: DATA, dimension: 'ROWS', startIndex: 1, endIndex: 3 } } }]);
    expect(await formulas('合计!A1:D1')).toEqual([['=SUM(Data!B2:B3)', "='Data'!B2*2", '=A1+1', '=Data!B8']]);
    // Rows of the formulas' own sheet move only its unprefixed references.
    await bu([insertRow(SUMS, 0)]);
    expect(await formulas('合计!A2:D2')).toEqual([['=SUM(Data!B2:B3)', "='Data'!B2*2", '=A2+1', '=Data!B8']]);
  });

  it('a batch failing after an insert in one sheet leaves every sheet as it was: formulas elsewhere, metadata, merges, names, properties', async () => {
    await bu([
      {
        createDeveloperMetadata: {
          developerMetadata: {
            metadataKey: 'houqin.row',
            metadataValue: 'Data:pear',
            visibility: 'DOCUMENT',
            location: { dimensionRange: { sheetId: DATA, dimension: 'ROWS', startIndex: 1, endIndex: 2 } },
          },
        },
      },
      { addNamedRange: { namedRange: { namedRangeId: 'qty', name: 'qty', range: { sheetId: DATA, startRowIndex: 1, endRowIndex: 4 } } } },
      { mergeCells: { range: { sheetId: SUMS, startRowIndex: 3, endRowIndex: 4, startColumnIndex: 0, endColumnIndex: 2 } } },
    ]);
    const before = await everything();
    const e = await apiError(
      bu([
        insertRow(DATA, 2),
        {
          updateCells: {
            start: { sheetId: SUMS, rowIndex: 5, columnIndex: 0 },
            rows: [{ values: [{ userEnteredValue: { stringValue: 'written' } }] }],
            fields: 'userEnteredValue',
          },
        },
        { unmergeCells: { range: { sheetId: SUMS, startRowIndex: 0, endRowIndex: 10, startColumnIndex: 0, endColumnIndex: 5 } } },
        {
          updateDeveloperMetadata: {
            dataFilters: [{ developerMetadataLookup: { metadataKey: 'houqin.row' } }],
            developerMetadata: { metadataValue: 'changed' },
            fields: 'metadataValue',
          },
        },
        { updateNamedRange: { namedRange: { namedRangeId: 'qty', name: 'menge' }, fields: 'name' } },
        { updateSheetProperties: { properties: { sheetId: SUMS, title: 'Totals', gridProperties: { frozenRowCount: 1 } }, fields: '*' } },
        { updateSpreadsheetProperties: { properties: { title: 'renamed' }, fields: 'title' } },
        { addSheet: { properties: { title: 'New', sheetId: 5 } } },
        { deleteSheet: { sheetId: 12345 } },
      ]),
    );
    expect(e.status).toBe(400);
    expect(e.message).toContain('requests[8].deleteSheet');
    expect(await everything()).toEqual(before);
    expect(await formulas('合计!A1:D1')).toEqual([['=SUM(Data!B2:B4)', "='Data'!B3*2", '=A1+1', '=Data!B9']]);
  });

  it('never changes the committed spreadsheet in place, and ends where a plain copy would', async () => {
    await bu([{ addSheet: { properties: { title: 'Extra', sheetId: 9 } } }]);
    const batches: object[][] = [
      [
        insertRow(DATA, 1),
        { insertDimension: { range: { sheetId: DATA, dimension: 'COLUMNS', startIndex: 1, endIndex: 2 }, inheritFromBefore: true } },
        { deleteDimension: { range: { sheetId: DATA, dimension: 'COLUMNS', startIndex: 1, endIndex: 2 } } },
        { moveDimension: { source: { sheetId: DATA, dimension: 'ROWS', startIndex: 2, endIndex: 3 }, destinationIndex: 5 } },
        {
          sortRange: {
            range: { sheetId: DATA, startRowIndex: 1, endRowIndex: 5, startColumnIndex: 0, endColumnIndex: 2 },
            sortSpecs: [{ dimensionIndex: 1 }],
          },
        },
        {
          repeatCell: {
            range: { sheetId: SUMS, startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 4 },
            cell: { userEnteredFormat: { numberFormat: { type: 'NUMBER', pattern: '0.0' } } },
            fields: 'userEnteredFormat.numberFormat',
          },
        },
        {
          setDataValidation: {
            range: { sheetId: DATA, startRowIndex: 1, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 1 },
            rule: { condition: { type: 'ONE_OF_LIST', values: [{ userEnteredValue: 'pear' }] } },
          },
        },
        {
          copyPaste: {
            source: { sheetId: DATA, startRowIndex: 0, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 2 },
            destination: { sheetId: 9, startRowIndex: 0, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 2 },
          },
        },
        {
          cutPaste: {
            source: { sheetId: 9, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 2 },
            destination: { sheetId: 9, rowIndex: 5, columnIndex: 3 },
          },
        },
        { mergeCells: { range: { sheetId: 9, startRowIndex: 1, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 2 } } },
        {
          setBasicFilter: {
            filter: {
              range: { sheetId: DATA, startRowIndex: 0, endRowIndex: 6, startColumnIndex: 0, endColumnIndex: 2 },
              sortSpecs: [{ dimensionIndex: 0, sortOrder: 'DESCENDING' }],
            },
          },
        },
        { addDimensionGroup: { range: { sheetId: DATA, dimension: 'ROWS', startIndex: 1, endIndex: 3 } } },
        {
          addProtectedRange: {
            protectedRange: { protectedRangeId: 4, range: { sheetId: SUMS, startRowIndex: 0, endRowIndex: 1 }, warningOnly: true },
          },
        },
        {
          addNamedRange: { namedRange: { namedRangeId: 'n1', name: 'items', range: { sheetId: DATA, startRowIndex: 1, endRowIndex: 4 } } },
        },
        {
          createDeveloperMetadata: {
            developerMetadata: {
              metadataId: 11,
              metadataKey: 'k',
              visibility: 'DOCUMENT',
              location: { dimensionRange: { sheetId: DATA, dimension: 'ROWS', startIndex: 2, endIndex: 3 } },
            },
          },
        },
        {
          updateDimensionProperties: {
            range: { sheetId: SUMS, dimension: 'COLUMNS', startIndex: 0, endIndex: 1 },
            properties: { pixelSize: 150 },
            fields: 'pixelSize',
          },
        },
        { appendDimension: { sheetId: 9, dimension: 'ROWS', length: 5 } },
        {
          appendCells: {
            sheetId: SUMS,
            rows: [{ values: [{ userEnteredValue: { formulaValue: '=Data!B2' } }] }],
            fields: 'userEnteredValue',
          },
        },
        insertRow(DATA, 3),
        {
          updateSheetProperties: { properties: { sheetId: 9, gridProperties: { rowCount: 4, columnCount: 3 } }, fields: 'gridProperties' },
        },
        { updateSpreadsheetProperties: { properties: { title: 'renamed' }, fields: 'title' } },
      ],
      [
        { deleteDimension: { range: { sheetId: DATA, dimension: 'ROWS', startIndex: 1, endIndex: 2 } } },
        {
          updateDeveloperMetadata: {
            dataFilters: [{ developerMetadataLookup: { metadataId: 11 } }],
            developerMetadata: { metadataValue: 'v' },
            fields: 'metadataValue',
          },
        },
        { updateNamedRange: { namedRange: { namedRangeId: 'n1', name: 'things' }, fields: 'name' } },
        { unmergeCells: { range: { sheetId: 9, startRowIndex: 0, endRowIndex: 4, startColumnIndex: 0, endColumnIndex: 3 } } },
        { clearBasicFilter: { sheetId: DATA } },
        { deleteDimensionGroup: { range: { sheetId: DATA, dimension: 'ROWS', startIndex: 1, endIndex: 3 } } },
        { deleteProtectedRange: { protectedRangeId: 4 } },
        { deleteDeveloperMetadata: { dataFilter: { developerMetadataLookup: { metadataId: 11 } } } },
        { deleteSheet: { sheetId: 9 } },
      ],
    ];
    for (const requests of batches) {
      const expected = structuredClone(s.emu.getSpreadsheet(id)!);
      batchUpdate(expected, { requests }, { user: s.key.client_email });
      freezeCommitted();
      await bu(requests);
      expect(JSON.parse(JSON.stringify(s.emu.getSpreadsheet(id)))).toEqual(JSON.parse(JSON.stringify(expected)));
    }
    // Values writes go through the same copy: an append that inserts rows shifts formulas elsewhere.
    freezeCommitted();
    await s.sheets.spreadsheets.values.append({
      spreadsheetId: id,
      range: 'Data!A1',
      valueInputOption: 'RAW',
      insertDataOption: 'INSERT_ROWS',
      requestBody: { values: [['plum', 4]] },
    });
    freezeCommitted();
    await s.sheets.spreadsheets.values.batchClear({ spreadsheetId: id, requestBody: { ranges: ['合计!B1'] } });
    freezeCommitted();
    const bad = await apiError(
      s.sheets.spreadsheets.values.batchUpdate({
        spreadsheetId: id,
        requestBody: {
          valueInputOption: 'RAW',
          data: [
            { range: '合计!A9', values: [['x']] },
            { range: 'Nowhere!A1', values: [['y']] },
          ],
        },
      }),
    );
    expect(bad.status).toBe(400);
    expect(await s.sheets.spreadsheets.values.get({ spreadsheetId: id, range: '合计!A9' }).then((r) => r.data.values)).toBeUndefined();
  });
});
