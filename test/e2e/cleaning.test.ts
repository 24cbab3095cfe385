/**
 * Cleaning end to end in Debian's Chromium at a phone viewport: a pupil on duty checks a zone
 * in from its QR poster, the head's Today view shows it, and an inspection changes the ranking.
 */
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium, sheetValues } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInLink } from '../../src/core/auth/grants.js';
import { localDate, localDateTime } from '../../src/core/time.js';
import { startPortal, type Portal } from '../../tools/start.js';

let portal: Portal;
let browser: Browser;
let pupil: Page;
let head: Page;
const PUPIL = { id: 'PS901', name: '值日生林小雨' };

const sheetRows = (title: string) => sheetValues(portal, title);

/** Type a row at the bottom of a sheet, as staff would in Google Sheets. */
async function typeRow(title: string, record: Record<string, unknown>): Promise<void> {
  const values = await sheetRows(title);
  const header = values[0] as string[];
  const res = await fetch(`${portal.emulatorUrl}/__emulator/spreadsheets/${portal.spreadsheetId}/edit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      valueInputOption: 'RAW',
      data: [{ range: `'${title}'!A${values.length + 1}`, values: [header.map((h) => record[h] ?? '')] }],
    }),
  });
  if (!res.ok) throw new Error(`edit: ${res.status}`);
}

async function phone(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
}

beforeAll(async () => {
  portal = await startPortal({ localDir: null });
  // The pupil on duty has a sign-in of their own (a 人员 row; see the cleaning README section).
  await typeRow('人员', {
    编号: PUPIL.id,
    姓名: PUPIL.name,
    角色: '教师',
    '班级/部门': '七年级(1)班',
    启用: true,
    备注: '七年级(1)班值日生',
  });
  // Whatever day the test runs, make it a school day (a make-up day typed into 校历).
  const today = localDate();
  await typeRow('校历', { 编号: 'C-E2E', 类型: '调休上课', 名称: '测试调休', 开始日期: today, 结束日期: today });
  browser = await launchChromium();
  pupil = await (await phone()).newPage();
  head = await (await phone()).newPage();
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

describe('cleaning in the browser', () => {
  it('a pupil on duty scans the zone’s QR code and checks in with one tap', async () => {
    await pupil.goto(await signInLink({ baseUrl: portal.portalUrl, secret: portal.sessionSecret, personId: PUPIL.id }));
    await expect.poll(() => pupil.textContent('h1')).toContain('后勤工作台');
    // The poster's QR code encodes this address.
    await pupil.goto(`${portal.portalUrl}/cleaning/c/Z001`);
    expect(await pupil.textContent('h1')).toBe('七年级(1)班教室');
    const tap = pupil.locator('button.cl-done');
    const box = await tap.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(80); // a big target
    await tap.tap();
    await expect.poll(() => pupil.locator('#cl-saved').textContent()).toContain('已打卡');
    expect(await pupil.textContent('#cl-checkin')).toContain(PUPIL.name);
    // The badge polls the gateway until the row is in the sheet (it used to say "syncing" for ever).
    await expect.poll(() => pupil.locator('#cl-checkin .sync-badge').textContent(), { timeout: 15_000 }).toContain('已同步');

    // Tapping again (back and re-submit) records nothing new.
    await pupil.goBack();
    await pupil.locator('button.cl-done').tap();
    await expect.poll(() => pupil.locator('#cl-duplicate').textContent()).toContain('没有重复记录');

    await expect
      .poll(async () => (await sheetRows('保洁打卡')).filter((r) => r.includes('Z001') && r.includes(PUPIL.id)).length, {
        timeout: 15_000,
        interval: 500,
      })
      .toBe(1);
  });

  it('the head’s Today view shows the check-in against the zone; missed checks stand out on the desk', async () => {
    await head.goto(portal.headSignInUrl);
    await expect.poll(() => head.textContent('h1')).toContain('后勤工作台');
    const clock = localDateTime().slice(11, 16);
    const alert = await head.locator('.alert.bad', { hasText: '保洁检查漏检' }).count();
    // The first check of the day is due at 07:50: after it, every zone nobody checked is missed.
    expect(alert).toBe(clock > '07:50' ? 1 : 0);

    await head.goto(`${portal.portalUrl}/cleaning?building=${encodeURIComponent('教学楼A')}`);
    const row = head.locator('tr[data-zone="Z001"]');
    await expect.poll(() => row.textContent()).toContain(PUPIL.name);
    expect(await head.textContent('#cl-recent')).toContain(PUPIL.name);
    expect(await head.locator('tr[data-zone="Z029"]').count()).toBe(0); // 教学楼B is filtered out
  });

  it('an inspection with deductions changes the class ranking', async () => {
    await head.goto(`${portal.portalUrl}/cleaning/ranking?period=week`);
    const rank = head.locator('tr[data-class="七年级(1)班"] .cl-rank');
    expect((await rank.textContent())!.trim()).toBe('—');

    await head.goto(`${portal.portalUrl}/cleaning/inspections/new?zone=Z001`);
    await head.fill('#i-score', '120');
    await head.click('#cl-inspect button[type=submit]');
    await expect.poll(() => head.locator('.error-summary').textContent()).toContain('得分应为 0 至 100 之间的数字');

    await head.fill('#i-score', '');
    await head.fill('#i-d2', '3'); // 无纸屑
    await head.fill('#i-d0', '2'); // 门窗地面无灰尘
    await head.click('#cl-inspect button[type=submit]');
    await expect.poll(() => head.locator('[role=status]').first().textContent()).toContain('已记录检查');

    await head.goto(`${portal.portalUrl}/cleaning/ranking?period=week`);
    expect((await rank.textContent())!.trim()).toBe('1');
    expect((await head.locator('tr[data-class="七年级(1)班"] .cl-avg').textContent())!.trim()).toBe('95');
  });
});
