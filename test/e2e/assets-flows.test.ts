/**
 * The asset module on a phone (Chromium, 390×844): scan a label to the asset page, a loan
 * approved by the principal on her phone, handed over and returned, and a full stocktake of one room with a missing and a wrong-room item.
 */
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, phoneContext, sheetRecords, signedInPhone } from './browser.js';
import { demoRecords } from '../../tools/demo/school.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type Portal } from '../../tools/start.js';

let portal: Portal;
let browser: Browser;
let page: Page;

const sheetRows = (title: string) => sheetRecords(portal, title);

beforeAll(async () => {
  portal = await startPortal({ localDir: null });
  browser = await launchChromium();
  const context = await phoneContext(browser);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

describe('assets on a phone', () => {
  it('signs the head of logistics in', async () => {
    await page.goto(portal.headSignInUrl);
    await expect.poll(() => page.textContent('h1')).toContain('后勤工作台');
  });

  it('scanning a label opens the asset with its quick actions', async () => {
    // A label's QR holds the asset URL; a phone camera opens it (here: lower-case, as some scanners send it).
    await page.goto(`${portal.portalUrl}/assets/jj-0001`);
    expect(new URL(page.url()).pathname).toBe('/assets/JJ-0001');
    expect(await page.textContent('h1')).toContain('JJ-0001');
    const quick = page.locator('section.quick');
    expect(await quick.locator('a', { hasText: '报修' }).getAttribute('href')).toBe('/repairs/new?asset=JJ-0001');
    expect(await quick.locator('a', { hasText: '借出' }).count()).toBe(1);
    expect(await quick.locator('a', { hasText: '移动' }).count()).toBe(1);
    expect(await quick.locator('a', { hasText: '标记损坏' }).count()).toBe(1);
    const box = await quick.locator('a', { hasText: '借出' }).boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44); // a thumb-sized target
  });

  it('a loan is requested, approved by the principal on her phone, handed over and returned, with the history on the asset page', async () => {
    await page.goto(`${portal.portalUrl}/assets/DQ-0001`);
    await page.click('section.quick >> text=借出');
    await page.fill('#f-borrower', '赵老师');
    expect(await page.locator('#f-approver').count()).toBe(0); // nobody types the leader's name any more
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('[role=status]').first().textContent()).toContain('等待校领导');
    const principalId = String(demoRecords().people!.find((p) => String(p.notes).startsWith('校长'))!.id);
    const principal = await signedInPhone(browser, portal, principalId);
    await principal.goto(`${portal.portalUrl}/approvals`);
    const card = principal.locator('.approval-card').filter({ hasText: 'DQ-0001' });
    await card.locator('textarea, input[name=comment]').first().fill('同意，下周五前归还');
    await card.locator('button[value=approved]').tap();
    await expect.poll(() => principal.locator('[role=status]').first().textContent()).toBeTruthy();
    await page.goto(`${portal.portalUrl}/assets/loans`);
    await page.locator('form[action$="/hand-over"] button').first().click();
    await expect.poll(() => page.locator('[role=status]').first().textContent()).toContain('已借出');
    expect(await page.locator('.warn').first().textContent()).toContain('借给 赵老师');
    await page.click('section.quick >> text=归还');
    await page.selectOption('#f-condition', 'good');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('[role=status]').first().textContent()).toContain('已归还');
    const history = await page.locator('table.history').textContent();
    expect(history).toContain('归还');
    expect(history).toContain('借出');
    expect(history).toContain('批准借用');
    await expect
      .poll(async () => (await sheetRows('借用登记')).find((l) => l['资产编号'] === 'DQ-0001')?.['归还状况'], {
        timeout: 15_000,
        interval: 500,
      })
      .toBe('完好');
    expect((await sheetRows('借用登记')).find((l) => l['资产编号'] === 'DQ-0001')).toMatchObject({
      审批意见: '同意，下周五前归还',
      状态: '已借出',
    });
  });

  it('counts one room: ticks, a wrong-room scan, a missing item, and the reconciliation', async () => {
    await page.goto(`${portal.portalUrl}/assets/stocktakes`);
    await page.fill('#st-name', 'E2E 门卫室盘点');
    await page.check('input[name=rooms][value="门卫室"]');
    await page.click('form.form button[type=submit]');
    await expect.poll(() => page.textContent('h1')).toContain('E2E 门卫室盘点');
    await page.click('#stocktake-progress a:text("门卫室")');
    await expect.poll(() => page.textContent('h1')).toContain('门卫室');
    const items = page.locator('li.tick');
    const count = await items.count();
    expect(count).toBeGreaterThan(2);
    // All found except the last one, which nobody finds.
    for (let i = 0; i < count - 1; i++) {
      await items.nth(i).locator('button[value=found]').click();
      await expect.poll(() => items.nth(i).getAttribute('class')).toContain('r-found');
    }
    // A tag registered in 校门 turns up here.
    await page.fill('input[name=code]', 'https://portal/assets/QT-0007');
    await page.press('input[name=code]', 'Enter');
    await expect.poll(() => page.locator('.flash').textContent()).toContain('已记为错位');
    await page.fill('input[name=code]', 'NOPE-42');
    await page.press('input[name=code]', 'Enter');
    await expect.poll(() => page.locator('.flash').textContent()).toContain('未找到编号为「NOPE-42」');
    await page.goto(`${page.url().split('/rooms/')[0]}`);
    await page.click('text=结束盘点并生成对帐表'); // opens the confirmation; nothing is closed yet
    expect(await page.locator('h1 .status').textContent()).not.toContain('已结束');
    await page.click('details.confirm button:has-text("确定，继续")');
    await expect.poll(() => page.locator('h1 .status').textContent()).toContain('已结束');
    const rate = Math.round(((count - 1) / count) * 1000) / 10;
    expect(await page.locator('.match-rate').textContent()).toContain(`${rate}%`);
    await expect
      .poll(async () => (await sheetRows('盘点')).find((s) => s['名称'] === 'E2E 门卫室盘点')?.['帐物相符率'], {
        timeout: 15_000,
        interval: 500,
      })
      .toBe(rate);
    const row = (await sheetRows('盘点')).find((s) => s['名称'] === 'E2E 门卫室盘点')!;
    expect(row).toMatchObject({ 帐面数: count, 实盘数: count - 1, 盘亏数: 1 });
  });
});
