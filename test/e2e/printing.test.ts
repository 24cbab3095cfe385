/**
 * Printouts measured in Chromium's own PDF: asset label sheets land on common A4 label stock
 * (page size, first label, pitch and count per sheet, from the words' boxes by `pdftotext
 * -bbox`), whatever @page rules other printouts bring; stocktake and report prints end with
 * signature lines. The PDFs are kept in $TMPDIR/houqin-*.pdf for a look (`pdftoppm -png`).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelStocks } from '../../src/plugins/assets/label-stock.js';
import { startPortal, type Portal } from '../../tools/start.js';
import { launchChromium } from './browser.js';

let portal: Portal;
let browser: Browser;
let page: Page;
const MM = 25.4 / 72; // one PDF point in millimetres

beforeAll(async () => {
  portal = await startPortal({ localDir: null });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })).newPage();
  await page.goto(portal.headSignInUrl);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

/** Prints the page as Chromium does and returns each PDF page's size and words with their boxes (mm). */
async function printed(name: string) {
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ printBackground: true, preferCSSPageSize: true });
  await page.emulateMedia({ media: 'screen' });
  const path = join(tmpdir(), `houqin-${name}.pdf`);
  writeFileSync(path, pdf);
  const html = execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map(([, w, h, body]) => ({
    width: Number(w) * MM,
    height: Number(h) * MM,
    words: [...body!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<\/word>/g)].map(
      ([, x, y, text]) => ({ x: Number(x) * MM, y: Number(y) * MM, text: text! }),
    ),
  }));
}

/** Rows or columns: positions closer than 1 mm are one (pdftotext rounds, glyphs sit a hair apart). */
function lines(values: number[]): number[] {
  const out: number[][] = [];
  for (const v of [...values].sort((a, b) => a - b)) {
    const last = out.at(-1);
    if (last && v - last[0]! < 1) last.push(v);
    else out.push([v]);
  }
  return out.map((group) => group.reduce((a, b) => a + b, 0) / group.length);
}

/** The mean distance between neighbouring rows or columns, and the largest miss of any one. */
function pitch(positions: number[], expected: number) {
  const mean = (positions.at(-1)! - positions[0]!) / (positions.length - 1);
  const worst = Math.max(...positions.slice(1).map((p, i) => Math.abs(p - positions[i]! - expected)));
  return { mean, worst };
}

describe('asset labels on A4 label stock', () => {
  for (const [layout, stock] of Object.entries(labelStocks)) {
    it(`${layout}-up: ${stock.width} × ${stock.height} mm at the stock's pitch and margins`, async () => {
      await page.goto(`${portal.portalUrl}/assets/labels?category=furniture&layout=${layout}`);
      const pages = await printed(`labels-${layout}`);
      expect(pages.length).toBeGreaterThan(1);
      const [first] = pages;
      expect(first!.width).toBeCloseTo(210, 0);
      expect(first!.height).toBeCloseTo(297, 0);
      const tags = first!.words.filter((w) => /^JJ-\d{4}$/.test(w.text));
      expect(tags).toHaveLength(stock.across * stock.down); // a full sheet on the first page
      const xs = lines(tags.map((w) => w.x));
      const ys = lines(tags.map((w) => w.y));
      expect(xs).toHaveLength(stock.across);
      expect(ys).toHaveLength(stock.down);
      // The old sheet was 62.9 × 32.3 mm: 0.6 mm a label, 4.7% small.
      const across = pitch(xs, stock.pitchX);
      const down = pitch(ys, stock.pitchY);
      expect(Math.abs(across.mean - stock.pitchX)).toBeLessThan(0.1);
      expect(Math.abs(down.mean - stock.pitchY)).toBeLessThan(0.1);
      expect(across.worst).toBeLessThan(0.4);
      expect(down.worst).toBeLessThan(0.4);
      // The first tag sits inside the first label, wherever the stock's margins put it.
      expect(xs[0]!).toBeGreaterThan(stock.left);
      expect(xs[0]!).toBeLessThan(stock.left + stock.width);
      expect(ys[0]!).toBeGreaterThan(stock.top);
      expect(ys[0]!).toBeLessThan(stock.top + stock.height);
      // The second sheet starts at the same place.
      const next = pages[1]!.words.filter((w) => /^JJ-\d{4}$/.test(w.text));
      expect(Math.abs(lines(next.map((w) => w.y))[0]! - ys[0]!)).toBeLessThan(0.4);
    });
  }
});

describe('signature lines', () => {
  it('on a stocktake and on the monthly report, in print only', async () => {
    await page.goto(`${portal.portalUrl}/assets/stocktakes`);
    await page.locator('table a[href^="/assets/stocktakes/"]').first().click();
    expect(await page.locator('.signatures').isVisible()).toBe(false);
    const stocktake = (await printed('stocktake')).flatMap((p) => p.words.map((w) => w.text)).join('');
    for (const who of ['盘点人', '监盘人', '审核']) expect(stocktake).toContain(who);
    await page.goto(`${portal.portalUrl}/summary/2026-10`);
    const report = (await printed('report')).flatMap((p) => p.words.map((w) => w.text)).join('');
    for (const who of ['填报人', '审核', '校领导签阅']) expect(report).toContain(who);
  });
});
