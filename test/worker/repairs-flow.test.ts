/**
 * Repairs in workerd against the emulator: report with a photo (R2), the whole workflow with
 * every step in 维修记录, sign-off by the reporter only, staff changing the status in the sheet
 * (respected; a wrongly typed one is a data problem), history, repeat failures, pre-fill from QR.
 */
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, data, login, ORIGIN, personWith, sheetValues, synced, type Login, staffEdit } from './auth-helpers.js';

const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
  (ch) => ch.charCodeAt(0),
);

/** A multipart form post to the Worker, as a phone browser without JavaScript sends it. */
async function postMultipart(
  path: string,
  who: Login,
  fields: Record<string, string>,
  files: Array<{ name: string; type: string; bytes: Uint8Array }> = [],
) {
  const form = new FormData();
  form.set('_csrf', who.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const f of files) form.append('photos', new File([f.bytes], f.name, { type: f.type }));
  const fetcher = (exports as unknown as { default: Fetcher }).default;
  return fetcher.fetch(`${ORIGIN}${path}`, {
    method: 'POST',
    body: form,
    headers: { cookie: who.cookie, Origin: ORIGIN },
    redirect: 'manual',
  });
}

async function setCell(range: string, value: unknown) {
  await staffEdit({ valueInputOption: 'RAW', data: [{ range, values: [[value]] }] });
}

/** The 报修单 row of a request as the sheet holds it, keyed by header. */
async function sheetRow(id: string): Promise<{ row: number; cells: Record<string, unknown> }> {
  await synced();
  const values = await sheetValues('报修单');
  const header = values[0] as string[];
  const i = values.findIndex((r) => r[header.indexOf('报修编号')] === id);
  if (i < 0) throw new Error(`no row ${id}`);
  return { row: i + 1, cells: Object.fromEntries(header.map((h, j) => [h, (values[i] as unknown[])[j]])) };
}

const colLetter = async (title: string, header: string) =>
  String.fromCharCode(65 + ((await sheetValues(title))[0] as string[]).indexOf(header));

async function report(who: Login, fields: Record<string, string>, files: Array<{ name: string; type: string; bytes: Uint8Array }> = []) {
  const res = await postMultipart(
    '/repairs',
    who,
    { room: '图书室', category: 'electrical', urgency: 'small', description: '灯管闪烁', _key: crypto.randomUUID(), ...fields },
    files,
  );
  expect(res.status).toBe(303);
  const id = decodeURIComponent(res.headers.get('location')!.match(/\/repairs\/([^?]+)/)![1]!);
  return id;
}

describe('report a repair', () => {
  it('saves the request with its photo in R2, linked from the sheet row, and shows it to signed-in people', async () => {
    const teacher = await login(personWith('teacher'));
    const id = await report(teacher, { description: '图书室第三排灯管闪烁 =1+1' }, [{ name: 'lamp.png', type: 'image/png', bytes: PNG }]);
    expect(id).toMatch(/^R-\d{8}-[0-9A-Z]{8}$/);
    const { cells } = await sheetRow(id);
    expect(cells['状态']).toBe('已报修');
    expect(cells['地点']).toBe('图书室');
    expect(cells['报修人']).toBe(personWith('teacher').name);
    expect(cells['问题描述']).toBe('图书室第三排灯管闪烁 =1+1');
    expect(String(cells['照片'])).toBe(`${ORIGIN}/repairs/photos/${id}/1.png`);
    const photo = await call(`/repairs/photos/${id}/1.png`, { login: teacher });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(PNG);
    expect((await call(`/repairs/photos/${id}/1.png`)).status).not.toBe(200); // not signed in
    const page = await (await call(`/repairs/${id}`, { login: teacher })).text();
    expect(page).toContain(`/repairs/photos/${id}/1.png`);
    expect(page).toContain('已报修');
  });

  it('refuses an unknown room, a non-image and an oversized photo with clear messages, keeping what was typed', async () => {
    const teacher = await login(personWith('teacher'));
    const unknown = await postMultipart('/repairs', teacher, {
      room: '不存在的教室999',
      category: 'water',
      urgency: 'small',
      description: '水管爆了，请尽快来',
    });
    expect(unknown.status).toBe(422);
    const html = await unknown.text();
    expect(html).toContain('场所「不存在的教室999」不存在');
    expect(html).toContain('水管爆了，请尽快来');
    expect(html).toMatch(/value="water"\s+checked/);

    const text = await postMultipart(
      '/repairs',
      teacher,
      { room: '图书室', category: 'water', urgency: 'large', description: '书架后面漏水' },
      [{ name: 'virus.exe', type: 'image/png', bytes: new TextEncoder().encode('MZ not an image') }],
    );
    expect(text.status).toBe(422);
    const textHtml = await text.text();
    expect(textHtml).toContain('「virus.exe」不是图片');
    expect(textHtml).toContain('书架后面漏水');

    const big = new Uint8Array(210 * 1024);
    big.set(PNG);
    const oversized = await postMultipart(
      '/repairs',
      teacher,
      { room: '图书室', category: 'water', urgency: 'small', description: '照片太大的报修' },
      [{ name: 'big.png', type: 'image/png', bytes: big }],
    );
    expect(oversized.status).toBe(422);
    const bigHtml = await oversized.text();
    expect(bigHtml).toContain('太大');
    expect(bigHtml).toContain('照片太大的报修');
    await synced();
    const rows = await sheetValues('报修单');
    expect(rows.some((r) => r.includes('书架后面漏水') || r.includes('照片太大的报修') || r.includes('水管爆了，请尽快来'))).toBe(false);
  });

  it('pre-fills the location from an asset QR and from a greening link', async () => {
    const { assets } = await data().read(['assets']);
    const asset = assets.rows.find((r) => r.values.room === '图书室') ?? assets.rows.find((r) => r.values.room)!;
    const teacher = await login(personWith('teacher'));
    const fromAsset = await (await call(`/repairs/new?asset=${asset.id}`, { login: teacher })).text();
    expect(fromAsset).toContain(`value="${asset.id}"`);
    expect(fromAsset).toContain(`value="${String(asset.values.room)}"`);
    const fromGreen = await (
      await call(`/repairs/new?room=${encodeURIComponent('图书室')}&from=greening&area=G003`, { login: teacher })
    ).text();
    expect(fromGreen).toContain('value="greening:G003"');
    expect(fromGreen).toContain('来自绿化区域 G003');
  });
});

describe('repair workflow', () => {
  it('goes reported → assigned → in progress → done → signed off, each step attributed in 维修记录; only the reporter signs off', async () => {
    const reporter = await login(personWith('teacher'));
    const head = await login(personWith('head'));
    const workerPerson = personWith('staff');
    const worker = await login(workerPerson);
    const id = await report(reporter, { room: '图书室', description: '空调不制冷', category: 'air_conditioning', urgency: 'large' });

    // A teacher cannot assign; the head can.
    expect((await call(`/repairs/${id}/assign`, { login: reporter, form: { workerId: workerPerson.id } })).status).toBe(403);
    expect((await call(`/repairs/${id}/assign`, { login: head, form: { workerId: 'P999' } })).status).toBe(422);
    expect((await call(`/repairs/${id}/assign`, { login: head, form: { workerId: workerPerson.id } })).status).toBe(303);
    const jobs = await (await call('/repairs/jobs', { login: worker })).text();
    expect(jobs).toContain(`/repairs/${id}`);
    expect((await call(`/repairs/${id}/start`, { login: worker, form: {} })).status).toBe(303);
    const badCost = await call(`/repairs/${id}/done`, { login: worker, form: { notes: '加氟', parts: '冷媒', cost: '很多' } });
    expect(badCost.status).toBe(422);
    expect(await badCost.text()).toContain('加氟'); // nothing typed is lost
    expect((await call(`/repairs/${id}/done`, { login: worker, form: { notes: '加氟', parts: '冷媒 R22', cost: '¥120' } })).status).toBe(
      303,
    );

    // Someone else (even the head) cannot sign it off: only the reporter.
    const other = await login(personWith('teacher', 1));
    const refused = await call(`/repairs/${id}/signoff`, { login: other, form: {} });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('只有报修人本人可以验收签字');
    expect((await call(`/repairs/${id}/signoff`, { login: head, form: {} })).status).toBe(403);
    expect((await call(`/repairs/${id}/signoff`, { login: reporter, form: {} })).status).toBe(303);

    const { cells } = await sheetRow(id);
    expect(cells['状态']).toBe('已验收');
    expect(cells['维修人']).toBe(workerPerson.name);
    expect(cells['费用']).toBe(120);
    expect(cells['材料']).toBe('冷媒 R22');
    expect(typeof cells['完成时间']).toBe('number');
    expect(typeof cells['验收时间']).toBe('number');
    const events = await sheetValues('维修记录');
    const h = events[0] as string[];
    const mine = events.filter((r) => r[h.indexOf('报修编号')] === id);
    expect(mine.map((r) => r[h.indexOf('状态')])).toEqual(['已报修', '已派工', '维修中', '已修好', '已验收']);
    expect(mine.map((r) => r[h.indexOf('操作人')])).toEqual([
      reporter.person.name,
      head.person.name,
      workerPerson.name,
      workerPerson.name,
      reporter.person.name,
    ]);
    expect(mine.every((r) => typeof r[h.indexOf('时间')] === 'number')).toBe(true);

    // A second sign-off is refused as a stale step, not recorded twice.
    expect((await call(`/repairs/${id}/signoff`, { login: reporter, form: {} })).status).toBe(409);
    // The reporter's list shows it.
    expect(await (await call('/repairs/mine', { login: reporter })).text()).toContain(id);
  });

  it('reopens when not fixed (a reason is required) and escalates what cannot be fixed', async () => {
    const reporter = await login(personWith('class_head'));
    const head = await login(personWith('head'));
    const id = await report(reporter, { description: '黑板松动', category: 'carpentry' });
    expect((await call(`/repairs/${id}/escalate`, { login: head, form: { note: '' } })).status).toBe(422);
    expect((await call(`/repairs/${id}/done`, { login: head, form: { notes: '已固定' } })).status).toBe(409); // not assigned yet
    expect((await call(`/repairs/${id}/assign`, { login: head, form: { workerId: personWith('staff').id } })).status).toBe(303);
    expect((await call(`/repairs/${id}/done`, { login: head, form: { notes: '已固定' } })).status).toBe(303);
    expect((await call(`/repairs/${id}/reopen`, { login: reporter, form: { note: '' } })).status).toBe(422);
    expect((await call(`/repairs/${id}/reopen`, { login: reporter, form: { note: '还是松' } })).status).toBe(303);
    let { cells } = await sheetRow(id);
    expect(cells['状态']).toBe('返修');
    expect(cells['完成时间']).toBe('');
    expect((await call(`/repairs/${id}/escalate`, { login: head, form: { note: '需更换整块黑板，报分管副校长' } })).status).toBe(303);
    ({ cells } = await sheetRow(id));
    expect(cells['状态']).toBe('已上报');
  });

  it('follows a status staff typed into the sheet, and treats a wrongly typed one as a data problem', async () => {
    const reporter = await login(personWith('teacher'));
    const id = await report(reporter, { description: '窗户关不严', category: 'doors_windows' });
    const { row } = await sheetRow(id);
    const statusCol = await colLetter('报修单', '状态');
    await setCell(`'报修单'!${statusCol}${row}`, '完成'); // an alias of 已修好, typed by staff
    await data().read(['repairs'], { fresh: true });
    const page = await (await call(`/repairs/${id}`, { login: reporter })).text();
    expect(page).toContain('已修好');
    expect((await call(`/repairs/${id}/signoff`, { login: reporter, form: {} })).status).toBe(303);
    expect((await sheetRow(id)).cells['状态']).toBe('已验收');

    await setCell(`'报修单'!${statusCol}${row}`, '修了一半');
    await data().read(['repairs'], { fresh: true });
    const unreadable = await (await call(`/repairs/${id}`, { login: reporter })).text();
    expect(unreadable).toContain('状态无法识别');
    const refused = await call(`/repairs/${id}/reopen`, { login: reporter, form: { note: '又坏了' } });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('数据问题');
    const problems = await (await call('/problems', { login: await login(personWith('head')) })).text();
    expect(problems).toContain('修了一半');
    expect(problems).toContain(`<code>${statusCol}${row}</code>`);
    // The app never overwrote the staff's cell.
    await synced();
    expect((await sheetRow(id)).cells['状态']).toBe('修了一半');
    await setCell(`'报修单'!${statusCol}${row}`, '已验收');
    await data().read(['repairs'], { fresh: true });
  });
});

describe('board, history and holiday plan', () => {
  it('flags the demo fan reported three times in 30 days and lists its history per asset and room', async () => {
    const { repairs } = await data().read(['repairs']);
    const fan = repairs.rows.find((r) => r.id === 'R-DEMO-0003')!;
    const head = await login(personWith('head'));
    const board = await (await call('/repairs', { login: head })).text();
    expect(board).toContain('报修看板');
    expect(board).toContain('重复报修');
    expect(board).toContain(String(fan.values.asset));
    const history = await (await call(`/repairs?asset=${fan.values.asset}`, { login: await login(personWith('teacher')) })).text();
    for (const id of ['R-DEMO-0001', 'R-DEMO-0002', 'R-DEMO-0003']) expect(history).toContain(id);
    expect(history).not.toContain('R-DEMO-0004');
    const room = await (await call(`/repairs?room=${encodeURIComponent(String(fan.values.room))}`, { login: head })).text();
    expect(room).toContain('R-DEMO-0003');
  });

  it('marks a request for the holidays and lists it in the plan; only the head may', async () => {
    const reporter = await login(personWith('teacher'));
    const id = await report(reporter, { description: '墙面大面积脱落，暑假重新粉刷', urgency: 'large', category: 'other' });
    expect((await call(`/repairs/${id}/holiday`, { login: reporter, form: { holiday: '1' } })).status).toBe(403);
    expect((await call(`/repairs/${id}/holiday`, { login: await login(personWith('head')), form: { holiday: '1' } })).status).toBe(303);
    const plan = await (await call('/repairs/holiday', { login: reporter })).text();
    expect(plan).toContain(id);
    expect(plan).toContain('R-DEMO-0007');
    expect((await sheetRow(id)).cells['寒暑假维修']).toBe(true);
  });

  it('shows breaches and overdue hazards as desk alerts for the head', async () => {
    const home = await (await call('/', { login: await login(personWith('head')) })).text();
    expect(home).toMatch(/\d+ 张报修单超过时限未完成/);
    expect(home).toMatch(/\d+ 条隐患超过整改期限/);
  });
});
