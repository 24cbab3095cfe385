import { createSign, generateKeyPairSync } from 'node:crypto';
import { google } from 'googleapis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redirectTokenRequests } from '../../tools/sheets-emulator/index.js';
import { apiError, jwtClient, SCOPES, setup, sheetsFor, type Setup } from './helpers.js';

let s: Setup;
let id: string;
beforeAll(async () => {
  s = await setup();
  id = (await s.sheets.spreadsheets.create({ requestBody: { properties: { title: 'Auth' } } })).data.spreadsheetId!;
});
afterAll(async () => {
  await s.emu.close();
});

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
function sign(privateKey: string, header: object, payload: object) {
  const body = `${b64(header)}.${b64(payload)}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(privateKey).toString('base64url')}`;
}
const now = () => Math.floor(Date.now() / 1000);
async function token(assertion: string) {
  const res = await fetch(s.emu.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('service-account key file', () => {
  it("has Google's fields, with token_uri pointing at the emulator", () => {
    expect(s.key).toMatchObject({
      type: 'service_account',
      client_email: 'tester@houqin-local.iam.gserviceaccount.com',
      token_uri: s.emu.tokenUrl,
      universe_domain: 'googleapis.com',
    });
    expect(s.key.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(s.key.private_key_id).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('token endpoint', () => {
  it('issues a Bearer token for a JWT signed by a trusted key (Google audience accepted)', async () => {
    const t = await token(
      sign(
        s.key.private_key,
        { alg: 'RS256', typ: 'JWT' },
        { iss: s.key.client_email, scope: SCOPES[0], aud: 'https://oauth2.googleapis.com/token', iat: now(), exp: now() + 3600 },
      ),
    );
    expect(t.status).toBe(200);
    expect(t.body).toMatchObject({ expires_in: 3599, token_type: 'Bearer' });
    const res = await fetch(`${s.emu.url}/v4/spreadsheets/${id}`, { headers: { authorization: `Bearer ${t.body.access_token}` } });
    expect(res.status).toBe(200);
  });
  it('accepts its own token URL as audience', async () => {
    const t = await token(
      sign(
        s.key.private_key,
        { alg: 'RS256' },
        { iss: s.key.client_email, scope: SCOPES[0], aud: s.emu.tokenUrl, iat: now(), exp: now() + 600 },
      ),
    );
    expect(t.status).toBe(200);
  });
  it('rejects a bad signature with invalid_grant', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const t = await token(
      sign(
        other,
        { alg: 'RS256' },
        { iss: s.key.client_email, scope: SCOPES[0], aud: 'https://oauth2.googleapis.com/token', iat: now(), exp: now() + 3600 },
      ),
    );
    expect(t).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } });
  });
  it('rejects expired / too long-lived assertions, wrong audience, unknown accounts, bad grant types', async () => {
    const base = { iss: s.key.client_email, scope: SCOPES[0], aud: 'https://oauth2.googleapis.com/token' };
    expect((await token(sign(s.key.private_key, { alg: 'RS256' }, { ...base, iat: now() - 7200, exp: now() - 3600 }))).body.error).toBe(
      'invalid_grant',
    );
    expect(
      (await token(sign(s.key.private_key, { alg: 'RS256' }, { ...base, iat: now(), exp: now() + 7200 }))).body.error_description,
    ).toMatch(/short-lived/);
    expect(
      (await token(sign(s.key.private_key, { alg: 'RS256' }, { ...base, aud: 'https://example.com', iat: now(), exp: now() + 60 }))).body
        .error_description,
    ).toMatch(/audience/);
    expect(
      (
        await token(
          sign(s.key.private_key, { alg: 'RS256' }, { ...base, iss: 'nobody@x.iam.gserviceaccount.com', iat: now(), exp: now() + 60 }),
        )
      ).body.error,
    ).toBe('invalid_grant');
    const bad = await fetch(s.emu.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'password' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('unsupported_grant_type');
  });
});

describe('API authentication', () => {
  it('works through google.auth.JWT with the OAuth token flow (token requested once)', async () => {
    s.emu.resetLog();
    const res = await s.sheets.spreadsheets.get({ spreadsheetId: id });
    expect(res.data.properties?.title).toBe('Auth');
    expect(s.emu.log().at(-1)).toMatchObject({ kind: 'spreadsheets.get', user: s.key.client_email, status: 200, access: 'read' });
  });
  it('accepts self-signed JWTs with an audience (the request URL, or https://sheets.googleapis.com/)', async () => {
    // googleapis itself never sends an audience-only JWT (it asks for headers without a URL), but JWTAccess users do.
    const auth = new google.auth.JWT({ email: s.key.client_email, key: s.key.private_key, keyId: s.key.private_key_id });
    const url = `${s.emu.url}/v4/spreadsheets/${id}`;
    const headers = await auth.getRequestHeaders(url);
    expect((await fetch(url, { headers })).status).toBe(200);
    const jwt = sign(
      s.key.private_key,
      { alg: 'RS256', kid: s.key.private_key_id },
      { iss: s.key.client_email, sub: s.key.client_email, aud: 'https://sheets.googleapis.com/', iat: now(), exp: now() + 600 },
    );
    expect((await fetch(url, { headers: { authorization: `Bearer ${jwt}` } })).status).toBe(200);
  });
  it('works with a self-signed JWT carrying scopes (useJWTAccessWithScope)', async () => {
    const auth = new google.auth.JWT({ email: s.key.client_email, key: s.key.private_key, keyId: s.key.private_key_id, scopes: SCOPES });
    auth.useJWTAccessWithScope = true;
    const res = await sheetsFor(s.emu, auth).spreadsheets.values.get({ spreadsheetId: id, range: 'A1' });
    expect(res.status).toBe(200);
  });
  it('works with GoogleAuth from the key file JSON', async () => {
    const ga = new google.auth.GoogleAuth({ credentials: s.key, scopes: SCOPES });
    // google-auth-library ignores the key file's token_uri, so point its token request at the emulator.
    const client = redirectTokenRequests(await ga.getClient(), s.emu.tokenUrl);
    const res = await sheetsFor(s.emu, client).spreadsheets.get({ spreadsheetId: id });
    expect(res.status).toBe(200);
  });
  it('401 without credentials, with a made-up token, and with a JWT from an untrusted key', async () => {
    const none = await apiError(sheetsFor(s.emu, undefined).spreadsheets.get({ spreadsheetId: id }));
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    expect(none.message).toMatch(/^Request had invalid authentication credentials\. Expected OAuth 2 access token/);
    const fake = await fetch(`${s.emu.url}/v4/spreadsheets/${id}`, { headers: { authorization: 'Bearer ya29.nope' } });
    expect(fake.status).toBe(401);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const jwt = sign(
      other,
      { alg: 'RS256', kid: s.key.private_key_id },
      { iss: s.key.client_email, sub: s.key.client_email, aud: 'https://sheets.googleapis.com/', iat: now(), exp: now() + 600 },
    );
    expect((await fetch(`${s.emu.url}/v4/spreadsheets/${id}`, { headers: { authorization: `Bearer ${jwt}` } })).status).toBe(401);
  });
  it('trusts an externally generated key registered as a JWK over the control API', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const email = 'external@other-project.iam.gserviceaccount.com';
    const reg = await fetch(`${s.emu.url}/__emulator/keys`, {
      method: 'POST',
      body: JSON.stringify({ email, keyId: 'ext1', jwk: publicKey.export({ format: 'jwk' }) }),
    });
    expect(reg.status).toBe(200);
    const jwt = sign(
      privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      { alg: 'RS256', kid: 'ext1' },
      { iss: email, sub: email, aud: 'https://sheets.googleapis.com/', iat: now(), exp: now() + 600 },
    );
    const res = await fetch(`${s.emu.url}/v4/spreadsheets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
  });
});

describe('permissions', () => {
  it('403 for a caller the spreadsheet is not shared with, 200 after sharing; 404 for unknown IDs', async () => {
    const other = await s.emu.createServiceAccount('other@houqin-local.iam.gserviceaccount.com');
    const api = sheetsFor(s.emu, jwtClient(s.emu, other));
    const denied = await apiError(api.spreadsheets.values.get({ spreadsheetId: id, range: 'A1' }));
    expect(denied).toMatchObject({ status: 403, message: 'The caller does not have permission' });
    expect(denied.body.error.status).toBe('PERMISSION_DENIED');
    s.emu.share(id, other.client_email);
    expect((await api.spreadsheets.values.get({ spreadsheetId: id, range: 'A1' })).status).toBe(200);
    const missing = await apiError(api.spreadsheets.get({ spreadsheetId: 'does-not-exist' }));
    expect(missing).toMatchObject({ status: 404, message: 'Requested entity was not found.' });
    expect(missing.body.error.status).toBe('NOT_FOUND');
  });
  it('creating a spreadsheet makes the caller its owner', async () => {
    const created = await s.sheets.spreadsheets.create({ requestBody: {} });
    expect(s.emu.getSpreadsheet(created.data.spreadsheetId!)?.owner).toBe(s.key.client_email);
  });
});
