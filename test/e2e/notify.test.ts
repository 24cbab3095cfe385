/**
 * Notifications end to end: a teacher reports a repair on a phone, the head assigns it, the
 * worker's WeCom message arrives in the local platform fake's inbox, its link opens the repair,
 * the worker finishes, the teacher's message asks for sign-off, and the teacher signs off
 * with a rating that lands in the sheet. Through `npm start`'s real pieces: wrangler dev,
 * Miniflare's local Queues, the Sheets emulator and tools/notify-fake.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRecords } from '../../tools/demo/school.js';
import type { InboxMessage } from '../../tools/notify-fake/index.js';
import { startPortal, type Portal } from '../../tools/start.js';
import { launchChromium, sheetRecords, signedInPhone } from './browser.js';

const UI = { timeout: 20_000, interval: 250 };

let portal: Portal;
let browser: Browser;
const records = demoRecords();
/** Active people with a WeCom account (the demo leaves a few without). */
const person = (role: string) => records.people!.find((p) => p.role === role && p.active === true && p.account)!;

const phoneOf = (role: string) => signedInPhone(browser, portal, String(person(role).id));

/** The message for `account` whose title mentions `text`, once it has arrived. */
async function messageFor(account: string, text: string): Promise<InboxMessage> {
  let found: InboxMessage | undefined;
  await expect.poll(() => (found = portal.notifyFake.messages.find((m) => m.to === account && m.title.includes(text))), UI).toBeTruthy();
  return found!;
}

beforeAll(async () => {
  portal = await startPortal({ localDir: null });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

describe('a repair told to the people who act on it', () => {
  it('reported → the worker hears in WeCom → its link → done → the reporter hears → sign-off with a rating', async () => {
    const teacher = await phoneOf('teacher');
    await teacher.goto(`${portal.portalUrl}/repairs/new?room=${encodeURIComponent('图书室')}`);
    await teacher.click('label.choice:has(input[value=water])');
    await teacher.fill('#f-description', '洗手池下水管漏水');
    await teacher.click('button[type=submit].primary');
    await expect.poll(() => teacher.locator('.saved').textContent(), UI).toContain('已报修');
    const id = (await teacher.locator('h1').textContent())!.trim();

    // The head's group robot hears of the new request.
    const head = person('head');
    const reported = await messageFor(`wx_${String(head.id).toLowerCase()}`, id);
    expect(reported.platform).toBe('wecom_robot');

    const headPage = await phoneOf('head');
    await headPage.goto(`${portal.portalUrl}/repairs/${id}`);
    const worker = person('staff');
    await headPage.selectOption('#f-worker', String(worker.id));
    await headPage.click('button:has-text("派工")');
    await expect.poll(() => headPage.locator('#repair-status').textContent(), UI).toBe('已派工');

    // The worker's own WeCom message: a text card with the job and a link.
    const assigned = await messageFor(String(worker.account), id);
    expect(assigned.platform).toBe('wecom_app');
    expect(assigned.text).toContain('洗手池下水管漏水');
    const workerPage = await phoneOf('staff');
    await workerPage.goto(assigned.link);
    await workerPage.waitForURL(`**/repairs/${id}`);
    await workerPage.click('button:has-text("开始维修")');
    await expect.poll(() => workerPage.locator('#repair-status').textContent(), UI).toBe('维修中');
    await workerPage.fill('#f-notes', '更换下水管');
    await workerPage.click('button:has-text("已修好")');
    await expect.poll(() => workerPage.locator('#repair-status').textContent(), UI).toBe('已修好');

    // The reporter is asked to sign off and rate; the link opens the repair.
    const done = await messageFor(String(person('teacher').account), id);
    expect(done.text).toContain('评分');
    await teacher.goto(done.link);
    await teacher.waitForURL(`**/repairs/${id}`);
    await teacher.click('label.choice:has(input[name=rating][value="4"])');
    await teacher.click('button:has-text("验收签字")');
    await expect.poll(() => teacher.locator('#repair-status').textContent(), UI).toBe('已验收');
    expect(await teacher.locator('dd:has-text("4 / 5")').count()).toBe(1);
    await expect
      .poll(async () => (await sheetRecords(portal, '报修单')).find((r) => r['报修编号'] === id)?.['评分'], {
        timeout: 20_000,
        interval: 500,
      })
      .toBe(4);

    // Each message was sent once; the inbox page shows them to a newcomer.
    expect(portal.notifyFake.messages.filter((m) => m.title.includes(id))).toHaveLength(3);
    const inbox = await teacher.context().newPage();
    await inbox.goto(portal.inboxUrl);
    expect(await inbox.locator('h1').textContent()).toContain('本地消息收件箱');
    if (process.env.SCREENSHOTS) await inbox.screenshot({ path: `${process.env.SCREENSHOTS}/notify-inbox-phone.png`, fullPage: true });
  });
});
