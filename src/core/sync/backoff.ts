/**
 * Retry timing for the gateway: exponential backoff with full jitter (Google's advice
 * for 429 and 5xx), and a per-minute budget so a burst is spread out instead of
 * running into the quota.
 */

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  /** 0..1; injectable so tests are deterministic. */
  random?: () => number;
}

/**
 * Delay before retry number `failures` (1 = first retry): a random point in
 * [base·2^(n-1)/2, base·2^(n-1)], capped. Half-jitter keeps retries spread without
 * ever retrying immediately. A server's Retry-After is a floor.
 * @example backoffMs(3, { baseMs: 1000 }) // between 2000 and 4000
 */
export function backoffMs(failures: number, options: BackoffOptions = {}, retryAfterMs?: number): number {
  const { baseMs = 1000, capMs = 60_000, random = Math.random } = options;
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1));
  const delay = ceiling / 2 + random() * (ceiling / 2);
  return Math.round(Math.max(delay, retryAfterMs ?? 0));
}

/**
 * A token bucket per kind of request (reads, writes). Google's limits are per minute
 * per user (~60 reads, ~60 writes); the gateway spends at most `capacity + perMinute`
 * in any minute, so quiet periods flush at once and a burst is paced evenly instead
 * of using the quota up in the first seconds and then stalling (or meeting 429s).
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    public capacity: number,
    public perMinute: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.at = now;
  }

  /** Milliseconds until `n` tokens are available (0 = now). */
  waitFor(n: number, now: number): number {
    this.refill(now);
    const need = Math.min(n, this.capacity) - this.tokens;
    return need <= 0 ? 0 : Math.ceil((need * 60_000) / this.perMinute);
  }

  take(n: number, now: number): void {
    this.refill(now);
    this.tokens -= n;
  }

  private refill(now: number) {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) * this.perMinute) / 60_000);
    this.at = now;
  }
}
