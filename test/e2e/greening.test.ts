/**
 * A gardener checks a care task in from a phone, as after scanning the area's QR label:
 * Debian's Chromium at a phone viewport, the real Worker (wrangler dev) and the emulator.
 */
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, phoneContext, sheetRecords } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInLink } from '../../src/core/auth/grants.js';
import { localDate } from '../../src/core/time.js';
import { demoRecords } from '../../tools/demo/school.js';
import { startPortal, type Portal } from '../../tools/start.js';

let portal: Portal;
let browser: Browser;
let page: Page;

const sheet = (title: string) => sheetRecords(portal, title);
const dateOf = (s: unknown) => new Date(Date.UTC(1899, 11, 30) + Number(s) * 86_400_000).toISOString().slice(0, 10);

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

describe('greening check-in on a phone', () => {
  it('the plant label opens without signing in and shows the species for science lessons', async () => {
    await page.goto(`${portal.portalUrl}/greening/a/G012`);
    expect(await page.textContent('h1')).toBe('主干道行道树');
    expect(await page.textContent('main')).toContain('Cinnamomum camphora');
    expect(await page.locator('button[name=outcome]').count()).toBe(0);
  });

  it('a gardener signs in, opens an area with an open task and checks it in with one tap', async () => {
    // An open task due on or before today, in the sheet as the demo school left it.
    const today = localDate();
    const open = (await sheet('养护日程')).filter((r) => r['状态'] === '待办' && dateOf(r['到期日']) <= today && r['执行人']);
    expect(open.length).toBeGreaterThan(0);
    const task = open[0]!;
    const people = demoRecords().people!;
    const gardener = people.find((p) => p.name === task['执行人']) ?? people.find((p) => p.role === 'staff')!;
    await page.goto(await signInLink({ baseUrl: portal.portalUrl, secret: portal.sessionSecret, personId: String(gardener.id) }));
    await page.goto(`${portal.portalUrl}/greening/a/${task['区域编号']}`);
    const form = page.locator(`form:has(input[name=task][value="${task['编号']}"])`);
    const done = form.locator('button[name=outcome][value=done]');
    const box = await done.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44); // a big target for a thumb
    await done.tap();
    await expect.poll(() => page.textContent('main')).toContain('已记录');
    await expect.poll(async () => (await sheet('养护日程')).find((r) => r['编号'] === task['编号'])?.['状态'], { timeout: 15_000 }).toBe('已完成');
    const logged = (await sheet('养护记录')).filter((r) => r['任务编号'] === task['编号']);
    expect(logged).toHaveLength(1);
    expect(logged[0]!['打卡人']).toBe(gardener.name);
  });

  it('a problem found becomes a repair request link with the area filled in', async () => {
    await page.goto(`${portal.portalUrl}/greening/checkin?area=G012&outcome=problem`);
    await page.fill('#gr-problem', '一棵香樟树枝折断，悬在人行道上');
    await page.locator('button[type=submit]').tap();
    const repair = page.locator('a', { hasText: '转为报修' });
    await expect.poll(() => repair.count()).toBe(1);
    const href = (await repair.getAttribute('href'))!;
    const url = new URL(href, portal.portalUrl);
    expect(url.pathname).toBe('/repairs/new');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ room: '校门至综合楼', from: 'greening', area: 'G012' });
    expect(await page.locator('a', { hasText: '登记为隐患' }).getAttribute('href')).toMatch(/^\/repairs\/hazards\/new\?/);
  });
});
