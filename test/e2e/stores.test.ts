/**
 * The store's whole chain on phones, in Debian's Chromium against the real Worker (wrangler
 * dev) and the emulator: a teacher requests copy paper for the exams → the principal approves
 * it in the approval inbox → the storekeeper receives it (a partial delivery) → issues it to
 * the teacher, who signs with a tap → the stock page and the monthly summary show it. The
 * printed 入库单 is checked in Chromium's own PDF: one A4 page, three signature lines.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../src/core/time.js';
import { demoRecords } from '../../tools/demo/school.js';
import { startPortal, type Portal } from '../../tools/start.js';
import { launchChromium, phoneContext, sheetRecords, signedInPhone } from './browser.js';

let portal: Portal;
let browser: Browser;
const people = demoRecords().people!;
const sheet = (title: string) => sheetRecords(portal, title);

/** A phone signed in as this person. */
const phoneOf = (person: { id?: unknown }) => signedInPhone(browser, portal, String(person.id));

const onHand = async (page: Page, item: string) =>
  Number((await page.locator(`tr[data-item="${item}"] .st-onhand`).textContent())!.trim().split(/\s/)[0]);

beforeAll(async () => {
  portal = await startPortal({ localDir: null });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

describe('stores on phones', () => {
  it('teacher requests → principal approves → storekeeper receives → teacher collects → stock and summary show it', {
    timeout: 120_000,
  }, async () => {
    const teacher = people.find((p) => String(p.notes).startsWith('教务主任'))!;
    const principal = people.find((p) => p.notes === '校长')!;
    const keeper = people.find((p) => String(p.notes).startsWith('保管员'))!;

    // The teacher asks for 220 reams (¥5,280): above ¥5,000, so the principal's to decide.
    const t = await phoneOf(teacher);
    await t.goto(`${portal.portalUrl}/stores`);
    await t.locator('a', { hasText: '填写请购单' }).tap();
    await t.fill('#st-purpose', '期末考试试卷印刷用纸');
    await t.fill('#st-needed', addDays(localDate(), 9));
    await t.selectOption('select[name=item_1]', 'WP005');
    await t.fill('input[name=qty_1]', '220');
    await t.locator('button', { hasText: '提交请购' }).tap();
    await expect.poll(() => t.textContent('main')).toContain('已提交，等待校长');
    const id = (await t.textContent('h1'))!.replace('请购单', '').trim();
    expect(id).toMatch(/^QG-/);

    // The principal approves on a phone, with one tap.
    const p = await phoneOf(principal);
    await p.goto(`${portal.portalUrl}/`);
    await p.locator('a', { hasText: '等待您审批' }).first().tap();
    const card = p.locator(`#ap-${id}`);
    await expect.poll(() => card.textContent()).toContain('期末考试试卷印刷用纸');
    await card.locator('textarea').fill('同意。注意比价。');
    const approve = card.locator('button', { hasText: '同意' }).first();
    expect((await approve.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await approve.tap();
    await expect.poll(() => p.textContent('main')).toContain(`已记录对 ${id} 的审批`);
    await p.screenshot({ path: join(tmpdir(), 'houqin-stores-approved.png'), fullPage: true });

    // The storekeeper receives 200 now (20 to come), with the three names of the receipt.
    const k = await phoneOf(keeper);
    await k.goto(`${portal.portalUrl}/stores/stock`);
    const before = await onHand(k, 'WP005');
    // A wide table (the requests list) scrolls inside itself: the page is no wider than the phone.
    await k.goto(`${portal.portalUrl}/stores/requests`);
    expect(await k.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await k.goto(`${portal.portalUrl}/stores/requests/${id}`);
    await k.locator('a', { hasText: '验收入库' }).tap();
    await k.locator('input[name^=accept_]').fill('200');
    await k.fill('#st-supplier', '育才文具批发部');
    await k.fill('#st-invoice', '04419001');
    await k.fill('#st-handler', '张采购');
    await k.locator('button', { hasText: '确认入库' }).tap();
    await expect.poll(() => k.textContent('main')).toContain('已入库，库存已增加');
    expect(await k.textContent('main')).toContain(principal.name as string);

    // The printed 入库单: one A4 page with 经手人, 验收人 and 审批人 and their lines.
    await k.emulateMedia({ media: 'print' });
    const pdf = await k.pdf({ printBackground: true, preferCSSPageSize: true });
    await k.emulateMedia({ media: 'screen' });
    const path = join(tmpdir(), 'houqin-stores-receipt.pdf');
    writeFileSync(path, pdf);
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+1\b/);
    expect(info).toMatch(/Page size:.*\(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    for (const word of ['入库单', '经手人', '验收人', '审批人', '张采购', '04419001']) expect(text).toContain(word);

    // The teacher collects 50 reams: the storekeeper issues, the teacher signs on her phone.
    await k.goto(`${portal.portalUrl}/stores/issue?request=${id}`);
    expect(await k.locator('select[name=oldItem_0]').isVisible()).toBe(false); // paper is consumable: no old-for-new choice
    await k.fill('#st-qty-0', '50');
    await k.locator('button', { hasText: '确认领用' }).tap();
    await expect.poll(() => k.textContent('main')).toContain('已出库');
    const slip = k.url();
    await t.goto(`${portal.portalUrl}/stores`);
    await t.locator('section a', { hasText: 'A4复印纸 × 50' }).tap();
    await t.locator('button', { hasText: '签收' }).tap();
    await expect.poll(() => t.textContent('main')).toContain('已签收');

    // Ten reams come back unused: from the slip, the return form lists its line with all 50 still out; 10 are taken back.
    await k.goto(slip);
    await k.locator('a', { hasText: '退还入库' }).tap();
    expect(await k.inputValue('#st-qty-0')).toBe('50');
    await k.fill('#st-qty-0', '10');
    await k.locator('button', { hasText: '确认退还' }).tap();
    await expect.poll(() => k.textContent('main')).toContain('已退还入库');
    expect(await k.textContent('main')).toContain('退还人签字');

    // On a blank slip, choosing an old-for-new item (以旧换新) brings its old-item choice on that line only.
    await k.goto(`${portal.portalUrl}/stores/issue`);
    const durable = await k.locator('#st-item-1 option[data-old-for-new]').first().getAttribute('value');
    await k.selectOption('#st-item-1', durable!);
    await expect.poll(() => k.locator('select[name=oldItem_1]').isVisible()).toBe(true);
    expect(await k.locator('select[name=oldItem_0]').isVisible()).toBe(false);

    // Stock on hand follows the movements; the sheet has the request's whole story.
    await k.goto(`${portal.portalUrl}/stores/stock`);
    expect(await onHand(k, 'WP005')).toBe(before + 200 - 50 + 10);
    await expect.poll(async () => (await sheet('请购单')).find((r) => r['单号'] === id)?.['状态'], { timeout: 15_000 }).toBe('部分到货');
    const request = (await sheet('请购单')).find((r) => r['单号'] === id)!;
    expect(request).toMatchObject({ 审批人: principal.name, 审批意见: '同意。注意比价。' });
    await expect
      .poll(async () => (await sheet('领用单')).find((r) => r['请购单号'] === id)?.['领用人'], { timeout: 15_000 })
      .toBe(teacher.name);
    await expect
      .poll(async () => typeof (await sheet('领用单')).find((r) => r['请购单号'] === id)?.['签收时间'], { timeout: 15_000 })
      .toBe('number');
    expect((await sheet('审批记录')).filter((r) => r['单号'] === id)).toHaveLength(1);

    // The monthly summary's stores section counts the approval and the spend.
    const head = await (await phoneContext(browser)).newPage();
    await head.goto(portal.headSignInUrl);
    await head.goto(`${portal.portalUrl}/summary/${localDate().slice(0, 7)}`);
    const section = head.locator('#section-stores');
    await expect.poll(() => section.textContent()).toContain('请购同意');
    expect(await section.textContent()).toContain('办公用品');
  });
});

describe('store pages on a phone and on paper', () => {
  it('stock total row as wide as the table; stocktake prints a line to write on; total printed once; slips stay inside the phone', {
    timeout: 90_000,
  }, async () => {
    const keeper = people.find((p) => String(p.notes).startsWith('保管员'))!;
    const k = await phoneOf(keeper);
    /** Where a row's last shown cell ends. */
    const rightEdge = (selector: string) =>
      k.evaluate<number>(`Math.max(...[...document.querySelector('${selector}').children]
        .filter((cell) => getComputedStyle(cell).display !== 'none')
        .map((cell) => Math.round(cell.getBoundingClientRect().right)))`);

    // The phone hides two columns of the stock table by position: the total row must lose the same two.
    await k.goto(`${portal.portalUrl}/stores/stock`);
    expect(await rightEdge('.st-stock-table tfoot tr')).toBe(await rightEdge('.st-stock-table tbody tr'));
    expect(await k.locator('.st-stock-table tfoot .num').isVisible()).toBe(true);
    expect(await k.locator('.st-stock-table tfoot .num').textContent()).toMatch(/^¥[\d,]+\.\d\d$/);
    expect(await k.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

    // Printed, the stock total comes once, at the end (a footer on every page reads as a page subtotal).
    await k.emulateMedia({ media: 'print' });
    const stockPdf = join(tmpdir(), 'houqin-stores-stock.pdf');
    writeFileSync(stockPdf, await k.pdf({ printBackground: true, preferCSSPageSize: true }));
    const stockText = execFileSync('pdftotext', ['-layout', stockPdf, '-'], { encoding: 'utf8' });
    expect(execFileSync('pdfinfo', [stockPdf], { encoding: 'utf8' })).toMatch(/Pages:\s+[2-9]/);
    expect(stockText.match(/合计/g)).toHaveLength(1);

    // The printed 请购单 of an urgent request with long words beside its labels: the labels stay whole (申请人, not 申请 over 人).
    await k.emulateMedia({ media: 'screen' });
    await k.goto(`${portal.portalUrl}/stores/requests/new`);
    await k.fill('#st-purpose', '物理实验课用电池和导线，另备用于区级公开课的演示器材');
    await k.fill('#st-needed', addDays(localDate(), 1));
    await k.check('input[name=urgent]');
    await k.fill('#st-urgent-reason', '下周一区级公开课，实验室的电池已经全部用完，需要尽快补充');
    await k.selectOption('select[name=item_1]', 'WP003');
    await k.fill('input[name=qty_1]', '2');
    await k.locator('button', { hasText: '提交请购' }).tap();
    await expect.poll(() => k.textContent('main')).toContain('已提交');
    await k.goto(`${k.url().split('?')[0]}/print`);
    await k.emulateMedia({ media: 'print' });
    const requestPdf = join(tmpdir(), 'houqin-stores-request.pdf');
    writeFileSync(requestPdf, await k.pdf({ printBackground: true, preferCSSPageSize: true }));
    const requestText = execFileSync('pdftotext', ['-layout', requestPdf, '-'], { encoding: 'utf8' });
    for (const label of ['申请人', '部门/班级', '需用日期']) expect(requestText).toContain(label);

    // The printed count sheet: each count is a line across its cell, not a small box.
    await k.emulateMedia({ media: 'screen' });
    await k.goto(`${portal.portalUrl}/stores/stocktake`);
    await k.emulateMedia({ media: 'print' });
    const box = await k.evaluate<{ ratio: number; sides: string[]; bottom: string; radius: string }>(`(() => {
      const input = document.querySelector('.st-count');
      const style = getComputedStyle(input);
      const cell = input.parentElement;
      const pad = parseFloat(getComputedStyle(cell).paddingLeft) + parseFloat(getComputedStyle(cell).paddingRight);
      return {
        ratio: input.getBoundingClientRect().width / (cell.getBoundingClientRect().width - pad),
        sides: [style.borderTopWidth, style.borderLeftWidth, style.borderRightWidth],
        bottom: style.borderBottomWidth,
        radius: style.borderTopLeftRadius,
      };
    })()`);
    await k.emulateMedia({ media: 'screen' });
    expect(box.ratio).toBeGreaterThan(0.95);
    expect(box).toMatchObject({ sides: ['0px', '0px', '0px'], radius: '0px' });
    expect(box.bottom).not.toBe('0px');

    // A signed slip's signature line (name and time) and an English receipt's headers stay inside the phone.
    await k.goto(`${portal.portalUrl}/stores/issues/LY-20261013-DEMO1`);
    expect(await k.textContent('.st-signs')).toContain('2026-10-13');
    expect(await k.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await k.goto(`${portal.portalUrl}/stores/receipts/RK-20261011-DEMO1?lang=en`);
    expect(await k.textContent('h1')).toContain('Receipt');
    expect(await k.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });
});
