/**
 * The snapshot cache's copy in the Durable Object's SQLite storage, so that a gateway evicted
 * when idle, or restarted by a deploy, does not read every tab whole again: a snapshot younger
 * than the staleness window is served as stored, and a stale append-only log is read by its
 * tail from the stored rows. A cache, never the truth: anything odd (a missing chunk, a row
 * too long to store) drops the copy and the tab is read from Google as before.
 *
 * Rows are stored as JSON in chunks well under SQLite's 2 MB value limit; a log that grew by
 * a tail rewrites only its last chunk and adds new ones.
 *
 * A log read by a column's value (one asset's history out of 50,000 events) is also kept row by
 * row, indexed by that column and by ID (`keyBy`), so a restarted gateway answers such a read
 * from the rows it names (`keyedRows`) instead of loading and parsing the whole history. The
 * rows are kept as read and parsed again on the way out, so a deploy that parses differently
 * still shows them its way.
 */
import type { TabDef, TabKey } from '../../../sheets-schema/index.js';
import type { RowValues } from '../sheets/types.js';
import { HEADER_SEARCH_ROWS } from '../table/headers.js';
import type { DataProblem, Table } from '../table/types.js';

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

/** A log kept row by row for reads by a column's value (see `keyBy`). */
interface Keyed {
  /** Columns indexed besides the ID. */
  columns: string[];
  /** The tab's declaration when its rows were kept (a deploy that changes it starts again). */
  def: string;
  /** Sheet rows covered: every row of the table below this is kept. */
  rows: number;
}

/** What `keyedRows` finds: the sheet rows named (raw[i] is sheet row i + 1, holes elsewhere) and the table's problems. */
export interface KeyedRows {
  raw: RowValues[];
  problems: DataProblem[];
}

export class SnapshotStore {
  readonly #sql: SqlStorage;
  readonly #meta = new Map<TabKey, StoredSnapshot>();
  readonly #keyed = new Map<TabKey, Keyed>();

  constructor(sql: SqlStorage) {
    this.#sql = sql;
    sql.exec(`CREATE TABLE IF NOT EXISTS snapshots (
      tab TEXT PRIMARY KEY, title TEXT NOT NULL, fetched_at INTEGER NOT NULL, revision INTEGER NOT NULL, rows INTEGER NOT NULL
    )`);
    sql.exec(`CREATE TABLE IF NOT EXISTS snapshot_chunks (
      tab TEXT NOT NULL, n INTEGER NOT NULL, first INTEGER NOT NULL, count INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (tab, n)
    )`);
    // head: the rows a header is looked for in, and the table's problems (JSON).
    sql.exec(`CREATE TABLE IF NOT EXISTS keyed_tabs (
      tab TEXT PRIMARY KEY, columns TEXT NOT NULL, def TEXT NOT NULL, rows INTEGER NOT NULL, head TEXT NOT NULL
    )`);
    sql.exec(`CREATE TABLE IF NOT EXISTS keyed_rows (
      tab TEXT NOT NULL, row INTEGER NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (tab, row)
    ) WITHOUT ROWID`);
    sql.exec(`CREATE INDEX IF NOT EXISTS keyed_rows_by_id ON keyed_rows (tab, id)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS keyed_values (
      tab TEXT NOT NULL, col TEXT NOT NULL, value TEXT NOT NULL, row INTEGER NOT NULL, PRIMARY KEY (tab, col, value, row)
    ) WITHOUT ROWID`);
    for (const r of sql.exec<{ tab: string; title: string; fetched_at: number; revision: number; rows: number }>(
      `SELECT * FROM snapshots`,
    )) {
      this.#meta.set(r.tab as TabKey, { title: r.title, fetchedAt: r.fetched_at, revision: r.revision, rows: r.rows });
    }
    for (const r of sql.exec<{ tab: string; columns: string; def: string; rows: number }>(`SELECT tab, columns, def, rows FROM keyed_tabs`))
      this.#keyed.set(r.tab as TabKey, { columns: JSON.parse(r.columns) as string[], def: r.def, rows: r.rows });
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
   * The stored rows a log's tail read checks, without loading the rest: the rows a header is
   * looked for in and the last row. Null when nothing is stored or the copy is incomplete.
   */
  edges(key: TabKey): { head: RowValues[]; last: RowValues } | null {
    const meta = this.#meta.get(key);
    if (!meta || meta.rows === 0) return null;
    const head: RowValues[] = [];
    for (const c of this.#sql.exec<Chunk>(`SELECT n, first, count, body FROM snapshot_chunks WHERE tab = ? ORDER BY n`, key)) {
      if (c.first !== head.length) return null;
      head.push(...(JSON.parse(c.body) as RowValues[]));
      if (head.length >= HEADER_SEARCH_ROWS) break;
    }
    const last = this.#sql
      .exec<Chunk>(`SELECT n, first, count, body FROM snapshot_chunks WHERE tab = ? ORDER BY n DESC LIMIT 1`, key)
      .toArray()[0];
    if (!last || last.first + last.count !== meta.rows) return null;
    const lastRow = (JSON.parse(last.body) as RowValues[])[last.count - 1];
    return lastRow ? { head: head.slice(0, HEADER_SEARCH_ROWS), last: lastRow } : null;
  }

  /** A stored snapshot read again and found the same: only its read time and version change. */
  touch(key: TabKey, fetchedAt: number, revision: number): void {
    const meta = this.#meta.get(key);
    if (!meta) return;
    this.#sql.exec(`UPDATE snapshots SET fetched_at = ?, revision = ? WHERE tab = ?`, fetchedAt, revision, key);
    this.#meta.set(key, { ...meta, fetchedAt, revision });
  }

  /**
   * Store a tab's snapshot. `unchangedRows`: how many leading rows are already stored as they
   * are (a log read by its tail), so only the rest is written; 0 rewrites the tab.
   */
  save(
    key: TabKey,
    snap: { title: string; fetchedAt: number; revision: number; raw: readonly RowValues[]; table?: Table },
    unchangedRows = 0,
  ): void {
    const meta = this.#meta.get(key);
    const keptRows = meta?.rows ?? 0;
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
    const keyed = this.#keyed.get(key);
    const table = snap.table;
    if (keyed && !table) this.#dropKeyed(key);
    else if (keyed && table) {
      // A log read by its tail keeps its rows above and adds the new ones; anything else keys it again.
      const tail = unchangedRows > 0 && keyed.rows === keptRows && keyed.def === JSON.stringify(table.tab);
      this.#keep(key, keyed.columns, { raw: snap.raw, table }, tail ? keyed.rows : 0);
    }
  }

  /**
   * Keep a stored log's rows one by one, indexed by ID and by `column`, so that reads by that
   * column's value after a restart need only their rows (`keyedRows`). `snap` must be the
   * snapshot as stored (same revision). Tabs with merged cells are not kept (a merge fills
   * rows from others).
   */
  keyBy(key: TabKey, column: string, snap: { revision: number; raw: readonly RowValues[]; table: Table }): void {
    const meta = this.#meta.get(key);
    const keyed = this.#keyed.get(key);
    if (!meta || meta.revision !== snap.revision) return;
    if (keyed?.columns.includes(column) && keyed.def === JSON.stringify(snap.table.tab)) return;
    this.#keep(key, [...new Set([...(keyed?.columns ?? []), column])], snap, 0);
  }

  /**
   * The stored rows of a kept log whose `column` holds one of `values`, and those with one of
   * these IDs, with the rows a header is looked for in; null when the log is not kept by
   * that column under this declaration (the caller loads the whole snapshot instead).
   */
  keyedRows(key: TabKey, def: TabDef, column: string, values: readonly string[], ids: readonly string[]): KeyedRows | null {
    const keyed = this.#keyed.get(key);
    const meta = this.#meta.get(key);
    if (!keyed || !meta || keyed.rows !== meta.rows || !keyed.columns.includes(column) || keyed.def !== JSON.stringify(def)) return null;
    const head = this.#sql.exec<{ head: string }>(`SELECT head FROM keyed_tabs WHERE tab = ?`, key).one().head;
    const { raw, problems } = JSON.parse(head) as KeyedRows;
    const put = (r: { row: number; body: string }) => {
      raw[r.row - 1] = JSON.parse(r.body) as RowValues;
    };
    // One query per value: a Durable Object's SQL takes at most 100 bound parameters.
    for (const value of values)
      for (const r of this.#sql.exec<{ row: number; body: string }>(
        `SELECT r.row, r.body FROM keyed_values v JOIN keyed_rows r ON r.tab = v.tab AND r.row = v.row
         WHERE v.tab = ? AND v.col = ? AND v.value = ?`,
        key,
        column,
        value,
      ))
        put(r);
    for (const id of ids)
      for (const r of this.#sql.exec<{ row: number; body: string }>(`SELECT row, body FROM keyed_rows WHERE tab = ? AND id = ?`, key, id))
        put(r);
    return { raw, problems };
  }

  /** (Re)write the kept rows of a log from sheet row `from` on (0: all of them); anything that fails drops them. */
  #keep(key: TabKey, columns: string[], snap: { raw: readonly RowValues[]; table: Table }, from: number): void {
    try {
      this.#write(key, columns, snap, from);
    } catch {
      this.#dropKeyed(key); // a cache: reads go on from the whole log
    }
  }

  #write(key: TabKey, columns: string[], snap: { raw: readonly RowValues[]; table: Table }, from: number): void {
    const sql = this.#sql;
    const head = JSON.stringify({ raw: snap.raw.slice(0, HEADER_SEARCH_ROWS), problems: snap.table.problems });
    if (from === 0 || head.length > CHUNK_CHARS) this.#dropKeyed(key);
    if (head.length > CHUNK_CHARS) return; // a log with that many problems is not kept
    // Many rows per statement, passed as one JSON array (a statement takes at most 100 parameters).
    let rows: Array<[number, string, string]> = [];
    let values: Array<[string, string, number]> = [];
    let size = 0;
    const flush = () => {
      if (rows.length)
        sql.exec(
          `INSERT INTO keyed_rows (tab, row, id, body) SELECT ?, value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)`,
          key,
          JSON.stringify(rows),
        );
      if (values.length)
        sql.exec(
          `INSERT INTO keyed_values (tab, col, value, row) SELECT ?, value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)`,
          key,
          JSON.stringify(values),
        );
      rows = [];
      values = [];
      size = 0;
    };
    for (const row of snap.table.rows) {
      if (row.row <= from) continue;
      const raw = snap.raw[row.row - 1];
      if (!raw) {
        this.#dropKeyed(key);
        return;
      }
      const body = JSON.stringify(raw);
      rows.push([row.row, row.id, body]);
      for (const col of columns) values.push([col, String(row.values[col] ?? ''), row.row]);
      size += body.length;
      if (size > CHUNK_CHARS / 2) flush();
    }
    flush();
    // The stored rows (a snapshot in memory may hold rows appended since, not in its table yet).
    const keyed: Keyed = { columns, def: JSON.stringify(snap.table.tab), rows: this.#meta.get(key)?.rows ?? snap.raw.length };
    sql.exec(
      `INSERT INTO keyed_tabs (tab, columns, def, rows, head) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(tab) DO UPDATE SET columns = excluded.columns, def = excluded.def, rows = excluded.rows, head = excluded.head`,
      key,
      JSON.stringify(columns),
      keyed.def,
      keyed.rows,
      head,
    );
    this.#keyed.set(key, keyed);
  }

  #dropKeyed(key: TabKey): void {
    this.#keyed.delete(key);
    this.#sql.exec(`DELETE FROM keyed_tabs WHERE tab = ?`, key);
    this.#sql.exec(`DELETE FROM keyed_rows WHERE tab = ?`, key);
    this.#sql.exec(`DELETE FROM keyed_values WHERE tab = ?`, key);
  }

  drop(key: TabKey): void {
    this.#dropKeyed(key);
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
