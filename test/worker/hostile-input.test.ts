/**
 * Hostile-input corpus, table-driven, against the real Worker and the
 * emulator: XSS in every form field and query parameter, formula/CSV-injection prefixes,
 * over-long and control-character input, forged/expired/tampered/other-key cookies, missing
 * or wrong CSRF tokens, role escalation, and acting on another class's records by guessing
 * IDs. Each case gets a clear error or is stored inertly; nothing is lost.
 */
import { env } from 'cloudflare:test';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { forbidden, ownsUnit, requireRole } from '../../src/core/auth/index.js';
import { createSession, SESSION_COOKIE } from '../../src/core/auth/session.js';
import { definePlugin } from '../../src/core/plugin.js';
import type { AppEnv, Env } from '../../src/env.js';
import { call, landed, login, marker, personWith, secret, setCookies, sheetValues, synced, ORIGIN, type Login } from './auth-helpers.js';

const XSS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  "'><iframe src=javascript:alert(1)></iframe>",
  '</textarea><script>alert(2)</script>',
];

/** The raw payload never appears unescaped; no attribute gains a javascript: URL. */
function expectInert(html: string, payload: string) {
  expect(html).not.toContain(payload);
  expect(html).not.toMatch(/<script>alert/);
  expect(html).not.toMatch(/\son(error|load)=/i);
  expect(html).not.toMatch(/(href|src)="?javascript:/i);
}

const validAsset = {
  name: '测试课桌',
  category: 'furniture',
  kind: 'fixed',
  source: 'purchased',
  status: 'in_use',
  room: '七年级(1)班教室',
};

let headLogin: Login | null = null;
const head = async () => (headLogin ??= await login(personWith('head')));

describe('XSS in query parameters is rendered escaped', () => {
  const cases: Array<[string, string, boolean]> = [];
  for (const p of XSS.slice(0, 4))
    for (const param of ['q', 'category', 'status', 'room']) cases.push([`/assets?${param}=${encodeURIComponent(p)}`, p, true]);
  for (const p of XSS.slice(0, 2)) cases.push([`/auth/signin?next=${encodeURIComponent(p)}`, p, false]);
  for (const p of XSS.slice(0, 2)) cases.push([`/assets/${encodeURIComponent(p)}`, p, true]);
  cases.push([`/auth/signin?lang=${encodeURIComponent(XSS[0]!)}`, XSS[0]!, false]);
  it.each(cases)('GET %s', async (path, payload, signedIn) => {
    const res = await call(path, { login: signedIn ? await head() : null });
    expect([200, 404]).toContain(res.status);
    expectInert(await res.text(), payload);
  });
});

describe('XSS in every form field is refused or stored and shown escaped', () => {
  const fields = ['name', 'room', 'responsible', 'notes', 'category', 'status', 'acquired', 'price'];
  it.each(fields)('POST /assets with %s = <script>', async (field) => {
    const payload = `<script>alert('${field}')</script>`;
    const res = await call('/assets', { login: await head(), form: { ...validAsset, [field]: payload } });
    expect([303, 422]).toContain(res.status);
    expectInert(await res.text(), payload);
    if (res.status === 303) {
      const tag = decodeURIComponent(res.headers.get('Location')!.split('added=')[1]!);
      const detail = await call(`/assets/${encodeURIComponent(tag)}`, { login: await head() });
      const html = await detail.text();
      expectInert(html, payload);
      expect(html).toContain('&lt;script&gt;');
    }
  });

  it.each([['who'], ['code'], ['next']])('POST /auth/signin with %s = <script>', async (field) => {
    const form = { who: 'P001', code: 'AAAA-AAAA', next: '/', [field]: XSS[0]! };
    const page = await call('/auth/signin', { ip: `192.0.2.${field.length}` });
    const cookie = setCookies(page)
      .map((c) => c.split(';')[0])
      .join('; ');
    const csrf = (await page.text()).match(/name="_csrf" value="([^"]+)"/)![1]!;
    const res = await call('/auth/signin', { ip: `192.0.2.${field.length}`, form: { ...form, _csrf: csrf }, headers: { cookie } });
    expect(res.status).toBe(400);
    expectInert(await res.text(), XSS[0]!);
  });
});

describe('formula and CSV-injection prefixes are stored as literal text', () => {
  const inputs: Array<[string, string]> = [
    ['name', '=1+1'],
    ['name', '+SUM(1,2)'],
    ['name', '-2+3'],
    ['name', '@SUM(A1:A2)'],
    ['notes', '=HYPERLINK("http://evil.example","点我")'],
    ['notes', '=IMPORTXML("http://evil.example","//a")'],
    ['responsible', "=cmd|' /C calc'!A0"],
    ['notes', '\t=1+1'],
    ['notes', '\r=1+1'],
    ['name', '\t=1+1'],
  ];
  it.each(inputs)('%s = %j', async (field, prefix) => {
    const mark = marker('f');
    const value = `${prefix} ${mark}`;
    const res = await call('/assets', { login: await head(), form: { ...validAsset, [field]: value } });
    if (res.status === 422) {
      // Refused with a clear message, nothing written.
      expect(await res.text()).toMatch(/控制字符|换行/);
      expect(await landed(mark)).toBe(false);
      return;
    }
    expect(res.status).toBe(303);
    await synced();
    const sheet = await sheetValues('资产', 'FORMULA');
    const cell = sheet.flat().find((c) => typeof c === 'string' && c.includes(mark));
    const expected = field === 'notes' ? value.replace(/\r\n?/g, '\n').trim() : value.trim();
    expect(cell).toBe(expected);
  });
});

describe('over-long and control-character input is refused with a clear message, nothing written', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['name of 81 characters', { name: 'x'.repeat(81) }, /不能超过 80 个字符/],
    ['notes of 1001 characters', { notes: '备'.repeat(1001) }, /不能超过 1000 个字符/],
    ['room of 61 characters', { room: 'r'.repeat(61) }, /不能超过 60 个字符/],
    ['NUL in the name', { name: 'a\u0000b' }, /控制字符/],
    ['BEL in the name', { name: 'a\u0007b' }, /控制字符/],
    ['right-to-left override in the name', { name: 'abc\u202Etxt.exe' }, /控制字符/],
    ['line break in the name', { name: 'a\nb' }, /控制字符/],
    ['ESC in the notes', { notes: 'a\u001b[31mred' }, /控制字符/],
  ];
  it.each(cases)('%s', async (_label, fields, message) => {
    const mark = marker('l');
    const form: Record<string, string> = { ...validAsset, name: `${validAsset.name} ${mark}`, ...fields };
    if (!('notes' in fields)) form.notes = mark;
    const res = await call('/assets', { login: await head(), form });
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(message);
    expect(await landed(mark)).toBe(false);
  });

  it('a 300 KB body gets a clear 413 page', async () => {
    const mark = marker('big');
    const res = await call('/assets', { login: await head(), form: { ...validAsset, name: mark, notes: 'x'.repeat(300 * 1024) } });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('提交的内容太大');
    expect(await landed(mark)).toBe(false);
  });

  it('a 1.2 MB multipart upload gets the 413 page too; a 600 KB one is read', async () => {
    const login = await head();
    const upload = async (bytes: number) => {
      const body = new FormData();
      body.set('_csrf', login.csrf);
      body.set('name', marker('up'));
      body.set('photo', new File([new Uint8Array(bytes)], 'x.jpg', { type: 'image/jpeg' }));
      return call('/assets', { login, method: 'POST', headers: { Origin: 'https://portal.test' }, body });
    };
    expect((await upload(1200 * 1024)).status).toBe(413);
    expect((await upload(600 * 1024)).status).not.toBe(413);
  });

  it('a 10,000-character sign-in name is refused, not echoed', async () => {
    const res = await call('/auth/signin', { form: { who: 'w'.repeat(10_000), code: 'AAAA-AAAA' }, csrf: null });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain('w'.repeat(100));
  });
});

describe('forged, expired, tampered and other-key cookies are signed out', () => {
  const cases: Array<[string, () => Promise<string>]> = [
    ['random value', async () => 'v1.abc.def'],
    ['empty parts', async () => 'v1..'],
    ['wrong version', async () => (await createSession(secret(), personWith('teacher').id)).replace(/^v1/, 'v2')],
    [
      'payload swapped to the head',
      async () => {
        const [v, , sig] = (await createSession(secret(), personWith('teacher').id)).split('.');
        const headPayload = (await createSession(secret(), personWith('head').id)).split('.')[1];
        return `${v}.${headPayload}.${sig}`;
      },
    ],
    [
      'signature flipped',
      async () => {
        const value = await createSession(secret(), personWith('head').id);
        return value.slice(0, -2) + (value.endsWith('AA') ? 'BB' : 'AA');
      },
    ],
    ['expired', async () => createSession(secret(), personWith('head').id, { now: Date.now() - 200 * 24 * 3600_000 })],
    ['signed with another key', async () => createSession('not-our-secret-0123456789abcdef0123456789', personWith('head').id)],
    ['8 KB of junk', async () => 'v1.' + 'A'.repeat(8000) + '.x'],
    ['issued in the future', async () => createSession(secret(), personWith('head').id, { now: Date.now() + 3600_000 })],
  ];
  it.each(cases)('%s', async (_label, make) => {
    const res = await call('/auth/people', { headers: { cookie: `${SESSION_COOKIE}=${await make()}` } });
    expect(res.status).toBe(302);
    expect(res.headers.get('Location')).toMatch(/^\/auth\/signin\?next=/);
  });
});

describe('state changes without the right CSRF token or from another site are refused, nothing written', () => {
  const cases: Array<[string, (l: Login, other: Login) => { csrf?: string | null; headers?: Record<string, string> }, number]> = [
    ['no token', () => ({ csrf: null }), 403],
    ['empty token', () => ({ csrf: '' }), 403],
    ['wrong token', () => ({ csrf: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), 403],
    ['another session’s token', (_l, other) => ({ csrf: other.csrf }), 403],
    ['cross-site Origin with a valid token', () => ({ headers: { Origin: 'https://evil.example' } }), 403],
    ['Sec-Fetch-Site: cross-site with a valid token', () => ({ headers: { 'Sec-Fetch-Site': 'cross-site' } }), 403],
    ['null Origin', () => ({ headers: { Origin: 'null' } }), 403],
  ];
  it.each(cases)('%s', async (_label, make, status) => {
    const l = await login(personWith('staff'));
    const other = await login(personWith('staff', 1));
    const mark = marker('c');
    const res = await call('/assets', { login: l, form: { ...validAsset, name: mark }, ...make(l, other) });
    expect(res.status).toBe(status);
    expect(await res.text()).toMatch(/表单已过期|其他网站/);
    expect(await landed(mark)).toBe(false);
  });

  it('the X-CSRF-Token header (htmx) is accepted, as the control case', async () => {
    const l = await login(personWith('staff'));
    const mark = marker('h');
    const res = await call('/assets', {
      login: l,
      form: { ...validAsset, name: mark },
      csrf: null,
      htmx: true,
      headers: { 'X-CSRF-Token': l.csrf },
    });
    expect(res.status).toBe(200);
    expect(await landed(mark)).toBe(true);
  });

  it('a POST without a session is 401, nothing written', async () => {
    const mark = marker('n');
    const res = await call('/assets', { form: { ...validAsset, name: mark } });
    expect(res.status).toBe(401);
    expect(await landed(mark)).toBe(false);
  });
});

describe('role escalation is refused', () => {
  const cases: Array<[string, 'teacher' | 'class_head' | 'staff' | 'leader', string, Record<string, string> | undefined]> = [
    ['a teacher registering an asset', 'teacher', '/assets', validAsset],
    ['a class head printing a sign-in sheet', 'class_head', `/auth/people/P001/sheet`, {}],
    ['logistics staff issuing a code', 'staff', `/auth/people/P001/code`, {}],
    ['logistics staff revoking the head', 'staff', `/auth/people/P004/revoke`, {}],
    ['a leader registering an asset', 'leader', '/assets', validAsset],
    ['a leader issuing a code', 'leader', `/auth/people/P001/code`, {}],
    ['a teacher opening the people page', 'teacher', '/auth/people', undefined],
  ];
  it.each(cases)('%s', async (_label, role, path, form) => {
    const mark = marker('r');
    const res = await call(path, {
      login: await login(personWith(role)),
      form: form ? { ...form, ...(form.name ? { name: mark } : {}) } : undefined,
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/没有权限/);
    expect(await landed(mark, ['资产'])).toBe(false);
  });
});

describe('acting on another class’s records by guessing IDs', () => {
  // A fixture route as a plugin would write it: class heads may change their own class's rooms.
  const routes = new Hono<AppEnv>();
  routes.post('/rooms/:id', requireRole('head', 'class_head'), async (c) => {
    const person = c.var.person!;
    const { rooms } = await c.var.data.read(['rooms']);
    const room = rooms.rows.find((r) => r.id === c.req.param('id'));
    if (!room) return c.text('no such room', 404);
    if (!ownsUnit(person, String(room.values.class ?? ''))) return forbidden(c, 'notOwner', { unit: person.unit ?? '' });
    const body = await c.req.parseBody();
    await c.var.data.update(
      'rooms',
      room.id,
      { responsible: String(body.responsible ?? '') },
      { idempotencyKey: crypto.randomUUID(), actor: { id: 'FORGED', name: 'forged' }, action: 'room.edit' },
    );
    return c.text('ok');
  });
  const app = createApp([definePlugin({ id: 'fixture', tabs: ['rooms'], nav: [], routes })]);
  const request = async (l: Login, roomId: string, responsible: string) => {
    const body = new URLSearchParams({ responsible, _csrf: l.csrf }).toString();
    return app.request(
      `${ORIGIN}/fixture/rooms/${encodeURIComponent(roomId)}`,
      { method: 'POST', body, headers: { cookie: l.cookie, 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN } },
      env as unknown as Env,
    );
  };
  const classroomOf = async (classId: string) => {
    const values = await sheetValues('场所');
    const h = values[0] as string[];
    return String(values.find((r) => r[h.indexOf('班级')] === classId)![0]);
  };

  it('a class head changes their own classroom, attributed to them whatever actor the route passed', async () => {
    const ch = personWith('class_head');
    const mark = marker('own');
    const res = await request(await login(ch), await classroomOf(ch.unit), mark);
    expect(res.status).toBe(200);
    await synced();
    const log = await sheetValues('操作日志');
    const row = log.find((r) => r.some((c) => typeof c === 'string' && c.includes(mark)));
    expect(row?.join(' ')).toContain(ch.id);
    expect(row?.join(' ')).not.toContain('FORGED');
  });

  it('a class head guessing another class’s room ID is refused, nothing written', async () => {
    const ch = personWith('class_head');
    const other = personWith('class_head', 1);
    const mark = marker('other');
    const res = await request(await login(ch), await classroomOf(other.unit), mark);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('您只能修改自己所在班级/部门');
    expect(await landed(mark, ['场所'])).toBe(false);
  });

  it('a guessed room ID that does not exist is a 404, nothing written', async () => {
    const res = await request(await login(personWith('class_head')), 'A-999', 'x');
    expect(res.status).toBe(404);
  });

  it('ownsUnit: head everything, leader nothing, others their own unit only', () => {
    const ch = { id: 'P1', name: 'a', role: 'class_head' as const, unit: '七年级(1)班' };
    expect(ownsUnit(ch, '七年级(1)班')).toBe(true);
    expect(ownsUnit(ch, ' 七年级（1）班 ')).toBe(true);
    expect(ownsUnit(ch, '七年级(2)班')).toBe(false);
    expect(ownsUnit(ch, '')).toBe(false);
    expect(ownsUnit({ ...ch, unit: null }, '')).toBe(false);
    expect(ownsUnit({ ...ch, role: 'head' }, '七年级(2)班')).toBe(true);
    expect(ownsUnit({ ...ch, role: 'leader' }, '七年级(1)班')).toBe(false);
    expect(ownsUnit(null, '七年级(1)班')).toBe(false);
  });
});

describe('wrong content types get a clear 400/415, never a 500, nothing written', () => {
  const raw = async (path: string, contentType: string | null, body: BodyInit, l?: Login) => {
    const login = l ?? (await head());
    const headers: Record<string, string> = { Origin: ORIGIN, 'X-CSRF-Token': login.csrf };
    if (contentType) headers['Content-Type'] = contentType;
    return call(path, { login, method: 'POST', headers, body });
  };
  const truncated = (mark: string) =>
    `--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\n${mark}\r\n--XyZ\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff`;
  const cases: Array<[string, string | null, (mark: string) => string, number, RegExp]> = [
    ['JSON', 'application/json', (m) => JSON.stringify({ ...validAsset, name: m }), 415, /只接受网页表单.*application\/json/],
    ['XML', 'application/xml', (m) => `<asset><name>${m}</name></asset>`, 415, /只接受网页表单.*application\/xml/],
    ['text/plain with a valid token', 'text/plain', (m) => `name=${m}`, 415, /只接受网页表单.*text\/plain/],
    ['no content type with a body', null, (m) => `name=${m}`, 415, /只接受网页表单/],
    [
      'multipart without a boundary',
      'multipart/form-data',
      (m) => `--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\n${m}\r\n--XyZ--\r\n`,
      400,
      /不完整或格式有误/,
    ],
    ['truncated multipart', 'multipart/form-data; boundary=XyZ', truncated, 400, /不完整或格式有误/],
  ];
  it.each(cases)('%s', async (_label, type, body, status, message) => {
    const mark = marker('ct');
    for (const path of ['/assets', '/cleaning/c/Z001', '/repairs/new']) {
      const res = await raw(path, type, body(mark));
      expect(res.status, path).toBe(status);
      const html = await res.text();
      expect(html, path).toMatch(message);
      expect(html).not.toContain('您填写的内容没有丢失');
    }
    expect(await landed(mark)).toBe(false);
  });

  it('says so in English too', async () => {
    const res = await raw('/assets?lang=en', 'application/json', '{}');
    expect(res.status).toBe(415);
    expect(await res.text()).toContain('only accepts web forms');
  });

  it('an empty POST is read as an empty form', async () => {
    const res = await raw('/auth/signout', 'text/plain', '');
    expect(res.status).toBeLessThan(400);
  });
});
