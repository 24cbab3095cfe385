/**
 * The gateway's durable write queue in the Durable Object's SQLite storage. Every
 * state change is one synchronous statement (or a few inside one synchronous block),
 * so it commits atomically with the surrounding DO event: a write acknowledged to a
 * user is on disk, and a restart finds each write in the last state it was put in.
 */
import type { TabKey } from '../../../sheets-schema/index.js';
import type { WriteGuard, WriteState } from '../data/types.js';
import type { Values } from '../table/types.js';

export type WriteKind = 'append' | 'update' | 'audit';

export interface QueuedWrite {
  seq: number;
  writeId: string;
  idempotencyKey: string;
  kind: WriteKind;
  tab: TabKey;
  rowId: string;
  values: Values;
  actor: { id: string; name: string };
  action: string;
  /** Checked on the fresh read of the flush that first sends it (see `WriteGuard`). */
  guard?: WriteGuard;
  state: WriteState;
  /** Times the write was sent to Google. */
  attempts: number;
  createdAt: number;
  updatedAt: number;
  /** Why it is a conflict or failed (both languages, ' / '-joined), or the last transient error. */
  reason: string | null;
  discardedAt: number | null;
}

interface Row extends Record<string, SqlStorageValue> {
  seq: number;
  write_id: string;
  idem: string;
  kind: string;
  tab: string;
  row_id: string;
  body: string;
  state: string;
  attempts: number;
  created_at: number;
  updated_at: number;
  reason: string | null;
  discarded_at: number | null;
}

const fromRow = (r: Row): QueuedWrite => {
  const body = JSON.parse(r.body) as { values: Values; actor: { id: string; name: string }; action: string; guard?: WriteGuard };
  return {
    seq: r.seq,
    writeId: r.write_id,
    idempotencyKey: r.idem,
    kind: r.kind as WriteKind,
    tab: r.tab as TabKey,
    rowId: r.row_id,
    values: body.values,
    actor: body.actor,
    action: body.action,
    ...(body.guard ? { guard: body.guard } : {}),
    state: r.state as WriteState,
    attempts: r.attempts,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    reason: r.reason,
    discardedAt: r.discarded_at,
  };
};

export type NewWrite = Pick<QueuedWrite, 'writeId' | 'idempotencyKey' | 'kind' | 'tab' | 'rowId' | 'values' | 'actor' | 'action' | 'guard'>;

/** Writes not yet in the sheet and not parked: the flush works on these. */
const ACTIVE = `state IN ('queued','syncing')`;

export class WriteQueue {
  constructor(private sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS writes (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      write_id TEXT NOT NULL UNIQUE,
      idem TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      tab TEXT NOT NULL,
      row_id TEXT NOT NULL,
      body TEXT NOT NULL,
      state TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      reason TEXT,
      discarded_at INTEGER
    )`);
    sql.exec(`CREATE INDEX IF NOT EXISTS writes_state ON writes(state, seq)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL)`);
  }

  byIdempotencyKey(key: string): QueuedWrite | null {
    const r = this.sql.exec<Row>(`SELECT * FROM writes WHERE idem = ?`, key).toArray()[0];
    return r ? fromRow(r) : null;
  }

  get(writeId: string): QueuedWrite | null {
    const r = this.sql.exec<Row>(`SELECT * FROM writes WHERE write_id = ?`, writeId).toArray()[0];
    return r ? fromRow(r) : null;
  }

  many(writeIds: readonly string[]): QueuedWrite[] {
    if (writeIds.length === 0) return [];
    const marks = writeIds.map(() => '?').join(',');
    return this.sql
      .exec<Row>(`SELECT * FROM writes WHERE write_id IN (${marks})`, ...writeIds)
      .toArray()
      .map(fromRow);
  }

  add(w: NewWrite, now: number): QueuedWrite {
    const body = JSON.stringify({ values: w.values, actor: w.actor, action: w.action, ...(w.guard ? { guard: w.guard } : {}) });
    this.sql.exec(
      `INSERT INTO writes (write_id, idem, kind, tab, row_id, body, state, created_at, updated_at) VALUES (?,?,?,?,?,?,'queued',?,?)`,
      w.writeId,
      w.idempotencyKey,
      w.kind,
      w.tab,
      w.rowId,
      body,
      now,
      now,
    );
    return this.get(w.writeId)!;
  }

  /** Active writes in queue order (oldest first), at most `limit`. */
  active(limit = 10_000): QueuedWrite[] {
    return this.sql.exec<Row>(`SELECT * FROM writes WHERE ${ACTIVE} ORDER BY seq LIMIT ?`, limit).toArray().map(fromRow);
  }

  /** Writes of these tabs that reads must overlay: unsynced ones, and those synced after `sinceMs`. */
  overlay(tab: TabKey, sinceMs: number): QueuedWrite[] {
    return this.sql
      .exec<Row>(
        `SELECT * FROM writes WHERE tab = ? AND kind != 'audit' AND (${ACTIVE} OR (state = 'synced' AND updated_at >= ?)) ORDER BY seq`,
        tab,
        sinceMs,
      )
      .toArray()
      .map(fromRow);
  }

  setState(writeIds: readonly string[], state: WriteState, now: number, reason: string | null = null, countAttempt = false): void {
    for (const id of writeIds) {
      this.sql.exec(
        `UPDATE writes SET state = ?, updated_at = ?, reason = ?, attempts = attempts + ? WHERE write_id = ?`,
        state,
        now,
        reason,
        countAttempt ? 1 : 0,
        id,
      );
    }
  }

  /** Drop the writes with these idempotency keys that have not landed (audit rows of writes that never will). */
  forget(idempotencyKeys: readonly string[]): void {
    for (const k of idempotencyKeys) this.sql.exec(`DELETE FROM writes WHERE idem = ? AND state != 'synced'`, k);
  }

  /** Parked writes (conflict / failed) not yet discarded, oldest first. */
  parked(): QueuedWrite[] {
    return this.sql
      .exec<Row>(`SELECT * FROM writes WHERE state IN ('conflict','failed') AND discarded_at IS NULL ORDER BY seq`)
      .toArray()
      .map(fromRow);
  }

  discard(writeId: string, now: number, reason: string): boolean {
    const c = this.sql.exec(
      `UPDATE writes SET discarded_at = ?, updated_at = ?, reason = ? WHERE write_id = ? AND state IN ('conflict','failed') AND discarded_at IS NULL`,
      now,
      now,
      reason,
      writeId,
    );
    return c.rowsWritten > 0;
  }

  counts(): { pending: number; conflicts: number; oldestPendingAt: number | null } {
    const r = this.sql
      .exec<{ pending: number; oldest: number | null; conflicts: number }>(
        `SELECT
           (SELECT COUNT(*) FROM writes WHERE ${ACTIVE}) AS pending,
           (SELECT MIN(created_at) FROM writes WHERE ${ACTIVE}) AS oldest,
           (SELECT COUNT(*) FROM writes WHERE state IN ('conflict','failed') AND discarded_at IS NULL) AS conflicts`,
      )
      .one();
    return { pending: r.pending, conflicts: r.conflicts, oldestPendingAt: r.oldest };
  }

  /** Synced and discarded writes are kept a while so re-submitted forms still find their receipt. */
  prune(olderThan: number): void {
    this.sql.exec(`DELETE FROM writes WHERE (state = 'synced' OR discarded_at IS NOT NULL) AND updated_at < ?`, olderThan);
  }

  getKv(k: string): string | null {
    const r = this.sql.exec<{ v: string }>(`SELECT v FROM kv WHERE k = ?`, k).toArray()[0];
    return r ? r.v : null;
  }

  setKv(k: string, v: string | null): void {
    if (v === null) this.sql.exec(`DELETE FROM kv WHERE k = ?`, k);
    else this.sql.exec(`INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v`, k, v);
  }

  /** Next number of a named sequence, never below `atLeast`; atomic inside the DO. */
  nextSequence(name: string, atLeast = 1): number {
    return this.sql
      .exec<{ value: number }>(
        `INSERT INTO sequences (name, value) VALUES (?, ?)
         ON CONFLICT(name) DO UPDATE SET value = MAX(value + 1, ?) RETURNING value`,
        name,
        atLeast,
        atLeast,
      )
      .one().value;
  }
}
