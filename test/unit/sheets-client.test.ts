import { createVerify, generateKeyPairSync } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearTokenCache, getAccessToken, invalidateToken, parseServiceAccount, signAssertion } from '../../src/core/sheets/token.js';
import { SheetsError } from '../../src/core/sheets/errors.js';
import { SheetsClient, sheetsFromEnv, type SheetsClientOptions } from '../../src/core/sheets/client.js';

// ── A scripted stand-in for Google's token endpoint and Sheets API ──
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const serviceAccount = {
  type: 'service_account',
  client_email: 'houqin@test-project.iam.gserviceaccount.com',
  private_key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  private_key_id: 'kid-123',
  token_uri: 'https://oauth2.googleapis.com/token',
};

interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

type Responder = (req: Recorded) => Response | Promise<Response>;

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const googleError = (status: number, code: string, message = code, headers: Record<string, string> = {}) =>
  json({ error: { code: status, message, status: code } }, status, headers);

/**
 * fake.fetch answers the token URL with fresh tokens (tok-1, tok-2, …) and every
 * other URL with the next scripted responder (or `fallback`).
 */
function fakeGoogle(tokenUrl = 'https://oauth2.googleapis.com/token') {
  const requests: Recorded[] = [];
  const tokenRequests: Recorded[] = [];
  const script: Responder[] = [];
  let fallback: Responder = () => json({});
  let tokenCount = 0;
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const rec: Recorded = { method: init?.method ?? 'GET', url, headers, body: typeof init?.body === 'string' ? init.body : '' };
    if (url === tokenUrl) {
      tokenRequests.push(rec);
      tokenCount++;
      return json({ access_token: `tok-${tokenCount}`, expires_in: 3599, token_type: 'Bearer' });
    }
    requests.push(rec);
    const next = script.shift() ?? fallback;
    return next(rec);
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    requests,
    tokenRequests,
    /** Queue responders for the next API requests, in order. */
    queue(...rs: Responder[]) {
      script.push(...rs);
    },
    setFallback(r: Responder) {
      fallback = r;
    },
  };
}

const TOKEN_URL = 'https://oauth2.googleapis.com/token';
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

beforeEach(() => clearTokenCache());

describe('parseServiceAccount', () => {
  it('reads Google JSON keys, including keys whose newlines were pasted as \\n', () => {
    const key = parseServiceAccount(JSON.stringify(serviceAccount));
    expect(key.client_email).toBe(serviceAccount.client_email);
    expect(key.private_key_id).toBe('kid-123');
    const mangled = JSON.stringify({ ...serviceAccount, private_key: serviceAccount.private_key.replace(/\n/g, '\\n') });
    expect(parseServiceAccount(mangled).private_key).toBe(serviceAccount.private_key);
  });
  it('refuses broken secrets with an UNAUTHENTICATED SheetsError', () => {
    expect(() => parseServiceAccount('{not json')).toThrow(SheetsError);
    expect(() => parseServiceAccount('{"client_email":"x"}')).toThrow(/private_key/);
  });
});

describe('signAssertion', () => {
  it('signs an RS256 JWT that verifies with the public key and carries the right claims', async () => {
    const jwt = await signAssertion(parseServiceAccount(serviceAccount), TOKEN_URL, 1_800_000_000);
    const [h, c, s] = jwt.split('.') as [string, string, string];
    expect(decode(h)).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'kid-123' });
    expect(decode(c)).toEqual({
      iss: serviceAccount.client_email,
      scope: 'https://www.googleapis.com/auth/spreadsheets',
      aud: TOKEN_URL,
      iat: 1_800_000_000,
      exp: 1_800_003_600,
    });
    const verify = createVerify('RSA-SHA256').update(`${h}.${c}`);
    expect(verify.verify(keys.publicKey, Buffer.from(s, 'base64url'))).toBe(true);
    // A tampered payload must not verify (the test can fail).
    const other = Buffer.from(JSON.stringify({ ...decode(c), iss: 'evil@x' })).toString('base64url');
    expect(createVerify('RSA-SHA256').update(`${h}.${other}`).verify(keys.publicKey, Buffer.from(s, 'base64url'))).toBe(false);
  });

  it('leaves kid out of the header when the key has no private_key_id', async () => {
    const { private_key_id: _, ...withoutId } = serviceAccount;
    const [h] = (await signAssertion(parseServiceAccount(withoutId), TOKEN_URL, 1_800_000_000)).split('.') as [string];
    expect(decode(h)).toEqual({ alg: 'RS256', typ: 'JWT' });
  });

  it('refuses a private key that is not an RSA PKCS#8 PEM with an UNAUTHENTICATED SheetsError', async () => {
    const pkcs1 = keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    for (const private_key of [pkcs1, ec, 'not a key']) {
      const error = await signAssertion(parseServiceAccount({ ...serviceAccount, private_key }), TOKEN_URL, 1_800_000_000).catch((e) => e);
      expect(error).toBeInstanceOf(SheetsError);
      expect(error).toMatchObject({ code: 'UNAUTHENTICATED', retryable: false, message: expect.stringMatching(/private_key is unusable/) });
    }
  });
});

describe('getAccessToken', () => {
  it('exchanges a jwt-bearer assertion at the token URL', async () => {
    const g = fakeGoogle('http://127.0.0.1:9/token');
    const token = await getAccessToken(parseServiceAccount(serviceAccount), 'http://127.0.0.1:9/token', { fetch: g.fetch });
    expect(token).toBe('tok-1');
    const req = g.tokenRequests[0]!;
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(req.body);
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(decode(form.get('assertion')!.split('.')[1]!).aud).toBe('http://127.0.0.1:9/token');
  });

  it('caches until shortly before expiry, then refreshes', async () => {
    const g = fakeGoogle();
    let now = 1_000_000;
    const opts = { fetch: g.fetch, now: () => now };
    const key = parseServiceAccount(serviceAccount);
    expect(await getAccessToken(key, TOKEN_URL, opts)).toBe('tok-1');
    now += 50 * 60_000;
    expect(await getAccessToken(key, TOKEN_URL, opts)).toBe('tok-1');
    expect(g.tokenRequests).toHaveLength(1);
    now += 8 * 60_000; // 58 min: within the early-refresh margin of the 3599 s token
    expect(await getAccessToken(key, TOKEN_URL, opts)).toBe('tok-2');
    expect(g.tokenRequests).toHaveLength(2);
  });

  it('shares one in-flight exchange between concurrent callers', async () => {
    const g = fakeGoogle();
    const key = parseServiceAccount(serviceAccount);
    const got = await Promise.all(Array.from({ length: 10 }, () => getAccessToken(key, TOKEN_URL, { fetch: g.fetch })));
    expect(new Set(got)).toEqual(new Set(['tok-1']));
    expect(g.tokenRequests).toHaveLength(1);
  });

  it('keys the cache by client email and token URL', async () => {
    const g = fakeGoogle();
    const key = parseServiceAccount(serviceAccount);
    await getAccessToken(key, TOKEN_URL, { fetch: g.fetch });
    await getAccessToken({ ...key, client_email: 'other@x.iam.gserviceaccount.com' }, TOKEN_URL, { fetch: g.fetch });
    expect(g.tokenRequests).toHaveLength(2);
  });

  it('invalidateToken drops only the token that was refused', async () => {
    const g = fakeGoogle();
    const key = parseServiceAccount(serviceAccount);
    await getAccessToken(key, TOKEN_URL, { fetch: g.fetch });
    invalidateToken(key, TOKEN_URL, 'some-older-token');
    expect(await getAccessToken(key, TOKEN_URL, { fetch: g.fetch })).toBe('tok-1');
    invalidateToken(key, TOKEN_URL, 'tok-1');
    expect(await getAccessToken(key, TOKEN_URL, { fetch: g.fetch })).toBe('tok-2');
  });

  it('maps a refused grant to a non-retryable UNAUTHENTICATED error and does not cache it', async () => {
    let calls = 0;
    const fetch = (async () => {
      calls++;
      return json({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }, 400);
    }) as typeof globalThis.fetch;
    const key = parseServiceAccount(serviceAccount);
    const err = await getAccessToken(key, TOKEN_URL, { fetch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SheetsError);
    expect((err as SheetsError).code).toBe('UNAUTHENTICATED');
    expect((err as SheetsError).retryable).toBe(false);
    await getAccessToken(key, TOKEN_URL, { fetch }).catch(() => undefined);
    expect(calls).toBe(2);
  });
});

// ── SheetsClient ──

const API = 'https://sheets.googleapis.com';
const ID = '1AbC-spreadsheet_id';

function client(g: ReturnType<typeof fakeGoogle>, extra: Partial<SheetsClientOptions> = {}) {
  const sleeps: number[] = [];
  const c = new SheetsClient({
    apiBase: API,
    tokenUrl: TOKEN_URL,
    serviceAccount: JSON.stringify(serviceAccount),
    fetch: g.fetch,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    ...extra,
  });
  return { c, sleeps };
}

describe('SheetsClient URLs and bodies', () => {
  it('batchGet: one GET with every range, UNFORMATTED_VALUE + SERIAL_NUMBER by default', async () => {
    const g = fakeGoogle();
    g.queue(() => json({ spreadsheetId: ID, valueRanges: [{ range: "'资产'!A1:M3", values: [['资产编号']] }, { range: "'人员'!A1:G1" }] }));
    const { c } = client(g);
    const got = await c.batchGet(ID, ["'资产'", "'人员'"]);
    expect(got).toHaveLength(2);
    expect(got[0]!.values).toEqual([['资产编号']]);
    const req = g.requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.url).toBe(
      `${API}/v4/spreadsheets/${ID}/values:batchGet?ranges=${encodeURIComponent("'资产'")}&ranges=${encodeURIComponent("'人员'")}` +
        '&valueRenderOption=UNFORMATTED_VALUE&dateTimeRenderOption=SERIAL_NUMBER',
    );
    expect(req.headers.authorization).toBe('Bearer tok-1');
    const u = new URL(req.url);
    expect(u.searchParams.getAll('ranges')).toEqual(["'资产'", "'人员'"]);
    expect(c.requests).toBe(1);
  });

  it('batchGet honours explicit read options and skips the request when there is nothing to read', async () => {
    const g = fakeGoogle();
    const { c } = client(g);
    await c.batchGet(ID, ['A1'], { valueRenderOption: 'FORMULA', dateTimeRenderOption: 'FORMATTED_STRING', majorDimension: 'COLUMNS' });
    const u = new URL(g.requests[0]!.url);
    expect(u.searchParams.get('valueRenderOption')).toBe('FORMULA');
    expect(u.searchParams.get('dateTimeRenderOption')).toBe('FORMATTED_STRING');
    expect(u.searchParams.get('majorDimension')).toBe('COLUMNS');
    expect(await c.batchGet(ID, [])).toEqual([]);
    expect(c.requests).toBe(1);
  });

  it('append: RAW + INSERT_ROWS to the encoded range', async () => {
    const g = fakeGoogle();
    const result = {
      spreadsheetId: ID,
      tableRange: "'资产'!A1:M500",
      updates: { updatedRange: "'资产'!A501:M501", updatedRows: 1, updatedColumns: 13, updatedCells: 13 },
    };
    g.queue(() => json(result));
    const { c } = client(g);
    expect(await c.append(ID, "'资产'!A1", [['JJ-0001', '=HYPERLINK("x")', 46086]])).toEqual(result);
    const req = g.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe(
      `${API}/v4/spreadsheets/${ID}/values/${encodeURIComponent("'资产'!A1")}:append?valueInputOption=RAW&insertDataOption=INSERT_ROWS&includeValuesInResponse=false`,
    );
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({ range: "'资产'!A1", majorDimension: 'ROWS', values: [['JJ-0001', '=HYPERLINK("x")', 46086]] });
  });

  it('batchUpdateValues: always RAW', async () => {
    const g = fakeGoogle();
    const { c } = client(g);
    const data = [{ range: "'资产'!C7", values: [['电器']] }];
    await c.batchUpdateValues(ID, data);
    const req = g.requests[0]!;
    expect(req.url).toBe(`${API}/v4/spreadsheets/${ID}/values:batchUpdate`);
    expect(JSON.parse(req.body)).toEqual({ valueInputOption: 'RAW', data });
    await c.batchUpdateValues(ID, []);
    expect(c.requests).toBe(1);
  });

  it('batchUpdate and getSpreadsheet', async () => {
    const g = fakeGoogle();
    const { c } = client(g);
    await c.batchUpdate(ID, [{ addSheet: { properties: { title: '资产' } } }]);
    expect(g.requests[0]!.url).toBe(`${API}/v4/spreadsheets/${ID}:batchUpdate`);
    expect(JSON.parse(g.requests[0]!.body)).toEqual({ requests: [{ addSheet: { properties: { title: '资产' } } }] });
    g.queue(() => json({ spreadsheetId: ID, sheets: [{ properties: { sheetId: 0, title: '资产', index: 0 } }] }));
    const meta = await c.getSpreadsheet(ID, 'spreadsheetId,sheets.properties');
    expect(meta.sheets?.[0]?.properties.title).toBe('资产');
    expect(g.requests[1]!.method).toBe('GET');
    expect(g.requests[1]!.url).toBe(`${API}/v4/spreadsheets/${ID}?fields=spreadsheetId%2Csheets.properties`);
  });

  it('uses the emulator base and token URL from env, without a trailing slash', async () => {
    const g = fakeGoogle('http://127.0.0.1:8788/token');
    const c = new SheetsClient({
      apiBase: 'http://127.0.0.1:8788/',
      tokenUrl: 'http://127.0.0.1:8788/token',
      serviceAccount,
      fetch: g.fetch,
    });
    await c.batchGet(ID, ['A1']);
    expect(g.tokenRequests).toHaveLength(1);
    expect(g.requests[0]!.url.startsWith(`http://127.0.0.1:8788/v4/spreadsheets/${ID}/values:batchGet?`)).toBe(true);
    const fromEnv = sheetsFromEnv({
      SHEETS_API_BASE: 'http://x',
      GOOGLE_TOKEN_URL: 'http://x/token',
      GOOGLE_SERVICE_ACCOUNT: JSON.stringify(serviceAccount),
    });
    expect(fromEnv).toBeInstanceOf(SheetsClient);
    expect(fromEnv.requests).toBe(0);
  });

  it('reports a bad secret as an UNAUTHENTICATED SheetsError on use', async () => {
    const g = fakeGoogle();
    const { c } = client(g, { serviceAccount: 'nope' });
    await expect(c.batchGet(ID, ['A1'])).rejects.toMatchObject({ code: 'UNAUTHENTICATED', retryable: false });
    expect(c.requests).toBe(0);
  });
});

describe('SheetsClient errors and retries', () => {
  it('retries reads on 429/500/502/503/504 with growing, jittered backoff', async () => {
    const g = fakeGoogle();
    g.queue(
      () => googleError(429, 'RESOURCE_EXHAUSTED'),
      () => googleError(503, 'UNAVAILABLE'),
      () => new Response('bad gateway', { status: 502 }),
      () => json({ valueRanges: [{ range: 'A1' }] }),
    );
    const { c, sleeps } = client(g, { retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 10_000 } });
    expect(await c.batchGet(ID, ['A1'])).toEqual([{ range: 'A1' }]);
    expect(c.requests).toBe(4);
    // Full jitter with random() = 0.5: half of 100, 200, 400.
    expect(sleeps).toEqual([50, 100, 200]);
  });

  it('gives up after the configured attempts and throws the last error', async () => {
    const g = fakeGoogle();
    g.setFallback(() => googleError(500, 'INTERNAL', 'Internal error encountered.'));
    const { c, sleeps } = client(g, { retry: { attempts: 3 } });
    const err = await c.batchGet(ID, ['A1']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SheetsError);
    expect(err).toMatchObject({ status: 500, code: 'INTERNAL', retryable: true });
    expect(c.requests).toBe(3);
    expect(sleeps).toHaveLength(2);
  });

  it('caps the backoff at maxDelayMs', async () => {
    const g = fakeGoogle();
    g.setFallback(() => googleError(503, 'UNAVAILABLE'));
    const { c, sleeps } = client(g, { retry: { attempts: 6, baseDelayMs: 1000, maxDelayMs: 3000 }, random: () => 0.999 });
    await c.batchGet(ID, ['A1']).catch(() => undefined);
    expect(sleeps.every((ms) => ms <= 3000)).toBe(true);
    expect(sleeps[sleeps.length - 1]).toBe(2997);
  });

  it('does not retry client errors', async () => {
    for (const [status, code] of [
      [400, 'INVALID_ARGUMENT'],
      [403, 'PERMISSION_DENIED'],
      [404, 'NOT_FOUND'],
    ] as const) {
      const g = fakeGoogle();
      g.setFallback(() => googleError(status, code));
      const { c, sleeps } = client(g);
      await expect(c.batchGet(ID, ['A1'])).rejects.toMatchObject({ status, code, retryable: false });
      expect(c.requests).toBe(1);
      expect(sleeps).toEqual([]);
    }
  });

  it('honours Retry-After, and hands back a Retry-After longer than maxDelayMs', async () => {
    const g = fakeGoogle();
    g.queue(() => googleError(429, 'RESOURCE_EXHAUSTED', 'quota', { 'retry-after': '2' }));
    const { c, sleeps } = client(g, { retry: { baseDelayMs: 10, maxDelayMs: 5000 } });
    await c.batchGet(ID, ['A1']);
    expect(sleeps).toEqual([2000]);

    const g2 = fakeGoogle();
    g2.setFallback(() => googleError(429, 'RESOURCE_EXHAUSTED', 'quota', { 'retry-after': '60' }));
    const { c: c2, sleeps: s2 } = client(g2, { retry: { maxDelayMs: 5000 } });
    await expect(c2.batchGet(ID, ['A1'])).rejects.toMatchObject({ code: 'RESOURCE_EXHAUSTED', retryAfterMs: 60_000 });
    expect(c2.requests).toBe(1);
    expect(s2).toEqual([]);
  });

  it('does NOT retry append on 503, 500 or a timeout (it may have been applied)', async () => {
    for (const failure of [() => googleError(503, 'UNAVAILABLE'), () => googleError(500, 'INTERNAL')]) {
      const g = fakeGoogle();
      g.queue(failure, () => json({ updates: {} }));
      const { c } = client(g);
      const err = await c.append(ID, "'资产'!A1", [['x']]).catch((e: unknown) => e);
      expect(err).toMatchObject({ retryable: true, notApplied: false });
      expect(c.requests).toBe(1);
    }
    const g = fakeGoogle();
    const timeout: Responder = () => Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    g.queue(timeout, () => json({ updates: {} }));
    const { c } = client(g);
    await expect(c.append(ID, "'资产'!A1", [['x']])).rejects.toMatchObject({ code: 'NETWORK', retryable: true, notApplied: false });
    expect(c.requests).toBe(1);
  });

  it('retries append on 429 and on a connection failure before any response', async () => {
    const g = fakeGoogle();
    g.queue(
      () => googleError(429, 'RESOURCE_EXHAUSTED'),
      () => Promise.reject(new TypeError('fetch failed')),
      () => json({ spreadsheetId: ID, updates: { updatedRange: "'资产'!A9:B9", updatedRows: 1, updatedColumns: 2, updatedCells: 2 } }),
    );
    const { c, sleeps } = client(g);
    const res = await c.append(ID, "'资产'!A1", [['x', 'y']]);
    expect(res.updates.updatedRange).toBe("'资产'!A9:B9");
    expect(c.requests).toBe(3);
    expect(sleeps).toHaveLength(2);
  });

  it('retries values.batchUpdate (idempotent) on 503 and timeouts', async () => {
    const g = fakeGoogle();
    g.queue(
      () => googleError(503, 'UNAVAILABLE'),
      () => Promise.reject(new DOMException('timeout', 'TimeoutError')),
      () => json({ totalUpdatedCells: 1 }),
    );
    const { c } = client(g);
    expect(await c.batchUpdateValues(ID, [{ range: 'A1', values: [[1]] }])).toEqual({ totalUpdatedCells: 1 });
    expect(c.requests).toBe(3);
  });

  it('on 401 refreshes the token once and retries, even for append', async () => {
    const g = fakeGoogle();
    g.queue(
      () => googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'),
      () => json({ updates: { updatedRange: "'资产'!A2" } }),
    );
    const { c, sleeps } = client(g);
    await c.append(ID, "'资产'!A1", [['x']]);
    expect(g.tokenRequests).toHaveLength(2);
    expect(g.requests.map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    expect(sleeps).toEqual([]);

    const g2 = fakeGoogle();
    g2.setFallback(() => googleError(401, 'UNAUTHENTICATED'));
    const { c: c2 } = client(g2);
    await expect(c2.batchGet(ID, ['A1'])).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED', retryable: false });
    expect(c2.requests).toBe(2);
  });

  it('reuses the cached token across calls and clients', async () => {
    const g = fakeGoogle();
    const { c } = client(g);
    await c.batchGet(ID, ['A1']);
    await c.batchGet(ID, ['A2']);
    await client(g).c.batchGet(ID, ['A3']);
    expect(g.tokenRequests).toHaveLength(1);
  });

  it('passes a timeout signal to every request', async () => {
    let signal: AbortSignal | undefined;
    const g = fakeGoogle();
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input) !== TOKEN_URL) signal = init?.signal ?? undefined;
      return g.fetch(input, init);
    }) as typeof globalThis.fetch;
    const { c } = client(g, { fetch, timeoutMs: 1234 });
    await c.batchGet(ID, ['A1']);
    expect(signal).toBeInstanceOf(AbortSignal);
  });

  it('a real timeout aborts a hanging request and surfaces as a retryable NETWORK error', async () => {
    const g = fakeGoogle();
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input) === TOKEN_URL) return g.fetch(input, init);
      return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    }) as typeof globalThis.fetch;
    const { c } = client(g, { fetch, timeoutMs: 20, retry: { attempts: 1 } });
    await expect(c.batchGet(ID, ['A1'])).rejects.toMatchObject({ code: 'NETWORK', retryable: true, status: 0, notApplied: false });
  });
});
