/**
 * Debian's Chromium for the end-to-end tests (playwright-core never downloads a browser here).
 * The background-networking flags keep it from calling Google at start, which this machine's
 * closed network would refuse many times over.
 */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A phone-sized, touch, zh-CN browsing context (each has its own cookies: one person each). */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
}
