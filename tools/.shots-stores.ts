// Throwaway: screenshots for helper `stores` (not committed).
import { writeFileSync } from 'node:fs';
import { signInLink } from '../src/core/auth/grants.js';
import { launchChromium } from '../test/e2e/browser.js';
import { demoRecords } from './demo/school.js';
import { startPortal } from './start.js';

const out = '/tmp/shots';
const portal = await startPortal({ localDir: null });
const browser = await launchChromium();
const people = demoRecords().people!;
const byNote = (n: string) => String(people.find((p) => String(p.notes).startsWith(n))!.id);
async function as(personId: string, phone: boolean, locale: string) {
  const ctx = await browser.newContext(phone ? { viewport: { width: 390, height: 844 }, locale, isMobile: true, hasTouch: true } : { viewport: { width: 1366, height: 900 }, locale });
  const page = await ctx.newPage();
  await page.goto(await signInLink({ baseUrl: portal.portalUrl, secret: portal.sessionSecret, personId }));
  return page;
}
try {
  const reqs = demoRecords().purchaseRequests!;
  const chairs = String(reqs.find((r) => String(r.purpose).includes('办公椅'))!.id);
  const first = String(reqs[0]!.id);
  for (const lang of ['zh', 'en']) {
    const q = lang === 'en' ? '?lang=en' : '';
    const amp = lang === 'en' ? '&lang=en' : '';
    // Leader on a phone: the inbox with the loan request.
    const p = await as(byNote('校长'), true, lang === 'en' ? 'en-US' : 'zh-CN');
    await p.goto(`${portal.portalUrl}/approvals${q}`);
    await p.screenshot({ path: `${out}/${lang}-phone-inbox.png`, fullPage: true });
    if (lang === 'zh') {
      const card = p.locator('.approval-card').filter({ hasText: 'XX-0099' });
      await card.locator('textarea').fill('同意，注意保管');
      await card.locator('button[value=approved]').tap();
      await p.waitForTimeout(1500);
      await p.screenshot({ path: `${out}/${lang}-phone-inbox-after.png`, fullPage: true });
    }
    // Head at the desk: loans page, receive chairs, issue a request on one slip.
    const h = await as(byNote('后勤主任') , false, lang === 'en' ? 'en-US' : 'zh-CN');
    await h.goto(`${portal.portalUrl}/assets/loans${q}`);
    await h.screenshot({ path: `${out}/${lang}-desk-loans.png`, fullPage: true });
    await h.goto(`${portal.portalUrl}/assets/XX-0099${q}`);
    await h.screenshot({ path: `${out}/${lang}-desk-asset.png`, fullPage: true });
    if (lang === 'zh') {
      await h.goto(`${portal.portalUrl}/stores/requests/${chairs}/receive`);
      await h.fill('input[name=handler]', '张采购');
      await h.locator('button[type=submit]').last().click();
      await h.waitForLoadState('load');
      await h.screenshot({ path: `${out}/${lang}-desk-receipt.png`, fullPage: true });
    }
    await h.goto(`${portal.portalUrl}/stores/issue?request=${first}${amp}`);
    await h.screenshot({ path: `${out}/${lang}-desk-issue-form.png`, fullPage: true });
    if (lang === 'zh') {
      await h.locator('button[type=submit]').last().click();
      await h.waitForLoadState('load');
      await h.screenshot({ path: `${out}/${lang}-desk-issue-slip.png`, fullPage: true });
      const slipUrl = h.url().replace(/\?.*$/, '');
      writeFileSync(`${out}/slip-url.txt`, slipUrl);
      await h.goto(slipUrl);
      await h.emulateMedia({ media: 'print' });
      writeFileSync(`${out}/slip-zh.pdf`, await h.pdf({ printBackground: true, preferCSSPageSize: true }));
      await h.emulateMedia({ media: 'screen' });
      await h.goto(`${slipUrl}?lang=en`);
      await h.emulateMedia({ media: 'print' });
      writeFileSync(`${out}/slip-en.pdf`, await h.pdf({ printBackground: true, preferCSSPageSize: true }));
    }
    const ph = await as(byNote('后勤主任'), true, 'zh-CN');
    await ph.goto(`${portal.portalUrl}/stores/issue?request=${first}${amp}`);
    await ph.screenshot({ path: `${out}/${lang}-phone-issue-form.png`, fullPage: true });
  }
} finally {
  await browser.close();
  await portal.stop();
}
