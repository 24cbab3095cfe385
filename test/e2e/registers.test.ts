/**
 * A register the head of logistics declares in the spreadsheet, end to end in Debian's Chromium
 * against the real Worker (wrangler dev) and the emulator: a new tab plus one 登记簿 row →
 * QR labels → a staff member checks an item on a phone from its label → the overdue item is a
 * desk alert → the monthly summary counts the checks.
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInLink } from '../../src/core/auth/grants.js';
import { dateTimeToSerial } from '../../src/core/table/cells.js';
import { localDate, localDateTime } from '../../src/core/time.js';
import { demoRecords } from '../../tools/demo/school.js';
import { startPortal, type Portal } from '../../tools/start.js';
import { launchChromium, phoneContext, sheetRecords } from './browser.js';

let portal: Portal;
let browser: Browser;
let desk: Page;
let phone: Page;
const shots = process.env.E2E_SHOTS;

async function edit(body: object): Promise<void> {
  const res = await fetch(`${portal.emulatorUrl}/__emulator/spreadsheets/${portal.spreadsheetId}/edit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`emulator edit: ${res.status} ${await res.text()}`);
}

beforeAll(async () => {
  portal = await startPortal({ localDir: null });
  browser = await launchChromium();
  desk = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })).newPage();
  phone = await (await phoneContext(browser)).newPage();
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

describe('a register declared in the sheet', () => {
  it('the head makes a tab and adds one 登记簿 row; the register appears with its form', async () => {
    const sheetId = 777001;
    const col = (c: number) => ({ sheetId, startRowIndex: 1, endRowIndex: 100, startColumnIndex: c, endColumnIndex: c + 1 });
    await edit({
      requests: [
        { addSheet: { properties: { sheetId, title: '灭火毯' } } },
        {
          setDataValidation: {
            range: col(2),
            rule: {
              condition: { type: 'ONE_OF_LIST', values: [{ userEnteredValue: '1.2米' }, { userEnteredValue: '1.5米' }] },
              strict: true,
            },
          },
        },
        {
          repeatCell: {
            range: col(3),
            cell: { userEnteredFormat: { numberFormat: { type: 'DATE', pattern: 'yyyy-mm-dd' } } },
            fields: 'userEnteredFormat.numberFormat',
          },
        },
      ],
    });
    await edit({
      valueInputOption: 'RAW',
      data: [
        {
          range: "'灭火毯'!A1",
          values: [
            ['编号', '位置', '规格', '有效期'],
            ['MT-1', '学生餐厅', '1.5米', 47000],
            ['MT-2', '总务处', '1.2米', 47000],
          ],
        },
      ],
    });
    // MT-1 was last checked 10 days ago: with a weekly rule it is overdue.
    const checks = await sheetRecords(portal, '登记簿检查记录');
    const header = Object.keys(checks[0] ?? {});
    const old = {
      编号: 'RC-E2E-1',
      登记簿: 'blankets',
      对象编号: 'MT-1',
      对象: '学生餐厅',
      检查时间: dateTimeToSerial(localDateTime(Date.now() - 10 * 86_400_000)),
      检查人: '王主任',
      结果: '正常',
    };
    await edit({
      valueInputOption: 'RAW',
      data: [{ range: `'登记簿检查记录'!A${checks.length + 2}`, values: [header.map((h) => (old as Record<string, unknown>)[h] ?? '')] }],
    });
    const catalog = await sheetRecords(portal, '登记簿');
    const row = {
      编号: 'blankets',
      名称: '灭火毯检查',
      工作表: '灭火毯',
      谁可登记: '后勤主任、后勤人员',
      谁可查看: '所有人',
      二维码列: '编号',
      检查规则: '每周',
      有效期列: '有效期',
      汇总列: '规格',
      启用: true,
    };
    const cols = Object.keys(catalog[0]!);
    await edit({
      valueInputOption: 'RAW',
      data: [{ range: `'登记簿'!A${catalog.length + 2}`, values: [cols.map((h) => (row as Record<string, unknown>)[h] ?? '')] }],
    });

    await desk.goto(portal.headSignInUrl);
    await desk.goto(`${portal.portalUrl}/registers`);
    await expect
      .poll(async () => (await desk.goto(`${portal.portalUrl}/registers`), desk.textContent('main')), { timeout: 40_000 })
      .toContain('灭火毯检查');
    await desk.goto(`${portal.portalUrl}/registers/blankets/new`);
    expect(await desk.locator('select[name="规格"] option').allTextContents()).toEqual(['', '1.2米', '1.5米']);
    expect(await desk.getAttribute('input[name="有效期"]', 'type')).toBe('date');
  });

  it('prints one QR label per blanket; a staff member opens one on a phone and checks it with one tap', async () => {
    await desk.goto(`${portal.portalUrl}/registers/blankets/qr`);
    expect(await desk.locator('.rg-label').count()).toBe(2);
    const url = (await desk.locator('.rg-label', { hasText: 'MT-2' }).locator('.rg-url').textContent())!.trim();
    expect(url).toBe(`${portal.portalUrl}/registers/blankets/MT-2`);
    const staff = demoRecords().people!.find((p) => p.role === 'staff')!;
    await phone.goto(await signInLink({ baseUrl: portal.portalUrl, secret: portal.sessionSecret, personId: String(staff.id) }));
    await phone.goto(url);
    expect(await phone.textContent('main')).toContain('待检查');
    const ok = phone.locator('button[name=result][value=ok]');
    expect((await ok.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    if (shots) await phone.screenshot({ path: `${shots}/registers-phone-check.png`, fullPage: true });
    await ok.tap();
    await expect.poll(() => phone.textContent('main')).toContain('检查已记录');
    await expect
      .poll(
        async () => (await sheetRecords(portal, '登记簿检查记录')).filter((r) => r['登记簿'] === 'blankets' && r['对象编号'] === 'MT-2'),
        { timeout: 15_000 },
      )
      .toHaveLength(1);
    const check = (await sheetRecords(portal, '登记簿检查记录')).find((r) => r['对象编号'] === 'MT-2')!;
    expect(check).toMatchObject({ 检查人: staff.name, 结果: '正常' });
  });

  it("shows the overdue blanket on the head's desk, linked to the register", async () => {
    await desk.goto(portal.portalUrl + '/');
    const alert = desk.locator('a', { hasText: '灭火毯检查：1 项检查逾期' });
    expect(await alert.count()).toBe(1);
    await alert.click();
    // The list shows the overdue blanket only; each row links to its detail by ID.
    expect(await desk.locator('#rg-list a[href$="/blankets/MT-1"]').count()).toBe(1);
    expect(await desk.locator('#rg-list a[href$="/blankets/MT-2"]').count()).toBe(0);
    if (shots) await desk.screenshot({ path: `${shots}/registers-desk-list.png`, fullPage: true });
  });

  it("counts the month's checks in the monthly summary", async () => {
    await desk.goto(`${portal.portalUrl}/summary/${localDate().slice(0, 7)}`);
    const main = (await desk.textContent('main'))!;
    expect(main).toContain('灭火毯检查');
    expect(main).toContain('检查完成率');
    if (shots) await desk.screenshot({ path: `${shots}/registers-summary.png`, fullPage: true });
  });
});
