/**
 * Debian's Chromium for the end-to-end tests (playwright-core never downloads a browser here).
 * The background-networking flags keep it from calling Google at start, which this machine's
 * closed network would refuse many times over.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { signInLink } from '../../src/core/auth/grants.js';
import type { Portal } from '../../tools/start.js';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A phone-sized, touch, zh-CN browsing context (each has its own cookies: one person each). */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
}

/** A phone signed in as this person, by their one-time link (as printed on their sign-in sheet). */
export async function signedInPhone(browser: Browser, portal: Portal, personId: string): Promise<Page> {
  const page = await (await phoneContext(browser)).newPage();
  // The signed-in page's HTML is what counts here: 'load' also waits for every subresource, and twice in
  // CI a new phone's first page never fired it within 60 s (cause not found).
  await page.goto(await signInLink({ baseUrl: portal.portalUrl, secret: portal.sessionSecret, personId }), {
    waitUntil: 'domcontentloaded',
  });
  await page.waitForURL((url) => !url.pathname.startsWith('/auth'), { waitUntil: 'domcontentloaded' });
  return page;
}

/** A sheet's cells as the emulator holds them (the end-to-end tests check what landed). */
export async function sheetValues(portal: Portal, title: string, render = 'UNFORMATTED_VALUE'): Promise<unknown[][]> {
  const res = await fetch(
    `${portal.emulatorUrl}/__emulator/spreadsheets/${portal.spreadsheetId}/values?sheet=${encodeURIComponent(title)}&render=${render}`,
  );
  if (!res.ok) throw new Error(`emulator: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { values: unknown[][] }).values;
}

/** A sheet's rows keyed by header text. */
export async function sheetRecords(portal: Portal, title: string): Promise<Array<Record<string, unknown>>> {
  const [header = [], ...rows] = await sheetValues(portal, title);
  return rows.map((r) => Object.fromEntries((header as string[]).map((h, i) => [h, r[i]])));
}
