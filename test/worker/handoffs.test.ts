/**
 * Problems found in another module's check-ins reach the head's desk and become a repair
 * request or a hazard in one tap, place, words, reporter and photo included — for every demo
 * green area (whose 位置 is no room in 场所) and for a cleaner's note with a photo.
 */
import { describe, expect, it } from 'vitest';
import { demoRecords } from '../../tools/demo/school.js';
import { call, login, personWith } from './auth-helpers.js';
import { reread, sheetRecords, typeRows, zoneId } from './cleaning-helpers.js';

const head = () => login(personWith('head'));
const staff = () => login(personWith('staff'));
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
  (ch) => ch.charCodeAt(0),
);
const refIn = (html: string) => /name="ref" value="([^"]+)"/.exec(html)?.[1];

describe('field reports → repairs and hazards', () => {
  it('a gardener’s problem in any demo area shows on the head’s desk and becomes a repair in one tap', async () => {
    const stamp = Date.now().toString(36);
    const gardener = await staff();
    const refs: string[] = [];
    for (const area of demoRecords().greenAreas!) {
      const res = await call('/greening/checkin', {
        login: gardener,
        form: { area: String(area.id), outcome: 'problem', problem: `树枝折断 ${stamp}`, _key: `h-${stamp}-${area.id}` },
      });
      expect(res.status).toBe(200);
      refs.push(refIn(await res.text())!);
    }
    const desk = await (await call('/', { login: await head() })).text();
    expect(desk).toMatch(/(\d+) 个现场反映的问题待转为报修或隐患/);
    const list = await (await call('/repairs/reports', { login: await head() })).text();
    for (const ref of refs) expect(list).toContain(`data-ref="${ref}"`);

    for (const [i, area] of demoRecords().greenAreas!.entries()) {
      const res = await call('/repairs/reports/repair', { login: await head(), form: { ref: refs[i]! } });
      expect(res.status, String(area.id)).toBe(303);
      const to = res.headers.get('Location')!;
      expect(to).toMatch(/^\/repairs\/R-/);
      // A second tap lands on the same request.
      expect((await call('/repairs/reports/repair', { login: await head(), form: { ref: refs[i]! } })).headers.get('Location')).toBe(
        to.replace('?saved=report', ''),
      );
    }
    const made = (await sheetRecords('报修单')).filter((r) => String(r['问题描述']).endsWith(stamp));
    expect(made).toHaveLength(refs.length);
    const first = made.find((r) => r['来源'] === refs[0])!;
    expect(first).toMatchObject({
      地点: `${demoRecords().greenAreas![0]!.name}（${demoRecords().greenAreas![0]!.location}）`,
      报修人: personWith('staff').name,
      状态: '已报修',
    });
    // Taken: off the list.
    const after = await (await call('/repairs/reports', { login: await head() })).text();
    for (const ref of refs) expect(after).not.toContain(`data-ref="${ref}"`);
  }, 180_000);

  it('a cleaner’s note with a photo becomes a hazard, and a repair carrying the photo', async () => {
    const zone = zoneId();
    await typeRows('卫生责任区', [
      { 编号: zone, 区域: `转办区${zone}`, 楼栋: '测试楼', 类型: '教室', 责任方类型: '班级', 责任方: '七年级(3)班' },
    ]);
    await reread('zones');
    const l = await login(personWith('teacher'));
    const post = async (l: Awaited<ReturnType<typeof login>>) => {
      const body = new FormData();
      body.set('_csrf', l.csrf);
      body.set('note', `水龙头漏水 ${zone}`);
      body.set('photo', new File([PNG], 'tap.png', { type: 'image/png' }));
      const { exports } = await import('cloudflare:workers');
      return (exports as unknown as { default: Fetcher }).default.fetch(`https://portal.test/cleaning/c/${zone}`, {
        method: 'POST',
        body,
        headers: { cookie: l.cookie, Origin: 'https://portal.test' },
        redirect: 'manual',
      });
    };
    const checked = await (await post(l)).text();
    const ref = refIn(checked)!;
    expect(ref).toMatch(/^cleaning:CK-/);
    expect(checked).not.toContain('/repairs/reports/hazard'); // a teacher reports repairs, not hazards

    const repair = await call('/repairs/reports/repair', { login: l, form: { ref } });
    expect(repair.status).toBe(303);
    const [row] = (await sheetRecords('报修单')).filter((r) => r['来源'] === ref);
    expect(row).toMatchObject({
      地点: `转办区${zone}`,
      问题描述: `水龙头漏水 ${zone}`,
      报修人: personWith('teacher').name,
      报修人编号: personWith('teacher').id,
    });
    const photo = new URL(String(row!['照片'])).pathname;
    const served = await call(photo, { login: await head() });
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);
    const detail = await (await call(repair.headers.get('Location')!, { login: await head() })).text();
    expect(detail).toContain(`src="${photo}"`);

    // Another person's report (one tap per person per 5 minutes), as a hazard: head and logistics staff only.
    const second = refIn(await (await post(await staff())).text())!;
    expect((await call('/repairs/reports/hazard', { login: l, form: { ref: second } })).status).toBe(403);
    const hazard = await call('/repairs/reports/hazard', { login: await head(), form: { ref: second } });
    expect(hazard.status).toBe(303);
    const [h] = (await sheetRecords('隐患')).filter((r) => r['来源'] === second);
    expect(h).toMatchObject({
      类别: '卫生',
      地点: `转办区${zone}`,
      状态: '待整改',
      发现人: personWith('staff').name,
      整改责任人: personWith('staff').name,
    });
  }, 60_000);

  it('an unknown report is a clear 404, nothing written', async () => {
    const res = await call('/repairs/reports/repair', { login: await head(), form: { ref: 'greening:GK-nothing' } });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('找不到问题记录');
  }, 30_000);
});
