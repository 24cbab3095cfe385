/**
 * Repairs end to end in Chromium on a phone-sized screen, as three people would: a teacher
 * scans an asset's QR and reports with a photo, the head assigns, the worker repairs, the
 * teacher signs off; then a patrol finding becomes a hazard that is rectified and closed.
 */
import type { Browser } from 'playwright-core';
import { launchChromium, sheetRecords, signedInPhone } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRecords } from '../../tools/demo/school.js';
import { startPortal, type Portal } from '../../tools/start.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** Polls for what the page shows after a step (each step reads the sheet fresh; slower on a busy machine). */
const UI = { timeout: 15_000, interval: 200 };

let portal: Portal;
let browser: Browser;
const records = demoRecords();
const person = (role: string) => records.people!.find((p) => p.role === role && p.active === true)!;

const sheetRows = (title: string) => sheetRecords(portal, title);

/** A phone signed in as the demo's first active person with this role. */
const phoneOf = (role: string) => signedInPhone(browser, portal, String(person(role).id));

beforeAll(async () => {
  portal = await startPortal({ localDir: null });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

describe('a repair from the QR scan to the sign-off', () => {
  it('reports with a photo, is assigned, repaired and signed off by the reporter', async () => {
    const teacher = await phoneOf('teacher');
    const asset = records.assets!.find((a) => String(a.name).includes('空调'))!;

    // The asset label's QR opens the report form with the asset and its room filled in.
    await teacher.goto(`${portal.portalUrl}/repairs/new?asset=${asset.tag}`);
    expect(await teacher.inputValue('#f-asset')).toBe(asset.tag);
    expect(await teacher.inputValue('#f-room')).toBe(asset.room);
    await teacher.click('label.choice:has(input[value=air_conditioning])');
    await teacher.fill('#f-description', '空调不制冷，有异响');
    await teacher.setInputFiles('#f-photos', { name: 'ac.png', mimeType: 'image/png', buffer: PNG });
    await teacher.click('button[type=submit].primary');
    await expect.poll(() => teacher.locator('.saved').textContent(), UI).toContain('已报修');
    const id = (await teacher.locator('h1').textContent())!.trim();
    expect(id).toMatch(/^R-/);
    const img = teacher.locator('.repair-photos img');
    await expect.poll(() => img.evaluate((el: { complete: boolean; naturalWidth: number }) => el.complete && el.naturalWidth), UI).toBe(1);

    const head = await phoneOf('head');
    await head.goto(`${portal.portalUrl}/repairs/${id}`);
    await head.selectOption('#f-worker', String(person('staff').id));
    await head.click('button:has-text("派工")');
    await expect.poll(() => head.locator('#repair-status').textContent(), UI).toBe('已派工');

    const worker = await phoneOf('staff');
    await worker.goto(`${portal.portalUrl}/repairs/jobs`);
    await worker.click(`a[href="/repairs/${id}"]`);
    await worker.click('button:has-text("开始维修")');
    await expect.poll(() => worker.locator('#repair-status').textContent(), UI).toBe('维修中');
    await worker.fill('#f-notes', '清洗滤网，补充冷媒');
    await worker.fill('#f-cost', '¥85');
    await worker.click('button:has-text("已修好")');
    await expect.poll(() => worker.locator('#repair-status').textContent(), UI).toBe('已修好');

    await teacher.goto(`${portal.portalUrl}/repairs/${id}`);
    await teacher.click('button:has-text("验收签字")');
    await expect.poll(() => teacher.locator('#repair-status').textContent(), UI).toBe('已验收');

    await expect
      .poll(async () => (await sheetRows('报修单')).find((r) => r['报修编号'] === id)?.['状态'], { timeout: 15_000, interval: 500 })
      .toBe('已验收');
    const row = (await sheetRows('报修单')).find((r) => r['报修编号'] === id)!;
    expect(row['资产编号']).toBe(asset.tag);
    expect(row['费用']).toBe(85);
    expect(String(row['照片'])).toContain(`/repairs/photos/${id}/1.png`);
    const steps = (await sheetRows('维修记录')).filter((r) => r['报修编号'] === id).map((r) => r['状态']);
    expect(steps).toEqual(['已报修', '已派工', '维修中', '已修好', '已验收']);
  });

  it('shrinks a phone-sized photo in the browser so it fits the upload limit, and saves it', async () => {
    const teacher = await phoneOf('teacher');
    await teacher.goto(`${portal.portalUrl}/repairs/new?room=${encodeURIComponent('图书室')}`);
    // In-page code as a string: the test project is typed without the DOM library.
    const original = await teacher.evaluate<number>(`(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 2000;
      canvas.height = 1500;
      const ctx = canvas.getContext('2d');
      const img = ctx.createImageData(canvas.width, canvas.height);
      let seed = 7;
      for (let i = 0; i < img.data.length; i++) img.data[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24; // noise: the worst case
      ctx.putImageData(img, 0, 0);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
      const input = document.querySelector('#f-photos');
      const files = new DataTransfer();
      files.items.add(new File([blob], 'IMG_0001.png', { type: 'image/png' }));
      input.files = files.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return blob.size;
    })()`);
    expect(original).toBeGreaterThan(256 * 1024); // more than the Worker accepts in one request
    await expect.poll(() => teacher.getAttribute('#f-photos', 'data-shrunk'), { timeout: 15_000 }).toBe('true');
    expect(await teacher.evaluate<number>(`document.querySelector('#f-photos').files[0].size`)).toBeLessThanOrEqual(75 * 1024);
    await teacher.click('label.choice:has(input[value=electrical])');
    await teacher.fill('#f-description', '插座松动');
    await teacher.click('button[type=submit].primary');
    await expect.poll(() => teacher.locator('.saved').textContent(), UI).toContain('已报修');
    await expect
      .poll(
        () =>
          teacher
            .locator('.repair-photos img')
            .evaluate((el: { complete: boolean; naturalWidth: number }) => el.complete && el.naturalWidth > 0),
        UI,
      )
      .toBe(true);
  });

  it('keeps what was typed when the room does not exist or the file is not a photo', async () => {
    const teacher = await phoneOf('teacher');
    await teacher.goto(`${portal.portalUrl}/repairs/new`);
    await teacher.fill('#f-room', '没有这个房间');
    await teacher.click('label.choice:has(input[value=water])');
    await teacher.fill('#f-description', '水龙头关不紧');
    await teacher.setInputFiles('#f-photos', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await teacher.click('button[type=submit].primary');
    await expect
      .poll(() => teacher.locator('.field-error').allTextContents(), UI)
      .toEqual(expect.arrayContaining([expect.stringContaining('场所「没有这个房间」不存在'), expect.stringContaining('不是图片')]));
    expect(await teacher.inputValue('#f-description')).toBe('水龙头关不紧');
    expect(await teacher.isChecked('input[value=water]')).toBe(true);
  });
});

describe('daily patrol to a closed hazard', () => {
  it('turns a patrol finding into a hazard that the owner rectifies and the head closes', async () => {
    const worker = await phoneOf('staff');
    await worker.goto(`${portal.portalUrl}/repairs/patrol?area=safety`);
    await worker.locator('input[name=ok]').nth(1).uncheck();
    await worker.click('button:has-text("保存")');
    await expect.poll(() => worker.locator('.saved').textContent(), UI).toContain('发现问题 1 项');
    await worker.click('a:has-text("登记为隐患")');
    await worker.fill('#f-room', '图书室');
    await worker.click('button:has-text("保存")');
    await expect.poll(() => worker.locator('#hazard-status').textContent(), UI).toBe('待整改');
    const id = (await worker.locator('h1').textContent())!.trim();
    await worker.fill('#f-rectification', '已更换灭火器');
    await worker.click('button:has-text("已整改")');
    await expect.poll(() => worker.locator('#hazard-status').textContent(), UI).toBe('已整改');

    const head = await phoneOf('head');
    await head.goto(`${portal.portalUrl}/repairs/hazards/${id}`);
    await head.click('button:has-text("验收销号")');
    await expect.poll(() => head.locator('#hazard-status').textContent(), UI).toBe('已销号');
    await expect
      .poll(async () => (await sheetRows('隐患')).find((r) => r['编号'] === id)?.['状态'], { timeout: 15_000, interval: 500 })
      .toBe('已销号');
    const hazard = (await sheetRows('隐患')).find((r) => r['编号'] === id)!;
    expect(String(hazard['巡视编号'])).toMatch(/^PT-/);
  });
});
