/**
 * The snapshot cache's copy in the Durable Object's SQLite storage, so that a gateway evicted
 * when idle, or restarted by a deploy, does not read every tab whole again: a snapshot younger
 * than the staleness window is served as stored, and a stale append-only log is read by its
 * tail from the stored rows. A cache, never the truth: anything odd (a missing chunk, a row
 * too long to store) drops the copy and the tab is read from Google as before.
 *
 * Rows are stored as JSON in chunks well under SQLite's 2 MB value limit; a log that grew by
 * a tail rewrites only its last chunk and adds new ones.
 */
import type { TabKey } from '../../../sheets-schema/index.js';
import type { RowValues } from '../sheets/types.js';

export interface StoredSnapshot {
  title: string;
  /** When the read that produced it started (the staleness window counts from here). */
  fetchedAt: number;
  revision: number;
  rows: number;
}

/** Characters of JSON per chunk: ≤ 1.2 MB in UTF-8 even if every character is CJK (3 bytes). */
const CHUNK_CHARS = 400_000;

interface Chunk extends Record<string, SqlStorageValue> {
  n: number;
  first: number;
  count: number;
  body: string;
}

export class SnapshotStore {
  readonly #sql: SqlStorage;
  readonly #meta = new Map<TabKey, StoredSnapshot>();

  constructor(sql: SqlStorage) {
    this.#sql = sql;
    sql.exec(`CREATE TABLE IF NOT EXISTS snapshots (
      tab TEXT PRIMARY KEY, title TEXT NOT NULL, fetched_at INTEGER NOT NULL, revision INTEGER NOT NULL, rows INTEGER NOT NULL
    )`);
    sql.exec(`CREATE TABLE IF NOT EXISTS snapshot_chunks (
      tab TEXT NOT NULL, n INTEGER NOT NULL, first INTEGER NOT NULL, count INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (tab, n)
    )`);
    for (const r of sql.exec<{ tab: string; title: string; fetched_at: number; revision: number; rows: number }>(
      `SELECT * FROM snapshots`,
    )) {
      this.#meta.set(r.tab as TabKey, { title: r.title, fetchedAt: r.fetched_at, revision: r.revision, rows: r.rows });
    }
  }

  /** What is stored of a tab (no rows read). */
  meta(key: TabKey): StoredSnapshot | undefined {
    return this.#meta.get(key);
  }

  /** The stored rows of a tab, or null (nothing stored, or a copy found incomplete and dropped). */
  load(key: TabKey): RowValues[] | null {
    const meta = this.#meta.get(key);
    if (!meta) return null;
    const rows: RowValues[] = [];
    for (const c of this.#sql.exec<Chunk>(`SELECT n, first, count, body FROM snapshot_chunks WHERE tab = ? ORDER BY n`, key)) {
      if (c.first !== rows.length) break;
      const part = JSON.parse(c.body) as RowValues[];
      if (part.length !== c.count) break;
      for (const r of part) rows.push(r);
    }
    if (rows.length === meta.rows) return rows;
    this.drop(key);
    return null;
  }

  /**
   * Store a tab's snapshot. `unchangedRows`: how many leading rows are already stored as they
   * are (a log read by its tail), so only the rest is written; 0 rewrites the tab.
   */
  save(key: TabKey, snap: { title: string; fetchedAt: number; revision: number; raw: readonly RowValues[] }, unchangedRows = 0): void {
    const meta = this.#meta.get(key);
    let from = 0;
    let n = 0;
    if (unchangedRows > 0 && meta && meta.rows <= unchangedRows) {
      const last = this.#sql
        .exec<Chunk>(`SELECT n, first, count FROM snapshot_chunks WHERE tab = ? ORDER BY n DESC LIMIT 1`, key)
        .toArray()[0];
      if (last && last.first + last.count === meta.rows) {
        from = last.first;
        n = last.n;
      }
    }
    const chunks = chunked(snap.raw, from);
    if (!chunks) {
      this.drop(key);
      return;
    }
    this.#sql.exec(`DELETE FROM snapshot_chunks WHERE tab = ? AND n >= ?`, key, n);
    for (const c of chunks)
      this.#sql.exec(`INSERT INTO snapshot_chunks (tab, n, first, count, body) VALUES (?, ?, ?, ?, ?)`, key, n++, c.first, c.count, c.body);
    const stored: StoredSnapshot = { title: snap.title, fetchedAt: snap.fetchedAt, revision: snap.revision, rows: snap.raw.length };
    this.#sql.exec(
      `INSERT INTO snapshots (tab, title, fetched_at, revision, rows) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(tab) DO UPDATE SET title = excluded.title, fetched_at = excluded.fetched_at, revision = excluded.revision, rows = excluded.rows`,
      key,
      stored.title,
      stored.fetchedAt,
      stored.revision,
      stored.rows,
    );
    this.#meta.set(key, stored);
  }

  drop(key: TabKey): void {
    if (!this.#meta.delete(key)) return;
    this.#sql.exec(`DELETE FROM snapshots WHERE tab = ?`, key);
    this.#sql.exec(`DELETE FROM snapshot_chunks WHERE tab = ?`, key);
  }
}

/** Rows from `from` on as JSON chunks of at most CHUNK_CHARS; null when one row alone is too long to store. */
function chunked(raw: readonly RowValues[], from: number): Array<{ first: number; count: number; body: string }> | null {
  const out: Array<{ first: number; count: number; body: string }> = [];
  let parts: string[] = [];
  let size = 0;
  let first = from;
  const close = () => {
    if (parts.length) out.push({ first, count: parts.length, body: `[${parts.join(',')}]` });
    first += parts.length;
    parts = [];
    size = 0;
  };
  for (let i = from; i < raw.length; i++) {
    const json = JSON.stringify(raw[i]);
    if (json.length > CHUNK_CHARS) return null;
    if (size + json.length + 1 > CHUNK_CHARS) close();
    parts.push(json);
    size += json.length + 1;
  }
  close();
  return out;
}
