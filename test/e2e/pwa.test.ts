/**
 * The phone app offline, in Debian's Chromium at a phone viewport with the network switched off
 * and on (playwright's offline mode, which covers the service worker's own requests too):
 * a check-in made offline lands once after reconnecting; a repair report with a photo made
 * offline lands once with its photo; a tap waits through an expired session until the person
 * signs in again; a tap too old is refused with the reason shown; a tap sent twice (tapped twice offline, or cut off mid-upload after the server
 * had it) is one row; an app update keeps what the outbox holds. Rows are read from the emulator.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInLink } from '../../src/core/auth/grants.js';
import { localDate } from '../../src/core/time.js';
import { demoRecords } from '../../tools/demo/school.js';
import { startPortal, type Portal } from '../../tools/start.js';
import { launchChromium, phoneContext, sheetRecords } from './browser.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
/** Generous: the machine these run on is shared, and a cold gateway reads the sheet first. */
const LANDS = { timeout: 45_000, interval: 300 };
const SLOW = { timeout: 180_000 };

let portal: Portal;
let browser: Browser;
const contexts: BrowserContext[] = [];
const people = demoRecords().people!;
const staff = people.filter((p) => p.role === 'staff' && p.active === true).map((p) => String(p.id));

/** A phone signed in as this person, its service worker installed and in control. */
async function phoneOf(personId: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await phoneContext(browser);
  context.setDefaultTimeout(60_000); // a shared machine: a cold portal can be slow to answer
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, personId);
  await page.waitForFunction(
    () => (globalThis as unknown as { navigator: { serviceWorker: { controller: unknown } } }).navigator.serviceWorker.controller !== null,
    undefined,
    { timeout: 60_000 },
  );
  return { context, page };
}

async function signIn(page: Page, personId: string): Promise<void> {
  // The signed-in page's HTML is what counts here: 'load' also waits for every subresource, and twice in
  // CI a new phone's first page never fired it within 60 s (cause not found).
  await page.goto(await signInLink({ baseUrl: portal.portalUrl, secret: portal.sessionSecret, personId }), {
    waitUntil: 'domcontentloaded',
  });
  await page.waitForURL((url) => !url.pathname.startsWith('/auth'), { waitUntil: 'domcontentloaded' });
}

const checkins = async (zone: string, personId: string) =>
  (await sheetRecords(portal, '保洁打卡')).filter((r) => r['责任区编号'] === zone && r['人员编号'] === personId);
/** How many taps the phone's outbox holds (IndexedDB, as the service worker keeps them). */
const outboxSize = (page: Page) =>
  page.evaluate<number>(`new Promise((resolve, reject) => {
  const open = indexedDB.open('houqin-outbox', 1);
  open.onsuccess = () => { const count = open.result.transaction('items').objectStore('items').count(); count.onsuccess = () => resolve(count.result); };
  open.onerror = () => reject(open.error);
})`);

/** As if the phone had stayed in a drawer: the stored taps' time moved back. */
const ageOutbox = (page: Page, tappedAt: string) =>
  page.evaluate(`new Promise((resolve, reject) => {
  const open = indexedDB.open('houqin-outbox', 1);
  open.onsuccess = () => {
    const store = open.result.transaction('items', 'readwrite').objectStore('items');
    const all = store.getAll();
    all.onsuccess = () => {
      for (const item of all.result) {
        item.entries = item.entries.map(([k, v]) => [k, k === 'tapped_at' ? ${JSON.stringify(tappedAt)} : v]);
        item.tappedAt = ${JSON.stringify(tappedAt)};
        store.put(item);
      }
      store.transaction.oncomplete = () => resolve(null);
    };
  };
  open.onerror = () => reject(open.error);
})`);
const cacheNames = (page: Page) => page.evaluate<string[]>('caches.keys()');

beforeAll(async () => {
  portal = await startPortal({ localDir: null });
  // Whatever day the test runs, make it a school day (a make-up day typed into 校历), so a tap fills a check.
  const calendar = await sheetRecords(portal, '校历');
  if (!calendar.some((r) => r['编号'] === 'C-PWA')) {
    const header = Object.keys(calendar[0] ?? {});
    const row: Record<string, unknown> = {
      编号: 'C-PWA',
      类型: '调休上课',
      名称: '测试调休',
      开始日期: localDate(),
      结束日期: localDate(),
    };
    const res = await fetch(`${portal.emulatorUrl}/__emulator/spreadsheets/${portal.spreadsheetId}/edit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        valueInputOption: 'RAW',
        data: [{ range: `'校历'!A${calendar.length + 2}`, values: [header.map((h) => row[h] ?? '')] }],
      }),
    });
    if (!res.ok) throw new Error(`edit: ${res.status}`);
  }
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await portal?.stop();
});

describe('the phone app offline', () => {
  it(
    'a check-in made offline is saved on the phone, the page still opens offline, and after reconnecting the row lands once',
    SLOW,
    async () => {
      const person = staff[0]!;
      const { context, page } = await phoneOf(person);
      await page.goto(`${portal.portalUrl}/cleaning/c/Z003`); // opened once online: kept for offline use
      const zoneName = await page.textContent('h1');

      await context.setOffline(true);
      await page.locator('button.cl-done').tap();
      await expect.poll(() => page.textContent('#outbox-saved')).toContain('已保存在手机上，联网后自动提交');
      expect(await outboxSize(page)).toBe(1);

      // Reload offline: the check-in page comes from the phone, marked with when it was saved.
      await page.goto(`${portal.portalUrl}/cleaning/c/Z003`);
      expect(await page.textContent('h1')).toBe(zoneName);
      expect(await page.textContent('.offline-notice')).toMatch(/^离线 · 更新于 \d{2}:\d{2}$/);
      await expect.poll(() => page.textContent('#outbox')).toContain('1 条记录保存在手机上，联网后自动提交');
      expect(await checkins('Z003', person)).toHaveLength(0);

      await context.setOffline(false);
      await page.reload();
      expect(await page.locator('.offline-notice').count()).toBe(0); // online: the page is fresh, never the copy
      await expect.poll(() => outboxSize(page), LANDS).toBe(0);
      await expect.poll(async () => (await checkins('Z003', person)).length, LANDS).toBe(1);
      // Nothing more arrives later (focus and reloads send nothing twice).
      await page.reload();
      await new Promise((r) => setTimeout(r, 1500));
      expect(await checkins('Z003', person)).toHaveLength(1);
    },
  );

  it('a repair report with a photo made offline lands once, with its photo', SLOW, async () => {
    const person = staff[1]!;
    const { context, page } = await phoneOf(person);
    await page.goto(`${portal.portalUrl}/repairs/new?room=${encodeURIComponent('图书室')}`);
    await context.setOffline(true);
    const description = `离线报修：门把手松动 ${Date.now()}`;
    await page.click('label.choice:has(input[value=carpentry])');
    await page.fill('#f-description', description);
    await page.setInputFiles('#f-photos', { name: 'handle.png', mimeType: 'image/png', buffer: PNG });
    await page.click('button[type=submit].primary');
    await expect.poll(() => page.textContent('#repair-form .outbox-note')).toContain('已保存在手机上，联网后自动提交');
    expect(await outboxSize(page)).toBe(1);

    await context.setOffline(false);
    await page.evaluate("window.dispatchEvent(new Event('focus'))"); // as when the phone comes back to the page
    const landed = async () => (await sheetRecords(portal, '报修单')).filter((r) => r['问题描述'] === description);
    await expect.poll(async () => (await landed()).length, LANDS).toBe(1);
    const [row] = await landed();
    expect(row!['报修人编号']).toBe(person);
    const photo = String(row!['照片']);
    expect(photo).toMatch(/\/repairs\/photos\/R-[^/]+\/1\.png$/);
    const served = await page.request.get(photo);
    expect(served.status()).toBe(200);
    expect(Buffer.from(await served.body()).equals(PNG)).toBe(true);
    await expect.poll(() => outboxSize(page), LANDS).toBe(0);
  });

  it('a tap waits through an expired session, says so, and is sent once the person signs in again', SLOW, async () => {
    const person = staff[2]!;
    const { context, page } = await phoneOf(person);
    await page.goto(`${portal.portalUrl}/cleaning/c/Z004`);
    await context.setOffline(true);
    await page.locator('button.cl-done').tap();
    await expect.poll(() => page.textContent('#outbox-saved')).toContain('已保存在手机上');

    await context.clearCookies(); // the session is gone meanwhile
    await context.setOffline(false); // the saved page hears "online" and the outbox tries: 401
    await expect.poll(() => page.textContent('#outbox'), LANDS).toContain('1 条记录保存在手机上，登录后自动提交');
    expect(await outboxSize(page)).toBe(1);
    expect(await checkins('Z004', person)).toHaveLength(0);

    await signIn(page, person);
    await expect.poll(async () => (await checkins('Z004', person)).length, LANDS).toBe(1);
    await expect.poll(() => outboxSize(page), LANDS).toBe(0);
  });

  it('the same tap sent twice is one row: tapped twice offline, and cut off mid-upload after the server had it', SLOW, async () => {
    const person = staff[3] ?? staff[0]!;
    const { context, page } = await phoneOf(person);

    // Tapped twice while offline (back, tap again): one tap on the phone, one row.
    await page.goto(`${portal.portalUrl}/cleaning/c/Z005`);
    await context.setOffline(true);
    await page.locator('button.cl-done').tap();
    await expect.poll(() => page.textContent('#outbox-saved')).toContain('已保存在手机上');
    await page.goBack();
    await page.locator('button.cl-done').tap();
    await expect.poll(() => page.textContent('#outbox-saved')).toContain('已保存在手机上');
    expect(await outboxSize(page)).toBe(1);
    await context.setOffline(false);
    await page.reload();
    await expect.poll(async () => (await checkins('Z005', person)).length, LANDS).toBe(1);

    // The connection drops after the server took the check-in but before the answer arrived.
    await page.goto(`${portal.portalUrl}/cleaning/c/Z006`);
    let cut = 0;
    await context.route('**/cleaning/c/Z006', async (route) => {
      if (route.request().method() !== 'POST' || cut > 0) return route.fallback();
      cut += 1;
      await route.fetch(); // the server records it …
      await route.abort('connectionreset'); // … and the phone never hears back
    });
    await page.locator('button.cl-done').tap();
    await expect.poll(() => page.textContent('#outbox-saved')).toContain('已保存在手机上');
    await expect.poll(async () => (await checkins('Z006', person)).length, LANDS).toBe(1);
    await page.reload(); // the outbox sends it again
    await expect.poll(() => outboxSize(page), LANDS).toBe(0);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await checkins('Z006', person)).toHaveLength(1);
    expect(cut).toBe(1);
  });

  it(
    'a tap the server no longer accepts (saved more than 7 days ago) stays on the phone with the reason until dismissed',
    SLOW,
    async () => {
      const person = staff[4] ?? staff[1]!;
      const { context, page } = await phoneOf(person);
      await page.goto(`${portal.portalUrl}/cleaning/c/Z008`);
      await context.setOffline(true);
      await page.locator('button.cl-done').tap();
      await expect.poll(() => page.textContent('#outbox-saved')).toContain('已保存在手机上');
      const old = new Date(Date.now() - 8 * 24 * 3_600_000).toISOString();
      await ageOutbox(page, old);
      await context.setOffline(false);
      await page.goto(`${portal.portalUrl}/`);
      await expect
        .poll(() => page.textContent('.outbox-refused'), LANDS)
        .toContain(`这条记录是 ${localDate(Date.parse(old))} 在手机上保存的，已超过 7 天，不再接受。请重新登记。`);
      expect(await checkins('Z008', person)).toHaveLength(0);
      expect(await outboxSize(page)).toBe(1); // kept until the person has read why
      await page.click('.outbox-refused button');
      await expect.poll(() => outboxSize(page), LANDS).toBe(0);
      await expect.poll(() => page.locator('.outbox-refused').count()).toBe(0);
    },
  );

  it('an app update (a new service worker) drops the old caches and keeps the taps waiting on the phone', SLOW, async () => {
    const person = staff[0]!;
    const { context, page } = await phoneOf(person);
    await page.goto(`${portal.portalUrl}/cleaning/c/Z007`);
    const before = await cacheNames(page);
    expect(before.some((k) => k.startsWith('houqin-static-'))).toBe(true);
    await context.setOffline(true);
    await page.locator('button.cl-done').tap();
    await expect.poll(() => page.textContent('#outbox-saved')).toContain('已保存在手机上');
    // Hold the check-in back until the update is in place, so the new worker is the one that sends it.
    await context.route('**/cleaning/c/Z007', (route) =>
      route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.fallback(),
    );
    await context.setOffline(false);

    // The next deployment: the same worker with another build hash (wrangler dev serves the new file).
    const swFile = join(dirname(fileURLToPath(import.meta.url)), '../../views/static/sw.js');
    const built = readFileSync(swFile, 'utf8');
    try {
      writeFileSync(swFile, built.replace(/const VERSION = "([0-9a-f]+)";/, 'const VERSION = "0000000000";'));
      await expect
        .poll(async () => {
          await page.evaluate('navigator.serviceWorker.getRegistration().then((r) => r.update()).catch(() => {})');
          const keys = await cacheNames(page);
          return keys.includes('houqin-static-0000000000') && !keys.some((k) => before.includes(k)); // old caches removed on activate
        }, LANDS)
        .toBe(true);
    } finally {
      writeFileSync(swFile, built);
    }
    expect(await outboxSize(page)).toBe(1);
    await context.unroute('**/cleaning/c/Z007');
    await page.goto(`${portal.portalUrl}/`);
    await expect.poll(async () => (await checkins('Z007', person)).length, LANDS).toBe(1);
    await expect.poll(() => outboxSize(page), LANDS).toBe(0);
  });
});
