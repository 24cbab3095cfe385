/**
 * `npm run setup -- --district`: a district office's spreadsheet (人员 with the director as
 * D001, 学校, 操作日志) against the emulator with the same googleapis calls, shared with the
 * portal's service account, and exactly what `--check --district` expects.
 */
import { google } from 'googleapis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtTabs } from '../../sheets-schema/index.js';
import { main } from '../../tools/setup/cli.js';
import { captureIo, portalSheets, toolEnv, writesIn, type ToolEnv } from './helpers.js';

let env: ToolEnv;
let spreadsheetId = '';
let out = '';
let code = -1;

beforeAll(async () => {
  env = await toolEnv();
  const run = captureIo();
  code = await main(
    [
      '--district',
      '--name',
      '示范区教育局',
      '--director',
      '郑局长',
      '--director-phone',
      '13900000001',
      '--service-account',
      env.portalKeyFile,
      '--api',
      env.emu.url,
    ],
    { auth: env.schoolAuth, actingAs: env.schoolEmail },
    run.io,
  );
  out = run.text();
  spreadsheetId = /SPREADSHEET_ID: (\S+)/.exec(out)?.[1] ?? '';
}, 60_000);

afterAll(async () => {
  await env?.close();
});

describe('npm run setup -- --district', () => {
  it('creates the district tabs with the director as D001, shared with the portal', async () => {
    expect(code, out).toBe(0);
    const sheets = google.sheets({ version: 'v4', auth: env.schoolAuth, rootUrl: `${env.emu.url}/` });
    const meta = await sheets.spreadsheets.get({ spreadsheetId });
    expect(meta.data.sheets!.map((s) => s.properties!.title)).toEqual(['说明', ...districtTabs.map((t) => t.zh)]);
    const asPortal = await portalSheets(env).spreadsheets.values.get({
      spreadsheetId,
      range: "'人员'",
      valueRenderOption: 'UNFORMATTED_VALUE',
    });
    const [header, row] = asPortal.data.values!;
    expect(Object.fromEntries(header!.map((h, i) => [h, row![i]]))).toMatchObject({
      编号: 'D001',
      姓名: '郑局长',
      角色: '局领导',
      启用: true,
    });
    const schools = await sheets.spreadsheets.values.get({ spreadsheetId, range: "'学校'!1:1" });
    expect(schools.data.values![0]).toEqual(expect.arrayContaining(['学校名称', '表格ID', '片区', '寄宿制', '联系人']));
  });

  it('prints the SCHOOLS entry and the first sign-in step', () => {
    expect(out).toContain(`"spreadsheetId":"${spreadsheetId}","name":"示范区教育局","district":true`);
    expect(out).toContain('--person D001');
  });

  it('passes --check --district without a difference, reading only', async () => {
    env.emu.resetLog();
    const check = captureIo();
    expect(
      await main(['--check', '--district', '--spreadsheet', spreadsheetId, '--api', env.emu.url], { auth: env.schoolAuth }, check.io),
    ).toBe(0);
    expect(check.text()).toContain('没有差异');
    expect(writesIn(env.emu)).toEqual([]);
  }, 30_000);
});
