/**
 * How a tool run gets its Google clients from its command line: an injected client
 * (tests, after the browser step), a service account key (`--key`), or the browser
 * sign-in with the school's Google account (`--oauth-client`, the default).
 */
import { existsSync } from 'node:fs';
import { browserAuth, clients, readServiceAccountKey, serviceAccountAuth, type Google, type GoogleAuth } from './google.js';
import { SetupError } from './errors.js';

export interface ConnectArgs {
  key?: string | undefined;
  oauthClient?: string | undefined;
  api?: string | undefined;
  driveApi?: string | undefined;
}

export interface ConnectDeps {
  /** An already-authorised client (skips the browser sign-in). */
  auth?: GoogleAuth;
  /** Who that client acts as, for messages. */
  actingAs?: string;
}

export async function connect(args: ConnectArgs, deps: ConnectDeps = {}): Promise<Google> {
  const api = args.api;
  const opts = { ...(api ? { api } : {}), ...(args.driveApi ? { driveApi: args.driveApi } : {}) };
  if (deps.auth) return clients(deps.auth, { ...opts, ...(deps.actingAs ? { actingAs: deps.actingAs } : {}) });
  if (args.key) {
    const key = readServiceAccountKey(args.key);
    return clients(serviceAccountAuth(key, api), { ...opts, actingAs: key.client_email });
  }
  const file = args.oauthClient ?? 'credentials.json';
  if (api) {
    throw new SetupError(
      { zh: '浏览器登录只能用于真实的 Google', en: 'Browser sign-in works with Google only' },
      {
        zh: '使用本地模拟器时，请用 --key <服务账号密钥.json> 指定凭据。',
        en: 'With the local emulator, pass credentials with --key <service-account.json>.',
      },
    );
  }
  if (!existsSync(file)) {
    throw new SetupError(
      {
        zh: `找不到 OAuth 客户端文件 ${file}（用于在浏览器中以学校的 Google 账号登录）`,
        en: `OAuth client file ${file} not found (used to sign in with the school's Google account in the browser)`,
      },
      {
        zh: '在 Google Cloud 控制台 → API 和服务 → 凭据 → 创建凭据 → OAuth 客户端 ID → 桌面应用，下载 JSON 保存为 credentials.json（或用 --oauth-client 指定）；或者用 --key <服务账号密钥.json> 以服务账号身份运行。',
        en: 'In Google Cloud console → APIs & Services → Credentials → Create credentials → OAuth client ID → Desktop app, download the JSON as credentials.json (or pass --oauth-client); or run as the service account with --key <key.json>.',
      },
    );
  }
  return clients(await browserAuth(file), opts);
}
