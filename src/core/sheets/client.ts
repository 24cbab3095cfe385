/**
 * SheetsClient: the Worker's one funnel to Google Sheets API v4 — auth, URL
 * building, error mapping, timeouts and retries in one place. Every write is
 * RAW; there is deliberately no way to send USER_ENTERED.
 */
import type { Env } from '../../env.js';
import { networkError, SheetsError, sheetsErrorFromResponse } from './errors.js';
import { getAccessToken, invalidateToken, isTimeout, parseServiceAccount, resolveTokenUrl, type ServiceAccountKey } from './token.js';
import type {
  AppendResult,
  BatchUpdateValuesResult,
  DataFilter,
  DataFilterValueRange,
  MatchedValueRange,
  ReadOptions,
  RowValues,
  Sheets,
  SpreadsheetInfo,
  UpdateByDataFilterResult,
  ValueRange,
} from './types.js';

export const DEFAULT_API_BASE = 'https://sheets.googleapis.com';

export interface RetryOptions {
  /** Total tries including the first (default 4). */
  attempts?: number;
  /** First backoff ceiling; doubles per retry (default 500 ms). */
  baseDelayMs?: number;
  /** Backoff ceiling; a Retry-After longer than this is not waited for (default 8 s). */
  maxDelayMs?: number;
}

export interface SheetsClientOptions {
  /** e.g. https://sheets.googleapis.com or the local emulator's URL. */
  apiBase: string;
  /** Token endpoint; empty → the key's token_uri → Google's. */
  tokenUrl: string;
  /** The service-account JSON key (text as stored in the secret, or parsed). */
  serviceAccount: string | ServiceAccountKey;
  fetch?: typeof fetch;
  retry?: RetryOptions;
  /** Per HTTP request (default 20 s); a timeout counts as a retryable failure. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1) (tests). */
  random?: () => number;
  /** Clock for token expiry (tests). */
  now?: () => number;
}

/**
 * How a call may be repeated after a failure:
 * - `idempotent`: reads and values.batchUpdate (same cells, same values) — retried on any retryable error;
 * - `once`: append and structural batchUpdate — retried only when Google certainly did not apply it
 *   (429, refused token, connection failure before any response). A 5xx or timeout is thrown
 *   as a retryable SheetsError: the gateway checks by row ID before appending again.
 */
type Safety = 'idempotent' | 'once';

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Google Sheets v4 over fetch, with service-account auth, retries where safe and
 * a request counter.
 * @example
 * const sheets = new SheetsClient({ apiBase: env.SHEETS_API_BASE, tokenUrl: env.GOOGLE_TOKEN_URL, serviceAccount: env.GOOGLE_SERVICE_ACCOUNT })
 * const [assets] = await sheets.batchGet(id, ["'资产'"])
 */
export class SheetsClient implements Sheets {
  /** HTTP requests sent to the Sheets API (token requests not included). */
  requests = 0;

  readonly #apiBase: string;
  readonly #tokenUrlSetting: string;
  readonly #serviceAccount: string | ServiceAccountKey;
  #key: ServiceAccountKey | undefined;
  readonly #fetch: typeof fetch;
  readonly #attempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #timeoutMs: number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #now: () => number;

  constructor(opts: SheetsClientOptions) {
    this.#apiBase = (opts.apiBase || DEFAULT_API_BASE).replace(/\/+$/, '');
    this.#tokenUrlSetting = opts.tokenUrl;
    this.#serviceAccount = opts.serviceAccount;
    // Wrap instead of storing globalThis.fetch: workerd throws "Illegal invocation" on a detached fetch.
    this.#fetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
    this.#attempts = Math.max(1, opts.retry?.attempts ?? 4);
    this.#baseDelayMs = opts.retry?.baseDelayMs ?? 500;
    this.#maxDelayMs = opts.retry?.maxDelayMs ?? 8_000;
    this.#timeoutMs = opts.timeoutMs ?? 20_000;
    this.#sleep = opts.sleep ?? defaultSleep;
    this.#random = opts.random ?? Math.random;
    this.#now = opts.now ?? Date.now;
  }

  /** spreadsheets.get with a field mask, e.g. 'sheets.properties'; `ranges` limit sheets and grid data. */
  async getSpreadsheet(spreadsheetId: string, fields: string, ranges: readonly string[] = []): Promise<SpreadsheetInfo> {
    const url = `${this.#sheetUrl(spreadsheetId)}?fields=${encodeURIComponent(fields)}${ranges.map((r) => `&ranges=${encodeURIComponent(r)}`).join('')}`;
    return this.#call('GET', url, undefined, 'idempotent');
  }

  /** values:batchGet, several ranges in one request (defaults: UNFORMATTED_VALUE + SERIAL_NUMBER). */
  async batchGet(spreadsheetId: string, ranges: string[], options: ReadOptions = {}): Promise<ValueRange[]> {
    if (ranges.length === 0) return [];
    const params = ranges.map((r) => `ranges=${encodeURIComponent(r)}`);
    params.push(`valueRenderOption=${options.valueRenderOption ?? 'UNFORMATTED_VALUE'}`);
    params.push(`dateTimeRenderOption=${options.dateTimeRenderOption ?? 'SERIAL_NUMBER'}`);
    if (options.majorDimension) params.push(`majorDimension=${options.majorDimension}`);
    const url = `${this.#sheetUrl(spreadsheetId)}/values:batchGet?${params.join('&')}`;
    const res = await this.#call<{ valueRanges?: ValueRange[] }>('GET', url, undefined, 'idempotent');
    return res.valueRanges ?? [];
  }

  /**
   * values:append, RAW, INSERT_ROWS. Not retried after a 5xx or timeout (it may
   * have been applied): the caller gets a retryable SheetsError and decides.
   */
  async append(spreadsheetId: string, range: string, rows: RowValues[]): Promise<AppendResult> {
    const url =
      `${this.#sheetUrl(spreadsheetId)}/values/${encodeURIComponent(range)}:append` +
      '?valueInputOption=RAW&insertDataOption=INSERT_ROWS&includeValuesInResponse=false';
    return this.#call('POST', url, { range, majorDimension: 'ROWS', values: rows }, 'once');
  }

  /** values:batchUpdate, RAW. Idempotent, so retried on any retryable failure. */
  async batchUpdateValues(spreadsheetId: string, data: ValueRange[]): Promise<BatchUpdateValuesResult> {
    if (data.length === 0) return { totalUpdatedRows: 0, totalUpdatedCells: 0, responses: [] };
    const url = `${this.#sheetUrl(spreadsheetId)}/values:batchUpdate`;
    return this.#call('POST', url, { valueInputOption: 'RAW', data }, 'idempotent');
  }

  /** spreadsheets:batchUpdate (structure). Like append, only retried when certainly not applied. */
  async batchUpdate(spreadsheetId: string, requests: object[]): Promise<{ replies?: object[] }> {
    const url = `${this.#sheetUrl(spreadsheetId)}:batchUpdate`;
    return this.#call('POST', url, { requests }, 'once');
  }

  /** values:batchGetByDataFilter: a read, so retried like one. */
  async batchGetByDataFilter(spreadsheetId: string, dataFilters: DataFilter[]): Promise<MatchedValueRange[]> {
    const url = `${this.#sheetUrl(spreadsheetId)}/values:batchGetByDataFilter`;
    const res = await this.#call<{ valueRanges?: MatchedValueRange[] }>(
      'POST',
      url,
      { dataFilters, valueRenderOption: 'UNFORMATTED_VALUE', dateTimeRenderOption: 'SERIAL_NUMBER' },
      'idempotent',
    );
    return res.valueRanges ?? [];
  }

  /** values:batchUpdateByDataFilter, RAW, with the written ranges' values in the answer (to verify where it landed). */
  async batchUpdateByDataFilter(spreadsheetId: string, data: DataFilterValueRange[]): Promise<UpdateByDataFilterResult> {
    const url = `${this.#sheetUrl(spreadsheetId)}/values:batchUpdateByDataFilter`;
    const body = {
      valueInputOption: 'RAW',
      data,
      includeValuesInResponse: true,
      responseValueRenderOption: 'UNFORMATTED_VALUE',
      responseDateTimeRenderOption: 'SERIAL_NUMBER',
    };
    return this.#call('POST', url, body, 'idempotent');
  }

  #sheetUrl(spreadsheetId: string): string {
    return `${this.#apiBase}/v4/spreadsheets/${encodeURIComponent(spreadsheetId)}`;
  }

  #credentials(): { key: ServiceAccountKey; tokenUrl: string } {
    // Parsed lazily so a bad secret surfaces as a SheetsError on use, not at construction.
    this.#key ??= parseServiceAccount(this.#serviceAccount);
    return { key: this.#key, tokenUrl: resolveTokenUrl(this.#key, this.#tokenUrlSetting) };
  }

  async #call<T>(method: 'GET' | 'POST', url: string, body: unknown, safety: Safety): Promise<T> {
    const { key, tokenUrl } = this.#credentials();
    const tokenOpts = { fetch: this.#fetch, now: this.#now, timeoutMs: this.#timeoutMs };
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      let err: SheetsError;
      try {
        const token = await getAccessToken(key, tokenUrl, tokenOpts);
        const res = await this.#send(method, url, body, token);
        const text = await res.text();
        if (res.ok) return parseBody<T>(res.status, text);
        err = sheetsErrorFromResponse(res.status, text, res.headers.get('retry-after'));
        if (res.status === 401 && !refreshed) {
          // An expired or revoked token: refresh once and try again at no cost to the retry budget.
          refreshed = true;
          invalidateToken(key, tokenUrl, token);
          attempt--;
          continue;
        }
      } catch (e) {
        if (!(e instanceof SheetsError)) throw e;
        err = e;
      }
      const mayRepeat = err.retryable && (safety === 'idempotent' || err.notApplied);
      if (!mayRepeat || attempt >= this.#attempts) throw err;
      const ceiling = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (attempt - 1));
      const jitter = Math.floor(this.#random() * ceiling);
      // A Retry-After longer than we are willing to block a request for goes back to the caller.
      if (err.retryAfterMs !== undefined && err.retryAfterMs > this.#maxDelayMs) throw err;
      await this.#sleep(Math.max(jitter, err.retryAfterMs ?? 0));
    }
  }

  async #send(method: 'GET' | 'POST', url: string, body: unknown, token: string): Promise<Response> {
    this.requests++;
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await this.#fetch(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (e) {
      throw networkError(e, isTimeout(e));
    }
  }
}

function parseBody<T>(status: number, text: string): T {
  if (!text) return {} as T;
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    // A success we cannot read (a proxy's HTML page?): the write may have happened, so not retryable.
    throw new SheetsError(`Sheets API ${status}: response is not JSON`, { status, code: 'UNKNOWN', retryable: false, cause: e });
  }
}

/**
 * The client for this deployment's bindings.
 * @example app.use(async (c, next) => { const sheets = sheetsFromEnv(c.env); … })
 */
export function sheetsFromEnv(env: Pick<Env, 'SHEETS_API_BASE' | 'GOOGLE_TOKEN_URL' | 'GOOGLE_SERVICE_ACCOUNT'>): SheetsClient {
  return new SheetsClient({
    apiBase: env.SHEETS_API_BASE || DEFAULT_API_BASE,
    tokenUrl: env.GOOGLE_TOKEN_URL,
    serviceAccount: env.GOOGLE_SERVICE_ACCOUNT,
  });
}
