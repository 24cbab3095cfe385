/**
 * The district in Chromium: the demo school's head of logistics publishes last month's
 * 安全月报; the district's safety officer, signed in at the district's own host, sees it among
 * the schools (and the late ones), opens the school's published report and prints the
 * overview to A4 PDF (kept at $TMPDIR/houqin-district.pdf; `pdftoppm -png` renders it).
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate, previousMonth } from '../../src/core/time.js';
import { startPortal, type Portal } from '../../tools/start.js';
import { launchChromium } from './browser.js';

let portal: Portal;
let browser: Browser;
let head: Page;
let district: Page;
const month = previousMonth(localDate().slice(0, 7));
const [year, monthNo] = month.split('-').map(Number) as [number, number];
const shots = process.env.DISTRICT_SHOTS;

beforeAll(async () => {
  portal = await startPortal({ localDir: null });
  browser = await launchChromium();
  head = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })).newPage();
  district = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

const row = (page: Page, school: string) => page.locator('tr[data-school]', { hasText: school });

describe('the district reads what schools publish', () => {
  it('lists the demo school as late before it publishes', async () => {
    await district.goto(portal.districtSignInUrl);
    await expect.poll(() => district.textContent('h1')).toContain(`${year}年${monthNo}月 各校月报汇总`);
    expect(new URL(district.url()).hostname).toBe('district.localhost');
    await expect.poll(() => row(district, '育才实验学校').getAttribute('class')).toMatch(/st-(late|due)/);
    // Schools that published show figures; the demo school does not (nothing published yet).
    expect(await row(district, '育才实验学校').locator('[data-metric="hazardsOpen"]').textContent()).toBe('—');
    expect(await district.locator('tr.st-published').count()).toBeGreaterThan(0);
  });

  it('the school reviews and publishes its 安全月报', async () => {
    await head.goto(portal.headSignInUrl);
    await expect.poll(() => head.textContent('h1')).toContain('后勤工作台');
    await head.click(`a[href="/summary/safety/${month}"]`);
    await expect.poll(() => head.textContent('.safety-report h1')).toBe(`${year}年${monthNo}月安全月报`);
    if (shots) await head.screenshot({ path: join(shots, 'safety-draft-phone.png'), fullPage: true });
    // On a phone the report reads without sideways scrolling (wide tables scroll inside themselves).
    expect(await head.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth + 1')).toBe(false);
    await head.fill('#notable', '三楼东侧楼梯扶手已报修，月底前完成');
    await head.click('details.confirm summary');
    await head.click('button[formaction$="/publish"]');
    await expect.poll(() => head.textContent('[role=status]')).toContain('安全月报已发布');
    expect(await head.locator('.report-notable li').allTextContents()).toEqual(['三楼东侧楼梯扶手已报修，月底前完成']);
  });

  it('shows the published report on the district page at once, with the late schools and a ranking', async () => {
    await district.goto(`${portal.districtUrl}/district?month=${month}`);
    await expect.poll(() => row(district, '育才实验学校').getAttribute('class')).toBe('st-published');
    expect(await row(district, '育才实验学校').locator('[data-metric="hazardsOpen"]').textContent()).not.toBe('—');
    if (shots) await district.screenshot({ path: join(shots, 'district-desk.png'), fullPage: true });
    // Ranked by overdue hazards (fewest first): the ranks never go down the table.
    const ranks = (await district.locator('tbody tr td:first-child').allTextContents()).filter((r) => r !== '—').map(Number);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('names the schools late with the month before (past its due day whatever today is)', async () => {
    await district.click('.month-nav a:first-child');
    await expect
      .poll(() => district.textContent('h1'))
      .toContain(`${previousMonth(month).slice(0, 4)}年${Number(previousMonth(month).slice(5))}月`);
    // The demo school never published that month; a small generated school neither.
    const late = (await district.locator('.late-list li').allTextContents()).join();
    expect(late).toContain('育才实验学校');
    expect(late).toContain('柳林寄宿制学校');
    expect(await district.locator('tr.st-unreachable').count()).toBe(0);
    await district.goto(`${portal.districtUrl}/district?month=${month}`);
  });

  it('drills down into the school’s published report', async () => {
    await row(district, '育才实验学校').locator('th a').click();
    await expect.poll(() => district.textContent('.safety-report h1')).toBe(`${year}年${monthNo}月安全月报`);
    expect(await district.textContent('.safety-report')).toContain('三楼东侧楼梯扶手已报修');
    // Read-only: no form posts anywhere but sign-out.
    expect(await district.locator('form[method=post]:not([action^="/auth/"])').count()).toBe(0);
    if (shots) await district.screenshot({ path: join(shots, 'district-school.png'), fullPage: true });
    await district.goBack();
  });

  it('prints the overview on A4', async () => {
    await district.emulateMedia({ media: 'print' });
    const pdf = await district.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(join(tmpdir(), 'houqin-district.pdf'), pdf);
    const text = pdf.toString('latin1');
    const boxes = [...text.matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(boxes.length).toBeGreaterThan(0);
    // A4 is 595 × 842 points.
    for (const [w, h] of boxes) expect([Math.round(w!), Math.round(h!)]).toEqual([595, 842]);
    expect(await district.locator('.print-hint').isVisible()).toBe(false);
  });
});
