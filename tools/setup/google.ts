/**
 * Google clients for the Node-side tools (setup, check, upgrade, import): Google's own
 * `googleapis`, authorised either as the school's Google account (browser sign-in through
 * `@google-cloud/local-auth`) or as the portal's service account (its JSON key).
 *
 * `api` points every client at another Sheets API root (the local emulator) — the calls
 * stay exactly the same.
 */
import { readFileSync } from 'node:fs';
import { google, type drive_v3, type sheets_v4 } from 'googleapis';
import { SetupError } from './errors.js';

/** Sheets to create, read and write; drive.file to share the files this tool created. */
export const USER_SCOPES = ['https://www.googleapis.com/auth/spreadsheets', 'https://www.googleapis.com/auth/drive.file'];
export const SERVICE_SCOPES = ['https://www.googleapis.com/auth/spreadsheets'];

/** Whatever googleapis accepts as `auth` (an OAuth2 or JWT client of google-auth-library 10). */
export type GoogleAuth = InstanceType<typeof google.auth.OAuth2> | InstanceType<typeof google.auth.JWT>;

export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  token_uri?: string;
  [k: string]: unknown;
}

/** The clients one run of a tool uses, built once. */
export interface Google {
  sheets: sheets_v4.Sheets;
  /** Absent against the emulator, which has no Drive API (see share.ts). */
  drive?: drive_v3.Drive;
  /** Who the requests act as, for messages (the service account's e-mail when known). */
  actingAs?: string;
}

/** googleapis clients over an authorised client; `api` = another API root (the emulator). */
export function clients(auth: GoogleAuth, options: { api?: string; driveApi?: string; actingAs?: string } = {}): Google {
  const root = options.api ? { rootUrl: options.api.replace(/\/*$/, '/') } : {};
  const sheets = google.sheets({ version: 'v4', auth, ...root });
  const driveRoot = options.driveApi ?? (options.api ? undefined : 'https://www.googleapis.com/');
  const drive = driveRoot ? google.drive({ version: 'v3', auth, rootUrl: driveRoot.replace(/\/*$/, '/') }) : undefined;
  return { sheets, ...(drive ? { drive } : {}), ...(options.actingAs ? { actingAs: options.actingAs } : {}) };
}

/** Read and check a service account's JSON key file. */
export function readServiceAccountKey(path: string): ServiceAccountKey {
  let key: unknown;
  try {
    key = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new SetupError(
      {
        zh: `无法读取服务账号密钥文件 ${path}：${(e as Error).message}`,
        en: `Cannot read the service account key file ${path}: ${(e as Error).message}`,
      },
      {
        zh: '请确认路径正确，文件是从 Google Cloud 控制台（IAM → 服务账号 → 密钥 → 添加密钥 → JSON）下载的。',
        en: 'Check the path; the file is the JSON key downloaded from Google Cloud console (IAM → Service accounts → Keys → Add key → JSON).',
      },
    );
  }
  const k = key as Partial<ServiceAccountKey>;
  if (typeof k?.client_email !== 'string' || typeof k.private_key !== 'string') {
    throw new SetupError(
      {
        zh: `${path} 不是服务账号密钥（缺少 client_email 或 private_key）`,
        en: `${path} is not a service account key (no client_email or private_key)`,
      },
      {
        zh: '请下载服务账号的 JSON 密钥；OAuth 客户端文件（credentials.json）要用 --oauth-client 指定。',
        en: "Download the service account's JSON key; an OAuth client file (credentials.json) goes with --oauth-client.",
      },
    );
  }
  return k as ServiceAccountKey;
}

/**
 * Authorise as the service account (what the deployed portal uses). Against the emulator
 * the token request goes to `${api}/token` (google-auth-library hard-codes Google's).
 */
export function serviceAccountAuth(key: ServiceAccountKey, api?: string): InstanceType<typeof google.auth.JWT> {
  const jwt = new google.auth.JWT({
    email: key.client_email,
    key: key.private_key,
    ...(key.private_key_id ? { keyId: key.private_key_id } : {}),
    scopes: SERVICE_SCOPES,
  });
  if (!api) return jwt;
  const tokenUrl = `${api.replace(/\/+$/, '')}/token`;
  // Like the emulator's redirectTokenRequests, but keeping gaxios 7's URL object: with a
  // string there, gaxios' error redactor throws a TypeError that hides Google's answer.
  jwt.transporter.interceptors.request.add({
    resolved: async (config) => {
      if (String(config.url) === GOOGLE_TOKEN_URL) config.url = new URL(tokenUrl);
      return config;
    },
  });
  return jwt;
}

const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/**
 * Sign in with the school's Google account in the browser (the one manual step).
 * `@google-cloud/local-auth` 3.0.1 returns a google-auth-library 9 client while googleapis
 * 178 uses 10: its credentials are copied into a fresh OAuth2 client of googleapis' own
 * version, or requests would go out without an Authorization header.
 */
export async function browserAuth(oauthClientFile: string): Promise<InstanceType<typeof google.auth.OAuth2>> {
  let file: { installed?: OAuthClientJson; web?: OAuthClientJson };
  try {
    file = JSON.parse(readFileSync(oauthClientFile, 'utf8'));
  } catch (e) {
    throw new SetupError(
      {
        zh: `无法读取 OAuth 客户端文件 ${oauthClientFile}：${(e as Error).message}`,
        en: `Cannot read the OAuth client file ${oauthClientFile}: ${(e as Error).message}`,
      },
      {
        zh: '在 Google Cloud 控制台 → API 和服务 → 凭据 → 创建凭据 → OAuth 客户端 ID（桌面应用），下载 JSON。',
        en: 'In Google Cloud console → APIs & Services → Credentials → Create credentials → OAuth client ID (Desktop app), download the JSON.',
      },
    );
  }
  const c = file.installed ?? file.web;
  if (!c?.client_id || !c.client_secret) {
    throw new SetupError(
      { zh: `${oauthClientFile} 不是 OAuth 客户端文件`, en: `${oauthClientFile} is not an OAuth client file` },
      {
        zh: '请创建"桌面应用"类型的 OAuth 客户端 ID 并下载其 JSON。',
        en: 'Create an OAuth client ID of type "Desktop app" and download its JSON.',
      },
    );
  }
  const { authenticate } = await import('@google-cloud/local-auth');
  const legacy = await authenticate({ keyfilePath: oauthClientFile, scopes: USER_SCOPES });
  const client = new google.auth.OAuth2(c.client_id, c.client_secret, c.redirect_uris?.[0]);
  client.setCredentials(legacy.credentials);
  return client;
}

interface OAuthClientJson {
  client_id?: string;
  client_secret?: string;
  redirect_uris?: string[];
}

/** The address staff open: Google's, or the one the API returned (the emulator's grid). */
export function spreadsheetAddress(spreadsheetId: string, returned?: string | null): string {
  return returned || `https://docs.google.com/spreadsheets/d/${spreadsheetId}/edit`;
}
