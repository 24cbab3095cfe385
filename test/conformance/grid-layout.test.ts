/**
 * What the register engine reads of a sheet-declared register's tab (src/core/registers/sheet.ts):
 * one spreadsheets.get with ranges and a field mask returning header notes, dropdowns and number
 * formats. Google ignores includeGridData when a field mask is set; the mask alone decides.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setup, type Setup } from './helpers.js';

let s: Setup;
let spreadsheetId: string;
let sheetId: number;
const MASK = 'sheets(properties(sheetId,title),data(rowData(values(formattedValue,note,dataValidation,userEnteredFormat.numberFormat))))';

beforeAll(async () => {
  s = await setup();
  const created = await s.sheets.spreadsheets.create({
    requestBody: { properties: { title: 'layout' }, sheets: [{ properties: { title: '急救箱' } }, { properties: { title: '其他' } }] },
  });
  spreadsheetId = created.data.spreadsheetId!;
  sheetId = created.data.sheets![0]!.properties!.sheetId!;
  await s.sheets.spreadsheets.values.update({
    spreadsheetId,
    range: "'急救箱'!A1:D2",
    valueInputOption: 'RAW',
    requestBody: {
      values: [
        ['编号', '类型', '有效期', '金额'],
        ['JJ-1', '大号', 46000, 12.5],
      ],
    },
  });
  await s.sheets.spreadsheets.batchUpdate({
    spreadsheetId,
    requestBody: {
      requests: [
        {
          setDataValidation: {
            range: { sheetId, startRowIndex: 1, endRowIndex: 1000, startColumnIndex: 1, endColumnIndex: 2 },
            rule: {
              condition: { type: 'ONE_OF_LIST', values: [{ userEnteredValue: '大号' }, { userEnteredValue: '小号' }] },
              strict: true,
              showCustomUi: true,
            },
          },
        },
        {
          repeatCell: {
            range: { sheetId, startRowIndex: 1, endRowIndex: 1000, startColumnIndex: 2, endColumnIndex: 3 },
            cell: { userEnteredFormat: { numberFormat: { type: 'DATE', pattern: 'yyyy-mm-dd' } } },
            fields: 'userEnteredFormat.numberFormat',
          },
        },
        {
          repeatCell: {
            range: { sheetId, startRowIndex: 1, endRowIndex: 1000, startColumnIndex: 3, endColumnIndex: 4 },
            cell: { userEnteredFormat: { numberFormat: { type: 'CURRENCY', pattern: '"¥"#,##0.00' } } },
            fields: 'userEnteredFormat.numberFormat',
          },
        },
        {
          updateCells: {
            range: { sheetId, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 },
            rows: [{ values: [{ note: '人员' }] }],
            fields: 'note',
          },
        },
      ],
    },
  });
});
afterAll(async () => s?.emu.close());

describe('spreadsheets.get with ranges and a field mask', () => {
  it("returns the header row, its notes, and the first data row's dropdown and formats — nothing else", async () => {
    const res = await s.sheets.spreadsheets.get({ spreadsheetId, ranges: ["'急救箱'!1:2"], fields: MASK });
    expect(res.data.sheets).toHaveLength(1);
    const sheet = res.data.sheets![0]!;
    expect(sheet.properties).toEqual({ sheetId, title: '急救箱' });
    const [header, first] = sheet.data![0]!.rowData!;
    expect(header!.values!.map((v) => v.formattedValue)).toEqual(['编号', '类型', '有效期', '金额']);
    expect(header!.values![0]!.note).toBe('人员');
    expect(first!.values![1]!.dataValidation).toMatchObject({
      condition: { type: 'ONE_OF_LIST', values: [{ userEnteredValue: '大号' }, { userEnteredValue: '小号' }] },
    });
    expect(first!.values![2]!.userEnteredFormat).toEqual({ numberFormat: { type: 'DATE', pattern: 'yyyy-mm-dd' } });
    expect(first!.values![3]!.userEnteredFormat).toEqual({ numberFormat: { type: 'CURRENCY', pattern: '"¥"#,##0.00' } });
    expect(first!.values![0]).not.toHaveProperty('userEnteredValue');
  });

  it('returns no grid data when the mask does not ask for it, even with includeGridData', async () => {
    const res = await s.sheets.spreadsheets.get({
      spreadsheetId,
      ranges: ["'急救箱'!1:2"],
      includeGridData: true,
      fields: 'sheets.properties.title',
    });
    expect(res.data.sheets![0]).toEqual({ properties: { title: '急救箱' } });
  });

  it('still returns grid data for includeGridData without a mask', async () => {
    const res = await s.sheets.spreadsheets.get({ spreadsheetId, ranges: ["'急救箱'!A1:B1"], includeGridData: true });
    expect(res.data.sheets![0]!.data![0]!.rowData![0]!.values![1]!.formattedValue).toBe('类型');
  });
});
