/**
 * Sign-in as people do it, against the real Worker, the AuthStore and the emulator:
 * sign-in sheets (link + code), codes, one-time use, rate limits, sign-out, revocation,
 * deactivation in the 人员 tab, bootstrap links and Cloudflare Access.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { signInLink } from '../../src/core/auth/grants.js';
import { SESSION_COOKIE, ANON_COOKIE } from '../../src/core/auth/session.js';
import { csrfTokenFor } from '../../src/core/auth/session.js';
import type { Env } from '../../src/env.js';
import {
  addPeople,
  call,
  data,
  login,
  personWith,
  secret,
  setCookies,
  sheetValues,
  synced,
  ORIGIN,
  type DemoPerson,
  type Login,
  staffEdit,
} from './auth-helpers.js';

const browser = { 'Sec-Fetch-Dest': 'document', 'Sec-Fetch-Site': 'none', 'Sec-Fetch-Mode': 'navigate' };

function cookieFrom(res: Response, name: string): string | null {
  for (const c of setCookies(res)) {
    const [pair] = c.split(';');
    const [k, ...v] = pair!.split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

/** A login made from a session cookie the Worker set. */
async function loginFrom(res: Response, person: DemoPerson): Promise<Login> {
  const value = cookieFrom(res, SESSION_COOKIE);
  expect(value, 'session cookie set').toBeTruthy();
  const sid = JSON.parse(atob(value!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).s as string;
  return { person, cookie: `${SESSION_COOKIE}=${value}`, csrf: await csrfTokenFor(secret(), sid), sid };
}

async function issueSheet(head: Login, person: DemoPerson) {
  const res = await call(`/auth/people/${person.id}/sheet`, { login: head, form: {} });
  expect(res.status).toBe(200);
  const html = await res.text();
  const link = html.match(/https:\/\/portal\.test\/auth\/link\/([A-Za-z0-9_-]{43})/)?.[1];
  const code = html.match(/class="code">([A-Z0-9]{4}-[A-Z0-9]{4})</)?.[1];
  expect(link).toBeTruthy();
  expect(code).toBeTruthy();
  return { html, token: link!, code: code!, res };
}

async function issueCode(head: Login, person: DemoPerson) {
  const res = await call(`/auth/people/${person.id}/code`, { login: head, form: {} });
  expect(res.status).toBe(200);
  return (await res.text()).match(/class="big-code">([A-Z0-9]{4}-[A-Z0-9]{4})</)![1]!;
}

/** An anonymous visitor's CSRF token: GET the sign-in page, keep its cookie. */
async function anonymous(ip: string) {
  const res = await call('/auth/signin', { ip });
  const anon = cookieFrom(res, ANON_COOKIE)!;
  const html = await res.text();
  const csrf = html.match(/name="_csrf" value="([^"]+)"/)![1]!;
  return { cookie: `${ANON_COOKIE}=${anon}`, csrf };
}

async function signInWithCode(who: string, code: string, ip: string, next = '/assets') {
  const a = await anonymous(ip);
  return call('/auth/signin', { ip, form: { who, code, next, _csrf: a.csrf }, headers: { cookie: a.cookie } });
}

describe('sign-in sheet', () => {
  it('prints name, role, a QR code and a code, records the issuing in the audit tab without the secret', async () => {
    const head = await login(personWith('head'));
    const person = personWith('staff', 1);
    const { html, token, code, res } = await issueSheet(head, person);
    expect(html).toContain(person.name);
    expect(html).toContain('后勤人员');
    expect(html).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=&#;x]+" alt="登录二维码/);
    expect(html).toContain('/auth/print.css');
    expect(res.headers.get('Cache-Control')).toContain('no-store');
    await synced();
    const log = await sheetValues('操作日志');
    const row = log.find((r) => r.includes('auth.sheet.issue') && r.includes(person.id));
    expect(row).toBeTruthy();
    expect(row!.join(' ')).toContain(head.person.name);
    expect(log.flat().join(' ')).not.toContain(token);
    expect(log.flat().join(' ')).not.toContain(code);
  });

  it('signs in with one tap from the QR link, once; the sheet’s code is used up with it', async () => {
    const head = await login(personWith('head'));
    const person = personWith('staff', 2);
    const { token, code, res: sheet } = await issueSheet(head, person);
    expect(sheet.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(sheet.headers.get('Content-Security-Policy')).toBeTruthy();
    const res = await call(`/auth/link/${token}`, { headers: browser, ip: '198.51.100.21' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/');
    const setCookie = setCookies(res).find((c) => c.startsWith(SESSION_COOKIE))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Secure/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Max-Age=15552000/);
    const l = await loginFrom(res, person);
    expect((await call('/assets', { login: l })).status).toBe(200);

    const replay = await call(`/auth/link/${token}`, { headers: browser, ip: '198.51.100.21' });
    expect(replay.status).toBe(410);
    expect(await replay.text()).toContain('已经使用过');
    expect((await signInWithCode(person.id, code, '198.51.100.22')).status).toBe(400);
  });

  it('shows link previewers a button instead of using the link up', async () => {
    const head = await login(personWith('head'));
    const person = personWith('staff', 3);
    const { token } = await issueSheet(head, person);
    const preview = await call(`/auth/link/${token}`, { ip: '198.51.100.23' });
    expect(preview.status).toBe(200);
    // The token is in the URL: never sent on as a referrer (the global same-origin must not win).
    expect(preview.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(setCookies(preview).some((c) => c.startsWith(`${SESSION_COOKIE}=v1`))).toBe(false);
    const crossSite = await call(`/auth/link/${token}`, { ip: '198.51.100.23', headers: { ...browser, 'Sec-Fetch-Site': 'cross-site' } });
    expect(crossSite.status).toBe(200);
    const a = await anonymous('198.51.100.23');
    const res = await call('/auth/link', { ip: '198.51.100.23', form: { token, _csrf: a.csrf }, headers: { cookie: a.cookie } });
    expect(res.status).toBe(303);
    expect(cookieFrom(res, SESSION_COOKIE)).toMatch(/^v1\./);
  });
});

describe('short codes', () => {
  it('sign in with phone number + code, typed loosely, once', async () => {
    const head = await login(personWith('head'));
    const person = personWith('teacher', 1);
    const code = await issueCode(head, person);
    const res = await signInWithCode(person.phone, code.toLowerCase().replace('-', ' '), '198.51.100.30', '/assets?q=%E8%AF%BE');
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/assets?q=%E8%AF%BE');
    expect((await signInWithCode(person.phone, code, '198.51.100.30')).status).toBe(400);
  });

  it('are bound to their person: another person’s ID with this code fails', async () => {
    const head = await login(personWith('head'));
    const code = await issueCode(head, personWith('teacher', 2));
    expect((await signInWithCode(personWith('teacher', 3).id, code, '198.51.100.31')).status).toBe(400);
  });

  it('never redirect off-site after sign-in', async () => {
    const head = await login(personWith('head'));
    const person = personWith('teacher', 4);
    const code = await issueCode(head, person);
    const res = await signInWithCode(person.id, code, '198.51.100.32', 'https://evil.example/phish');
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/phish');
  });
});

describe('rate limits', () => {
  it('lock a person’s code sign-in from one source after 5 wrong codes, even against the right one', async () => {
    const head = await login(personWith('head'));
    const person = personWith('teacher', 5);
    const code = await issueCode(head, person);
    for (let i = 0; i < 5; i++) expect((await signInWithCode(person.id, 'AAAA-AAAA', '198.51.100.40')).status).toBe(400);
    const res = await signInWithCode(person.id, code, '198.51.100.40');
    expect(res.status).toBe(429);
    expect(await res.text()).toContain('尝试次数过多');
  });

  it('do not let wrong codes from elsewhere lock a person out (IDs are sequential)', async () => {
    const head = await login(personWith('head'));
    const [person] = await addPeople([
      { id: `PL${Date.now().toString(36).toUpperCase()}`, name: '锁定测试', role: 'teacher', unit: '语文组' },
    ]);
    const code = await issueCode(head, person!);
    for (let i = 0; i < 6; i++) expect((await signInWithCode(person!.id, 'AAAA-AAAA', `198.51.100.${50 + i}`)).status).toBe(400);
    expect((await signInWithCode(person!.id, code, '198.51.100.60')).status).toBe(303);
  });

  it('lock an IP after 20 failures across people and links', async () => {
    const ip = '198.51.100.77';
    for (let i = 0; i < 20; i++) {
      const res =
        i % 2 ? await call(`/auth/link/${'x'.repeat(43)}`, { ip, headers: browser }) : await signInWithCode(`P9${i}`, 'AAAA-AAAA', ip);
      expect([400, 410]).toContain(res.status);
    }
    expect((await signInWithCode('P001', 'AAAA-AAAA', ip)).status).toBe(429);
    expect((await call(`/auth/link/${'y'.repeat(43)}`, { ip, headers: browser })).status).toBe(429);
  });
});

describe('signing out', () => {
  it('signs this device out for good (the old cookie is refused)', async () => {
    const l = await login(personWith('staff', 4));
    expect((await call('/assets', { login: l })).status).toBe(200);
    const out = await call('/auth/signout', { login: l, form: {} });
    expect(out.status).toBe(200);
    expect(setCookies(out).some((c) => c.startsWith(`${SESSION_COOKIE}=;`))).toBe(true);
    expect((await call('/assets', { login: l })).status).toBe(302);
  });

  it('signs out everywhere: every earlier session of the person', async () => {
    const p = personWith('staff', 5);
    const phone = await login(p, { now: Date.now() - 5000 });
    const desk = await login(p, { now: Date.now() - 5000 });
    expect((await call('/auth/signout-all', { login: phone, form: {} })).status).toBe(200);
    expect((await call('/assets', { login: desk })).status).toBe(302);
  });

  it('lets the head revoke a person’s codes and sessions', async () => {
    const head = await login(personWith('head'));
    const p = personWith('staff', 6);
    const session = await login(p, { now: Date.now() - 5000 });
    const code = await issueCode(head, p);
    const res = await call(`/auth/people/${p.id}/revoke`, { login: head, form: {} });
    expect(res.status).toBe(303);
    expect(await call(res.headers.get('Location')!, { login: head }).then((r) => r.text())).toContain('已收回');
    expect((await call('/assets', { login: session })).status).toBe(302);
    expect((await signInWithCode(p.id, code, '198.51.100.60')).status).toBe(400);
  });
});

describe('the 人员 tab decides', () => {
  it('refuses a deactivated person within the read staleness, tells them why, and ends their sessions for good', async () => {
    const p = personWith('teacher', 6);
    const l = await login(p);
    const other = await login(p); // another phone of theirs, not used while they are stopped
    expect((await call('/assets', { login: l })).status).toBe(200);
    await setActive(p.id, false);
    const res = await call('/assets', { login: l });
    expect(res.status).toBe(302);
    expect(setCookies(res).some((c) => c.startsWith(`${SESSION_COOKIE}=;`))).toBe(true);
    const wall = await call(res.headers.get('Location')!);
    expect(await wall.text()).toContain('您的账号未启用或已停用');
    await setActive(p.id, true);
    // Reactivated: they sign in afresh; no old session comes back.
    expect((await call('/assets', { login: l })).status).toBe(302);
    expect((await call('/assets', { login: other })).status).toBe(302);
    expect((await call('/assets', { login: await login(p) })).status).toBe(200);
  }, 20_000);

  it('the head opening 人员与登录 ends the sessions of everyone deactivated in the sheet', async () => {
    const [p] = await addPeople([{ id: `PD${Date.now().toString(36).toUpperCase()}`, name: '停用测试', role: 'teacher', unit: '语文组' }]);
    const l = await login(p!);
    await setActive(p!.id, false);
    expect((await call('/auth/people', { login: await login(personWith('head')) })).status).toBe(200);
    await setActive(p!.id, true);
    expect((await call('/assets', { login: l })).status).toBe(302);
  }, 20_000);

  it('keeps where the person was going (next) after a wrong code', async () => {
    const a = await anonymous('198.51.100.95');
    const res = await call('/auth/signin', {
      ip: '198.51.100.95',
      form: { who: personWith('teacher').id, code: 'AAAA-AAAA', next: '/cleaning/c/Z001', _csrf: a.csrf },
      headers: { cookie: a.cookie },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('name="next" value="/cleaning/c/Z001"');
  });

  it('treats an unknown person ID in a validly signed cookie as signed out', async () => {
    const ghost = await login({ ...personWith('head'), id: 'P999' });
    expect((await call('/assets', { login: ghost })).status).toBe(302);
  });
});

describe('bootstrap links (minted from SESSION_SECRET)', () => {
  it('work once', async () => {
    const head = personWith('head');
    const url = await signInLink({ baseUrl: ORIGIN, secret: secret(), personId: head.id });
    const path = url.slice(ORIGIN.length);
    expect((await call(path, { headers: browser, ip: '198.51.100.90' })).status).toBe(303);
    expect((await call(path, { headers: browser, ip: '198.51.100.90' })).status).toBe(410);
  });

  it('are refused when signed with another secret', async () => {
    const url = await signInLink({ baseUrl: ORIGIN, secret: 'another-secret-0123456789abcdef0123456789', personId: personWith('head').id });
    expect((await call(url.slice(ORIGIN.length), { headers: browser, ip: '198.51.100.91' })).status).toBe(410);
  });
});

describe('Cloudflare Access (optional)', () => {
  it('signs in the person whose e-mail a verified assertion names; refuses forged ones', async () => {
    const p = personWith('staff', 7);
    const email = `${p.id.toLowerCase()}@yucai.example`;
    await setCell(p.id, '邮箱', email);
    const team = 'https://yucai.cloudflareaccess.com';
    const aud = 'aud-tag-123';
    const keys = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const jwk = (await crypto.subtle.exportKey('jwk', keys.publicKey)) as JsonWebKey;
    const app = createApp();
    const appEnv = {
      ...(env as unknown as Env),
      ACCESS_TEAM_DOMAIN: team,
      ACCESS_AUD: aud,
      ACCESS_JWKS: JSON.stringify({ keys: [{ ...jwk, kid: 'k1' }] }),
    };
    const now = Math.floor(Date.now() / 1000);
    const good = await signJwt(keys.privateKey, { kid: 'k1' }, { iss: team, aud: [aud], email, sub: 'u1', iat: now, exp: now + 600 });
    const res = await app.request('/assets', { headers: { 'Cf-Access-Jwt-Assertion': good } }, appEnv);
    expect(res.status).toBe(200);
    expect(setCookies(res).some((c) => c.startsWith(`${SESSION_COOKIE}=v1.`))).toBe(true);

    const other = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const forged = await signJwt(other.privateKey, { kid: 'k1' }, { iss: team, aud: [aud], email, iat: now, exp: now + 600 });
    const wrongAud = await signJwt(keys.privateKey, { kid: 'k1' }, { iss: team, aud: ['other'], email, iat: now, exp: now + 600 });
    const expired = await signJwt(keys.privateKey, { kid: 'k1' }, { iss: team, aud: [aud], email, iat: now - 7200, exp: now - 3600 });
    for (const token of [forged, wrongAud, expired, 'eyJhbGciOiJub25lIn0.eyJlbWFpbCI6ImFAYi5jIn0.']) {
      expect((await app.request('/assets', { headers: { 'Cf-Access-Jwt-Assertion': token } }, appEnv)).status).toBe(302);
    }
    // Without ACCESS_* configured, the header is ignored.
    expect((await call('/assets', { headers: { 'Cf-Access-Jwt-Assertion': good } })).status).toBe(302);
  });
});

// ---- helpers ----------------------------------------------------------------------

async function signJwt(key: CryptoKey, header: Record<string, unknown>, claims: Record<string, unknown>): Promise<string> {
  const enc = (v: unknown) => btoa(JSON.stringify(v)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const input = `${enc({ alg: 'RS256', typ: 'JWT', ...header })}.${enc(claims)}`;
  const sig = new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, new TextEncoder().encode(input)));
  return `${input}.${btoa(String.fromCharCode(...sig))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')}`;
}

/** Staff-like edit of one cell of a person's row in the emulator, then a fresh read. */
async function setCell(personId: string, header: string, value: unknown): Promise<void> {
  const values = await sheetValues('人员');
  const h = values[0] as string[];
  const row = values.findIndex((r) => r[0] === personId);
  const col = h.indexOf(header);
  expect(row).toBeGreaterThan(0);
  expect(col).toBeGreaterThanOrEqual(0);
  const a1 = `'人员'!${String.fromCharCode(65 + col)}${row + 1}`;
  await staffEdit({ data: [{ range: a1, values: [[value]] }], valueInputOption: 'RAW' });
  await data().read(['people'], { fresh: true });
}

async function setActive(personId: string, active: boolean): Promise<void> {
  await setCell(personId, '启用', active);
}

describe('static assets', () => {
  it('are served with nosniff, so a browser never guesses their type', async () => {
    for (const path of ['/app.css', '/vendor/htmx.min.js']) {
      const res = await (env as unknown as { ASSETS: Fetcher }).ASSETS.fetch(`https://portal.test${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('X-Content-Type-Options'), path).toBe('nosniff');
    }
  });
});
