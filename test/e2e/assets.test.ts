/**
 * End to end, as a person would: Debian's Chromium (playwright-core) on a phone-sized
 * screen against the real Worker under workerd (wrangler dev) and the local Sheets emulator.
 */
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, sheetValues } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type Portal } from '../../tools/start.js';

let portal: Portal;
let browser: Browser;
let page: Page;

const sheetRows = (title: string, render?: string) => sheetValues(portal, title, render);

beforeAll(async () => {
  portal = await startPortal({ localDir: null });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

describe('asset register in the browser', () => {
  it('signs the head of logistics in with the one-time link and shows the desk in Chinese', async () => {
    await page.goto(portal.headSignInUrl);
    await expect.poll(() => page.textContent('h1')).toContain('后勤工作台');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
  });

  it('keeps the desk header on one line at 1366 px in both languages; signing out is two taps, away from the language link', async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    for (const lang of ['en', 'zh-CN']) {
      await page.goto(`${portal.portalUrl}/?lang=${lang}`);
      const header = (await page.locator('header.top').boundingBox())!;
      const brand = (await page.locator('header.top .brand').boundingBox())!;
      expect(header.height, lang).toBeLessThan(brand.height * 3); // one row (~60 px), not two or three
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${portal.portalUrl}/`);
    expect(await page.locator('button.sign-out').isVisible()).toBe(false);
    await page.click('details.account > summary');
    const out = (await page.locator('button.sign-out').boundingBox())!;
    const lang = (await page.locator('.who .lang').boundingBox())!;
    expect(out.height).toBeGreaterThanOrEqual(44);
    expect(Math.abs(out.y - lang.y) + Math.abs(out.x - lang.x)).toBeGreaterThan(44);
    await page.click('details.account > summary'); // close it again, signed in still
  });

  it('opens the main pages and an htmx swap with no console errors (the CSP refuses inline styles and scripts)', async () => {
    const errors: string[] = [];
    const listen = (m: { type(): string; text(): string }) => {
      if (m.type() === 'error') errors.push(m.text());
    };
    page.on('console', listen);
    page.on('pageerror', (e) => errors.push(String(e)));
    for (const path of [
      '/',
      '/assets',
      '/repairs',
      '/repairs/new',
      '/cleaning',
      '/cleaning/ranking',
      '/greening',
      '/registers',
      '/summary',
      '/sync',
      '/problems',
    ]) {
      await page.goto(`${portal.portalUrl}${path}`);
      await page.waitForLoadState('load');
    }
    await page.goto(`${portal.portalUrl}/assets`);
    await page.fill('input[name=q]', '吊扇'); // live search: an htmx swap
    await expect.poll(async () => page.locator('#asset-results tbody tr').count()).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    page.off('console', listen);
    expect(errors).toEqual([]);
  });

  it('lists the demo school assets and narrows them with live search', async () => {
    await page.goto(`${portal.portalUrl}/assets`);
    expect(await page.textContent('h1')).toBe('资产台帐');
    const before = await page.locator('#asset-results tbody tr').count();
    expect(before).toBeGreaterThan(100);
    await page.fill('input[name=q]', '吊扇');
    await expect.poll(async () => page.locator('#asset-results tbody tr').count()).toBeLessThan(before);
    const names = await page.locator('#asset-results tbody tr td:nth-child(2)').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n.includes('吊扇'))).toBe(true);
  });

  it('registers an asset through the htmx form and the row lands in the sheet, inert', async () => {
    await page.goto(`${portal.portalUrl}/assets/new`);
    const name = `E2E 测试讲台 ${Date.now()}`;
    await page.fill('#f-name', name);
    await page.selectOption('#f-category', 'furniture');
    await page.fill('#f-room', '七年级(1)班教室');
    await page.fill('#f-price', '¥1,280');
    await page.fill('#f-acquired', '2026-03-05');
    await page.fill('#f-notes', '=HYPERLINK("http://evil.example","点我") <b>粗体</b>');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.saved').textContent()).toContain('已登记');
    const tag = (await page.locator('.saved a').first().textContent())!.trim();
    expect(tag).toMatch(/^JJ-\d{4}$/);

    // The gateway syncs within a couple of seconds; the row is found by its tag, not a position.
    await expect
      .poll(async () => (await sheetRows('资产', 'FORMULA')).find((r) => r[0] === tag), { timeout: 15_000, interval: 500 })
      .toBeTruthy();
    const header = (await sheetRows('资产'))[0] as string[];
    const row = (await sheetRows('资产', 'FORMULA')).find((r) => r[0] === tag)!;
    expect(row[header.indexOf('名称')]).toBe(name);
    expect(row[header.indexOf('单价')]).toBe(1280);
    expect(row[header.indexOf('备注')]).toBe('=HYPERLINK("http://evil.example","点我") <b>粗体</b>');
    expect(row[header.indexOf('状态')]).toBe('在用');
  });

  it('shows a clear message in Chinese for bad input and keeps what was typed', async () => {
    await page.goto(`${portal.portalUrl}/assets/new`);
    await page.fill('#f-name', '投影仪');
    await page.selectOption('#f-category', 'electrical');
    expect(await page.getAttribute('#f-acquired', 'type')).toBe('date'); // a phone shows its date picker
    expect(await page.getAttribute('#f-name', 'maxlength')).toBe('80');
    await page.fill('#f-price', '十来块');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.field-error').first().textContent()).toContain('单价');
    expect(await page.inputValue('#f-name')).toBe('投影仪');
  });
});
