/**
 * The phone app's outbox sends taps late: every module that takes them records the time of the
 * tap (`tapped_at`), not of the upload, refuses one older than 7 days or from a clock far ahead
 * with a reason in the reader's language, and records a tap sent twice once. And the app is
 * installable: manifests, icons and the service worker's cache list match the layout.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, login, marker, personWith } from './auth-helpers.js';
import { reread, sheetRecords, typeRows, zoneId } from './cleaning-helpers.js';
import { localDateTime } from '../../src/core/time.js';

const HOUR = 3_600_000;
/** A sheet datetime serial (school time) as 'YYYY-MM-DDTHH:mm:ss'. */
const fromSerial = (serial: unknown) => new Date(Math.round((Number(serial) - 25569) * 86_400_000)).toISOString().slice(0, 19);
const iso = (ms: number) => new Date(ms).toISOString();

async function addZone(): Promise<string> {
  const id = zoneId();
  await typeRows('卫生责任区', [{ 编号: id, 区域: `测试区${id}`, 楼栋: '测试楼', 类型: '办公室', 责任方类型: '部门', 责任方: '后勤处' }]);
  await reread('zones');
  return id;
}

const checkinsOf = async (zone: string) => (await sheetRecords('保洁打卡')).filter((r) => r['责任区编号'] === zone);

describe('tapped_at on a cleaning check-in', () => {
  it('records the time of the tap, and the same tap sent twice (a replay) once', async () => {
    const zone = await addZone();
    const who = await login(personWith('staff'));
    const tapped = Date.now() - 3 * HOUR;
    const form = { kind: 'routine', tapped_at: iso(tapped) };
    const first = await call(`/cleaning/c/${zone}`, { login: who, form });
    expect(first.status).toBe(200);
    const again = await call(`/cleaning/c/${zone}`, { login: who, form });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('本次没有重复记录');
    const rows = await checkinsOf(zone);
    expect(rows).toHaveLength(1);
    expect(fromSerial(rows[0]!['时间'])).toBe(localDateTime(tapped));
  });

  it('two taps an hour apart, sent together later, are two check-ins at their own times', async () => {
    const zone = await addZone();
    const who = await login(personWith('staff'));
    const times = [Date.now() - 5 * HOUR, Date.now() - 4 * HOUR];
    for (const t of times) expect((await call(`/cleaning/c/${zone}`, { login: who, form: { tapped_at: iso(t) } })).status).toBe(200);
    const rows = await checkinsOf(zone);
    expect(rows.map((r) => fromSerial(r['时间'])).sort()).toEqual(times.map((t) => localDateTime(t)));
  });

  it('refuses a tap older than 7 days with the date it was saved, in zh-CN and English, writing nothing', async () => {
    const zone = await addZone();
    const who = await login(personWith('staff'));
    const old = Date.now() - 8 * 24 * HOUR;
    const zh = await call(`/cleaning/c/${zone}`, { login: who, form: { tapped_at: iso(old) } });
    expect(zh.status).toBe(422);
    const zhText = await zh.text();
    expect(zhText).toContain(`这条记录是 ${localDateTime(old).slice(0, 10)} 在手机上保存的，已超过 7 天，不再接受`);
    const en = await call(`/cleaning/c/${zone}?lang=en`, { login: who, form: { tapped_at: iso(old) } });
    expect(en.status).toBe(422);
    expect(await en.text()).toContain('more than 7 days ago, and is no longer accepted');
    expect(await checkinsOf(zone)).toHaveLength(0);
  });

  it('takes a tap just inside 7 days', async () => {
    const zone = await addZone();
    const tapped = Date.now() - 7 * 24 * HOUR + 60_000;
    const res = await call(`/cleaning/c/${zone}`, { login: await login(personWith('staff')), form: { tapped_at: iso(tapped) } });
    expect(res.status).toBe(200);
    expect(fromSerial((await checkinsOf(zone))[0]!['时间'])).toBe(localDateTime(tapped));
  });

  it('counts a clock a few minutes ahead as now, and refuses one an hour ahead', async () => {
    const zone = await addZone();
    const who = await login(personWith('staff'));
    const before = Date.now();
    expect((await call(`/cleaning/c/${zone}`, { login: who, form: { tapped_at: iso(before + 4 * 60_000) } })).status).toBe(200);
    const [row] = await checkinsOf(zone);
    const recorded = Date.parse(`${fromSerial(row!['时间'])}+08:00`);
    expect(recorded).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(recorded).toBeLessThanOrEqual(Date.now());
    const ahead = await call(`/cleaning/c/${zone}`, { login: who, form: { tapped_at: iso(Date.now() + HOUR) } });
    expect(ahead.status).toBe(422);
    expect(await ahead.text()).toMatch(/手机的时间比学校时间快了 (59|60) 分钟/);
  });

  it('refuses a time it cannot read (hostile or messy) with a clear message, writing nothing', async () => {
    const zone = await addZone();
    const who = await login(personWith('staff'));
    for (const bad of ['yesterday', '=NOW()', '2026年3月5日', '2026-11-20 08:00', '<script>', '2026-13-45T99:00:00Z']) {
      const res = await call(`/cleaning/c/${zone}`, { login: who, form: { tapped_at: bad } });
      expect(res.status, bad).toBe(422);
      expect(await res.text()).toContain('打卡时间无法识别，没有保存');
    }
    expect(await checkinsOf(zone)).toHaveLength(0);
  });
});

describe('tapped_at on the other taps', () => {
  it('a repair report sent late records when it was reported, and twice records once', async () => {
    const who = await login(personWith('teacher'));
    const tapped = Date.now() - 2 * HOUR;
    const description = `门锁坏了 ${marker('tap')}`;
    const form = {
      room: '图书室',
      category: 'electrical',
      urgency: 'small',
      description,
      _key: crypto.randomUUID(),
      tapped_at: iso(tapped),
    };
    expect((await call('/repairs', { login: who, htmx: true, form })).status).toBe(200);
    expect((await call('/repairs', { login: who, htmx: true, form })).status).toBe(200);
    const rows = (await sheetRecords('报修单')).filter((r) => r['问题描述'] === description || Object.values(r).includes(description));
    expect(rows).toHaveLength(1);
    expect(fromSerial(rows[0]!['报修时间'])).toBe(localDateTime(tapped));
    const old = await call('/repairs', {
      login: who,
      form: { ...form, _key: crypto.randomUUID(), tapped_at: iso(Date.now() - 10 * 24 * HOUR) },
    });
    expect(old.status).toBe(422);
    expect(await old.text()).toContain('已超过 7 天');
  });

  it('a greening problem check-in sent late records the time of the tap', async () => {
    const problem = `树枝折断 ${marker('g')}`;
    const tapped = Date.now() - HOUR;
    const res = await call('/greening/checkin', {
      login: await login(personWith('staff')),
      form: { area: 'G012', outcome: 'problem', problem, _key: crypto.randomUUID(), tapped_at: iso(tapped) },
    });
    expect(res.status).toBe(200);
    const [row] = (await sheetRecords('养护记录')).filter((r) => Object.values(r).includes(problem));
    expect(fromSerial(row!['时间'])).toBe(localDateTime(tapped));
  });

  it('a stocktake surplus tap sent late records the time of the tap; too old is refused', async () => {
    const who = await login(personWith('head'));
    const open = await call('/assets/stocktakes', { login: who, form: { name: marker('盘点'), rooms: '校门' } });
    const id = open.headers.get('Location')!.split('/').pop()!;
    const roomPage = await (await call(`/assets/stocktakes/${id}`, { login: who })).text();
    const base = `/assets/stocktakes/${id}/rooms/${/\/assets\/stocktakes\/[^/]+\/rooms\/([^"]+)"/.exec(roomPage)![1]!}`;
    const name = marker('折叠椅');
    const tapped = Date.now() - 30 * 60_000;
    expect(
      (await call(`${base}/surplus`, { login: who, htmx: true, form: { name, _key: 'k-surplus-1', tapped_at: iso(tapped) } })).status,
    ).toBe(200);
    const [line] = (await sheetRecords('盘点明细')).filter((r) => Object.values(r).includes(name));
    expect(fromSerial(line!['时间'])).toBe(localDateTime(tapped));
    const old = await call(`${base}/surplus`, {
      login: who,
      htmx: true,
      form: { name: marker('x'), tapped_at: iso(Date.now() - 9 * 24 * HOUR) },
    });
    expect(old.status).toBe(422);
  });
});

describe('installable', () => {
  const assets = () => (env as unknown as { ASSETS: Fetcher }).ASSETS;

  it('every page links the manifest in its language, the icons and the outbox script, under a CSP that allows only our own scripts', async () => {
    const zh = await call('/auth/signin');
    const html = await zh.text();
    expect(html).toContain('<link rel="manifest" href="/manifest.zh-CN.webmanifest">');
    expect(html).toContain('<link rel="apple-touch-icon" href="/icons/apple-touch-icon.png">');
    expect(html).toMatch(/<script src="\/outbox\.js\?v=[0-9a-f]{10}" defer><\/script>/);
    expect(zh.headers.get('Content-Security-Policy')).toMatch(/script-src 'self'(;|$)/);
    expect(await (await call('/auth/signin?lang=en')).text()).toContain('href="/manifest.en.webmanifest"');
  });

  it('the manifests name the app in zh-CN and English, start at /, and their icons are real PNGs of the stated size', async () => {
    for (const [lang, name] of [
      ['zh-CN', '后勤管理'],
      ['en', 'Houqin school logistics'],
    ] as const) {
      const res = await assets().fetch(`https://portal.test/manifest.${lang}.webmanifest`);
      expect(res.status).toBe(200);
      const manifest = (await res.json()) as {
        name: string;
        lang: string;
        start_url: string;
        display: string;
        theme_color: string;
        icons: Array<{ src: string; sizes: string; purpose: string }>;
      };
      expect(manifest).toMatchObject({ name, lang, start_url: '/', display: 'standalone', theme_color: '#0b6e4f' });
      expect(manifest.icons.map((i) => i.purpose).sort()).toEqual(['any', 'any', 'maskable']);
      for (const icon of manifest.icons) {
        const bytes = new Uint8Array(await (await assets().fetch(`https://portal.test${icon.src}`)).arrayBuffer());
        expect([...bytes.slice(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
        const view = new DataView(bytes.buffer);
        expect(`${view.getUint32(16)}x${view.getUint32(20)}`).toBe(icon.sizes); // IHDR width × height
      }
    }
  });

  it('the service worker caches exactly the layout’s versioned CSS, htmx and outbox script', async () => {
    const html = await (await call('/auth/signin')).text();
    const linked = [...html.matchAll(/(?:href|src)="(\/(?:app\.css|vendor\/htmx\.min\.js|outbox\.js)\?v=[0-9a-f]+)"/g)].map((m) => m[1]!);
    expect(linked).toHaveLength(3);
    const sw = await (await assets().fetch('https://portal.test/sw.js')).text();
    const precache = JSON.parse(/const PRECACHE = (\[.*\]);/.exec(sw)![1]!) as string[];
    for (const url of linked) expect(precache).toContain(url);
    expect(sw).toMatch(/const VERSION = "[0-9a-f]{10}";/);
    expect(sw).toContain('已保存在手机上，联网后自动提交');
  });
});
