/**
 * Retries for the POST calls googleapis does not retry itself (it retries 429/5xx only
 * for GET, PUT and DELETE). A POST is sent again only when Google certainly applied
 * nothing (429, or no connection at all); a 5xx or a lost response is the caller's
 * business, because an append may have landed (import.ts checks by ID first).
 */
import { errorStatus } from './errors.js';

export interface RetryOptions {
  attempts?: number;
  baseMs?: number;
  /** Also retry 5xx (only for idempotent calls such as values.batchUpdate). */
  idempotent?: boolean;
  sleep?: (ms: number) => Promise<void>;
}

const sleepMs = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** True when the request certainly did not reach Google's data (safe to send again). */
export function certainlyNotApplied(err: unknown): boolean {
  if (errorStatus(err) === 429) return true;
  const code = String((err as { code?: unknown })?.code ?? '');
  return errorStatus(err) === undefined && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(code);
}

function retryAfterMs(err: unknown): number | undefined {
  const headers = (err as { response?: { headers?: unknown } })?.response?.headers as
    | { get?: (k: string) => string | null }
    | Record<string, string>
    | undefined;
  const raw =
    typeof headers?.get === 'function' ? headers.get('retry-after') : (headers as Record<string, string> | undefined)?.['retry-after'];
  const s = Number(raw);
  return Number.isFinite(s) && s > 0 ? s * 1000 : undefined;
}

/** Run `call`, retrying with exponential backoff and full jitter while it is safe to. */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const base = options.baseMs ?? 1000;
  const sleep = options.sleep ?? sleepMs;
  for (let i = 1; ; i++) {
    try {
      return await call();
    } catch (err) {
      const status = errorStatus(err);
      const safe = certainlyNotApplied(err) || (options.idempotent === true && status !== undefined && status >= 500);
      if (!safe || i >= attempts) throw err;
      await sleep(retryAfterMs(err) ?? Math.random() * base * 2 ** (i - 1));
    }
  }
}
