/** QR check-ins inside workerd against the emulator: one tap records once, attributed; bad zones refused; the Today view. */
import { describe, expect, it } from 'vitest';
import { call, login, marker, personWith } from './auth-helpers.js';
import { reread, sheetRecords, typeRows, zoneId } from './cleaning-helpers.js';

const teacher = () => login(personWith('teacher'));
const head = () => login(personWith('head'));

async function addZone(fields: Record<string, unknown> = {}): Promise<string> {
  const id = zoneId();
  await typeRows('卫生责任区', [
    { 编号: id, 区域: `测试区${id}`, 楼栋: '测试楼', 类型: '教室', 责任方类型: '班级', 责任方: '七年级(3)班', ...fields },
  ]);
  await reread('zones');
  return id;
}

async function checkinsOf(zone: string) {
  return (await sheetRecords('保洁打卡')).filter((r) => r['责任区编号'] === zone);
}

describe('GET /cleaning/c/:zone', () => {
  it('shows a signed-in person one big 完成 button for the zone', async () => {
    const res = await call('/cleaning/c/Z001', { login: await teacher() });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('cl-done');
    expect(html).toContain('完成');
    expect(html).toContain(`打卡人：${personWith('teacher').name}`);
  });

  it('tells somebody not signed in what they scanned and who may check in, with a way to sign in and back', async () => {
    const res = await call('/cleaning/c/Z001');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('保洁责任区的打卡码');
    expect(html).toContain('班主任和教师可以打卡');
    expect(html).toContain('href="/auth/signin?next=%2Fcleaning%2Fc%2FZ001"');
    expect(html).not.toContain('cl-tap');
    const en = await (await call('/cleaning/c/Z001?lang=en')).text();
    expect(en).toContain('Sign in to check in');
  });
});

describe('POST /cleaning/c/:zone', () => {
  it('records one attributed row per tap, and a double tap once', async () => {
    const zone = await addZone();
    const l = await teacher();
    const first = await call(`/cleaning/c/${zone}`, { login: l, form: { kind: 'routine' } });
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain('已打卡');
    expect(html).toContain(personWith('teacher').name);
    // The "saved · syncing" badge asks the gateway again until the row is in the sheet.
    const badge = /hx-get="(\/sync\/badge\/[^"]+)"/.exec(html)?.[1];
    expect(badge).toBeDefined();
    await expect.poll(async () => (await call(badge!, { login: l })).text(), { timeout: 10_000 }).toContain('已同步');
    const again = await call(`/cleaning/c/${zone}`, { login: l, form: { kind: 'routine' } });
    expect(await again.text()).toContain('本次没有重复记录');
    const rows = await checkinsOf(zone);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      打卡人: personWith('teacher').name,
      人员编号: personWith('teacher').id,
      类别: '日常保洁',
      责任区: `测试区${zone}`,
    });
    expect(typeof rows[0]!['时间']).toBe('number'); // a datetime serial, not text
  });

  it('records two taps sent at the same moment once', async () => {
    const zone = await addZone();
    const l = await login(personWith('staff'));
    const [a, b] = await Promise.all([
      call(`/cleaning/c/${zone}`, { login: l, form: {} }),
      call(`/cleaning/c/${zone}`, { login: l, form: {} }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await checkinsOf(zone)).toHaveLength(1);
  });

  it('keeps an issue note verbatim (never a formula) and marks the row as an issue', async () => {
    const zone = await addZone();
    const note = `=HYPERLINK("http://x") 窗户玻璃破了 ${marker('n')}`;
    const res = await call(`/cleaning/c/${zone}`, { login: await head(), form: { note } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('问题已记录');
    const [row] = await checkinsOf(zone);
    expect(row).toMatchObject({ 问题说明: note, 有问题: true });
  });

  it('refuses a zone that does not exist, with a clear message, recording nothing', async () => {
    const res = await call('/cleaning/c/ZNOPE99', { login: await teacher(), form: {} });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('没有编号为 ZNOPE99 的责任区');
    expect(await checkinsOf('ZNOPE99')).toHaveLength(0);
  });

  it('refuses an inactive zone, in English too', async () => {
    const zone = await addZone({ 启用: false });
    const res = await call(`/cleaning/c/${zone}?lang=en`, { login: await teacher(), form: {} });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('is inactive and takes no check-ins');
    expect(await checkinsOf(zone)).toHaveLength(0);
  });

  it('refuses leadership (read-only)', async () => {
    const res = await call('/cleaning/c/Z001', { login: await login(personWith('leader')), form: {} });
    expect(res.status).toBe(403);
  });
});

describe('GET /cleaning (Today view)', () => {
  it('shows each zone’s checks on a school day: done, late and missed, and filters by building', async () => {
    const building = `测试楼${Date.now().toString(36)}`;
    const done = zoneId();
    const missed = zoneId();
    // 每日两次: 早 by 08:00, 午 by 13:30. Friday 2026-11-20 is a school day in the demo calendar.
    await typeRows('卫生责任区', [
      { 编号: done, 区域: `打卡齐全${done}`, 楼栋: building, 类型: '走廊', 责任方类型: '保洁员', 责任方: '张阿姨', 打卡要求: '每日两次' },
      {
        编号: missed,
        区域: `漏检区域${missed}`,
        楼栋: building,
        类型: '走廊',
        责任方类型: '保洁员',
        责任方: '张阿姨',
        打卡要求: '每日两次',
      },
    ]);
    await typeRows('保洁打卡', [
      { 编号: `CK-T-${done}-1`, 时间: '2026-11-20 07:45:00', 责任区编号: done, 类别: '日常保洁', 打卡人: '张阿姨', 人员编号: 'P010' },
      { 编号: `CK-T-${done}-2`, 时间: '2026-11-20 14:10:00', 责任区编号: done, 类别: '日常保洁', 打卡人: '张阿姨', 人员编号: 'P010' },
    ]);
    await reread('zones', 'checkins');
    const res = await call(`/cleaning?date=2026-11-20&building=${encodeURIComponent(building)}`, { login: await head() });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('应检 4 项：已完成 2（其中迟到 1），漏检 2');
    const rowOf = (id: string) => html.slice(html.indexOf(`data-zone="${id}"`), html.indexOf('</tr>', html.indexOf(`data-zone="${id}"`)));
    expect(rowOf(done)).toContain('✓ 2026-11-20 07:45 张阿姨');
    expect(rowOf(done)).toContain('迟到 2026-11-20 14:10');
    expect(rowOf(missed)).toContain('漏检');
    // Missed first, and marked.
    expect(html.indexOf(`data-zone="${missed}"`)).toBeLessThan(html.indexOf(`data-zone="${done}"`));
    expect(html).toMatch(new RegExp(`class="cl-missed[^"]*" data-zone="${missed}"`));
    expect(html).not.toContain('data-zone="Z001"'); // another building
  });

  it('says when a day is not a school day', async () => {
    const res = await call('/cleaning?date=2026-10-03', { login: await head() });
    expect(await res.text()).toContain('2026-10-03 不是上课日');
  });

  it('shows a class head their own class’s zones', async () => {
    const res = await call('/cleaning?date=2026-11-20', { login: await login(personWith('class_head')) });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('我的责任区');
    expect(html).toContain(`${personWith('class_head').unit}教室`);
  });
});

describe('a check-in with a photo of the problem', () => {
  const PNG = Uint8Array.from(
    atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
    (ch) => ch.charCodeAt(0),
  );

  async function post(zone: string, file: File, note: string) {
    const l = await login(personWith('staff'));
    const body = new FormData();
    body.set('_csrf', l.csrf);
    body.set('note', note);
    body.set('photo', file);
    const { exports } = await import('cloudflare:workers');
    return (exports as unknown as { default: Fetcher }).default.fetch(`https://portal.test/cleaning/c/${zone}`, {
      method: 'POST',
      body,
      headers: { cookie: l.cookie, Origin: 'https://portal.test' },
      redirect: 'manual',
    });
  }

  it('stores the photo in PHOTOS and links it from the row; signed-in people can open it', async () => {
    const zone = await addZone();
    const res = await post(zone, new File([PNG], 'wall.png', { type: 'image/png' }), '墙面有涂鸦');
    expect(res.status).toBe(200);
    const [row] = await checkinsOf(zone);
    expect(row!['照片']).toMatch(/^https:\/\/portal\.test\/cleaning\/photos\/CK-\d{8}-[0-9A-Z]{8}\.png$/);
    const path = new URL(String(row!['照片'])).pathname;
    const photo = await call(path, { login: await head() });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('Content-Type')).toBe('image/png');
    expect((await call(path)).status).toBe(302); // not signed in
  });

  it('serves a GIF photo it accepted (accept and serve agree)', async () => {
    const GIF = Uint8Array.from(atob('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=='), (ch) => ch.charCodeAt(0));
    const zone = await addZone();
    const res = await post(zone, new File([GIF], 'spot.gif', { type: 'image/gif' }), '地面有污渍');
    expect(res.status).toBe(200);
    const [row] = await checkinsOf(zone);
    const path = new URL(String(row!['照片'])).pathname;
    expect(path).toMatch(/\.gif$/);
    const photo = await call(path, { login: await head() });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('Content-Type')).toBe('image/gif');
  });

  it('refuses a file that is not a photo, saying nothing was saved', async () => {
    const zone = await addZone();
    const res = await post(zone, new File(['#!/bin/sh\necho hi'], 'photo.jpg', { type: 'image/jpeg' }), '看这里');
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('所选文件不是照片');
    expect(await checkinsOf(zone)).toHaveLength(0);
  });
});
