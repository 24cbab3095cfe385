/**
 * Errors the tools show a person: what went wrong and what to do next, zh-CN first,
 * English second. Google's errors are translated here, once, for every tool.
 */
import type { Text } from '../../src/core/table/types.js';

/** A failure with a message and the next step, both bilingual. Nothing was written when thrown before a write. */
export class SetupError extends Error {
  constructor(
    readonly text: Text,
    readonly next: Text,
  ) {
    super(`${text.zh}\n${text.en}`);
  }

  /** The message as printed: both languages, then what to do. */
  display(): string {
    return `错误：${this.text.zh}\n下一步：${this.next.zh}\n\nError: ${this.text.en}\nNext: ${this.next.en}`;
  }
}

interface GoogleErrorShape {
  status?: number;
  code?: string | number;
  message?: string;
  response?: { status?: number; data?: unknown; headers?: unknown };
}

/** HTTP status of a googleapis (gaxios) error, if it had a response. */
export function errorStatus(err: unknown): number | undefined {
  const e = err as GoogleErrorShape;
  return e?.response?.status ?? (typeof e?.status === 'number' ? e.status : undefined);
}

function apiError(err: unknown): { status?: string; message?: string; oauth?: string; oauthText?: string } {
  const data = (err as GoogleErrorShape)?.response?.data as { error?: unknown; error_description?: string } | undefined;
  if (data && typeof data.error === 'object' && data.error) {
    const e = data.error as { status?: string; message?: string };
    return { ...(e.status ? { status: e.status } : {}), ...(e.message ? { message: e.message } : {}) };
  }
  if (data && typeof data.error === 'string')
    return { oauth: data.error, ...(data.error_description ? { oauthText: data.error_description } : {}) };
  return {};
}

export interface ErrorContext {
  spreadsheetId?: string;
  /** The service account's e-mail, when acting as it. */
  actingAs?: string;
}

/**
 * Turn an error from googleapis into a SetupError that says what to do next.
 * Already-explained errors pass through unchanged.
 */
export function explainGoogleError(err: unknown, ctx: ErrorContext = {}): SetupError {
  if (err instanceof SetupError) return err;
  const status = errorStatus(err);
  const api = apiError(err);
  const who = ctx.actingAs ?? '服务账号 / the service account';
  const detail = api.message ?? api.oauthText ?? (err as Error)?.message ?? String(err);
  const code = String((err as GoogleErrorShape)?.code ?? '');

  if (api.oauth || status === 401) {
    return new SetupError(
      {
        zh: `Google 不接受这份凭据（${api.oauth ?? status}：${detail}）`,
        en: `Google refused these credentials (${api.oauth ?? status}: ${detail})`,
      },
      {
        zh: '密钥可能已被删除或文件不对：在 Google Cloud 控制台 → IAM → 服务账号 → 密钥，为该服务账号新建一个 JSON 密钥，再用 --key 指定它（用浏览器登录时，重新运行并用学校的 Google 账号登录）。',
        en: "The key may have been deleted or is the wrong file: in Google Cloud console → IAM → Service accounts → Keys, add a new JSON key for the service account and pass it with --key (when signing in in the browser, run again and sign in with the school's Google account).",
      },
    );
  }
  if (status === 403 && /SERVICE_DISABLED|has not been used|is disabled/i.test(detail)) {
    return new SetupError(
      { zh: `Google Cloud 项目尚未启用所需的 API：${detail}`, en: `The Google Cloud project has not enabled the API: ${detail}` },
      {
        zh: '在 Google Cloud 控制台 → API 和服务 → 库，启用 Google Sheets API（共享需要 Google Drive API），几分钟后重试。',
        en: 'In Google Cloud console → APIs & Services → Library, enable the Google Sheets API (and the Google Drive API for sharing), then try again in a few minutes.',
      },
    );
  }
  if (status === 403) {
    return new SetupError(
      {
        zh: `${who} 无权打开表格 ${ctx.spreadsheetId ?? ''}（表格没有共享给它）`,
        en: `${who} may not open spreadsheet ${ctx.spreadsheetId ?? ''} (it is not shared with it)`,
      },
      {
        zh: `在 Google 表格中点"共享"，添加 ${who} 为"编辑者"，或运行 npm run setup -- --share --spreadsheet ${ctx.spreadsheetId ?? '<ID>'} --service-account <密钥.json> 并用表格所有者登录；然后重试。`,
        en: `In Google Sheets click "Share" and add ${who} as an Editor, or run npm run setup -- --share --spreadsheet ${ctx.spreadsheetId ?? '<ID>'} --service-account <key.json> signed in as the owner; then try again.`,
      },
    );
  }
  if (status === 404) {
    return new SetupError(
      { zh: `找不到表格 ${ctx.spreadsheetId ?? ''}`, en: `Spreadsheet ${ctx.spreadsheetId ?? ''} was not found` },
      {
        zh: '请检查表格 ID：它是表格地址中 /d/ 与 /edit 之间的那一段。',
        en: 'Check the spreadsheet ID: it is the part of its address between /d/ and /edit.',
      },
    );
  }
  if (status === 429) {
    return new SetupError(
      { zh: 'Google 表格的请求配额已用完（每分钟约 60 次）', en: "Google Sheets' request quota is used up (about 60 per minute)" },
      { zh: '等一分钟再运行；已写入的内容不会重复写入。', en: 'Wait a minute and run again; nothing already written is written twice.' },
    );
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET/.test(code + detail)) {
    return new SetupError(
      { zh: `无法连接 Google（${code || detail}）`, en: `Cannot reach Google (${code || detail})` },
      {
        zh: '请检查网络连接（以及 --api 地址，如果用了它），然后重试。',
        en: 'Check the network connection (and the --api address if you gave one), then try again.',
      },
    );
  }
  return new SetupError(
    {
      zh: `Google 返回错误${status ? ` ${status}` : ''}：${detail}`,
      en: `Google returned an error${status ? ` ${status}` : ''}: ${detail}`,
    },
    {
      zh: '稍后重试；若仍然失败，把这段信息发给技术支持。',
      en: 'Try again later; if it keeps failing, send this message to whoever supports you.',
    },
  );
}
