/**
 * AuthStore: one small Durable Object per spreadsheet (bound as AUTH) that keeps what must
 * be consistent and must not sit in the spreadsheet where anyone with access could read it:
 *
 * - sign-in grants (link tokens and short codes), stored only as HMACs, with expiry,
 *   single use (a batch — the link and the code printed on one sheet — is used up together)
 *   and revocation;
 * - failed-attempt counters for rate limiting, per IP and per person from one IP;
 * - per-person "signed out everywhere" epochs and single revoked sessions;
 * - used nonces of bootstrap links (minted offline from SESSION_SECRET).
 *
 * Storage is the object's SQLite; every method is one synchronous transaction.
 */
import { DurableObject } from 'cloudflare:workers';

export type GrantKind = 'link' | 'code';

export interface GrantSpec {
  kind: GrantKind;
  /** HMAC of the token/code (never the token itself). */
  hash: string;
  expiresAt: number;
}

export type ConsumeResult = { ok: true; personId: string } | { ok: false; reason: 'unknown' | 'expired' | 'used' | 'revoked' | 'limited' };

export interface RateLimit {
  /** Most failures allowed in the window… */
  max: number;
  /** …of this many milliseconds. */
  windowMs: number;
}

export interface LimitSpec {
  ip: string;
  personId?: string;
  perIp: RateLimit;
  perPerson: RateLimit;
}

export interface GrantInfo {
  kind: GrantKind;
  createdAt: number;
  expiresAt: number;
  issuedBy: string;
  state: 'active' | 'used' | 'expired' | 'revoked';
}

export class AuthStore extends DurableObject {
  #sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never);
    this.#sql = ctx.storage.sql;
    this.#sql.exec(`
      CREATE TABLE IF NOT EXISTS grants (
        hash TEXT PRIMARY KEY, person TEXT NOT NULL, kind TEXT NOT NULL, batch TEXT NOT NULL,
        created INTEGER NOT NULL, expires INTEGER NOT NULL, issued_by TEXT NOT NULL,
        used INTEGER, revoked INTEGER);
      CREATE INDEX IF NOT EXISTS grants_person ON grants(person);
      CREATE TABLE IF NOT EXISTS failures (key TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS failures_key ON failures(key, at);
      CREATE TABLE IF NOT EXISTS epochs (person TEXT PRIMARY KEY, since INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS revoked_sessions (sid TEXT PRIMARY KEY, until INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS nonces (nonce TEXT PRIMARY KEY, until INTEGER NOT NULL);
    `);
  }

  /** Store a batch of grants for a person (e.g. the link and the code of one printed sheet). */
  async issue(personId: string, grants: readonly GrantSpec[], issuedBy: string, now = Date.now()): Promise<string> {
    const batch = crypto.randomUUID();
    for (const g of grants) {
      this.#sql.exec(
        'INSERT INTO grants (hash, person, kind, batch, created, expires, issued_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
        g.hash,
        personId,
        g.kind,
        batch,
        now,
        g.expiresAt,
        issuedBy,
      );
    }
    this.#sweep(now);
    return batch;
  }

  /**
   * Use a grant up. `hashes` are the candidate's HMACs under each key in SESSION_SECRET.
   * For codes, `personId` must match the grant's person. Failures count against the limits;
   * once over a limit, even a right code is refused until the window passes.
   */
  async consume(
    kind: GrantKind,
    hashes: readonly string[],
    limits: LimitSpec,
    personId?: string,
    now = Date.now(),
  ): Promise<ConsumeResult> {
    if (this.#limited(limits, now)) return { ok: false, reason: 'limited' };
    let row: Record<string, SqlStorageValue> | undefined;
    for (const h of hashes) {
      row = this.#sql.exec('SELECT * FROM grants WHERE hash = ? AND kind = ?', h, kind).toArray()[0];
      if (row) break;
    }
    const fail = (reason: 'unknown' | 'expired' | 'used' | 'revoked'): ConsumeResult => {
      this.#fail(limits, now);
      return { ok: false, reason };
    };
    if (!row || (personId !== undefined && row.person !== personId)) return fail('unknown');
    if (row.revoked !== null) return fail('revoked');
    if (row.used !== null) return fail('used');
    if ((row.expires as number) <= now) return fail('expired');
    this.#sql.exec('UPDATE grants SET used = ? WHERE batch = ? AND used IS NULL', now, row.batch);
    return { ok: true, personId: row.person as string };
  }

  /** Count a failed attempt that never reached a grant (e.g. an unknown phone number). */
  async recordFailure(limits: LimitSpec, now = Date.now()): Promise<boolean> {
    if (this.#limited(limits, now)) return false;
    this.#fail(limits, now);
    return true;
  }

  async isLimited(limits: LimitSpec, now = Date.now()): Promise<boolean> {
    return this.#limited(limits, now);
  }

  /** Revoke every unused grant of a person. Returns how many. */
  async revokeGrants(personId: string, now = Date.now()): Promise<number> {
    return this.#sql.exec(
      'UPDATE grants SET revoked = ? WHERE person = ? AND used IS NULL AND revoked IS NULL AND expires > ?',
      now,
      personId,
      now,
    ).rowsWritten;
  }

  async grants(personId: string, now = Date.now()): Promise<GrantInfo[]> {
    return this.#sql
      .exec('SELECT kind, created, expires, issued_by, used, revoked FROM grants WHERE person = ? ORDER BY created DESC LIMIT 20', personId)
      .toArray()
      .map((r) => ({
        kind: r.kind as GrantKind,
        createdAt: r.created as number,
        expiresAt: r.expires as number,
        issuedBy: r.issued_by as string,
        state: r.revoked !== null ? 'revoked' : r.used !== null ? 'used' : (r.expires as number) <= now ? 'expired' : 'active',
      }));
  }

  /** Sign people out on every device: sessions issued up to now (ms) stop working. */
  async signOutEverywhere(personIds: string | readonly string[], now = Date.now()): Promise<void> {
    for (const id of typeof personIds === 'string' ? [personIds] : personIds) {
      this.#sql.exec(
        'INSERT INTO epochs (person, since) VALUES (?, ?) ON CONFLICT(person) DO UPDATE SET since = excluded.since',
        id,
        now + 1,
      );
    }
  }

  /** Sign one session out (until its own expiry, ms). */
  async revokeSession(sid: string, until: number): Promise<void> {
    this.#sql.exec('INSERT OR REPLACE INTO revoked_sessions (sid, until) VALUES (?, ?)', sid, until);
  }

  /** Is this session still good (not signed out, not before the person's epoch)? */
  async sessionValid(personId: string, sid: string, issuedAt: number): Promise<boolean> {
    const epoch = this.#sql.exec('SELECT since FROM epochs WHERE person = ?', personId).toArray()[0];
    if (epoch && issuedAt < (epoch.since as number)) return false;
    return this.#sql.exec('SELECT 1 FROM revoked_sessions WHERE sid = ?', sid).toArray().length === 0;
  }

  /** Record a bootstrap link's nonce (kept until `until`, seconds); false when it was used before. */
  async useNonce(nonce: string, until: number): Promise<boolean> {
    if (this.#sql.exec('SELECT 1 FROM nonces WHERE nonce = ?', nonce).toArray().length > 0) return false;
    this.#sql.exec('INSERT INTO nonces (nonce, until) VALUES (?, ?)', nonce, until);
    return true;
  }

  #keys(limits: LimitSpec): Array<[string, RateLimit]> {
    const keys: Array<[string, RateLimit]> = [[`ip:${limits.ip}`, limits.perIp]];
    // Per person *from this source*: a person-wide lock would let anyone lock anyone out by
    // typing wrong codes against sequential IDs (see PER_PERSON in grants.ts for why this is enough).
    if (limits.personId) keys.push([`person:${limits.personId}|ip:${limits.ip}`, limits.perPerson]);
    return keys;
  }

  #limited(limits: LimitSpec, now: number): boolean {
    for (const [key, limit] of this.#keys(limits)) {
      const n = this.#sql.exec('SELECT COUNT(*) AS n FROM failures WHERE key = ? AND at > ?', key, now - limit.windowMs).one().n as number;
      if (n >= limit.max) return true;
    }
    return false;
  }

  #fail(limits: LimitSpec, now: number): void {
    for (const [key] of this.#keys(limits)) this.#sql.exec('INSERT INTO failures (key, at) VALUES (?, ?)', key, now);
  }

  /** Forget what no longer matters (old failures, long-expired grants and revocations). */
  #sweep(now: number): void {
    this.#sql.exec('DELETE FROM failures WHERE at < ?', now - 24 * 3600_000);
    this.#sql.exec('DELETE FROM grants WHERE expires < ?', now - 90 * 24 * 3600_000);
    this.#sql.exec('DELETE FROM revoked_sessions WHERE until < ?', now);
    this.#sql.exec('DELETE FROM nonces WHERE until < ?', Math.floor(now / 1000));
  }
}
