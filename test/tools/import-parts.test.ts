/**
 * The importer's parts alone: CSV decoding and parsing, totals rows, ID assignment,
 * option binding, and appends whose outcome is unknown (never a doubled row).
 */
import { google, type sheets_v4 } from 'googleapis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assets, people } from '../../sheets-schema/index.js';
import { decodeText, parseCsv } from '../../tools/import/csv.js';
import { IdAssigner } from '../../tools/import/plan.js';
import { isTotalsRow } from '../../src/core/table/table.js';
import { appendRecords, readTarget } from '../../tools/import/write.js';
import { bindValues } from '../../tools/setup/args.js';
import { toolEnv, writesIn, type ToolEnv } from './helpers.js';

describe('CSV', () => {
  it('decodes UTF-8 with and without a BOM, UTF-16 (Excel "Unicode text"), and GBK', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('名称')]))).toEqual({
      text: '名称',
      encoding: 'utf-8',
    });
    expect(decodeText(new TextEncoder().encode('名称'))).toEqual({ text: '名称', encoding: 'utf-8' });
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x0d, 0x54, 0xf0, 0x79]))).toEqual({ text: '名称', encoding: 'utf-16le' });
    expect(decodeText(new Uint8Array([0xc3, 0xfb, 0xb3, 0xc6]))).toEqual({ text: '名称', encoding: 'gbk' });
  });

  it('parses quoted fields with commas, doubled quotes and line breaks; CRLF; tabs when tab-separated', () => {
    expect(parseCsv('a,"b,1","say ""hi""","two\r\nlines"\r\nc,,d\r\n')).toEqual([
      ['a', 'b,1', 'say "hi"', 'two\r\nlines'],
      ['c', '', 'd'],
    ]);
    expect(parseCsv('名称\t单价\n课桌\t1,280\n')).toEqual([
      ['名称', '单价'],
      ['课桌', '1,280'],
    ]);
  });
});

describe('totals rows', () => {
  it('are recognised by 合计/小计/总计 in any cell, with spaces or full-width text', () => {
    expect(isTotalsRow(['合 计', null, 9300])).toBe(true);
    expect(isTotalsRow([null, '本页小计：', 12])).toBe(true);
    expect(isTotalsRow(['总计'])).toBe(true);
    expect(isTotalsRow(['JJ-0001', '课桌', '家具'])).toBe(false);
  });
});

describe('IDs for rows without one', () => {
  it('asset tags continue per category after the highest existing', () => {
    const ids = new IdAssigner(assets, ['JJ-0041', 'JJ-0042', 'jj-0007', 'DQ-0100', 'X-1']);
    expect(ids.next({ category: 'furniture' })).toBe('JJ-0043');
    expect(ids.next({ category: 'furniture' })).toBe('JJ-0044');
    expect(ids.next({ category: 'electrical' })).toBe('DQ-0101');
    expect(ids.next({ category: 'sports' })).toBe('TY-0001');
  });

  it('other tabs continue their own numbering, or get new row IDs when they have none', () => {
    expect(new IdAssigner(people, ['P001', 'P047', 'P-20260101-ABCDEFGH']).next({})).toBe('P048');
    expect(new IdAssigner(people, []).next({})).toMatch(/^P-\d{8}-[0-9A-Z]{8}$/);
  });
});

it('option values that start with "-" (Google IDs can) are bound to their option', () => {
  expect(bindValues(['file.csv', '--spreadsheet', '-1Ab', '--dry-run', '--key=k.json'], new Set(['spreadsheet', 'key']))).toEqual([
    'file.csv',
    '--spreadsheet=-1Ab',
    '--dry-run',
    '--key=k.json',
  ]);
});

describe('appends with an unknown outcome', () => {
  let env: ToolEnv;
  let id: string;
  let sheets: sheets_v4.Sheets;
  beforeAll(async () => {
    env = await toolEnv();
    id = await env.emu.importSpreadsheet({
      title: 'faults',
      owner: env.schoolEmail,
      sheets: [
        { title: '资产', rows: [assets.columns.map((c) => c.zh)] },
        { title: '操作日志', rows: [['编号', '时间', '操作人', '操作', '表', '行编号', '修改前', '修改后']] },
      ],
    });
    sheets = google.sheets({ version: 'v4', auth: env.schoolAuth, rootUrl: `${env.emu.url}/` });
  });
  afterAll(async () => env.close());

  const records = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => {
      const tag = `JJ-${String(from + i).padStart(4, '0')}`;
      return { id: tag, values: { tag, name: `课桌 ${from + i}`, category: 'furniture', status: 'in_use' } };
    });

  /** A client whose first append lands but whose answer is lost (a 503 after the write). */
  function losingFirstAnswer(fail: 'after' | 'before', status: number) {
    let calls = 0;
    const append = sheets.spreadsheets.values.append.bind(sheets.spreadsheets.values);
    const wrapped = Object.create(sheets) as sheets_v4.Sheets;
    const values = Object.create(sheets.spreadsheets.values) as sheets_v4.Resource$Spreadsheets$Values;
    values.append = (async (params: sheets_v4.Params$Resource$Spreadsheets$Values$Append) => {
      calls++;
      if (calls === 1) {
        if (fail === 'after') await append(params);
        throw Object.assign(new Error(`status ${status}`), { response: { status, headers: {}, data: {} } });
      }
      return append(params);
    }) as never;
    Object.defineProperty(wrapped, 'spreadsheets', { value: Object.assign(Object.create(sheets.spreadsheets), { values }) });
    return wrapped;
  }

  it('a lost answer after the rows landed: reads the IDs and sends nothing twice', async () => {
    const client = losingFirstAnswer('after', 503);
    const target = await readTarget(client, id, assets);
    await appendRecords(client, id, target, records(1, 3), { person: 'test', action: 'assets.import' });
    const tags = (env.emu.sheetValues(id, '资产').values as unknown[][]).slice(1).map((r) => r[0]);
    expect(tags).toEqual(['JJ-0001', 'JJ-0002', 'JJ-0003']);
    expect((env.emu.sheetValues(id, '操作日志').values as unknown[][]).length).toBe(4);
  });

  it('a 429 (nothing applied) is simply sent again', async () => {
    const client = losingFirstAnswer('before', 429);
    const target = await readTarget(client, id, assets);
    env.emu.resetLog();
    await appendRecords(client, id, target, records(4, 2), { person: 'test', action: 'assets.import' });
    const tags = (env.emu.sheetValues(id, '资产').values as unknown[][]).slice(1).map((r) => r[0]);
    expect(tags).toEqual(['JJ-0001', 'JJ-0002', 'JJ-0003', 'JJ-0004', 'JJ-0005']);
    expect(writesIn(env.emu).map((e) => e.kind)).toEqual(['values.append', 'values.append']);
  });
});
