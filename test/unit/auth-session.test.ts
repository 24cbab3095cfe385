/** Pure units of sign-in: session cookies with key rotation, CSRF tokens, codes, bootstrap links, Access JWTs, safe redirects. */
import { describe, expect, it } from 'vitest';
import { accessConfig, verifyAccessJwt } from '../../src/core/auth/access.js';
import { CODE_ALPHABET, normalizeCode, randomCode, secretKeys } from '../../src/core/auth/crypto.js';
import { readBootstrap, signInLink } from '../../src/core/auth/grants.js';
import { createSession, csrfTokenFor, readSession, verifyCsrfToken } from '../../src/core/auth/session.js';

const A = 'key-a-0123456789abcdef0123456789abcdef';
const B = 'key-b-0123456789abcdef0123456789abcdef';

describe('session cookies', () => {
  it('round-trip and carry person, session ID, issue and expiry (180 days)', async () => {
    const now = Date.UTC(2026, 10, 20);
    const s = await readSession(A, await createSession(A, 'P004', { now, sid: 'sid-1' }), now + 1000);
    expect(s).toEqual({ p: 'P004', s: 'sid-1', iat: now, exp: now + 180 * 24 * 3600_000 });
  });

  it('rotate: signed with the first key, accepted under any key in the list', async () => {
    const old = await createSession(A, 'P004');
    expect(await readSession(`${B},${A}`, old)).not.toBeNull();
    const fresh = await createSession(`${B},${A}`, 'P004');
    expect(await readSession(B, fresh)).not.toBeNull();
    expect(await readSession(A, fresh)).toBeNull();
  });

  it('refuse tampering, other keys, expiry and junk', async () => {
    const value = await createSession(A, 'P001');
    const [v, payload, sig] = value.split('.');
    const other = (await createSession(A, 'P004')).split('.')[1];
    for (const bad of [`${v}.${other}.${sig}`, `${v}.${payload}.${sig!.slice(1)}`, `v2.${payload}.${sig}`, '', 'v1..', 'x'.repeat(2000)])
      expect(await readSession(A, bad)).toBeNull();
    expect(await readSession(B, value)).toBeNull();
    expect(await readSession(A, await createSession(A, 'P001', { now: Date.now() - 181 * 24 * 3600_000 }))).toBeNull();
    expect(await readSession(A, await createSession(A, 'P001', { now: Date.now() + 3600_000 }))).toBeNull();
    expect(await readSession(A, await createSession(A, '../etc'))).toBeNull();
  });

  it('need a usable secret', () => {
    expect(() => secretKeys('')).toThrow(/SESSION_SECRET/);
    expect(() => secretKeys('short')).toThrow(/32/);
    expect(secretKeys(` ${A} , ${B} `)).toEqual([A, B]);
  });
});

describe('CSRF tokens', () => {
  it('belong to one session ID and survive rotation', async () => {
    const token = await csrfTokenFor(A, 'sid-1');
    expect(await verifyCsrfToken(A, 'sid-1', token)).toBe(true);
    expect(await verifyCsrfToken(`${B},${A}`, 'sid-1', token)).toBe(true);
    expect(await verifyCsrfToken(A, 'sid-2', token)).toBe(false);
    expect(await verifyCsrfToken(A, 'sid-1', '')).toBe(false);
    expect(await verifyCsrfToken(A, 'sid-1', null)).toBe(false);
  });
});

describe('short codes', () => {
  it('are 8 symbols of an unambiguous alphabet, in two groups', () => {
    for (let i = 0; i < 200; i++) {
      const code = randomCode();
      expect(code).toMatch(/^[34679ACDEFGHJKMNPQRTUVWXY]{4}-[34679ACDEFGHJKMNPQRTUVWXY]{4}$/);
    }
    for (const ch of '0O1IL2Z5S8B') expect(CODE_ALPHABET).not.toContain(ch);
  });

  it('accept what people type: lower case, spaces, full-width, no dash', () => {
    expect(normalizeCode('k7pm q3xr')).toBe('K7PM-Q3XR');
    expect(normalizeCode('a7pm q3xr')).toBe('A7PM-Q3XR');
    expect(normalizeCode('ａ７ｐｍ－ｑ３ｘｒ')).toBe('A7PM-Q3XR');
    expect(normalizeCode('A7PMQ3XR')).toBe('A7PM-Q3XR');
    expect(normalizeCode('A7PM-Q3X')).toBeNull();
    expect(normalizeCode('A7PM-Q3X0')).toBeNull();
    expect(normalizeCode('<script>')).toBeNull();
  });
});

describe('bootstrap links', () => {
  it('are signed, expire, and name their person', async () => {
    const url = await signInLink({ baseUrl: 'https://h.example/', secret: A, personId: 'P004' });
    expect(url).toMatch(/^https:\/\/h\.example\/auth\/link\/b1\.[\w-]+\.[\w-]+$/);
    const token = url.split('/auth/link/')[1]!;
    expect((await readBootstrap(`${B},${A}`, token))?.p).toBe('P004');
    expect(await readBootstrap(B, token)).toBeNull();
    expect(await readBootstrap(A, token, Date.now() + 8 * 24 * 3600_000)).toBeNull();
    expect(await readBootstrap(A, token.replace('b1.', 'b2.'))).toBeNull();
  });
});

describe('Cloudflare Access assertions', () => {
  const team = 'https://yucai.cloudflareaccess.com';
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  async function setup() {
    const pair = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const config = accessConfig({
      ACCESS_TEAM_DOMAIN: 'yucai.cloudflareaccess.com/',
      ACCESS_AUD: 'aud1',
      ACCESS_JWKS: JSON.stringify({ keys: [{ ...jwk, kid: 'k1' }] }),
    })!;
    const sign = async (claims: Record<string, unknown>, header: Record<string, unknown> = {}, key = pair.privateKey) => {
      const input = `${enc({ alg: 'RS256', kid: 'k1', ...header })}.${enc(claims)}`;
      const sig = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, new TextEncoder().encode(input));
      return `${input}.${Buffer.from(sig).toString('base64url')}`;
    };
    return { config, sign };
  }
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: team, aud: ['aud1'], email: 'Li.Wei@Yucai.example', sub: 'u1', iat: now, exp: now + 300 };

  it('is off unless both settings are present', () => {
    expect(accessConfig({})).toBeNull();
    expect(accessConfig({ ACCESS_TEAM_DOMAIN: team })).toBeNull();
    expect(accessConfig({ ACCESS_TEAM_DOMAIN: team, ACCESS_AUD: 'a' })?.teamDomain).toBe(team);
  });

  it('accepts a correctly signed assertion and returns its e-mail', async () => {
    const { config, sign } = await setup();
    expect(await verifyAccessJwt(await sign(claims), config)).toEqual({ email: 'li.wei@yucai.example', sub: 'u1' });
  });

  it.each([
    ['another key', 'key'],
    ['wrong audience', { aud: ['other'] }],
    ['wrong issuer', { iss: 'https://evil.cloudflareaccess.com' }],
    ['expired', { exp: now - 3600 }],
    ['not yet valid', { nbf: now + 3600 }],
    ['no e-mail', { email: undefined }],
    ['alg none', 'none'],
    ['unknown kid', 'kid'],
    ['tampered claims', 'tamper'],
  ] as const)('refuses %s', async (_label, change) => {
    const { config, sign } = await setup();
    let token: string;
    if (change === 'key') {
      const other = (await crypto.subtle.generateKey(
        { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
        true,
        ['sign'],
      )) as CryptoKeyPair;
      token = await sign(claims, {}, other.privateKey);
    } else if (change === 'none') token = `${enc({ alg: 'none' })}.${enc(claims)}.`;
    else if (change === 'kid') token = await sign(claims, { kid: 'k2' });
    else if (change === 'tamper') {
      const [h, , s] = (await sign(claims)).split('.');
      token = `${h}.${enc({ ...claims, email: 'head@yucai.example' })}.${s}`;
    } else token = await sign({ ...claims, ...change });
    expect(await verifyAccessJwt(token, config)).toBeNull();
  });
});
