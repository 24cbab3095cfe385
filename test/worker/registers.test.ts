/**
 * The register engine inside workerd against the emulator: the code-declared registers'
 * pages, forms generated from column types, RAW idempotent writes, roles per register,
 * QR pre-fill, recurring checks, expiry and flags on the desk, and the summary section.
 */
import { describe, expect, it, vi } from 'vitest';
import { dateToSerial } from '../../src/core/table/cells.js';
import { addDays, localDate, localDateTime } from '../../src/core/time.js';
import { call, login, marker, personWith, staffEdit } from './auth-helpers.js';
import { reread, sheetRecords, typeRows } from './cleaning-helpers.js';

// Several round trips through the gateway and the emulator each; a busy machine needs more than 5 s.
vi.setConfig({ testTimeout: 60_000 });

const head = () => login(personWith('head'));

/** A tab made by hand in the sheet, as the head of logistics would: rows, one dropdown column, one date column. */
async function staffEditAddSheet(
  title: string,
  rows: unknown[][],
  opts: { dropdown: { col: number; values: string[] }; dateCol: number },
): Promise<void> {
  const sheetId = Math.floor(Math.random() * 1e9);
  const range = (col: number) => ({ sheetId, startRowIndex: 1, endRowIndex: 200, startColumnIndex: col, endColumnIndex: col + 1 });
  await staffEdit({
    requests: [
      { addSheet: { properties: { sheetId, title } } },
      {
        setDataValidation: {
          range: range(opts.dropdown.col),
          rule: { condition: { type: 'ONE_OF_LIST', values: opts.dropdown.values.map((v) => ({ userEnteredValue: v })) }, strict: true },
        },
      },
      {
        repeatCell: {
          range: range(opts.dateCol),
          cell: { userEnteredFormat: { numberFormat: { type: 'DATE', pattern: 'yyyy-mm-dd' } } },
          fields: 'userEnteredFormat.numberFormat',
        },
      },
    ],
  });
  await staffEdit({ valueInputOption: 'RAW', data: [{ range: `'${title}'!A1`, values: rows }] });
}
const today = () => localDate();

describe('GET /registers', () => {
  it('lists every register the person may see, with its counts', async () => {
    const res = await call('/registers', { login: await head() });
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const name of [
      '来访登记',
      '节假日值班',
      '消防器材',
      '食品留样',
      '健康证',
      '水电表读数',
      '功能室使用',
      '文印签单',
      '外包服务考评',
      '安全演练',
    ])
      expect(html).toContain(name);
  });

  it('shows a teacher only the registers open to teachers (deny by default)', async () => {
    const html = await (await call('/registers', { login: await login(personWith('teacher')) })).text();
    expect(html).toContain('功能室使用');
    expect(html).not.toContain('健康证');
    expect((await call('/registers/health-certificates', { login: await login(personWith('teacher')) })).status).toBe(403);
  });

  it('answers 404 for a register that does not exist', async () => {
    expect((await call('/registers/no-such-register', { login: await head() })).status).toBe(404);
  });
});

describe('adding a row', () => {
  it('makes the form from the column types, with the portal filling in time and guard', async () => {
    const html = await (await call('/registers/visitors/new', { login: await head() })).text();
    expect(html).toContain('name="visitor"');
    expect(html).toMatch(
      /<input type="hidden" name="arrivedAt" value="[^"]+"><input id="f-arrivedAt" value="\d{4}-\d{2}-\d{2} \d{2}:\d{2}" readonly/,
    ); // school time, no "T"
    expect(html).toContain(`value="${personWith('head').name}"`);
    expect(html).not.toContain('name="leftAt"'); // filled in later, on the edit form
    expect(html).toMatch(/<select id="f-host" name="host">/); // a person from 人员
  });

  it('writes one attributed RAW row per form, however often it is sent', async () => {
    const m = marker('visitor');
    const l = await head();
    const form = {
      visitor: `=HYPERLINK("x")${m}`,
      organisation: '区教育局',
      purpose: '检查工作',
      count: '2',
      host: personWith('staff').name,
      _key: `k-${m}`,
    };
    const first = await call('/registers/visitors', { login: l, form });
    expect(first.status).toBe(303);
    expect(first.headers.get('Location')).toMatch(/^\/registers\/visitors\?saved=VS-/);
    expect((await call('/registers/visitors', { login: l, form })).status).toBe(303);
    const rows = (await sheetRecords('来访登记')).filter((r) => String(r['来访人']).includes(m));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      来访人: `=HYPERLINK("x")${m}`,
      人数: 2,
      登记人: personWith('head').name,
      被访人: personWith('staff').name,
    });
    expect(typeof rows[0]!['来访时间']).toBe('number');
  });

  it('refuses missing and unknown values with the messages, and keeps what was typed', async () => {
    const res = await call('/registers/visitors', { login: await head(), form: { visitor: '张三', host: '不存在的人', count: '两个' } });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('「人员」表中没有&quot;不存在的人&quot;');
    expect(html).toContain('事由');
    expect(html).toContain('value="张三"');
  });

  it('refuses roles the register does not name, and leaders on every write', async () => {
    expect(
      (await call('/registers/visitors', { login: await login(personWith('teacher')), form: { visitor: 'x', purpose: 'y' } })).status,
    ).toBe(403);
    expect((await call('/registers/visitors/new', { login: await login(personWith('leader')) })).status).toBe(403);
  });

  it('fixes the QR column from the URL (a QR code on a door)', async () => {
    const html = await (
      await call(`/registers/room-use/new?room=${encodeURIComponent('物理实验室')}`, { login: await login(personWith('teacher')) })
    ).text();
    expect(html).toMatch(/name="room" value="物理实验室"><input id="f-room" value="物理实验室" readonly/);
  });

  it('works out computed columns: a food sample is kept until 48 hours later', async () => {
    const m = marker('dish');
    const res = await call('/registers/food-samples', { login: await head(), form: { meal: 'lunch', dish: `红烧肉${m}`, grams: '150' } });
    expect(res.status).toBe(303);
    const row = (await sheetRecords('食品留样')).find((r) => String(r['菜品']).endsWith(m))!;
    expect(row['留存至'] as number).toBeCloseTo((row['留样时间'] as number) + 2, 5);
  });
});

describe('recurring checks, expiry and the desk', () => {
  it('shows an unchecked extinguisher as due, records a check by its QR page, and then it is fine', async () => {
    const id = `XF-T${Date.now().toString(36).toUpperCase()}`;
    await typeRows('消防器材', [
      { 编号: id, 类型: '干粉灭火器', 位置: '测试走廊', 有效期至: dateToSerial(addDays(today(), 400)), 检查规则: '每周' },
    ]);
    await reread('fireEquipment');
    const l = await head();
    let html = await (await call(`/registers/fire/${id}`, { login: l })).text();
    expect(html).toContain('待检查');
    expect(html).toContain('每 7 天');
    const res = await call(`/registers/fire/${id}/check`, { login: l, form: { result: 'ok', notes: '压力正常' } });
    expect(res.status).toBe(303);
    html = await (await call(`/registers/fire/${id}`, { login: l })).text();
    expect(html).toContain('压力正常');
    expect(html).not.toContain('待检查');
    const checks = (await sheetRecords('登记簿检查记录')).filter((r) => r['对象编号'] === id);
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ 登记簿: 'fire', 结果: '正常', 检查人: personWith('head').name });
  });

  it('records a check sent late by the phone outbox at the time of the tap, once, and refuses one older than 7 days', async () => {
    const id = `XF-T${Date.now().toString(36).toUpperCase()}`;
    await typeRows('消防器材', [
      { 编号: id, 类型: '干粉灭火器', 位置: '地下室', 有效期至: dateToSerial(addDays(today(), 400)), 检查规则: '每周' },
    ]);
    await reread('fireEquipment');
    const l = await head();
    const tapped = Date.now() - 2 * 3_600_000;
    const form = { result: 'ok', _key: `offline-${id}`, tapped_at: new Date(tapped).toISOString() };
    expect((await call(`/registers/fire/${id}/check`, { login: l, form })).status).toBe(303);
    expect((await call(`/registers/fire/${id}/check`, { login: l, form })).status).toBe(303);
    const checks = (await sheetRecords('登记簿检查记录')).filter((r) => r['对象编号'] === id);
    expect(checks).toHaveLength(1);
    const serial = Number(checks[0]!['检查时间']);
    expect(new Date(Math.round((serial - 25569) * 86_400_000)).toISOString().slice(0, 19)).toBe(localDateTime(tapped));
    const old = await call(`/registers/fire/${id}/check`, {
      login: l,
      form: { result: 'ok', tapped_at: new Date(Date.now() - 8 * 86_400_000).toISOString() },
    });
    expect(old.status).toBe(422);
    expect(await old.text()).toContain('已超过 7 天');
    expect((await sheetRecords('登记簿检查记录')).filter((r) => r['对象编号'] === id)).toHaveLength(1);
  });

  it('names an unreadable rule by its cell, and the page still works', async () => {
    const id = `XF-B${Date.now().toString(36).toUpperCase()}`;
    await typeRows('消防器材', [{ 编号: id, 类型: '干粉灭火器', 位置: '测试走廊', 检查规则: '看心情' }]);
    await reread('fireEquipment');
    const res = await call(`/registers/fire?q=${id}`, { login: await head() });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/消防器材!F\d+/);
    expect(html).toContain('无法识别规则');
  });

  it('puts an expired health certificate on the desk', async () => {
    const name = `测试${Date.now().toString(36)}`;
    await typeRows('健康证', [{ 编号: `JK-T-${name}`, 姓名: name, 有效期至: dateToSerial(addDays(today(), -1)) }]);
    await reread('healthCertificates');
    const html = await (await call('/', { login: await head() })).text();
    expect(html).toMatch(/健康证：\d+ 项已过期/);
  });

  it('counts a held-over food sample as not disposed of', async () => {
    const m = marker('old');
    const sampled = localDateTime(Date.now() - 3 * 86_400_000);
    await typeRows('食品留样', [
      {
        编号: `LY-T-${m}`,
        餐次: '午餐',
        菜品: m,
        '留样量(克)': 150,
        留样时间: sampled.replace('T', ' '),
        留存至: localDateTime(Date.now() - 86_400_000).replace('T', ' '),
      },
    ]);
    await reread('foodSamples');
    const html = await (await call(`/registers/food-samples?state=attention&q=${m}`, { login: await head() })).text();
    expect(html).toContain('留样超时未处置');
  });
});

describe('list, print and summary', () => {
  it('filters by a choice column and pages', async () => {
    const html = await (await call('/registers/fire?f.type=hydrant', { login: await head() })).text();
    expect(html).toContain('室内消火栓');
    expect(html).not.toMatch(/<td>干粉灭火器<\/td>/);
  });

  it('prints a month as an A4 ledger', async () => {
    const res = await call(`/registers/visitors/print?month=${today().slice(0, 7)}`, { login: await head() });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="rg-ledger"');
    // Twelve columns print across a landscape page; a narrow ledger stays portrait.
    expect(html).toContain('<div class="rg-print rg-wide">');
    const narrow = await (await call(`/registers/drills/print?month=${today().slice(0, 7)}`, { login: await head() })).text();
    expect(narrow).toContain('<div class="rg-print">');
  });

  it('adds a registers section to the monthly summary', async () => {
    const html = await (await call(`/summary/${today().slice(0, 7)}`, { login: await head() })).text();
    expect(html).toContain('登记簿');
    expect(html).toContain('检查完成率');
  });
});

describe('a register declared in the sheet (登记簿)', () => {
  it("builds the demo school's own 急救箱 register from its tab: dropdown, date, note, checks and expiry", async () => {
    const l = await head();
    const all = await (await call('/registers', { login: l })).text();
    expect(all).toContain('急救箱检查');
    const form = await (await call('/registers/first-aid/new', { login: l })).text();
    expect(form).toMatch(/<select id="f-类型" name="类型">/);
    expect(form).toContain('<option value="便携式"');
    expect(form).toMatch(/name="药品有效期" value="" type="date"/);
    expect(form).toMatch(/<select id="f-位置" name="位置">/); // note 场所 → a room
    const list = await (await call('/registers/first-aid?state=attention', { login: l })).text();
    expect(list).toContain('JJX-04'); // expired 3 days before the demo's today
  });

  it('adds a register from one new 登记簿 row and a tab, writes RAW to it, and checks by QR', async () => {
    const id = `t${Date.now().toString(36)}`;
    const title = `巡查点${id}`;
    await staffEditAddSheet(
      title,
      [
        ['编号', '地点', '状况', '日期'],
        ['P-1', '东门', '好', 46000],
      ],
      { dropdown: { col: 2, values: ['好', '坏'] }, dateCol: 3 },
    );
    await typeRows('登记簿', [
      {
        编号: id,
        名称: `巡查${id}`,
        工作表: title,
        谁可登记: '后勤人员',
        谁可查看: '所有人',
        二维码列: '编号',
        检查规则: '每周',
        启用: true,
      },
    ]);
    await reread('registerCatalog');
    const staff = await login(personWith('staff'));
    const form = await (await call(`/registers/${id}/new`, { login: staff })).text();
    expect(form).toContain('<option value="坏"');
    const bad = await call(`/registers/${id}`, { login: staff, form: { 地点: '西门', 状况: '一般', 日期: '2026-11-03' } });
    expect(bad.status).toBe(422);
    const ok = await call(`/registers/${id}`, { login: staff, form: { 地点: '=1+1', 状况: '坏', 日期: '2026年11月3日' } });
    expect(ok.status).toBe(303);
    const rows = await sheetRecords(title);
    expect(rows.at(-1)).toMatchObject({ 地点: '=1+1', 状况: '坏', 日期: dateToSerial('2026-11-03') });
    expect((await call(`/registers/${id}/P-1/check`, { login: staff, form: { result: 'ok' } })).status).toBe(303);
    const detail = await (await call(`/registers/${id}/P-1`, { login: staff })).text();
    expect(detail).toContain('✓ 正常');
    // The head only sees what 谁可查看 allows: everyone here; a teacher may look but not add.
    expect((await call(`/registers/${id}`, { login: await login(personWith('teacher')), form: { 地点: 'x', 状况: '好' } })).status).toBe(
      403,
    );
  });

  it('shows a mistake in the declaration as a data problem at its cell, not a broken page', async () => {
    const id = `bad${Date.now().toString(36)}`;
    await typeRows('登记簿', [{ 编号: id, 名称: '坏的', 工作表: '没有这个工作表', 检查规则: '看心情', 启用: true }]);
    await reread('registerCatalog');
    const res = await call('/registers', { login: await head() });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/登记簿!C\d+/);
    expect(html).toContain('找不到工作表“没有这个工作表”');
  });
});

describe('the holiday duty roster from the 校历', () => {
  it('fills a day and a night shift on each day of a coming holiday, in turn; a second tap adds nothing; only the head may', async () => {
    const name = marker('暑期值班测试');
    await typeRows('校历', [{ 编号: `CAL-${name}`, 类型: '假期', 名称: name, 开始日期: '2027-07-20', 结束日期: '2027-07-21' }]);
    await reread('calendar');
    const list = await (await call('/registers/duty', { login: await head() })).text();
    expect(list).toContain('按校历生成值班表');
    const key = 'gen-key-0001';
    const first = await call('/registers/duty/generate', { login: await head(), form: { _key: key } });
    expect(first.status).toBe(303);
    expect(Number(new URL(first.headers.get('Location')!, 'https://x').searchParams.get('generated'))).toBeGreaterThanOrEqual(4);
    const rows = (await sheetRecords('节假日值班')).filter((r) => r['假期'] === name);
    const slots = ['2027-07-20', '2027-07-21'].flatMap((d) => ['白班', '夜班'].map((s) => `${dateToSerial(d)}|${s}`));
    expect(rows.map((r) => `${r['日期']}|${r['班次']}`).sort()).toEqual(slots.sort());
    expect(new Set(rows.map((r) => r['值班人'])).size).toBeGreaterThan(1); // in turn, not one person all holiday
    // Again, with a new form and with the same one re-sent: nothing more.
    const again = await call('/registers/duty/generate', { login: await head(), form: { _key: 'gen-key-0002' } });
    expect(again.headers.get('Location')).toContain('generated=0');
    expect(await call('/registers/duty?generated=0', { login: await head() }).then((r) => r.text())).toContain('今后的假期都已排班');
    expect((await sheetRecords('节假日值班')).filter((r) => r['假期'] === name)).toHaveLength(4);
    for (const role of ['staff', 'leader', 'teacher'] as const) {
      expect(
        (await call('/registers/duty/generate', { login: await login(personWith(role)), form: { _key: 'gen-key-0003' } })).status,
        role,
      ).toBe(403);
    }
  });
});

describe('energy in the monthly summary (for the district)', () => {
  it('sums the month’s electricity and water from the meter readings into the registers section', async () => {
    const month = addDays(today(), -31).slice(0, 7);
    const html = await (await call(`/summary/${month}`, { login: await head() })).text();
    const section = html.split('id="section-registers"')[1]!.split('</section>')[0]!;
    for (const key of ['electricity', 'water'])
      expect(section).toMatch(new RegExp(`<tr data-figure="${key}"[^>]*>[\\s\\S]*?<td[^>]*>[\\d,]+`));
  });
});

describe('expiring items are reminded, not nagged', () => {
  it('a health certificate is reminded 30 and 7 days before it expires, not on the days between', async () => {
    const { registerReminders } = await import('../../src/core/registers/notices.js');
    const { codeRegisters } = await import('../../src/plugins/registers/index.js');
    const { data } = await import('./auth-helpers.js');
    const id = `JK-${marker('exp')}`;
    const expires = '2027-06-30';
    await typeRows('健康证', [{ 编号: id, 姓名: '测试厨师', 有效期至: expires }]);
    await reread('healthCertificates');
    const remindedOn = async (today: string) => {
      const { people } = await data().read(['people']);
      const notices = await registerReminders(codeRegisters, { data: data(), today, people });
      return notices.some((n) => n.event === 'registers.checkOverdue' && String(n.params?.items ?? '').includes(id));
    };
    expect(await remindedOn(addDays(expires, -30))).toBe(true);
    expect(await remindedOn(addDays(expires, -20))).toBe(false);
    expect(await remindedOn(addDays(expires, -7))).toBe(true);
    expect(await remindedOn(addDays(expires, 1))).toBe(true); // expired: every day until renewed
  });
});
