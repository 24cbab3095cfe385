/**
 * Daily patrol and hazards in workerd: a checklist per area from 巡视项目, a patrol record, a
 * finding turned into a hazard with an owner and deadline → rectified → verified closed.
 */
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, login, personWith, sheetValues, synced } from './auth-helpers.js';

async function sheetRecord(title: string, idHeader: string, id: string): Promise<Record<string, unknown>> {
  await synced();
  const values = await sheetValues(title);
  const header = values[0] as string[];
  const row = values.find((r) => r[header.indexOf(idHeader)] === id);
  if (!row) throw new Error(`no ${title} row ${id}`);
  return Object.fromEntries(header.map((h, j) => [h, row[j]]));
}

describe('daily patrol', () => {
  it('shows the checklist of an area and records a patrol with its problems, offering each as a hazard', async () => {
    const staff = await login(personWith('staff'));
    const form = await (await call('/repairs/patrol?area=safety', { login: staff })).text();
    expect(form).toContain('灭火器在有效期内，压力正常');
    expect(form).not.toContain('花坛、绿化带无杂草'); // greening items are on the greening tab only
    const ids = [...form.matchAll(/name="ok" value="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.length).toBe(3);
    // Untick the second item: a problem.
    const body = new URLSearchParams({ _csrf: staff.csrf, area: 'safety', notes: '东楼梯间' });
    for (const id of ids.filter((_, i) => i !== 1)) body.append('ok', id);
    // Repeated `ok` fields, as a browser sends a checklist.
    const fetcher = (exports as unknown as { default: Fetcher }).default;
    const saved = await fetcher.fetch('https://portal.test/repairs/patrol', {
      method: 'POST',
      body: body.toString(),
      headers: { cookie: staff.cookie, Origin: 'https://portal.test', 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    const html = await saved.text();
    expect(saved.status).toBe(200);
    expect(html).toContain('检查 3 项，发现问题 1 项');
    const link = html.match(/href="(\/repairs\/hazards\/new\?[^"]+)"/)![1]!.replaceAll('&amp;', '&');
    expect(link).toContain('area=safety');
    const patrolId = new URL(`https://x${link}`).searchParams.get('patrol')!;
    expect(patrolId).toMatch(/^PT-/);
    const record = await sheetRecord('巡视记录', '编号', patrolId);
    expect(record['类别']).toBe('安全');
    expect(record['检查项数']).toBe(3);
    expect(record['发现问题数']).toBe(1);
    expect(String(record['记录'])).toContain('东楼梯间');
  });
});

describe('hazards', () => {
  it('goes from a finding to open → rectified by the owner → verified closed by the head', async () => {
    const owner = personWith('staff');
    const staff = await login(owner);
    const head = await login(personWith('head'));
    const form = await (
      await call('/repairs/hazards/new?area=safety&patrol=PT-X&description=' + encodeURIComponent('配电箱未上锁'), { login: staff })
    ).text();
    expect(form).toContain('配电箱未上锁');
    expect(form).toContain('value="PT-X"');

    const bad = await call('/repairs/hazards', {
      login: staff,
      form: { area: 'safety', room: '火星教室', description: '配电箱未上锁', owner: owner.name, deadline: '2099-01-01', patrolId: 'PT-X' },
    });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('场所「火星教室」不存在');
    expect(badHtml).toContain('配电箱未上锁');

    const made = await call('/repairs/hazards', {
      login: staff,
      form: { area: 'safety', room: '图书室', description: '配电箱未上锁', owner: owner.name, deadline: '2099-01-01', patrolId: 'PT-X' },
    });
    expect(made.status).toBe(303);
    const id = decodeURIComponent(made.headers.get('location')!.match(/hazards\/([^?]+)/)![1]!);
    expect((await sheetRecord('隐患', '编号', id))['状态']).toBe('待整改');

    // The head cannot close what has not been rectified; a teacher cannot rectify.
    expect((await call(`/repairs/hazards/${id}/verify`, { login: head, form: {} })).status).toBe(409);
    expect(
      (await call(`/repairs/hazards/${id}/rectify`, { login: await login(personWith('teacher')), form: { rectification: 'x' } })).status,
    ).toBe(403);
    expect((await call(`/repairs/hazards/${id}/rectify`, { login: staff, form: { rectification: '' } })).status).toBe(422);
    expect((await call(`/repairs/hazards/${id}/rectify`, { login: staff, form: { rectification: '已加锁' } })).status).toBe(303);
    expect((await call(`/repairs/hazards/${id}/verify`, { login: staff, form: {} })).status).toBe(403);
    expect((await call(`/repairs/hazards/${id}/verify`, { login: head, form: { decision: 'close' } })).status).toBe(303);
    const closed = await sheetRecord('隐患', '编号', id);
    expect(closed['状态']).toBe('已销号');
    expect(closed['整改情况']).toBe('已加锁');
    expect(closed['验收人']).toBe(head.person.name);
    expect(closed['巡视编号']).toBe('PT-X');
    const list = await (await call('/repairs/hazards?status=closed', { login: head })).text();
    expect(list).toContain(id);
  });

  it('lists the overdue demo hazard first and refuses a deadline in the past', async () => {
    const staff = await login(personWith('staff'));
    const list = await (await call('/repairs/hazards', { login: staff })).text();
    expect(list.indexOf('H-DEMO-1')).toBeGreaterThan(-1);
    expect(list.indexOf('H-DEMO-1')).toBeLessThan(list.indexOf('H-DEMO-2'));
    expect(list).toContain('已逾期');
    const past = await call('/repairs/hazards', {
      login: staff,
      form: { area: 'safety', room: '图书室', description: '旧隐患', owner: personWith('staff').name, deadline: '2020-01-01' },
    });
    expect(past.status).toBe(422);
    expect(await past.text()).toContain('整改期限不能早于今天');
  });
});
