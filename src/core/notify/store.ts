/**
 * NotifyStore: one Durable Object per school holding what must survive redelivery — which
 * deliveries were sent (the once-only record), the per-target rate windows, the WeCom app's
 * cached access token, and the delivery log the head of logistics reads at /notify.
 *
 * A delivery is claimed before it is sent and marked sent after; a second copy arriving while
 * the first is in flight is told to come back later (a lease), one arriving after is dropped.
 */
import { DurableObject } from 'cloudflare:workers';

export type Outcome = 'sent' | 'failed' | 'retry' | 'dead' | 'duplicate' | 'deferred';

export interface LogLine {
  at: number;
  key: string;
  event: string;
  person: string;
  channel: string;
  target: string;
  outcome: Outcome;
  attempt: number;
  detail: string;
}

const LEASE_MS = 60_000;
const LOG_KEEP = 5000;

export class NotifyStore extends DurableObject {
  #sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never);
    this.#sql = ctx.storage.sql;
    this.#sql.exec(`
      CREATE TABLE IF NOT EXISTS deliveries (key TEXT PRIMARY KEY, state TEXT NOT NULL, lease_until INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS log (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER, key TEXT, event TEXT, person TEXT, channel TEXT, target TEXT, outcome TEXT, attempt INTEGER, detail TEXT);
      CREATE TABLE IF NOT EXISTS rate (bucket TEXT PRIMARY KEY, count INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS tokens (name TEXT PRIMARY KEY, token TEXT NOT NULL, expires INTEGER NOT NULL);
    `);
  }

  /** 'go' (send it now), 'sent' (already sent: drop this copy), 'busy' (another copy is sending: retry later). */
  claim(key: string, now = Date.now()): { state: 'go' | 'sent' | 'busy'; attempt: number } {
    const row = this.#sql
      .exec<{ state: string; lease_until: number; attempts: number }>(
        'SELECT state, lease_until, attempts FROM deliveries WHERE key = ?',
        key,
      )
      .toArray()[0];
    if (row?.state === 'sent' || row?.state === 'failed') return { state: 'sent', attempt: row.attempts };
    if (row && row.lease_until > now) return { state: 'busy', attempt: row.attempts };
    const attempt = (row?.attempts ?? 0) + 1;
    this.#sql.exec(
      'INSERT INTO deliveries (key, state, lease_until, attempts, updated) VALUES (?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET state = excluded.state, lease_until = excluded.lease_until, attempts = excluded.attempts, updated = excluded.updated',
      key,
      'sending',
      now + LEASE_MS,
      attempt,
      now,
    );
    return { state: 'go', attempt };
  }

  /**
   * After a send: 'sent' and 'failed' (permanent: bad config) are final; 'retry' releases the
   * lease for the next attempt. Logged either way.
   */
  settle(line: LogLine): void {
    const final = line.outcome === 'sent' || line.outcome === 'failed' || line.outcome === 'dead';
    this.#sql.exec(
      'UPDATE deliveries SET state = ?, lease_until = 0, updated = ? WHERE key = ?',
      final ? (line.outcome === 'sent' ? 'sent' : 'failed') : 'pending',
      line.at,
      line.key,
    );
    this.log(line);
  }

  log(line: LogLine): void {
    this.#sql.exec(
      'INSERT INTO log (at, key, event, person, channel, target, outcome, attempt, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      line.at,
      line.key,
      line.event,
      line.person,
      line.channel,
      line.target,
      line.outcome,
      line.attempt,
      line.detail.slice(0, 500),
    );
    this.#sql.exec('DELETE FROM log WHERE id <= (SELECT MAX(id) FROM log) - ?', LOG_KEEP);
  }

  /** One slot of `limit` per minute for this target; false when the minute is full. */
  take(target: string, limit: number, now = Date.now()): boolean {
    const bucket = `${target}@${Math.floor(now / 60_000)}`;
    const used = this.#sql.exec<{ count: number }>('SELECT count FROM rate WHERE bucket = ?', bucket).toArray()[0]?.count ?? 0;
    if (used >= limit) return false;
    this.#sql.exec('INSERT INTO rate (bucket, count) VALUES (?, 1) ON CONFLICT(bucket) DO UPDATE SET count = count + 1', bucket);
    this.#sql.exec("DELETE FROM rate WHERE CAST(substr(bucket, instr(bucket, '@') + 1) AS INTEGER) < ?", Math.floor(now / 60_000) - 5);
    return true;
  }

  tokenGet(name: string, now = Date.now()): string | null {
    return (
      this.#sql.exec<{ token: string }>('SELECT token FROM tokens WHERE name = ? AND expires > ?', name, now).toArray()[0]?.token ?? null
    );
  }
  tokenPut(name: string, token: string, ttlSeconds: number, now = Date.now()): void {
    this.#sql.exec(
      'INSERT INTO tokens (name, token, expires) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET token = excluded.token, expires = excluded.expires',
      name,
      token,
      now + ttlSeconds * 1000,
    );
  }
  tokenDrop(name: string): void {
    this.#sql.exec('DELETE FROM tokens WHERE name = ?', name);
  }

  /** The newest log lines, and counts since `since` (ms). */
  recent(limit = 200, since = 0): { lines: LogLine[]; counts: Record<Outcome, number> } {
    const lines = this.#sql
      .exec<Record<string, SqlStorageValue>>(
        'SELECT at, key, event, person, channel, target, outcome, attempt, detail FROM log ORDER BY id DESC LIMIT ?',
        limit,
      )
      .toArray() as unknown as LogLine[];
    const counts = { sent: 0, failed: 0, retry: 0, dead: 0, duplicate: 0, deferred: 0 } as Record<Outcome, number>;
    for (const r of this.#sql.exec<{ outcome: Outcome; n: number }>(
      'SELECT outcome, COUNT(*) AS n FROM log WHERE at >= ? GROUP BY outcome',
      since,
    ))
      counts[r.outcome] = r.n;
    return { lines, counts };
  }

  /** Keys and states, for the benchmark's and tests' once-only checks. */
  states(): Record<string, string> {
    return Object.fromEntries(
      this.#sql
        .exec<{ key: string; state: string }>('SELECT key, state FROM deliveries')
        .toArray()
        .map((r) => [r.key, r.state]),
    );
  }
}
