/**
 * One error type for everything that goes wrong talking to Google: HTTP errors
 * mapped from Google's JSON body (or a bare status), token failures and network
 * failures, with a `retryable` verdict the client and the gateway act on.
 */
import type { Text } from '../table/types.js';

/** Google's canonical status strings we meet, plus NETWORK for fetch failures and timeouts. */
export type SheetsErrorCode =
  | 'INVALID_ARGUMENT'
  | 'FAILED_PRECONDITION'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'ABORTED'
  | 'RESOURCE_EXHAUSTED'
  | 'INTERNAL'
  | 'UNAVAILABLE'
  | 'DEADLINE_EXCEEDED'
  | 'UNIMPLEMENTED'
  | 'NETWORK'
  | 'UNKNOWN';

/** HTTP statuses worth retrying with backoff (Google's guidance for Sheets). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

export interface SheetsErrorInit {
  status: number;
  code: SheetsErrorCode;
  retryable: boolean;
  retryAfterMs?: number;
  /**
   * True when the request certainly never reached Google or was refused before
   * anything was applied (429, 401, connection refused): safe to repeat even
   * for non-idempotent calls such as append.
   */
  notApplied?: boolean;
  cause?: unknown;
}

/**
 * An error from the Sheets API, the token endpoint or the network.
 * `status` is the HTTP status (0 when no response arrived).
 * @example
 * try { await sheets.batchGet(id, ranges) }
 * catch (e) { if (e instanceof SheetsError && e.code === 'PERMISSION_DENIED') … }
 */
export class SheetsError extends Error {
  override readonly name = 'SheetsError';
  readonly status: number;
  readonly code: SheetsErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly notApplied: boolean;

  constructor(message: string, init: SheetsErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.retryable = init.retryable;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    this.notApplied = init.notApplied ?? false;
  }
}

const CODE_BY_STATUS: Record<number, SheetsErrorCode> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  408: 'DEADLINE_EXCEEDED',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const KNOWN_CODES = new Set<string>([
  'INVALID_ARGUMENT',
  'FAILED_PRECONDITION',
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'ABORTED',
  'RESOURCE_EXHAUSTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DEADLINE_EXCEEDED',
  'UNIMPLEMENTED',
]);

/**
 * Parse a Retry-After header: delta-seconds or an HTTP date. Returns ms, or
 * undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

interface GoogleErrorBody {
  error?:
    | {
        code?: number;
        message?: string;
        status?: string;
        errors?: Array<{ reason?: string; message?: string }>;
        details?: Array<{ '@type'?: string; reason?: string }>;
      }
    | string;
  error_description?: string;
}

/**
 * Map an HTTP error response (status, body text, Retry-After) to a SheetsError.
 * Understands Google's `{"error":{"code","message","status"}}`, the OAuth token
 * endpoint's `{"error":"invalid_grant","error_description":…}`, and non-JSON
 * bodies (HTML from a load balancer, empty bodies).
 */
export function sheetsErrorFromResponse(status: number, bodyText: string, retryAfter?: string | null, context = 'Sheets API'): SheetsError {
  let code: SheetsErrorCode = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'UNKNOWN');
  let message = '';
  let rateLimited = false;
  let body: GoogleErrorBody | undefined;
  try {
    body = JSON.parse(bodyText) as GoogleErrorBody;
  } catch {
    body = undefined;
  }
  if (body && typeof body.error === 'object' && body.error !== null) {
    const e = body.error;
    if (typeof e.status === 'string' && KNOWN_CODES.has(e.status)) code = e.status as SheetsErrorCode;
    message = e.message ?? '';
    const reasons = [...(e.errors ?? []).map((x) => x.reason), ...(e.details ?? []).map((x) => x.reason)];
    rateLimited = reasons.some((r) => typeof r === 'string' && /rate_?limit/i.test(r));
  } else if (body && typeof body.error === 'string') {
    // OAuth token endpoint: invalid_grant / invalid_client are credential problems.
    message = body.error_description ? `${body.error}: ${body.error_description}` : body.error;
    if (status === 400 || status === 401) code = 'UNAUTHENTICATED';
  } else {
    message = bodyText
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 200);
  }
  // Older quota errors come as 403 with a rateLimitExceeded reason: treat like 429.
  if (status === 403 && rateLimited) code = 'RESOURCE_EXHAUSTED';
  const retryable = RETRYABLE_STATUSES.has(status) || code === 'RESOURCE_EXHAUSTED';
  const retryAfterMs = parseRetryAfter(retryAfter);
  return new SheetsError(`${context} ${status} ${code}${message ? `: ${message}` : ''}`, {
    status,
    code,
    retryable,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    // A quota refusal or an auth refusal happens before Google applies anything.
    notApplied: code === 'RESOURCE_EXHAUSTED' || status === 401,
  });
}

/**
 * A fetch that threw (code NETWORK, status 0): `timedOut` when our AbortSignal
 * fired — Google may have received and applied the request — otherwise a
 * connection failure before any response (`notApplied`: nothing was applied).
 */
export function networkError(cause: unknown, timedOut: boolean, context = 'Sheets API'): SheetsError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new SheetsError(`${context} ${timedOut ? 'timed out' : 'unreachable'}: ${detail}`, {
    status: 0,
    code: 'NETWORK',
    retryable: true,
    notApplied: !timedOut,
    cause,
  });
}

/**
 * A SheetsError again after it crossed a Durable Object RPC boundary, where workerd keeps only
 * a plain Error whose message starts "SheetsError: " (status and code read back from it), so
 * the error page can still explain it. Any other error is returned unchanged.
 */
export function reviveSheetsError(err: unknown): unknown {
  if (err instanceof SheetsError || !(err instanceof Error)) return err;
  const m = /^SheetsError: (.*)$/s.exec(err.message);
  if (!m) return err;
  const message = m[1]!;
  const http = /^\S+(?: \S+)? (\d{3}) ([A-Z_]+)\b/.exec(message);
  const status = http ? Number(http[1]) : 0;
  const code =
    http && (KNOWN_CODES.has(http[2]!) || http[2] === 'UNKNOWN')
      ? (http[2] as SheetsErrorCode)
      : / (timed out|unreachable): /.test(message)
        ? 'NETWORK'
        : 'UNKNOWN';
  return new SheetsError(message, {
    status,
    code,
    retryable: RETRYABLE_STATUSES.has(status) || code === 'RESOURCE_EXHAUSTED' || code === 'NETWORK',
  });
}

const EXPLANATIONS: Record<SheetsErrorCode, Text> = {
  INVALID_ARGUMENT: {
    zh: '请求被表格拒绝（可能是工作表被重命名或删除）',
    en: 'The spreadsheet rejected the request (a tab may have been renamed or deleted)',
  },
  FAILED_PRECONDITION: { zh: '表格当前状态不允许此操作', en: 'The spreadsheet is not in a state that allows this' },
  UNAUTHENTICATED: { zh: '服务账号凭据无效或已过期', en: 'The service account credentials are invalid or expired' },
  PERMISSION_DENIED: {
    zh: '表格未共享给服务账号（请以“编辑者”身份共享）',
    en: 'The spreadsheet is not shared with the service account (share it as Editor)',
  },
  NOT_FOUND: { zh: '找不到该表格，请检查表格 ID', en: 'Spreadsheet not found; check the spreadsheet ID' },
  ALREADY_EXISTS: { zh: '同名工作表已存在', en: 'A tab with that name already exists' },
  ABORTED: { zh: '与他人的修改冲突，请重试', en: 'Conflicted with another change; try again' },
  RESOURCE_EXHAUSTED: { zh: '访问 Google 表格过于频繁，稍后自动重试', en: 'Too many requests to Google Sheets; will retry shortly' },
  INTERNAL: { zh: 'Google 表格暂时出错，稍后自动重试', en: 'Google Sheets had an internal error; will retry shortly' },
  UNAVAILABLE: { zh: 'Google 表格暂时不可用，稍后自动重试', en: 'Google Sheets is temporarily unavailable; will retry shortly' },
  DEADLINE_EXCEEDED: { zh: 'Google 表格响应超时', en: 'Google Sheets did not answer in time' },
  UNIMPLEMENTED: { zh: 'Google 表格不支持此操作', en: 'Google Sheets does not support this operation' },
  NETWORK: {
    zh: '无法连接 Google 表格（网络故障或超时），稍后自动重试',
    en: 'Could not reach Google Sheets (network failure or timeout); will retry shortly',
  },
  UNKNOWN: { zh: '访问 Google 表格时出现未知错误', en: 'Unknown error talking to Google Sheets' },
};

/**
 * A short explanation for people (head of logistics, whoever set up the school),
 * in both languages. Accepts any error; non-Sheets errors read as UNKNOWN.
 * @example explainSheetsError(err).zh // '表格未共享给服务账号（请以“编辑者”身份共享）'
 */
export function explainSheetsError(err: unknown): Text {
  if (!(err instanceof SheetsError)) return EXPLANATIONS.UNKNOWN;
  if (err.code === 'INVALID_ARGUMENT' && /unable to parse range/i.test(err.message)) {
    return { zh: '找不到工作表（可能被重命名或删除）', en: 'A tab was not found (it may have been renamed or deleted)' };
  }
  return EXPLANATIONS[err.code];
}
