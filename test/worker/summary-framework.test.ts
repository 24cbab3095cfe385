/**
 * The monthly summary end to end inside workerd, on a spreadsheet of its own, with
 * fixture modules plugged in through the plugin contract (the real modules are tested
 * in summary-routes.test.ts): figures against numbers worked out by hand, draft → notable
 * → publish, the frozen snapshot in 月报, share links and their revocation, a missing
 * tab, a month with no data, unreadable dates, the term summary and the Cron Trigger.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { allTabs } from '../../sheets-schema/index.js';
import { createApp } from '../../src/app.js';
import { definePlugin, type Plugin } from '../../src/core/plugin.js';
import type { SyncedSchoolData } from '../../src/core/data/school-data.js';
import { monthRange, previousMonth } from '../../src/core/time.js';
import { draftLastMonth } from '../../src/plugins/summary/cron.js';
import { createSummaryPlugin } from '../../src/plugins/summary/plugin.js';
import type { AppEnv, Env } from '../../src/env.js';
import { login, ORIGIN, personWith, type Login } from './auth-helpers.js';
import { emulator, gateway, meta, settled } from './sync-helpers.js';

/** Fixture module: assets acquired in the month (count and value), last month beside. */
const fixture: Plugin = definePlugin({
  id: 'fixture',
  tabs: ['assets'],
  nav: [],
  routes: new Hono<AppEnv>(),
  async summary({ data, month }) {
    const { assets } = await data.read(['assets']);
    const inMonth = (m: string) => assets.rows.filter((r) => typeof r.values.acquired === 'string' && r.values.acquired.startsWith(m));
    const now = inMonth(month);
    const before = inMonth(previousMonth(month));
    const value = (rows: typeof now) => rows.reduce((s, r) => s + (typeof r.values.price === 'number' ? r.values.price : 0), 0);
    return {
      id: 'fixture',
      title: { zh: '固定资产（测试）', en: 'Assets (fixture)' },
      figures: [
        {
          key: 'added',
          label: { zh: '新增资产', en: 'Assets added' },
          value: now.length,
          previous: before.length,
          format: 'count',
          better: 'higher',
        },
        { key: 'value', label: { zh: '新增价值', en: 'Value added' }, value: value(now), previous: value(before), format: 'money' },
      ],
      charts: [
        {
          kind: 'bars',
          title: { zh: '新增价值排行', en: 'Value ranking' },
          categories: now.map((r) => String(r.values.name)),
          series: [{ label: { zh: '价值', en: 'Value' }, values: now.map((r) => Number(r.values.price ?? 0)) }],
        },
      ],
      notable: now.map((r) => ({
        text: { zh: `购置${String(r.values.name)}`, en: `Bought ${String(r.values.name)}` },
        weight: Number(r.values.price ?? 0),
      })),
    };
  },
});
/** Fixture module whose tab the spreadsheet does not have. */
const orphan: Plugin = definePlugin({
  id: 'orphan',
  tabs: ['zones'],
  nav: [],
  routes: new Hono<AppEnv>(),
  async summary() {
    return {
      id: 'orphan',
      title: { zh: '卫生（测试）', en: 'Cleaning (fixture)' },
      figures: [{ key: 'done', label: { zh: '完成', en: 'Done' }, value: null, previous: null, format: 'percent' }],
    };
  },
});

const modules = [fixture, orphan];
const app = createApp([...modules, createSummaryPlugin(() => modules)]);
let sheetId = '';
let data: SyncedSchoolData;
let head: Login;
let leader: Login;
const M = '2001-03';

async function req(path: string, options: { login?: Login | null; form?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'CF-Connecting-IP': '203.0.113.77' };
  if (options.login) headers.cookie = options.login.cookie;
  let body: string | undefined;
  if (options.form) {
    body = new URLSearchParams({ _csrf: options.login?.csrf ?? '', ...options.form }).toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    headers.Origin = ORIGIN;
  }
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request(`${ORIGIN}${path}`, { method: options.form ? 'POST' : 'GET', headers, body, redirect: 'manual' }),
    { ...(env as unknown as Env), SPREADSHEET_ID: sheetId },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}
const page = async (path: string, l: Login | null = head) => {
  const res = await req(path, { login: l });
  return { status: res.status, html: await res.text() };
};
/** The text of a figure's row: label, this month, last month, change. */
function figureRow(html: string, key: string): string[] {
  const row = new RegExp(`<tr data-figure="${key}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
  return [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim());
}
const asset = (tag: string, name: string, acquired: string, price: number) =>
  ({ tag, name, category: 'furniture', status: 'in_use', acquired, price }) as const;

beforeAll(async () => {
  sheetId = await emulator().create(
    allTabs.filter((t) => t.key !== 'zones'),
    'summary framework',
  );
  data = await gateway(sheetId);
  // Hand-made month: three assets in March 2001 (100 + 250.5 + 1,000 = 1,350.5), one in February (80).
  for (const a of [
    asset('ZZ-3001', '讲台', '2001-03-02', 100),
    asset('ZZ-3002', '书柜', '2001-03-15', 250.5),
    asset('ZZ-3003', '空调', '2001-03-31', 1000),
    asset('ZZ-2001', '椅子', '2001-02-27', 80),
    asset('ZZ-9999', '坏日期', '去年秋天', 5),
  ]) {
    await data.append('assets', a, meta('test.asset'));
  }
  await data.append(
    'calendar',
    { id: 'C-T2001', kind: 'term', name: '2001春季学期', start: '2001-02-17', end: '2001-04-30' },
    meta('test.term'),
  );
  await settled(data);
  await data.read(['assets', 'calendar'], { fresh: true });
  head = await login(personWith('head'));
  leader = await login(personWith('leader'));
});

describe('the draft', () => {
  it('shows every module’s figures with last month beside, computed as by hand', async () => {
    const { status, html } = await page(`/summary/${M}`);
    expect(status).toBe(200);
    expect(html).toContain('2001年3月后勤工作报告');
    expect(html).toContain('草稿');
    expect(figureRow(html, 'added')).toEqual(['新增资产', '3', '1', '+2']);
    expect(figureRow(html, 'value')).toEqual(['新增价值', '¥1,350.50', '¥80.00', '+¥1,270.50']);
    expect(html).toMatch(/<td class="num change better">\+2<\/td>/);
    // The ranking chart is inline SVG with the values written out, escaped.
    expect(html).toContain('<svg class="chart-svg"');
    expect(html).toContain('<desc>价值: 讲台 100，书柜 250.5，空调 1000</desc>');
    // Notable work pre-filled from the biggest items.
    expect(html).toMatch(/<textarea id="notable" name="notable" rows="8" maxlength="6000">购置空调\n购置书柜\n购置讲台<\/textarea>/);
  });

  it('names the missing tab and the unreadable date, and still renders', async () => {
    const { html } = await page(`/summary/${M}`);
    expect(html).toContain('表格中缺少工作表：卫生责任区');
    expect(html).toContain('去年秋天');
    expect(html).toContain('未计入的数据问题');
  });

  it('says so for a month with no data', async () => {
    const { status, html } = await page('/summary/2001-07');
    expect(status).toBe(200);
    expect(figureRow(html, 'added')).toEqual(['新增资产', '0', '0', '持平']);
    expect(html).toContain('本月无数据');
  });

  it('reads in English too', async () => {
    const { html } = await page(`/summary/${M}?lang=en`);
    expect(html).toContain('Logistics report, March 2001');
    expect(figureRow(html, 'value')).toEqual(['Value added', '¥1,350.50', '¥80.00', '+¥1,270.50']);
  });

  it('is not shown to leadership before it is published, nor to other roles at all', async () => {
    expect((await page(`/summary/${M}`, leader)).status).toBe(404);
    expect((await page(`/summary/${M}`, await login(personWith('teacher')))).status).toBe(403);
    expect((await page('/summary/2001-13')).status).toBe(404);
  });
});

describe('publishing', () => {
  let shareUrl = '';

  it('saves the edited notable list, then publishes a frozen snapshot into 月报', async () => {
    const saved = await req(`/summary/${M}/notable`, {
      login: head,
      form: { notable: '1. 购置空调 1 台\n更换吊扇 14 台\n=HYPERLINK("x")' },
    });
    expect(saved.status).toBe(303);
    let html = (await page(`/summary/${M}`)).html;
    expect(html).toContain('<li>更换吊扇 14 台</li>');
    expect(html).toContain('<li>&#x3D;HYPERLINK(&quot;x&quot;)</li>');

    const published = await req(`/summary/${M}/publish`, {
      login: head,
      form: { notable: '购置空调 1 台\n更换吊扇 14 台\n=HYPERLINK("x")' },
    });
    expect(published.status).toBe(303);
    expect(published.headers.get('Location')).toBe(`/summary/${M}?done=published`);
    html = (await page(`/summary/${M}?done=published`)).html;
    expect(html).toContain('报告已发布');
    expect(html).toMatch(/发布。此为发布时的快照/);
    shareUrl = /class="share-url" readonly value="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(shareUrl).toMatch(/\/summary\/shared\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);

    await settled(data);
    const rows = await emulator().values(sheetId, '月报');
    const header = rows[0] as string[];
    const col = (name: string) => header.indexOf(name);
    const report = rows.find((r) => r[col('编号')] === `MR-${M}`)!;
    expect(report[col('状态')]).toBe('已发布');
    expect(String(report[col('重点工作')])).toBe('购置空调 1 台\n更换吊扇 14 台\n=HYPERLINK("x")');
    const pieces = rows.filter((r) => String(r[col('编号')]).startsWith(`MR-${M}-P`));
    expect(pieces.length).toBe(report[col('分片数')]);
    expect(pieces.every((p) => String(p[col('快照数据')]).length <= 40_000)).toBe(true);
    // Written RAW: the formula-looking item stays text.
    const formulas = await fetch(
      `${emulator().base}/__emulator/spreadsheets/${encodeURIComponent(sheetId)}/values?sheet=${encodeURIComponent('月报')}&render=FORMULA`,
    ).then((r) => r.json() as Promise<{ values?: unknown[][] } | unknown[][]>);
    const fv = (Array.isArray(formulas) ? formulas : (formulas.values ?? [])) as unknown[][];
    expect(fv.flat().some((v) => typeof v === 'string' && v.startsWith('=HYPERLINK'))).toBe(false);
  });

  it('serves the snapshot: later data edits do not change what leadership received', async () => {
    await data.append('assets', asset('ZZ-3004', '投影仪', '2001-03-20', 5000), meta('test.asset'));
    await settled(data);
    await data.read(['assets'], { fresh: true });
    const { html } = await page(`/summary/${M}`, leader);
    expect(figureRow(html, 'added')).toEqual(['新增资产', '3', '1', '+2']);
    expect(html).not.toContain('<textarea');
    // Publishing again is refused; the frozen report stays.
    const again = await req(`/summary/${M}/publish`, { login: head, form: { notable: 'x' } });
    expect(again.status).toBe(409);
    const notable = await req(`/summary/${M}/notable`, { login: head, form: { notable: 'x' } });
    expect(notable.status).toBe(409);
    // The live draft of the month after sees the new asset as last month's.
    expect(figureRow((await page('/summary/2001-04')).html, 'added')).toEqual(['新增资产', '0', '4', '−4']);
  });

  it('opens through the share link without signing in, read-only, until revoked', async () => {
    const path = new URL(shareUrl).pathname;
    const open = await req(path, { login: null });
    expect(open.status).toBe(200);
    expect(open.headers.get('Cache-Control')).toBe('private, no-store');
    const html = await open.text();
    expect(figureRow(html, 'added')).toEqual(['新增资产', '3', '1', '+2']);
    expect(html).not.toContain('<form method="post" action="/summary');
    expect(html).not.toContain('/grid/'); // no links into the spreadsheet for outside readers

    const tampered = path.replace(/\.([A-Za-z0-9_-])/, (_, c: string) => `.${c === 'A' ? 'B' : 'A'}`);
    expect((await req(tampered, { login: null })).status).toBe(404);
    expect((await req('/summary/shared/nonsense', { login: null })).status).toBe(404);

    expect((await req(`/summary/${M}/link`, { login: head, form: { action: 'revoke' } })).status).toBe(303);
    expect((await req(path, { login: null })).status).toBe(404);
    expect((await page(`/summary/${M}`)).html).toContain('分享链接已撤销');

    expect((await req(`/summary/${M}/link`, { login: head, form: { action: 'issue' } })).status).toBe(303);
    const fresh = /class="share-url" readonly value="([^"]+)"/.exec((await page(`/summary/${M}`)).html)?.[1] ?? '';
    expect(fresh).not.toBe(shareUrl);
    expect((await req(new URL(fresh).pathname, { login: null })).status).toBe(200);
    expect((await req(path, { login: null })).status).toBe(404); // the revoked link stays dead
  });

  it('refuses leadership every change', async () => {
    expect((await req(`/summary/2001-05/publish`, { login: leader, form: {} })).status).toBe(403);
    expect((await req(`/summary/${M}/link`, { login: leader, form: { action: 'revoke' } })).status).toBe(403);
  });

  it('says the snapshot is damaged when a piece was edited in the sheet, instead of showing other figures', async () => {
    const rows = await emulator().values(sheetId, '月报');
    const header = rows[0] as string[];
    const r = rows.findIndex((row) => row[header.indexOf('编号')] === `MR-${M}-P01`);
    const col = String.fromCharCode(65 + header.indexOf('快照数据'));
    const original = String(rows[r]![header.indexOf('快照数据')]);
    await emulator().edit(sheetId, {
      valueInputOption: 'RAW',
      data: [{ range: `'月报'!${col}${r + 1}`, values: [[original.replace('讲台', '讲桌')]] }],
    });
    await data.read(['reports'], { fresh: true });
    const { status, html } = await page(`/summary/${M}`);
    expect(status).toBe(500);
    expect(html).toContain('快照内容与发布时的校验值不符');
    await emulator().edit(sheetId, { valueInputOption: 'RAW', data: [{ range: `'月报'!${col}${r + 1}`, values: [[original]] }] });
    await data.read(['reports'], { fresh: true });
    expect((await page(`/summary/${M}`)).status).toBe(200);
  });
});

describe('the term summary', () => {
  it('assembles the term’s months, published snapshot first, with term totals', async () => {
    const { status, html } = await page('/summary/term/C-T2001');
    expect(status).toBe(200);
    expect(html).toContain('2001春季学期后勤工作总结');
    expect(html).toContain('共 3 个月，其中 1 个月的月报已发布');
    // 新增资产: Feb 1, Mar 3 (the published snapshot, not today's 4), Apr 0 → 4 in the term.
    const row = /<tr><th scope="row">新增资产<\/th>([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? '';
    expect([...row.matchAll(/<td class="num[^"]*">([^<]*)/g)].map((m) => m[1]!.trim())).toEqual(['1', '3', '0', '4']);
    expect(html).toContain('更换吊扇 14 台');
    expect((await page('/summary/term/NOPE')).status).toBe(404);
  });
});

describe('the Cron Trigger', () => {
  it('drafts last month on the 1st, once', async () => {
    const testEnv = { ...(env as unknown as Env), SPREADSHEET_ID: sheetId, SCHOOLS: undefined };
    const firstOfMay = Date.UTC(2001, 4, 1, 1, 0); // 09:00 in school time, as wrangler.toml schedules it
    expect(await draftLastMonth(testEnv, modules, firstOfMay)).toEqual({ [sheetId]: 'drafted' });
    expect(await draftLastMonth(testEnv, modules, firstOfMay)).toEqual({ [sheetId]: 'exists' });
    await settled(data);
    const rows = await emulator().values(sheetId, '月报');
    const header = rows[0] as string[];
    const row = rows.find((r) => r[header.indexOf('编号')] === 'MR-2001-04')!;
    expect(row[header.indexOf('状态')]).toBe('草稿');
    expect(row[header.indexOf('重点工作')]).toBe(''); // nothing acquired in April: nothing to pre-fill
    const { html } = await page('/summary');
    expect(html).toMatch(/2001年4月<\/a> <span class="status st-draft">草稿/);
    expect(monthRange('2001-04').last).toBe('2001-04-30');
  });
});
