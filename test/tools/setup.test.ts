/**
 * `npm run setup` after the browser sign-in: creating a school's spreadsheet from
 * sheets-schema against the emulator with the same googleapis calls used against Google,
 * sharing it through the Drive API (a stub at the HTTP boundary that performs the share
 * in the emulator), and the printed next steps.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { google, type sheets_v4 } from 'googleapis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allTabs, assets, people } from '../../sheets-schema/index.js';
import { readBootstrap } from '../../src/core/auth/grants.js';
import { main } from '../../tools/setup/cli.js';
import { makeLink } from '../../tools/setup/sign-in-link.js';
import { captureIo, portalSheets, toolEnv, writesIn, type ToolEnv } from './helpers.js';

let env: ToolEnv;
let drive: Server;
let driveUrl: string;
const driveCalls: Array<{ path: string; auth: string | undefined; body: Record<string, unknown> }> = [];
let refuseDrive = false;
let run: ReturnType<typeof captureIo>;
let code: number;
let spreadsheetId: string;
let school: sheets_v4.Sheets;

beforeAll(async () => {
  env = await toolEnv();
  // Google Drive's permissions.create, stubbed at the HTTP boundary: it records the call and
  // does what Drive would (the emulator's share), so the portal's account really gets access.
  drive = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw || '{}') as Record<string, unknown>;
    driveCalls.push({ path: req.url ?? '', auth: req.headers.authorization, body });
    if (refuseDrive) {
      // What Drive answers when the drive.file scope does not cover the file.
      res.writeHead(403, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error: { code: 403, message: 'The user does not have sufficient permissions for this file.', status: 'PERMISSION_DENIED' },
        }),
      );
      return;
    }
    const m = /^\/drive\/v3\/files\/([^/?]+)\/permissions/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m || !/^Bearer \S+/.test(req.headers.authorization ?? '')) {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: 401, message: 'Login Required', status: 'UNAUTHENTICATED' } }));
      return;
    }
    await fetch(`${env.emu.url}/__emulator/spreadsheets/${m[1]}/share`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: body.emailAddress }),
    });
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ kind: 'drive#permission', id: '1', type: 'user', role: 'writer' }));
  });
  await new Promise<void>((r) => drive.listen(0, '127.0.0.1', r));
  driveUrl = `http://127.0.0.1:${(drive.address() as AddressInfo).port}`;

  run = captureIo();
  code = await main(
    [
      '--school',
      '育才实验学校',
      '--head',
      '王主任',
      '--head-phone',
      '13800138000',
      '--service-account',
      env.portalKeyFile,
      '--api',
      env.emu.url,
      '--drive-api',
      driveUrl,
    ],
    { auth: env.schoolAuth, actingAs: env.schoolEmail },
    run.io,
  );
  spreadsheetId = /SPREADSHEET_ID: (\S+)/.exec(run.text())?.[1] ?? '';
  school = google.sheets({ version: 'v4', auth: env.schoolAuth, rootUrl: `${env.emu.url}/` });
}, 60_000); // a whole school's layout: every tab's dropdowns and formats
afterAll(async () => {
  await new Promise((r) => drive.close(r));
  await env.close();
});

async function grid(title: string, range = 'A1:Z2') {
  const res = await school.spreadsheets.get({ spreadsheetId, ranges: [`'${title}'!${range}`], includeGridData: true });
  return res.data.sheets![0]!;
}

describe('creating the spreadsheet', () => {
  it('succeeds and prints the address', () => {
    expect(run.errors()).toBe('');
    expect(code).toBe(0);
    expect(spreadsheetId).not.toBe('');
    expect(run.text()).toContain(`表格地址 / Spreadsheet: ${env.emu.url}/grid/${spreadsheetId}`);
  });

  it('has every schema tab titled in zh-CN, the 说明 tab first, with the school locale', async () => {
    const meta = await school.spreadsheets.get({ spreadsheetId });
    expect(meta.data.properties).toMatchObject({ title: '育才实验学校 后勤', locale: 'zh_CN', timeZone: 'Asia/Shanghai' });
    const titles = meta.data.sheets!.map((s) => s.properties!.title);
    expect(titles[0]).toBe('说明');
    expect(titles.slice(1)).toEqual(allTabs.map((t) => t.zh));
  });

  it('writes the zh-CN header row, frozen and protected with a warning only', async () => {
    const sheet = await grid('资产');
    const header = sheet.data![0]!.rowData![0]!.values!.map((v) => v.userEnteredValue?.stringValue);
    expect(header).toEqual(assets.columns.map((c) => c.zh));
    expect(sheet.properties!.gridProperties!.frozenRowCount).toBe(1);
    expect(sheet.protectedRanges).toHaveLength(1);
    expect(sheet.protectedRanges![0]).toMatchObject({ warningOnly: true, range: { startRowIndex: 0, endRowIndex: 1 } });
    // The header note tells staff what the column is.
    expect(sheet.data![0]!.rowData![0]!.values![0]!.note).toContain('资产编号（Tag），必填');
  });

  it('gives enum columns a dropdown of the zh labels, dates a date format and picker, money a ¥ format, widths from the schema', async () => {
    const sheet = await grid('资产');
    const row2 = sheet.data![0]!.rowData![1]!.values!;
    const at = (key: string) => row2[assets.columns.findIndex((c) => c.key === key)]!;
    expect(at('status').dataValidation).toMatchObject({
      condition: {
        type: 'ONE_OF_LIST',
        values: ['在用', '闲置', '借出', '维修中', '损坏', '已报废'].map((v) => ({ userEnteredValue: v })),
      },
      showCustomUi: true,
    });
    expect(at('category').dataValidation!.condition!.values!.map((v) => v.userEnteredValue)).toEqual([
      '家具',
      '电器',
      '教学设备',
      '信息设备',
      '体育器材',
      '图书',
      '工具',
      '其他',
    ]);
    expect(at('acquired').userEnteredFormat!.numberFormat).toEqual({ type: 'DATE', pattern: 'yyyy-mm-dd' });
    expect(at('acquired').dataValidation!.condition!.type).toBe('DATE_IS_VALID');
    expect(at('price').userEnteredFormat!.numberFormat).toEqual({ type: 'CURRENCY', pattern: '"¥"#,##0.00' });
    expect(at('tag').userEnteredFormat!.numberFormat).toEqual({ type: 'TEXT', pattern: '@' });
    expect(at('name').dataValidation).toBeUndefined();
    const widths = sheet.data![0]!.columnMetadata!.slice(0, assets.columns.length).map((m) => m.pixelSize);
    expect(widths).toEqual(assets.columns.map((c) => c.width ?? 100));
    // A yes/no column is a checkbox.
    const ppl = await grid('人员', 'A1:Z3'); // row 2 holds the head of logistics
    const active = ppl.data![0]!.rowData![2]!.values![people.columns.findIndex((c) => c.key === 'active')]!;
    expect(active.dataValidation!.condition!.type).toBe('BOOLEAN');
  });

  it('protects the whole 操作日志 tab with a warning (the portal writes it)', async () => {
    const sheet = await grid('操作日志');
    expect(sheet.protectedRanges![0]).toMatchObject({ warningOnly: true });
    expect(sheet.protectedRanges![0]!.range).toEqual({ sheetId: sheet.properties!.sheetId });
  });

  it('explains every tab and column in 说明: meaning, allowed values, help texts, and who may edit', async () => {
    const res = await school.spreadsheets.values.get({ spreadsheetId, range: "'说明'" });
    const text = res.data.values!.map((r) => r.join(' | ')).join('\n');
    for (const tab of allTabs) expect(text).toContain(tab.zh);
    expect(text).toContain('资产编号');
    expect(text).toContain('下拉选择：在用、闲置、借出、维修中、损坏、已报废');
    expect(text).toContain(people.columns.find((c) => c.key === 'email')!.help!.zh);
    expect(text).toContain(assets.help!.zh);
    // 备注 is staff-owned: the guide says the portal never overwrites it.
    const notes = res.data.values!.find((r) => r[1] === '备注' && r[5]);
    expect(notes![5]).toBe('后勤人员填写，门户不会覆盖');
    const tag = res.data.values!.find((r) => r[1] === '资产编号');
    expect(tag![5]).toContain('请勿修改');
  });

  it('adds the head of logistics as person P001, written RAW with an audit row', async () => {
    const ppl = await school.spreadsheets.values.get({ spreadsheetId, range: "'人员'", valueRenderOption: 'UNFORMATTED_VALUE' });
    const [header, row] = ppl.data.values!;
    const v = Object.fromEntries(header!.map((h, i) => [h, row![i]]));
    expect(v).toMatchObject({ 编号: 'P001', 姓名: '王主任', 角色: '后勤主任', 电话: '13800138000', 启用: true });
    const log = await school.spreadsheets.values.get({ spreadsheetId, range: "'操作日志'" });
    expect(log.data.values).toHaveLength(2);
    expect(log.data.values![1]).toEqual(expect.arrayContaining(['people.add', '人员', 'P001']));
  });

  it('shares it with the service account through Drive permissions.create, so the portal can read it', async () => {
    expect(driveCalls).toHaveLength(1);
    expect(driveCalls[0]!.path).toMatch(new RegExp(`^/drive/v3/files/${spreadsheetId}/permissions\\?.*sendNotificationEmail=false`));
    expect(driveCalls[0]!.auth).toMatch(/^Bearer ya29\.emu\./);
    expect(driveCalls[0]!.body).toEqual({ type: 'user', role: 'writer', emailAddress: env.portalKey.client_email });
    expect(run.text()).toContain(`已共享给 / Shared with ${env.portalKey.client_email}`);
    const asPortal = await portalSheets(env).spreadsheets.values.get({ spreadsheetId, range: "'资产'!1:1" });
    expect(asPortal.data.values![0]![0]).toBe('资产编号');
  });

  it('prints the exact commands: secrets, SPREADSHEET_ID, deploy, and the first sign-in link', () => {
    const text = run.text();
    expect(text).toContain(`SPREADSHEET_ID = "${spreadsheetId}"`);
    expect(text).toContain('SCHOOL_NAME = "育才实验学校"');
    expect(text).toContain(`npx wrangler secret put GOOGLE_SERVICE_ACCOUNT < ${env.portalKeyFile}`);
    expect(text).toContain('npx wrangler secret put SESSION_SECRET');
    expect(text).toContain('npm run deploy');
    expect(text).toContain('npx tsx tools/setup/sign-in-link.ts --url https://houqin.<子域 your-subdomain>.workers.dev --person P001');
  });

  it('is exactly what the schema asks for: --check finds no difference, reading only', async () => {
    env.emu.resetLog();
    const check = captureIo();
    expect(await main(['--check', '--spreadsheet', spreadsheetId, '--api', env.emu.url], { auth: env.schoolAuth }, check.io)).toBe(0);
    expect(check.text()).toContain('没有差异');
    expect(writesIn(env.emu)).toEqual([]);
    expect(env.emu.log().length).toBeGreaterThan(0);
  }, 30_000);
});

describe('the first sign-in link', () => {
  it('is a bootstrap link for the head, signed with SESSION_SECRET', async () => {
    const secret = 'a-long-random-session-secret-0123456789abcdef';
    const r = await makeLink({ url: 'https://houqin.example.workers.dev/', person: 'P001', secret });
    if (!('link' in r)) throw new Error(r.error);
    expect(r.link).toMatch(/^https:\/\/houqin\.example\.workers\.dev\/auth\/link\/b1\./);
    const claims = await readBootstrap(secret, r.link.split('/auth/link/')[1]!);
    expect(claims?.p).toBe('P001');
    expect(await readBootstrap('another-secret-0123456789abcdef0123456789', r.link.split('/auth/link/')[1]!)).toBeNull();
  });

  it('says what is missing instead of making a bad link', async () => {
    expect(await makeLink({ url: 'houqin', person: 'P001', secret: 'x'.repeat(32) })).toMatchObject({
      error: expect.stringContaining('--url'),
    });
    expect(await makeLink({ url: 'https://a.workers.dev', person: 'P001', secret: '' })).toMatchObject({
      error: expect.stringContaining('SESSION_SECRET'),
    });
  });
});

describe('bad input', () => {
  it('a service account key that is not a key: says where to get one, creates nothing', async () => {
    const before = env.emu.list().length;
    const r = captureIo();
    const bad = `${env.dir}/not-a-key.json`;
    (await import('node:fs')).writeFileSync(bad, JSON.stringify({ installed: { client_id: 'x' } }));
    expect(await main(['--service-account', bad, '--api', env.emu.url], { auth: env.schoolAuth }, r.io)).toBe(1);
    expect(r.errors()).toContain('不是服务账号密钥');
    expect(r.errors()).toContain('is not a service account key');
    expect(env.emu.list().length).toBe(before);
  });

  it('when Drive refuses, the spreadsheet is still made and the manual sharing step is printed', async () => {
    const r = captureIo();
    refuseDrive = true;
    const code = await main(
      ['--school', '实验小学', '--service-account', env.portalKeyFile, '--api', env.emu.url, '--drive-api', driveUrl],
      { auth: env.schoolAuth },
      r.io,
    );
    expect(code).toBe(2);
    expect(r.errors()).toContain('共享未完成');
    expect(r.text()).toContain(`添加 ${env.portalKey.client_email}，权限选"编辑者"`);
    expect(r.text()).toContain(`add ${env.portalKey.client_email} as an Editor`);
  }, 60_000);
});
