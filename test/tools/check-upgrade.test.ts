/**
 * `--check` and `--upgrade` on a spreadsheet staff made themselves: a renamed tab, alias
 * headers, an extra column, a note right of the header, unreadable cells, a tab of their
 * own called 说明, missing tabs and columns. Check lists it all and only reads; upgrade
 * adds what is missing without touching staff data, and a second run changes nothing.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allTabs, assets } from '../../sheets-schema/index.js';
import { differences } from '../../tools/setup/check.js';
import { main } from '../../tools/setup/cli.js';
import { inspect } from '../../tools/setup/inspect.js';
import { clients } from '../../tools/setup/google.js';
import { captureIo, toolEnv, writesIn, type ToolEnv } from './helpers.js';

let env: ToolEnv;
let id: string;

const assetRows = [
  ['编号', '名称', '分类', '存放位置', '责任人', '购置日期', '单价', '状态', '备注', '经费来源'],
  ['JJ-0001', '课桌', '家具', '101教室', '张老师', 46086, 320, '在用', '', '生均经费', '', '下学期换新'],
  ['JJ-0002', '椅子', '家具', '101教室', '张老师', '明天', 'abc', '丢了'],
  ['JJ-0001', '讲台', '家具', '102教室'],
  ['DQ-0001', '电风扇', '电器', '102教室', '李老师', '2024年9月1日', '¥1,280', '维修'],
];
const peopleRows = [
  ['编号', '姓名', '角色', '班级/部门', '电话', '启用', '备注', '邮箱', '企业微信账号', '语言'],
  ['P001', '王主任', '后勤主任', '总务处', '13800138000', true],
];
const staffGuide = [['这是我们自己的说明：值班表每周一更新']];
const dutyRows = [
  ['日期', '值班人'],
  [46090, '赵师傅'],
];

beforeAll(async () => {
  env = await toolEnv();
  id = await env.emu.importSpreadsheet({
    title: '育才 后勤（老表格）',
    owner: env.schoolEmail,
    editors: [env.portalKey.client_email],
    sheets: [
      { title: '说明', rows: staffGuide },
      { title: '固定资产', rows: assetRows, frozenRowCount: 1, columnCount: 12 },
      { title: '人员', rows: peopleRows },
      { title: '门卫交接班', rows: dutyRows },
    ],
  });
});
afterAll(async () => env.close());

const run = async (...args: string[]) => {
  const r = captureIo();
  const code = await main([...args, '--spreadsheet', id, '--api', env.emu.url, '--key', env.portalKeyFile], {}, r.io);
  return { code, ...r };
};

describe('--check', () => {
  it('lists every difference from the schema, by A1 cell, and only reads', async () => {
    env.emu.resetLog();
    const r = await run('--check');
    expect(r.code).toBe(0);
    expect(writesIn(env.emu)).toEqual([]);
    expect(env.emu.log().map((e) => e.kind)).toEqual(['spreadsheets.get', 'values.batchGet']);
    const text = r.text();
    // Missing tabs: every schema tab staff do not have yet.
    for (const tab of allTabs.filter((t) => !['assets', 'people'].includes(t.key))) expect(text).toContain(`缺少工作表「${tab.zh}」`);
    expect(text).toContain('工作表「固定资产」被识别为「资产」');
    expect(text).toContain('A1「编号」被识别为「资产编号」');
    expect(text).toContain('C1「分类」被识别为「类别」');
    expect(text).toContain('D1「存放位置」被识别为「存放地点」');
    expect(text).toContain('J1「经费来源」不是门户的列：原样保留');
    expect(text).toContain('「固定资产」缺少列「资产类型」');
    expect(text).toContain('固定资产!F3「明天」');
    expect(text).toContain('固定资产!G3「abc」');
    expect(text).toContain('固定资产!H3「丢了」');
    expect(text).toContain('固定资产!A4「JJ-0001」');
    expect(text).toContain('「人员」的表头行没有冻结');
    expect(text).toContain('「人员」的表头行没有保护');
    expect(text).toContain('缺少「说明」工作表');
    // English follows each line.
    expect(text).toContain('is recognised as "资产编号" (Tag) through an alias');
  });

  it('reports missing columns where upgrade will put them: right of every used cell', async () => {
    const google = clients(env.schoolAuth, { api: env.emu.url });
    const diffs = differences(await inspect(google.sheets, id, allTabs), allTabs);
    const missing = diffs.filter((d) => d.kind === 'missingColumn' && d.tab === 'assets');
    expect(missing.map((d) => d.column)).toEqual(['kind', 'source', 'updatedAt', 'updatedBy']);
    // The note in L2 has no header, but it is staff data: new columns start at M.
    expect(new Set(missing.map((d) => d.cell))).toEqual(new Set(['M1']));
    expect(diffs.filter((d) => d.kind === 'badCell').map((d) => d.cell)).toEqual(['F3', 'G3', 'H3', 'A4']);
    expect(diffs.some((d) => d.tab === 'people' && d.kind === 'missingColumn')).toBe(false);
  });
});

describe('--upgrade', () => {
  let before: { assets: unknown[][]; people: unknown[][]; guide: unknown[][]; duty: unknown[][] };
  let first: Awaited<ReturnType<typeof run>>;

  beforeAll(async () => {
    before = {
      assets: env.emu.sheetValues(id, '固定资产').values as unknown[][],
      people: env.emu.sheetValues(id, '人员').values as unknown[][],
      guide: env.emu.sheetValues(id, '说明').values as unknown[][],
      duty: env.emu.sheetValues(id, '门卫交接班').values as unknown[][],
    };
    env.emu.resetLog();
    first = await run('--upgrade');
  }, 60_000);

  it('sends one atomic batchUpdate after its two reads', () => {
    expect(first.code).toBe(0);
    expect(env.emu.log().map((e) => e.kind)).toEqual(['spreadsheets.get', 'values.batchGet', 'spreadsheets.batchUpdate']);
    expect(first.text()).toContain('「固定资产」添加列：资产类型、来源、更新时间、更新人');
  });

  it('adds missing columns at the right end of the header and keeps every staff cell as it was', () => {
    const after = env.emu.sheetValues(id, '固定资产').values as unknown[][];
    expect(after[0]).toEqual([...assetRows[0]!, '', '', '资产类型', '来源', '更新时间', '更新人']);
    for (let r = 1; r < before.assets.length; r++) expect(after[r]).toEqual(before.assets[r]);
    expect(after).toHaveLength(before.assets.length);
    expect(env.emu.sheetValues(id, '人员').values).toEqual(before.people);
    expect(env.emu.sheetValues(id, '说明').values).toEqual(before.guide);
    expect(env.emu.sheetValues(id, '门卫交接班').values).toEqual(before.duty);
  });

  it('adds the missing tabs with their headers, and its guide beside the staff 说明 tab', () => {
    for (const tab of allTabs.filter((t) => !['assets', 'people'].includes(t.key))) {
      expect(env.emu.sheetValues(id, tab.zh).values[0]).toEqual(tab.columns.map((c) => c.zh));
    }
    expect(String(env.emu.sheetValues(id, '门户说明').values[0]![0])).toContain('后勤门户 · 表格说明');
  });

  it('freezes and protects headers that were not', async () => {
    const google = clients(env.schoolAuth, { api: env.emu.url });
    const state = await inspect(google.sheets, id, allTabs);
    const people = state.sheets.find((s) => s.title === '人员')!;
    expect(people.frozenRowCount).toBe(1);
    expect(people.protectedRanges[0]).toMatchObject({ warningOnly: true });
  });

  it('is safe to run twice: the second run reads and writes nothing', async () => {
    const snapshot = env.emu.snapshot(id);
    env.emu.resetLog();
    const second = await run('--upgrade');
    expect(second.code).toBe(0);
    expect(second.text()).toContain('表格已是最新');
    expect(writesIn(env.emu)).toEqual([]);
    expect(env.emu.snapshot(id)).toEqual(snapshot);
  });

  it('leaves only what staff must fix for check to report', async () => {
    const google = clients(env.schoolAuth, { api: env.emu.url });
    const diffs = differences(await inspect(google.sheets, id, allTabs), allTabs);
    expect(diffs.filter((d) => d.fixable)).toEqual([]);
    expect(new Set(diffs.map((d) => d.kind))).toEqual(new Set(['renamedTab', 'aliasHeader', 'unknownColumn', 'badCell']));
    // The portal can now read the new columns of the renamed tab.
    expect(diffs.filter((d) => d.kind === 'badCell').length).toBe(4);
  });
});

describe('bad input: nothing is written', () => {
  it('a spreadsheet not shared with the service account: says to share it with that e-mail', async () => {
    const stranger = await env.emu.createServiceAccount('other-school@houqin.iam.gserviceaccount.com');
    const file = join(env.dir, 'stranger.json');
    writeFileSync(file, JSON.stringify(stranger));
    env.emu.resetLog();
    const r = captureIo();
    expect(await main(['--upgrade', '--spreadsheet', id, '--api', env.emu.url, '--key', file], {}, r.io)).toBe(1);
    expect(r.errors()).toContain(`other-school@houqin.iam.gserviceaccount.com 无权打开表格 ${id}`);
    expect(r.errors()).toContain('添加 other-school@houqin.iam.gserviceaccount.com 为"编辑者"');
    expect(r.errors()).toContain('is not shared with it');
    expect(writesIn(env.emu).filter((e) => e.status < 400)).toEqual([]);
  });

  it('wrong credentials: says how to make a new key', async () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const file = join(env.dir, 'deleted-key.json');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'service_account',
        client_email: 'deleted@houqin.iam.gserviceaccount.com',
        private_key: privateKey,
        private_key_id: 'abc',
      }),
    );
    env.emu.resetLog();
    const r = captureIo();
    expect(await main(['--check', '--spreadsheet', id, '--api', env.emu.url, '--key', file], {}, r.io)).toBe(1);
    expect(r.errors()).toContain('Google 不接受这份凭据');
    expect(r.errors()).toContain('新建一个 JSON 密钥');
    expect(r.errors()).toContain('Google refused these credentials');
    expect(env.emu.log()).toEqual([]);
  });

  it('a wrong spreadsheet ID: says where to find the right one', async () => {
    const r = captureIo();
    expect(await main(['--check', '--spreadsheet', 'no-such-sheet', '--api', env.emu.url, '--key', env.portalKeyFile], {}, r.io)).toBe(1);
    expect(r.errors()).toContain('找不到表格 no-such-sheet');
    expect(r.errors()).toContain('/d/ 与 /edit 之间');
  });
});

it('the schema tab order puts every header column in schema order (sanity for the fixture)', () => {
  expect(assets.columns.slice(-2).map((c) => c.key)).toEqual(['updatedAt', 'updatedBy']);
});
