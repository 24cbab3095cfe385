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
    await expect.poll(() => page.locator('main .sync-badge').textContent(), { timeout: 15_000 }).toContain('已同步');
    await expect
      .poll(async () => (await sheet('养护日程')).find((r) => r['编号'] === task['编号'])?.['状态'], { timeout: 15_000 })
      .toBe('已完成');
    const logged = (await sheet('养护记录')).filter((r) => r['任务编号'] === task['编号']);
    expect(logged).toHaveLength(1);
    expect(logged[0]!['打卡人']).toBe(gardener.name);
  });

  it('a problem found reaches the head’s desk and becomes a repair request in one tap, with the area as its place', async () => {
    await page.goto(`${portal.portalUrl}/greening/checkin?area=G012&outcome=problem`);
    await page.fill('#gr-problem', '一棵香樟树枝折断，悬在人行道上');
    await page.locator('button[type=submit]').tap();
    await expect.poll(() => page.locator('button', { hasText: '转为报修' }).count()).toBe(1);
    expect(await page.locator('button', { hasText: '登记为隐患' }).count()).toBe(1);

    // The head sees it on the desk and takes it with one tap.
    const head = await (await phoneContext(browser)).newPage();
    await head.goto(portal.headSignInUrl);
    await head.locator('a', { hasText: '现场反映的问题' }).tap();
    const card = head.locator('li', { hasText: '一棵香樟树枝折断' });
    await card.locator('button', { hasText: '转为报修' }).tap();
    await expect.poll(() => head.textContent('h1')).toMatch(/^R-/);
    expect(await head.textContent('main')).toContain('主干道行道树（校门至综合楼）');
    expect(await head.textContent('main')).toContain('一棵香樟树枝折断，悬在人行道上');
    await expect
      .poll(
        async () =>
          (await sheet('报修单')).find(
            (r) => String(r['来源']).startsWith('greening:') && r['问题描述'] === '一棵香樟树枝折断，悬在人行道上',
          )?.['地点'],
        { timeout: 15_000 },
      )
      .toBe('主干道行道树（校门至综合楼）');
  });
});
