import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../tools/sheets-emulator/index.js';
import { jwtClient, setup, sheetsFor } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sheets-emu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('persistence', () => {
  it('keeps spreadsheets, keys and tokens across a restart (atomic state file)', async () => {
    const stateFile = join(dir, 'state.json');
    const a = await startEmulator({ port: 0, stateFile });
    const key = await a.createServiceAccount();
    const sheets = sheetsFor(a, jwtClient(a, key));
    const id = (await sheets.spreadsheets.create({ requestBody: { properties: { title: '持久' } } })).data.spreadsheetId!;
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: 'A1',
      valueInputOption: 'USER_ENTERED',
      requestBody: { values: [['2026-03-05', '=1+1']] },
    });
    await a.close();
    expect(existsSync(stateFile)).toBe(true);
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).version).toBe(1);

    const b = await startEmulator({ port: 0, stateFile });
    try {
      const again = sheetsFor(b, jwtClient(b, key)); // same key file still trusted
      const got = await again.spreadsheets.values.get({ spreadsheetId: id, range: 'A1:B1', valueRenderOption: 'FORMULA' });
      expect(got.data.values).toEqual([[46086, '=1+1']]);
      expect((await again.spreadsheets.values.get({ spreadsheetId: id, range: 'A1' })).data.values).toEqual([['2026-03-05']]);
    } finally {
      await b.close();
    }
  });
});

describe('control API over HTTP', () => {
  it('mints keys, imports spreadsheets, snapshots, shares and edits without quota', async () => {
    const { emu } = await setup();
    try {
      const post = async (path: string, body: unknown) => {
        const res = await fetch(`${emu.url}/__emulator${path}`, { method: 'POST', body: JSON.stringify(body) });
        return { status: res.status, body: (await res.json()) as any };
      };
      const key = (await post('/service-accounts', { email: 'bench@houqin-local.iam.gserviceaccount.com' })).body;
      expect(key).toMatchObject({
        type: 'service_account',
        client_email: 'bench@houqin-local.iam.gserviceaccount.com',
        token_uri: emu.tokenUrl,
      });
      const imported = await post('/spreadsheets', {
        title: '育才',
        locale: 'zh_CN',
        owner: key.client_email,
        sheets: [
          {
            title: '资产',
            frozenRowCount: 1,
            rows: [
              ['编号', '购置日期', '金额'],
              ['JJ-0001', 46086, 12.5],
              ['JJ-0002', 46087, 1200],
            ],
            numberFormats: { 购置日期: { type: 'DATE', pattern: 'yyyy-mm-dd' }, 金额: { type: 'CURRENCY', pattern: '"¥"#,##0.00' } },
          },
        ],
      });
      expect(imported.status).toBe(200);
      const id = imported.body.spreadsheetId as string;
      const snap = (await (await fetch(`${emu.url}/__emulator/spreadsheets/${id}`)).json()) as any;
      expect(snap.sheets[0]).toMatchObject({
        title: '资产',
        frozenRowCount: 1,
        values: [
          ['编号', '购置日期', '金额'],
          ['JJ-0001', 46086, 12.5],
          ['JJ-0002', 46087, 1200],
        ],
      });
      const formatted = (await (
        await fetch(`${emu.url}/__emulator/spreadsheets/${id}/values?sheet=${encodeURIComponent('资产')}&render=FORMATTED_VALUE`)
      ).json()) as any;
      expect(formatted.values[2]).toEqual(['JJ-0002', '2026-03-06', '¥1,200.00']);
      // a client with the minted key can read it through googleapis
      const api = sheetsFor(emu, jwtClient(emu, key));
      expect((await api.spreadsheets.values.get({ spreadsheetId: id, range: '资产!A2' })).data.values).toEqual([['JJ-0001']]);
      // staff-like edit: sort by amount descending, then insert a row at the top of the data
      const edit = await post(`/spreadsheets/${id}/edit`, {
        requests: [
          {
            sortRange: {
              range: { sheetId: snap.sheets[0].sheetId, startRowIndex: 1 },
              sortSpecs: [{ dimensionIndex: 2, sortOrder: 'DESCENDING' }],
            },
          },
          { insertDimension: { range: { sheetId: snap.sheets[0].sheetId, dimension: 'ROWS', startIndex: 1, endIndex: 2 } } },
        ],
        data: [{ range: '资产!A2', values: [['JJ-0003', '2026-01-01', '5']] }],
      });
      expect(edit.status).toBe(200);
      expect(emu.snapshot(id).sheets[0]!.values.slice(1)).toEqual([
        ['JJ-0003', 46023, 5],
        ['JJ-0002', 46087, 1200],
        ['JJ-0001', 46086, 12.5],
      ]);
      const other = (await post('/service-accounts', {})).body;
      expect((await post(`/spreadsheets/${id}/share`, { email: other.client_email })).status).toBe(200);
      expect((await sheetsFor(emu, jwtClient(emu, other)).spreadsheets.get({ spreadsheetId: id })).status).toBe(200);
      expect(emu.counters().byKind['spreadsheets.get']).toBe(1);
      expect(emu.counters().requests).toBe(2);
      const list = (await (await fetch(`${emu.url}/__emulator/spreadsheets`)).json()) as any[];
      expect(list.map((x) => x.title)).toEqual(['育才']);
      expect((await fetch(`${emu.url}/__emulator/spreadsheets/nope`)).status).toBe(404);
    } finally {
      await emu.close();
    }
  });
});

describe('web grid', () => {
  it('lists spreadsheets, shows a sheet with escaped cells, and saves a cell typed like staff do', async () => {
    const { emu } = await setup();
    try {
      const id = emu.createSpreadsheet({
        title: '<b>T</b>',
        sheets: [
          { title: 'Tab & 1', rows: [['<script>alert(1)</script>', 'ok']] },
          { title: 'Two', rows: [] },
        ],
      }).spreadsheetId;
      const index = await (await fetch(`${emu.url}/`)).text();
      expect(index).toContain('&lt;b&gt;T&lt;/b&gt;');
      expect(index).toContain(`/grid/${id}`);
      const page = await (await fetch(`${emu.url}/grid/${id}?sheet=${encodeURIComponent('Tab & 1')}&edit=B2`)).text();
      expect(page).not.toContain('<script>alert(1)</script>');
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page).toContain('Tab &amp; 1');
      expect(page).toContain('<th>A</th>');
      const csrf = /name="csrf" value="([0-9a-f]+)"/.exec(page)![1]!;
      const saved = await fetch(`${emu.url}/grid/${id}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf, sheet: 'Tab & 1', cell: 'B2', value: '2026-03-05' }),
      });
      expect(saved.status).toBe(303);
      expect(emu.snapshot(id).sheets[0]!.values[1]).toEqual(['', 46086]);
      const forged = await fetch(`${emu.url}/grid/${id}`, {
        method: 'POST',
        body: new URLSearchParams({ csrf: 'x', sheet: 'Tab & 1', cell: 'A1', value: 'evil' }),
      });
      expect(forged.status).toBe(403);
      expect(emu.log()).toEqual([]); // grid edits are staff edits, not API traffic
    } finally {
      await emu.close();
    }
  });

  it('renames, deletes and restores a tab (same sheet ID and cells) from the grid, as staff do in Sheets', async () => {
    const { emu } = await setup();
    try {
      const id = emu.createSpreadsheet({
        title: 'T',
        sheets: [
          {
            title: '场所',
            rows: [
              ['编号', '名称'],
              ['A-101', '=A2&"室"'],
            ],
          },
          { title: '人员', rows: [] },
        ],
      }).spreadsheetId;
      const before = emu.snapshot(id).sheets[0]!;
      const post = async (fields: Record<string, string>) => {
        const page = await (await fetch(`${emu.url}/grid/${id}`)).text();
        const csrf = /name="csrf" value="([0-9a-f]+)"/.exec(page)![1]!;
        return fetch(`${emu.url}/grid/${id}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ csrf, ...fields }),
        });
      };
      expect((await post({ op: 'rename', sheet: '场所', title: '场所（2026春）' })).status).toBe(303);
      expect(emu.snapshot(id).sheets.map((s) => [s.title, s.sheetId])).toEqual([
        ['场所（2026春）', before.sheetId],
        ['人员', emu.snapshot(id).sheets[1]!.sheetId],
      ]);
      expect((await post({ op: 'delete', sheet: '场所（2026春）' })).status).toBe(303);
      expect(emu.snapshot(id).sheets.map((s) => s.title)).toEqual(['人员']);
      expect(await (await fetch(`${emu.url}/grid/${id}`)).text()).toContain('Restore deleted tab 场所（2026春）');
      expect((await post({ op: 'restore', sheet: '人员' })).status).toBe(303);
      const back = emu.snapshot(id).sheets[0]!;
      expect([back.title, back.sheetId, back.values]).toEqual(['场所（2026春）', before.sheetId, before.values]);
      expect(((await emu.sheetValues(id, '场所（2026春）', 'FORMULA')) as { values: unknown[][] }).values[1]).toEqual([
        'A-101',
        '=A2&"室"',
      ]);
    } finally {
      await emu.close();
    }
  });
});
