/**
 * The monthly report in Chromium: read on a phone, edited and published by the head of
 * logistics, opened by leadership through the share link without signing in, and printed
 * to A4 PDF (the PDF is kept at $TMPDIR/houqin-summary.pdf for a look; `pdftoppm -png` renders it).
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate, previousMonth } from '../../src/core/time.js';
import { startPortal, type Portal } from '../../tools/start.js';

let portal: Portal;
let browser: Browser;
let page: Page;
let shareUrl = '';
const month = previousMonth(localDate().slice(0, 7));
const [year, monthNo] = month.split('-').map(Number) as [number, number];
const title = `${year}年${monthNo}月后勤工作报告`;

/** Wider than the screen means sideways scrolling on a phone. */
const overflows = (p: Page) => p.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth + 1');

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

describe('the monthly report in the browser', () => {
  it('is one tap from the desk and reads on a phone without sideways scrolling', async () => {
    await page.goto(portal.headSignInUrl);
    await expect.poll(() => page.textContent('h1')).toContain('后勤工作台');
    await page.click(`a[href="/summary/${month}"]`);
    await expect.poll(() => page.textContent('h1')).toBe(title);
    expect(await page.locator('.report-section').count()).toBeGreaterThan(0);
    expect(await page.locator('svg.chart-svg').count()).toBeGreaterThan(0);
    expect(await overflows(page)).toBe(false);
  });

  it('publishes the list the head edited, and freezes it', async () => {
    await page.fill('#notable', '更换教学楼吊扇 14 台\n课桌脚套 200 个');
    // Publishing freezes the report, so it is two taps: the first opens the explanation.
    expect(await page.locator('button[formaction$="/publish"]').isVisible()).toBe(false);
    await page.click('details.confirm > summary');
    await page.click('button[formaction$="/publish"]');
    await expect.poll(() => page.textContent('[role=status]')).toContain('报告已发布');
    expect(await page.locator('.report-notable li').allTextContents()).toEqual(['更换教学楼吊扇 14 台', '课桌脚套 200 个']);
    shareUrl = await page.inputValue('.share-url');
    expect(shareUrl).toContain('/summary/shared/');
    // Leadership hears of it where they read messages (the demo routes summary.published to WeCom and a webhook).
    await expect
      .poll(() => portal.notifyFake.messages.filter((m) => m.title.includes('后勤月报已发布')).length, { timeout: 30_000 })
      .toBeGreaterThan(0);
  });

  it('opens for leadership through the share link, signed out, on a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const guest = await context.newPage();
    await guest.goto(shareUrl);
    expect(await guest.textContent('h1')).toBe(title);
    expect(await guest.locator('form[action^="/summary"]').count()).toBe(0);
    expect(await guest.locator('.report-notable li').count()).toBe(2);
    expect(await overflows(guest)).toBe(false);
    await context.close();
  });

  it('prints on A4: tools hidden, charts kept, pages of A4 size', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.report-tools').isVisible()).toBe(false);
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.locator('svg.chart-svg').first().isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    const path = join(tmpdir(), 'houqin-summary.pdf');
    writeFileSync(path, pdf);
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF')).toBe(true);
    const pages = text.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(12);
    // A4 is 595 × 842 points (Chromium writes 594.96 × 841.92).
    const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
      Math.round(Number(m[1])),
      Math.round(Number(m[2])),
    ]);
    expect(boxes.length).toBeGreaterThan(0);
    expect(boxes.every(([w, h]) => w === 595 && h === 842)).toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });
});
