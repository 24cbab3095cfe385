/**
 * The district office in the real Worker: its host (district.portal.test) lists schools from
 * its own spreadsheet and reads each school's PUBLISHED reports through the school's gateway —
 * one Sheets call per school on a miss, none on a hit, a named service account where the 学校
 * row says so — and never a draft, never a working tab, never a write.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { schoolData } from '../../src/core/data/school-data.js';
import { localDate, previousMonth } from '../../src/core/time.js';
import type { Env } from '../../src/env.js';
import { demoSmallSchool } from '../../tools/demo/district.js';
import { demoSheetFor, type DemoSpreadsheet } from '../../tools/demo/school.js';
import { tabs } from '../../sheets-schema/index.js';
import { addPeople, call, login, type DemoPerson } from './auth-helpers.js';
import { emulator, lastLogId, requestsFor } from './sync-helpers.js';

const DISTRICT = 'https://district.portal.test';
const month = previousMonth(localDate().slice(0, 7));
const before = previousMonth(month);
const emu = emulator();
const districtId = inject('districtSpreadsheetId');
const SECRET = `SECRET-DRAFT-${Date.now().toString(36)}`;
const person = (id: string, role: DemoPerson['role'], unit: string): DemoPerson => ({ id, name: id, role, unit, phone: '', active: true });
const director = person('D001', 'district_director', '局领导');
const supervisor = person('D003', 'district_area', '城东片区');

const schools: Record<'A' | 'B' | 'C', { id: string; sheet: string }> = {
  A: { id: '', sheet: '' },
  B: { id: '', sheet: '' },
  C: { id: '', sheet: '' },
};
let published: { open: number; remark: string };

/** A small school with its published months, plus (for B) a draft 安全月报 and 月报 for `month` holding the secret. */
async function school(n: number, months: string[], draft = false): Promise<string> {
  const spec: DemoSpreadsheet = await demoSmallSchool({ n, today: localDate(), published: months });
  if (draft) {
    for (const [title, tab, id] of [
      ['安全月报', tabs.safetyReports, `SR-${month}`],
      ['月报', tabs.reports, `MR-${month}`],
    ] as const) {
      const sheet = spec.sheets.find((s) => s.title === title)!;
      sheet.rows.push(demoSheetFor(tab, [{ id, kind: 'report', status: 'draft', notable: SECRET, title: SECRET }]).rows[1]!);
    }
  }
  return (await emu.call<{ spreadsheetId: string }>('POST', '/spreadsheets', { ...spec, title: `district test ${n}` })).spreadsheetId;
}

beforeAll(async () => {
  schools.A.sheet = await school(0, [before, month]);
  schools.B.sheet = await school(1, [before], true);
  schools.C.sheet = await school(2, [before, month]);
  const tag = Date.now().toString(36).toUpperCase();
  for (const k of ['A', 'B', 'C'] as const) schools[k].id = `T${tag}${k}`;
  // The 学校 rows, typed into the district's sheet as the district's staff would (C read as "second").
  const rows = [
    [schools.A.id, '甲校', schools.A.sheet, '', '城东片区', true, '甲', '1', '', true],
    [schools.B.id, '乙校', schools.B.sheet, '', '城东片区', false, '乙', '2', '', true],
    [schools.C.id, '丙校', schools.C.sheet, '', '山区片区', true, '丙', '3', 'second', true],
    [`T${tag}X`, '读不到的学校', 'NO-SUCH-SPREADSHEET-0000000000000000000000', '', '城西片区', false, '', '', '', true],
    [`T${tag}Y`, '停用的学校', schools.A.sheet, '', '城西片区', false, '', '', '', false],
  ];
  const header = ['编号', '学校名称', '表格ID', '门户地址', '片区', '寄宿制', '联系人', '联系电话', '服务账号', '启用'];
  await emu.edit(districtId, { data: [{ range: `'学校'!A1`, values: [header, ...rows] }], valueInputOption: 'RAW' });
  await schoolData(env as unknown as Env, districtId).read(['districtSchools', 'people'], { fresh: true });
  // What A froze for `month`, to compare with the district page.
  const values = await emu.values(schools.A.sheet, '安全月报');
  const piece = values.find((r) => r[0] === `SR-${month}-P01`)!;
  const report = JSON.parse(String(piece[(values[0] as string[]).indexOf('快照数据')]));
  published = { open: report.hazards.open, remark: report.notable[0] };
});

const page = async (path: string, who: DemoPerson = director) => {
  const res = await call(path, { origin: DISTRICT, login: await login(who) });
  return { status: res.status, html: await res.text(), res };
};
const rowOf = (html: string, name: string) => html.split('<tr data-school=').find((r) => r.includes(`>${name}<`)) ?? '';

describe('the district page', () => {
  it('reads each school once on a miss and not at all on a hit, in parallel, as the account the 学校 row names', async () => {
    const since = await lastLogId(emu);
    const first = await page(`/district?month=${month}`);
    expect(first.status).toBe(200);
    for (const k of ['A', 'B', 'C'] as const) {
      const reqs = await requestsFor(emu, schools[k].sheet, since);
      expect(
        reqs.map((r) => r.kind),
        k,
      ).toEqual(['values.batchGet']);
    }
    const log = await emu.log();
    const entries: Array<{ id: number; spreadsheetId?: string; user?: string }> = Array.isArray(log) ? log : log.entries;
    const userOf = (id: string) => entries.find((e) => e.id > since && e.spreadsheetId === id)?.user;
    expect(userOf(schools.C.sheet)).toBe('houqin-second@houqin-local.iam.gserviceaccount.com');
    expect(userOf(schools.A.sheet)).not.toBe(userOf(schools.C.sheet));

    // A hit costs nothing, even for a school whose own pages re-read every time: published tabs may be 10 minutes old.
    await schoolData(env as unknown as Env, schools.A.sheet).configure({ readStalenessMs: 0 });
    const again = await lastLogId(emu);
    expect((await page(`/district?month=${month}`)).status).toBe(200);
    for (const k of ['A', 'B', 'C'] as const) expect(await requestsFor(emu, schools[k].sheet, again), k).toEqual([]);
  });

  it('a 学校 row naming a spreadsheet that does not exist is an answer, not an exception across RPC (workerd logs those as uncaught)', async () => {
    const r = await schoolData(env as unknown as Env, 'NO-SUCH-SPREADSHEET-0000000000000000000000').tryRead(['reports', 'safetyReports'], {
      maxAgeMs: 600_000,
    });
    expect(r).toEqual({ error: expect.stringContaining('NOT_FOUND') });
  });

  it('shows what schools published, side by side, and which have not', async () => {
    const { html } = await page(`/district?month=${month}`);
    const a = rowOf(html, '甲校');
    expect(a).toContain('st-published');
    expect(a).toMatch(new RegExp(`data-metric="hazardsOpen">${published.open}<`));
    expect(a).toContain('%'); // repairs, stocktake, cleaning, greening rates from A's published 月报
    const b = rowOf(html, '乙校');
    expect(b).toMatch(/class="st-(late|due)"/);
    expect(b).toMatch(/data-metric="hazardsOpen">—</);
    expect(rowOf(html, '读不到的学校')).toContain('st-unreachable');
    expect(html).not.toContain('停用的学校');
    // Month over month: C published both months, so its cells carry a change.
    expect(rowOf(html, '丙校')).toMatch(/class="change (better|worse|same|neutral)"/);
  });

  it('ranks by the figure asked for, best first', async () => {
    const { html } = await page(`/district?month=${month}&sort=drills`);
    const drills = ['甲校', '丙校'].map((n) => Number(/data-metric="drills">(\d+)</.exec(rowOf(html, n))![1]));
    const order = ['甲校', '丙校'].sort((x, y) => html.indexOf(`>${x}<`) - html.indexOf(`>${y}<`));
    expect(drills[order[0] === '甲校' ? 0 : 1]).toBeGreaterThanOrEqual(drills[order[0] === '甲校' ? 1 : 0]!);
  });

  it('never shows a school’s draft, on the page or by drilling down', async () => {
    const { html } = await page(`/district?month=${month}`);
    expect(html).not.toContain(SECRET);
    const drill = await page(`/district/schools/${schools.B.id}/${month}`);
    expect(drill.status).toBe(404);
    expect(drill.html).toContain('尚未发布');
    expect(drill.html).not.toContain(SECRET);
    // The month B did publish opens.
    expect((await page(`/district/schools/${schools.B.id}/${before}`)).status).toBe(200);
  });

  it('drills down into a school’s published 安全月报', async () => {
    const { status, html } = await page(`/district/schools/${schools.A.id}/${month}`);
    expect(status).toBe(200);
    expect(html).toContain('安全月报');
    expect(html).toContain(published.remark);
    expect(html).not.toMatch(/<form[^>]*method="post"(?![^>]*action="\/auth)/);
    expect((await page(`/district/schools/NO-SUCH/${month}`)).status).toBe(404);
  });

  it('shows an area supervisor only the schools of their 片区', async () => {
    const { html } = await page(`/district?month=${month}`, supervisor);
    expect(html).toContain('甲校');
    expect(html).not.toContain('丙校');
    expect((await page(`/district/schools/${schools.C.id}/${month}`, supervisor)).status).toBe(404);
  });

  it('speaks English', async () => {
    const { html } = await page(`/district?month=${month}&lang=en`);
    expect(html).toContain('Overdue hazards');
  });
});

describe('district people read only what schools publish and write nothing', () => {
  it('cannot open a school module or its working data on the district host', async () => {
    for (const path of ['/', '/assets', '/repairs', '/problems', `/summary/safety/${month}`, '/summary', '/sync', '/auth/people']) {
      const res = await call(path, { origin: DISTRICT, login: await login(director) });
      expect([302, 403, 404], path).toContain(res.status);
      if (res.status === 302) expect(res.headers.get('Location'), path).toBe('/district');
    }
  });

  it('cannot write anything: every POST is refused and no Sheets write is sent', async () => {
    const since = await lastLogId(emu);
    const who = await login(director);
    for (const path of [
      '/district',
      `/summary/safety/${month}/publish`,
      `/summary/${month}/publish`,
      '/assets',
      '/auth/people/D001/sheet',
      '/repairs',
    ]) {
      const res = await call(path, { origin: DISTRICT, login: who, form: { notable: SECRET, name: SECRET } });
      expect([403, 404], path).toContain(res.status);
    }
    await new Promise((r) => setTimeout(r, 1200)); // past the gateways' flush delay
    const log = await emu.log();
    const entries: Array<{ id: number; access: string; spreadsheetId?: string }> = Array.isArray(log) ? log : log.entries;
    const sheets = new Set([districtId, schools.A.sheet, schools.B.sheet, schools.C.sheet]);
    expect(entries.filter((e) => e.id > since && e.access === 'write' && sheets.has(e.spreadsheetId ?? ''))).toEqual([]);
  });

  it('a district role grants nothing on a school’s host, and a school role nothing on the district’s', async () => {
    // A 局领导 row typed into a school's 人员 tab: signed out there.
    const [stray] = await addPeople([
      { id: `PD${Date.now().toString(36).toUpperCase()}`, name: '误填局领导', role: 'district_director', unit: '' },
    ]);
    const school = await call('/', { login: await login(stray!) });
    expect(school.status).toBe(302);
    expect(school.headers.get('Location')).toContain('/auth/signin');
    expect((await call(`/district?month=${month}`, { login: await login(stray!) })).status).toBe(302);
    // The district's own people do not exist on a school's host.
    expect((await call('/', { login: await login(director) })).status).toBe(302);
  });
});
