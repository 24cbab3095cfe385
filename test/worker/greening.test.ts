/**
 * Greening inside workerd against the emulator, with the module's clock pinned: the overview,
 * plans typed by staff in the sheet (good, unreadable, impossible), term generation that keeps
 * staff edits, check-ins (done, skipped with a reason, a problem → repair/hazard links), the
 * public plant-label page, and overdue appearing as time passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../src/plugins/greening/clock.js';
import { call, data, login, personWith, sheetValues, synced, staffEdit as editSheet } from './auth-helpers.js';

const head = () => login(personWith('head'));
const staff = () => login(personWith('staff'));

/** Rows of a sheet as objects keyed by header, with their 1-based row numbers. */
async function rows(title: string): Promise<Array<Record<string, unknown> & { _row: number }>> {
  await synced();
  const [header, ...body] = (await sheetValues(title)) as unknown[][];
  return body.map((r, i) => ({ ...Object.fromEntries((header as string[]).map((h, j) => [h, r[j]])), _row: i + 2 }));
}

async function staffEdit(cells: Array<{ range: string; values: unknown[][] }>) {
  await editSheet({ data: cells, valueInputOption: 'RAW' });
  await data().read(['carePlans', 'careTasks', 'greenAreas'], { fresh: true });
}

/** Type rows at the end of a tab, as staff would, matching columns by header. */
async function typeRows(title: string, records: Array<Record<string, unknown>>) {
  const [header, ...body] = (await sheetValues(title)) as unknown[][];
  await staffEdit([{ range: `'${title}'!A${body.length + 2}`, values: records.map((r) => (header as string[]).map((h) => r[h] ?? '')) }]);
}

/** Set one cell of the row with this ID (found by the 编号 column now, as staff would see it). */
async function setCell(title: string, id: string, column: string, value: unknown) {
  const [header, ...body] = (await sheetValues(title)) as unknown[][];
  const h = header as string[];
  const r = body.findIndex((row) => row[h.indexOf('编号')] === id);
  if (r < 0) throw new Error(`no row ${id} in ${title}`);
  await staffEdit([{ range: `'${title}'!${String.fromCharCode(65 + h.indexOf(column))}${r + 2}`, values: [[value]] }]);
}

const serial = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000);
const dateOf = (s: unknown) => new Date(Date.UTC(1899, 11, 30) + Number(s) * 86_400_000).toISOString().slice(0, 10);
const section = (html: string, id: string) => decode(html).split(`id="${id}"`)[1]?.split('<section')[0] ?? '';
/** Handlebars escapes = and & in attributes; browsers read them back. */
const decode = (html: string) => html.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');

const suffix = Date.now().toString(36).slice(-4).toUpperCase();
const P = { good: `GP-W${suffix}1`, bad: `GP-W${suffix}2`, impossible: `GP-W${suffix}3` };

beforeAll(async () => {
  clock.set('2026-11-20T09:00:00+08:00');
  await typeRows('养护计划', [
    { 编号: P.good, 区域编号: 'G010', 养护项目: '修剪', 规则: '每学期4次', 执行人: '测试花工', 启用: true },
    { 编号: P.bad, 区域编号: 'G011', 养护项目: '施肥', 规则: '看心情', 启用: true },
    { 编号: P.impossible, 区域编号: 'G011', 养护项目: '修剪', 规则: '每学期60次', 启用: true },
  ]);
});
afterAll(async () => {
  clock.reset();
  for (const id of Object.values(P)) await setCell('养护计划', id, '启用', false);
});

describe('GET /greening', () => {
  it('shows overdue, today and this week on the pinned day, in Chinese', async () => {
    const res = await call('/greening', { login: await head() });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('绿化养护');
    expect(html).toContain('2026-11-20');
    // The demo leaves two earlier tasks open; today is a school day, so the flower beds are due.
    expect(section(html, 'gr-overdue')).toMatch(/checkin\?task=GT-/);
    expect(section(html, 'gr-today')).toContain('除草');
  });

  it('names the unreadable rule by its row, in the plans page, and explains the good ones', async () => {
    const plans = await rows('养护计划');
    const bad = plans.find((p) => p['编号'] === P.bad)!;
    const html = await (await call('/greening/plans', { login: await head() })).text();
    expect(html).toContain(`养护计划 第${bad._row}行（${P.bad}）：无法识别规则&quot;看心情&quot;`);
    expect(html).toContain('每学期 4 次');
    const en = await (await call('/greening/plans?lang=en', { login: await head() })).text();
    expect(en).toContain(`row ${bad._row} (${P.bad}): Cannot read the rule`);
  });
});

describe('generating the term schedule', () => {
  let generated: Array<Record<string, unknown>> = [];

  it('previews, names the rule that cannot be met, and writes the rest', async () => {
    const preview = await (await call('/greening/generate', { login: await head() })).text();
    expect(preview).toContain('2026—2027学年第一学期');
    expect(preview).toMatch(/每学期60次&quot;无法安排：2026—2027学年第一学期只有 \d+ 个上课日/);
    const res = await call('/greening/generate', { login: await head(), htmx: true, form: { _key: `k-${suffix}-1` } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/已写入：新增 \d+ 项/);
    expect(html).toContain(P.impossible);
    generated = (await rows('养护日程')).filter((r) => r['计划编号'] === P.good);
    expect(generated).toHaveLength(4);
    expect(generated.every((r) => r['执行人'] === '测试花工' && r['状态'] === '待办' && r['区域编号'] === 'G010')).toBe(true);
    expect(generated.map((r) => typeof r['到期日'])).toEqual(['number', 'number', 'number', 'number']); // real dates, not text
    expect((await rows('养护日程')).some((r) => r['计划编号'] === P.impossible)).toBe(false);
  });

  it('running it again adds nothing', async () => {
    const html = await (await call('/greening/generate', { login: await head(), htmx: true, form: { _key: `k-${suffix}-2` } })).text();
    expect(html).toContain('已写入：新增 0 项，取消 0 项');
  });

  it('keeps what staff changed when the plan changes, cancels only untouched tasks', async () => {
    const [first, second, third] = generated.sort((a, b) => Number(a['到期日']) - Number(b['到期日']));
    // Staff move the first trim a day later and mark the second done, in the sheet.
    await setCell('养护日程', String(first!['编号']), '到期日', Number(first!['到期日']) + 1);
    await setCell('养护日程', String(second!['编号']), '状态', '已完成');
    await setCell('养护计划', P.good, '规则', '每学期1次');
    const html = await (await call('/greening/generate', { login: await head(), htmx: true, form: { _key: `k-${suffix}-3` } })).text();
    expect(html).toMatch(/已写入：新增 1 项，取消 2 项/);
    const after = new Map((await rows('养护日程')).filter((r) => r['计划编号'] === P.good).map((r) => [r['编号'], r]));
    expect(after.get(first!['编号'])).toMatchObject({ 状态: '待办', 到期日: Number(first!['到期日']) + 1 });
    expect(after.get(second!['编号'])).toMatchObject({ 状态: '已完成' });
    expect(after.get(third!['编号'])).toMatchObject({ 状态: '已取消' });
    expect(after.size).toBe(5);
  });
});

describe('check-ins', () => {
  it('the plant label page is public: species and care notes without signing in, no check-in', async () => {
    const res = await call('/greening/a/G012');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('香樟');
    expect(html).toContain('Cinnamomum camphora');
    expect(html).not.toContain('action="/greening/checkin"');
    expect(html).toContain('/auth/signin?next=/greening/a/G012');
    expect((await call('/greening/a/G999')).status).toBe(404);
  });

  it('done from the area page marks the task in the sheet and logs the check-in', async () => {
    const task = (await rows('养护日程')).find((r) => r['计划编号'] === P.good && r['状态'] === '待办')!;
    const id = String(task['编号']);
    clock.set(`${dateOf(task['到期日'])}T08:00:00+08:00`);
    const page = await (await call('/greening/a/G010', { login: await staff() })).text();
    expect(page).toContain(`name="task" value="${id}"`);
    const res = await call('/greening/checkin', {
      login: await staff(),
      htmx: true,
      form: { task: id, outcome: 'done', _key: `c-${suffix}-1` },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('已记录：修剪完成');
    const row = (await rows('养护日程')).find((r) => r['编号'] === id)!;
    expect(row).toMatchObject({ 状态: '已完成', 完成人: personWith('staff').name });
    const log = (await rows('养护记录')).filter((r) => r['任务编号'] === id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ 结果: '完成', 区域编号: 'G010', 打卡人: personWith('staff').name });
    clock.set('2026-11-20T09:00:00+08:00');
  });

  it('offers ✓ only for what is due by today: later this week is listed without it, and done early is refused', async () => {
    const task = (await rows('养护日程')).find((r) => r['计划编号'] === P.good && r['状态'] === '待办' && r['区域编号'] === 'G010')!;
    const id = String(task['编号']);
    const due = dateOf(task['到期日']);
    clock.set(Date.parse(`${due}T08:00:00+08:00`) - 86_400_000); // the day before
    const page = decode(await (await call('/greening/a/G010', { login: await staff() })).text());
    if (page.includes('本周稍后')) expect(page.split('本周稍后')[1]).toContain(due);
    expect(page).not.toContain(`name="task" value="${id}"`);
    const early = await call('/greening/checkin', { login: await staff(), form: { task: id, outcome: 'done', _key: `c-${suffix}-early` } });
    expect(early.status).toBe(422);
    expect(decode(await early.text())).toContain(`这项任务 ${due} 才到期`);
    expect((await rows('养护日程')).find((r) => r['编号'] === id)).toMatchObject({ 状态: '待办' });
    clock.set('2026-11-20T09:00:00+08:00');
  });

  it('the problem form for an area asks only for the problem; the page names the scientific name in Chinese', async () => {
    const form = decode(await (await call('/greening/checkin?area=G012&outcome=problem', { login: await staff() })).text());
    expect(form).not.toContain('type="radio"');
    expect(form).not.toContain('name="reason"');
    expect(form).toContain('<input type="hidden" name="outcome" value="problem">');
    const page = decode(await (await call('/greening/a/G012', { login: await staff() })).text());
    expect(page).toContain('<dt>学名</dt>');
    expect(page).not.toContain('(Latin)');
    const recent = page.split('最近记录')[1] ?? '';
    expect(recent).not.toMatch(/·\s*·/); // no empty part ("21:16 · · 发现问题")
  });

  it('skipping needs a reason ("rained"), then records it', async () => {
    const task = (await rows('养护日程')).find((r) => r['计划编号'] === 'GP-02' && r['状态'] === '待办')!;
    const id = String(task['编号']);
    const refused = await call('/greening/checkin', { login: await staff(), form: { task: id, outcome: 'skipped', reason: '' } });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('跳过时请写明原因');
    const ok = await call('/greening/checkin', {
      login: await staff(),
      form: { task: id, outcome: 'skipped', reason: '下雨', _key: `c-${suffix}-2` },
    });
    expect(ok.status).toBe(200);
    expect((await rows('养护日程')).find((r) => r['编号'] === id)).toMatchObject({ 状态: '已跳过' });
    expect((await rows('养护记录')).find((r) => r['任务编号'] === id)).toMatchObject({ 结果: '跳过', 原因: '下雨' });
  });

  it('a routine day (every school day) is checked in without a schedule row', async () => {
    const res = await call('/greening/checkin', {
      login: await login(personWith('teacher')),
      form: { plan: 'GP-01', area: 'G003', date: '2026-11-20', outcome: 'done', _key: `c-${suffix}-3` },
    });
    expect(res.status).toBe(200);
    const log = (await rows('养护记录')).filter(
      (r) => r['计划编号'] === 'GP-01' && r['区域编号'] === 'G003' && r['任务日期'] === serial('2026-11-20'),
    );
    expect(log.length).toBeGreaterThanOrEqual(1);
    const bad = await call('/greening/checkin', {
      login: await staff(),
      form: { plan: 'GP-02', area: 'G003', date: '2026-11-20', outcome: 'done' },
    });
    expect(bad.status).toBe(404);
  });

  it('a problem found offers a repair request and a hazard in one step, with the area and its location', async () => {
    const res = await call('/greening/checkin', {
      login: await staff(),
      form: { area: 'G012', outcome: 'problem', problem: '=HYPERLINK("x") 树枝折断', _key: `c-${suffix}-4` },
    });
    expect(res.status).toBe(200);
    const html = decode(await res.text());
    const logged = (await rows('养护记录')).filter((r) => r['区域编号'] === 'G012' && r['结果'] === '发现问题');
    // One tap each (test/worker/handoffs.test.ts follows them through).
    expect(html).toContain(`action="/repairs/reports/repair"`);
    expect(html).toContain(`action="/repairs/reports/hazard"`);
    expect(html).toContain(`name="ref" value="greening:${logged.at(-1)!['编号']}"`);
    expect(logged.at(-1)!['问题描述']).toBe('=HYPERLINK("x") 树枝折断'); // kept verbatim, inert
    const formulas = (await sheetValues('养护记录', 'FORMULA')).flat();
    expect(formulas).toContain('=HYPERLINK("x") 树枝折断');
  });

  it('an empty problem or no outcome is refused with a clear message, and leaders cannot check in', async () => {
    const r1 = await call('/greening/checkin', { login: await staff(), form: { area: 'G012', outcome: 'problem', problem: '' } });
    expect(r1.status).toBe(422);
    expect(await r1.text()).toContain('请描述发现的问题');
    const r2 = await call('/greening/checkin', { login: await staff(), form: { area: 'G012' } });
    expect(r2.status).toBe(422);
    const r3 = await call('/greening/checkin', {
      login: await login(personWith('leader')),
      form: { area: 'G012', outcome: 'problem', problem: 'x' },
    });
    expect(r3.status).toBe(403);
  });
});

describe('time passing', () => {
  it('a task appears as overdue the day after it was due, and on the desk', async () => {
    const task = (await rows('养护日程'))
      .filter((r) => r['计划编号'] === P.good && r['状态'] === '待办')
      .sort((a, b) => Number(a['到期日']) - Number(b['到期日']))[0]!;
    const due = dateOf(task['到期日']);
    const link = `checkin?task=${task['编号']}`;
    clock.set(`${due}T09:00:00+08:00`);
    let html = await (await call('/greening', { login: await head() })).text();
    expect(section(html, 'gr-overdue')).not.toContain(link);
    expect(section(html, 'gr-today')).toContain(link);
    clock.set(Date.parse(`${due}T09:00:00+08:00`) + 86_400_000);
    html = await (await call('/greening', { login: await head() })).text();
    expect(section(html, 'gr-overdue')).toContain(link);
    const desk = await (await call('/', { login: await head() })).text();
    expect(desk).toMatch(/绿化：\d+ 项养护任务已逾期/);
    clock.set('2026-11-20T09:00:00+08:00');
  });

  it('the month calendar shows generated tasks and routine days', async () => {
    const html = await (await call('/greening/calendar?month=2026-11', { login: await head() })).text();
    expect(html).toContain('data-date="2026-11-20"');
    expect(html).toMatch(/除草 \d+\/5/);
    expect(html).toContain('冬灌');
  });

  it('holiday watering duty lists the winter break with rotating names', async () => {
    const html = await (await call('/greening/holidays', { login: await head() })).text();
    expect(html).toContain('2027-01-23');
    expect(html).toContain('浇水');
  });
});
