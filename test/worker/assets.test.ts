/** The asset slice inside workerd against the emulator: list, live search, register, bad input. */
import { describe, expect, it } from 'vitest';
import { call, login, marker, personWith, sheetValues, synced } from './auth-helpers.js';

const head = () => login(personWith('head'));

function validForm(name: string): Record<string, string> {
  return {
    name,
    category: 'furniture',
    kind: 'fixed',
    room: '七年级(1)班教室',
    responsible: '王老师',
    source: 'purchased',
    acquired: '2026年3月5日',
    price: '¥1,280',
    status: 'in_use',
    notes: '',
  };
}

async function assetRow(name: string, render: 'FORMULA' | 'UNFORMATTED_VALUE' = 'UNFORMATTED_VALUE') {
  await synced();
  const values = await sheetValues('资产', render);
  const header = values[0] as string[];
  const row = values.find((r) => r[header.indexOf('名称')] === name);
  return row ? Object.fromEntries(header.map((h, i) => [h, row[i]])) : null;
}

describe('GET /assets', () => {
  it('lists the register in Chinese inside the layout, with Vary: HX-Request', async () => {
    const res = await call('/assets', { login: await head() });
    expect(res.status).toBe(200);
    expect(res.headers.get('Vary')).toContain('HX-Request');
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('资产台帐');
    expect(html).toMatch(/JJ-0001/);
    expect(html).toMatch(/src="\/vendor\/htmx\.min\.js\?v=[0-9a-f]{10}"/); // versioned: cached a year by phones
    expect(html).toMatch(/href="\/app\.css\?v=[0-9a-f]{10}"/);
  });

  it('answers live search from htmx with the results fragment only', async () => {
    const res = await call('/assets?q=%E5%90%8A%E6%89%87', {
      login: await head(),
      htmx: true,
      headers: { 'HX-Target': 'div#asset-results' },
    });
    const html = await res.text();
    expect(html).not.toContain('<html');
    expect(html).toContain('吊扇');
    expect(html).not.toContain('讲台');
  });

  it('filters by category and status, and switches to English', async () => {
    const res = await call('/assets?category=electrical&status=in_use&lang=en', { login: await head() });
    const html = await res.text();
    expect(html).toContain('Asset register');
    expect(html).toContain('DQ-');
    expect(html).not.toMatch(/>JJ-\d{4}</);
  });

  it('shows an asset by its tag, and a clear 404 for an unknown tag', async () => {
    const ok = await call('/assets/JJ-0001', { login: await head() });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('JJ-0001');
    const missing = await call('/assets/JJ-9999', { login: await head() });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('没有编号为 JJ-9999 的资产');
  });
});

describe('POST /assets', () => {
  it('registers an asset: htmx gets the confirmation, the row lands in the sheet with typed cells', async () => {
    const name = marker('讲台');
    const res = await call('/assets', { login: await head(), htmx: true, form: validForm(name) });
    expect(res.status).toBe(200);
    const html = await res.text();
    const tag = /已登记 (JJ-\d{4})/.exec(html)?.[1];
    expect(tag).toBeTruthy();
    const row = await assetRow(name);
    expect(row).toMatchObject({ 资产编号: tag, 类别: '家具', 单价: 1280, 状态: '在用', 来源: '购置' });
    expect(row!['购置日期']).toBe(46086); // 2026-03-05 as a date serial
  });

  it('without JavaScript, redirects back to the list (303)', async () => {
    const res = await call('/assets', { login: await head(), form: validForm(marker('书柜')) });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toMatch(/^\/assets\?added=JJ-\d{4}$/);
  });

  it('gives two people registering at once two different tags', async () => {
    const [a, b] = await Promise.all([
      call('/assets', { login: await head(), htmx: true, form: validForm(marker('椅A')) }),
      call('/assets', { login: await login(personWith('staff')), htmx: true, form: validForm(marker('椅B')) }),
    ]);
    const tagA = /已登记 (JJ-\d{4})/.exec(await a.text())?.[1];
    const tagB = /已登记 (JJ-\d{4})/.exec(await b.text())?.[1];
    expect(tagA && tagB).toBeTruthy();
    expect(tagA).not.toBe(tagB);
  });

  it('records a re-submitted form once (same form key)', async () => {
    const name = marker('重复');
    const form = { ...validForm(name), _key: crypto.randomUUID() };
    const who = await head();
    await call('/assets', { login: who, htmx: true, form });
    await call('/assets', { login: who, htmx: true, form });
    await synced();
    const values = await sheetValues('资产');
    const nameCol = (values[0] as string[]).indexOf('名称');
    expect(values.filter((r) => r[nameCol] === name)).toHaveLength(1);
  });

  it('refuses bad input with 422, names each field in Chinese, keeps what was typed, writes nothing', async () => {
    const name = marker('坏');
    const res = await call('/assets', {
      login: await head(),
      htmx: true,
      form: { ...validForm(name), acquired: '明天', price: 'abc', category: 'spaceship' },
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('购置日期');
    expect(html).toContain('单价');
    expect(html).toContain('类别');
    expect(html).toContain(`value="${name}"`);
    expect(await assetRow(name)).toBeNull();
  });

  it('stores formula-looking, HTML and 1,000-character text verbatim as text, never as a formula', async () => {
    const name = `=HYPERLINK("http://x","y")${marker('')}`;
    const notes = `@SUM(A1) +1 -1 <img src=x onerror=alert(1)> ${'长'.repeat(900)}`;
    const res = await call('/assets', { login: await head(), htmx: true, form: { ...validForm(name), notes } });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('<img src=x');
    const row = await assetRow(name, 'FORMULA');
    expect(row!['名称']).toBe(name);
    expect(row!['备注']).toBe(notes);
  });

  it('refuses 50,000 characters and control characters with a clear message', async () => {
    const long = await call('/assets', {
      login: await head(),
      htmx: true,
      form: { ...validForm(marker('长')), notes: 'x'.repeat(50_000) },
    });
    expect(long.status).toBe(422);
    expect(await long.text()).toContain('备注');
    const ctrl = await call('/assets', { login: await head(), htmx: true, form: validForm(`坏\u0007名${marker('')}`) });
    expect(ctrl.status).toBe(422);
    expect(await ctrl.text()).toContain('名称');
  });

  it('is refused for teachers and leaders (server-side role check)', async () => {
    for (const role of ['teacher', 'leader'] as const) {
      const res = await call('/assets', { login: await login(personWith(role)), htmx: true, form: validForm(marker(role)) });
      expect(res.status).toBe(403);
    }
  });
});
