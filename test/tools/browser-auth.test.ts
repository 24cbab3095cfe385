/**
 * The browser sign-in's hand-over (DESIGN §7): @google-cloud/local-auth returns a
 * google-auth-library 9 client, googleapis 178 needs 10. The browser itself is the manual
 * step, so local-auth is replaced by what it returns; everything after it is real.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { browserAuth, clients } from '../../tools/setup/google.js';
import { toolEnv, type ToolEnv } from './helpers.js';

const signedIn = vi.hoisted(() => ({ credentials: {} as Record<string, unknown>, options: [] as unknown[] }));
vi.mock('@google-cloud/local-auth', async () => {
  // The same google-auth-library 9 client local-auth builds after the browser round trip.
  const { OAuth2Client } = await import('google-auth-library');
  return {
    authenticate: async (options: unknown) => {
      signedIn.options.push(options);
      const client = new OAuth2Client({ clientId: 'abc.apps.googleusercontent.com', clientSecret: 'shh' });
      client.setCredentials(signedIn.credentials);
      return client;
    },
  };
});

let env: ToolEnv;
let clientFile: string;
beforeAll(async () => {
  env = await toolEnv();
  clientFile = join(env.dir, 'credentials.json');
  writeFileSync(
    clientFile,
    JSON.stringify({
      installed: { client_id: 'abc.apps.googleusercontent.com', client_secret: 'shh', redirect_uris: ['http://localhost'] },
    }),
  );
  // What the browser step yields: an access token for the school's account.
  const { token } = await env.schoolAuth.getAccessToken();
  signedIn.credentials = { access_token: token, token_type: 'Bearer', expiry_date: Date.now() + 3_000_000, refresh_token: 'r' };
});
afterAll(async () => env.close());

describe('browser sign-in', () => {
  it('asks for the Sheets and drive.file scopes with the OAuth client file', async () => {
    await browserAuth(clientFile);
    expect(signedIn.options.at(-1)).toEqual({
      keyfilePath: clientFile,
      scopes: ['https://www.googleapis.com/auth/spreadsheets', 'https://www.googleapis.com/auth/drive.file'],
    });
  });

  it('hands its credentials to a googleapis OAuth2 client, so requests carry the Authorization header', async () => {
    const auth = await browserAuth(clientFile);
    const { sheets } = clients(auth, { api: env.emu.url });
    const res = await sheets.spreadsheets.create({ requestBody: { properties: { title: '浏览器登录' } } });
    expect(env.emu.snapshot(res.data.spreadsheetId!).owner).toBe(env.schoolEmail);
  });

  it('refuses a file that is not an OAuth client, saying how to make one', async () => {
    const bad = join(env.dir, 'not-oauth.json');
    writeFileSync(bad, JSON.stringify({ type: 'service_account' }));
    await expect(browserAuth(bad)).rejects.toMatchObject({
      text: { zh: expect.stringContaining('不是 OAuth 客户端文件') },
      next: { en: expect.stringContaining('Desktop app') },
    });
  });
});
