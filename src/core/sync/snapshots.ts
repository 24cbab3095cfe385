/**
 * The gateway's snapshot cache: per-tab copies of the spreadsheet for reads, refreshed after
 * the staleness window with one values:batchGet per page (append-only logs by their tail),
 * tabs followed by sheet ID (tab-directory.ts), the mass-change guard (mass-change.ts), and
 * the app's own writes laid over every table it returns (read-your-writes).
 *
 * Each snapshot is also kept in SQLite (snapshot-store.ts) with its read time and version, so
 * a restarted gateway serves it as stored while it is younger than the staleness window, reads
 * a stale log by its tail only, and tells a Worker that holds the table at that version that
 * it has it (nothing re-read, nothing re-sent). Rows are loaded from storage only when needed.
 */
import type { TabDef, TabKey } from '../../../sheets-schema/index.js';
import type { ReadOptions } from '../data/types.js';
import { quoteSheetTitle, rangeFor } from '../sheets/a1.js';
import { SheetsError } from '../sheets/errors.js';
import type { DataFilter, MatchedValueRange, RowValues, SheetLayout, ValueRange } from '../sheets/types.js';
import { findHeaderRow, HEADER_SEARCH_ROWS, mapHeader } from '../table/headers.js';
import { locateRows, readTable } from '../table/table.js';
import type { Table, TableRow } from '../table/types.js';
import { backoffMs } from './backoff.js';
import { detectMassChange, heldTable, shapeOf, type MassChange, type TabShape } from './mass-change.js';
import { isGridError, isRangeError, type GatewayContext } from './parts.js';
import { newRowsAt, overlay, type FreshTab } from './plan.js';
import type { QueuedWrite } from './queue.js';
import type { SnapshotStore } from './snapshot-store.js';
import { MISSING_TAB, TabDirectory, tabTexts, type TabDirectoryState, type TabNotice } from './tab-directory.js';
import { tableVersion, type KnownVersions } from './versions.js';

export interface SnapshotInfo {
  /** Names the table a read returns (see tableVersion); the same version is the same rows. */
  version: string;
  /** When the rows were read from Google (ms since epoch). */
  fetchedAt: number;
  /** Older than the staleness window because reading Google fails (pages show a banner). */
  stale: boolean;
}

export interface ReadResult {
  /** Tables of the tabs asked for, except those the caller already holds at their version. */
  tables: Record<string, Table>;
  snapshots: Record<string, SnapshotInfo>;
}

interface Snapshot {
  key: TabKey;
  title: string;
  /** Sheet rows as read, header first; raw[i] is sheet row i + 1. */
  raw: RowValues[];
  table: Table;
  /** When the read that produced it started: own writes synced after this are overlaid. */
  fetchedAt: number;
  revision: number;
}

/** full: the whole tab; header: its header rows only (a flush appending to a log); tail: a log's new rows. */
export type ReadMode = 'full' | 'header' | 'tail';

const LAYOUT_FIELDS =
  'sheets(properties(sheetId,title),data(rowData(values(formattedValue,note,dataValidation,userEnteredFormat.numberFormat))))';
/** Largest tab copy kept for the mass-change guard (a SQLite value holds at most 2 MB). */
const KEPT_MAX_CHARS = 1_500_000;
/** How long a missed read waits for others to share its batchGet. */
const READ_COALESCE_MS = 3;

export class SnapshotCache {
  readonly #ctx: GatewayContext;
  readonly #snapshots = new Map<TabKey, Snapshot>();
  readonly #fetching = new Map<TabKey, Promise<unknown>>();
  #pendingRead: { specs: Map<TabKey, ReadMode>; promise: Promise<Map<TabKey, FreshTab>> } | null = null;
  /** Where each tab is (title and sheet ID, followed across renames), remembered across restarts. */
  readonly #tabs: TabDirectory;
  #layouts: { key: string; at: number; value: Promise<Record<string, SheetLayout>> } | null = null;
  /** The snapshots as stored (survive a restart); `#snapshots` holds those loaded or read since. */
  readonly #store: SnapshotStore;
  /** Versions name this gateway's storage (a new object starts its counters afresh)… */
  readonly #generation: string;
  /** …and are bumped when tabs are found gone (their tables change without a read). Stored. */
  #revision: number;
  /** Since when reads of Google fail (null while they work). */
  #readFailingSince: number | null = null;
  /** A look at the tabs under way beside a read (`#lookAgain`). */
  #looking: Promise<void> | null = null;
  /** Each tab as last accepted (rows, filled cells per column), and the tabs held after a mass change; kept across restarts. */
  readonly #shapes: Partial<Record<TabKey, TabShape>>;
  readonly #massChanges: Map<TabKey, MassChange>;
  /** What each tab's stored copy (`kept:<tab>`) holds, so an unchanged tab is not stored again. */
  readonly #kept = new Map<TabKey, string>();

  /** `extraTabs`: the tabs declared in the spreadsheet's 登记簿 (`sheet:<ID>`), as they are now. */
  constructor(ctx: GatewayContext, extraTabs: () => ReadonlyMap<string, TabDef>, store: SnapshotStore) {
    this.#ctx = ctx;
    this.#store = store;
    const kv = ctx.queue;
    this.#generation = kv.getKv('snapshotGeneration') ?? crypto.randomUUID().slice(0, 8);
    kv.setKv('snapshotGeneration', this.#generation);
    this.#revision = Number(kv.getKv('tabsRevision') ?? 0);
    this.#tabs = new TabDirectory(JSON.parse(kv.getKv('tabDirectory') ?? 'null') as TabDirectoryState | null, extraTabs);
    this.#shapes = JSON.parse(kv.getKv('tabShapes') ?? '{}') as Partial<Record<TabKey, TabShape>>;
    this.#massChanges = new Map(JSON.parse(kv.getKv('massChanges') ?? '[]') as Array<[TabKey, MassChange]>);
  }

  /** The tab's sheet ID, once resolved (row tags are keyed by it). */
  sheetId(key: TabKey): number | undefined {
    return this.#tabs.sheetId(key);
  }

  /** A snapshot of this tab is in memory (a log's tail can be read without loading it from storage). */
  has(key: TabKey): boolean {
    return this.#snapshots.has(key);
  }

  /** Forget a tab's snapshot (its declaration changed): the next read reads it afresh. */
  drop(key: TabKey): void {
    this.#snapshots.delete(key);
    this.#store.drop(key);
  }

  /** When, as what and by which title a tab was last read: from memory, else from storage (no rows loaded). */
  #info(key: TabKey): { title: string; fetchedAt: number; revision: number } | undefined {
    return this.#snapshots.get(key) ?? this.#store.meta(key);
  }

  /** A tab's snapshot, loaded from storage into memory when it is not there yet. */
  #get(key: TabKey): Snapshot | undefined {
    const inMemory = this.#snapshots.get(key);
    if (inMemory) return inMemory;
    const meta = this.#store.meta(key);
    const raw = meta && this.#store.load(key);
    if (!meta || !raw) return undefined;
    // Tabs held by the mass-change guard are never stored; the held table needs the guard's copy.
    if (this.#massChanges.has(key)) {
      this.#store.drop(key);
      return undefined;
    }
    const snap: Snapshot = {
      key,
      title: meta.title,
      raw,
      table: readTable(this.#ctx.def(key), meta.title, raw, { merges: this.#tabs.merges(key) }),
      fetchedAt: meta.fetchedAt,
      revision: meta.revision,
    };
    this.#snapshots.set(key, snap);
    return snap;
  }

  /**
   * Rows the flusher appended to an append-only tab, ending at sheet row `endRow`: the
   * snapshot stays continuous so the next read is a short tail; if the rows did not land
   * right after what we knew, the tab is read whole next time.
   */
  appended(key: TabKey, endRow: number | undefined, rows: readonly RowValues[]): void {
    const snap = this.#snapshots.get(key);
    if (!snap || !this.#ctx.def(key).appendOnly) return;
    // The stored copy keeps the rows as read (the table's rows); the next tail read adds these.
    if (endRow === snap.raw.length + rows.length) snap.raw.push(...rows);
    else this.drop(key);
  }

  /**
   * Tables of these tabs with the app's own unsynced writes applied. Snapshots younger
   * than the staleness window cost nothing; the rest cost one values:batchGet together.
   */
  async read(keys: readonly TabKey[], options: ReadOptions & { known?: KnownVersions } = {}): Promise<ReadResult> {
    await this.ensureFresh(keys, options.fresh ?? false, options.maxAgeMs);
    const out: ReadResult = { tables: {}, snapshots: {} };
    for (const key of keys) {
      const info = this.#info(key);
      const writes = this.#ctx.queue.overlay(key, info?.fetchedAt ?? 0);
      const version = tableVersion(`${this.#generation}.${this.#revision}`, info?.revision ?? 0, writes);
      const stale = !!info && this.#readFailingSince !== null && Date.now() - info.fetchedAt > this.#ctx.options.readStalenessMs;
      out.snapshots[key] = { version, fetchedAt: info?.fetchedAt ?? 0, stale };
      const where = options.where?.[key];
      if (!where && options.known?.[key] === version) continue; // the caller holds these very rows
      const kept = where && info ? this.#keyedRead(key, where, writes) : null;
      if (kept) {
        out.tables[key] = kept;
        continue;
      }
      const table = (info && this.#get(key)?.table) || missingTable(this.#ctx.def(key), this.#tabs.title(key));
      const full = overlay(table, writes);
      if (!where) {
        out.tables[key] = full;
        continue;
      }
      out.tables[key] = { ...full, rows: full.rows.filter(matches(where)) };
      // Keep this log row by row, so the same read after a restart needs only its rows.
      const snap = this.#snapshots.get(key);
      if (snap && this.#ctx.def(key).appendOnly && this.#tabs.merges(key).length === 0) this.#store.keyBy(key, where.column, snap);
    }
    return out;
  }

  /**
   * A read by a column's value of a log not in memory, answered from the rows the store kept
   * by that column (snapshot-store.ts `keyBy`): those rows, the rows a header is looked for in,
   * and the rows the overlaid writes name, parsed as the whole log would be — the same rows
   * `overlay(whole log)` filtered gives. Null when that cannot be done: the caller loads it.
   */
  #keyedRead(key: TabKey, where: { column: string; values: readonly string[] }, writes: readonly QueuedWrite[]): Table | null {
    // An update could move a row the store does not name into the answer; a merge fills rows from others.
    if (this.#snapshots.has(key) || this.#massChanges.has(key) || this.#tabs.merges(key).length > 0) return null;
    if (writes.some((w) => w.kind !== 'append')) return null;
    const def = this.#ctx.def(key);
    const meta = this.#store.meta(key);
    const kept =
      meta &&
      this.#store.keyedRows(
        key,
        def,
        where.column,
        where.values,
        writes.map((w) => w.rowId),
      );
    if (!kept) return null;
    const table = readTable(def, meta.title, kept.raw);
    const full = overlay({ ...table, problems: kept.problems }, writes);
    return { ...full, rows: full.rows.filter(matches(where)) };
  }

  async ensureFresh(keys: readonly TabKey[], force: boolean, maxAgeMs = this.#ctx.options.readStalenessMs): Promise<void> {
    const now = Date.now();
    const staleness = this.#ctx.options.readStalenessMs;
    const waits: Promise<unknown>[] = [];
    const need: TabKey[] = [];
    // A stale snapshot is better than an error page: a failed refresh (ours, or another
    // request's we waited on) only fails when there is nothing to show.
    const orStale = (p: Promise<unknown>, ks: readonly TabKey[]) =>
      p.catch((err) => {
        if (!ks.every((k) => this.#info(k))) throw err;
      });
    for (const key of keys) {
      const snap = this.#info(key);
      const inFlight = this.#fetching.get(key);
      if (!force && snap && now - snap.fetchedAt <= Math.max(maxAgeMs, staleness)) continue;
      if (inFlight && !force) waits.push(orStale(inFlight, [key]));
      else need.push(key);
    }
    if (need.length > 0) {
      // Over budget with something to show: show it rather than risk a 429 on a page view.
      const haveAll = need.every((k) => this.#info(k));
      if (!force && haveAll && this.#ctx.budgets.read.waitFor(1, now) > 0) return void (await Promise.all(waits));
      const specs = need.map((key) => {
        const snap = this.#info(key);
        const mode: ReadMode = this.#ctx.def(key).appendOnly && snap && !force ? 'tail' : 'full';
        return { key, mode };
      });
      const p = this.#coalescedRead(specs);
      for (const k of need) this.#fetching.set(k, p);
      void p.finally(() => need.forEach((k) => this.#fetching.get(k) === p && this.#fetching.delete(k))).catch(() => {});
      waits.push(orStale(p, need));
    }
    await Promise.all(waits);
  }

  /**
   * Reads that miss within a few milliseconds of each other share one values:batchGet: the
   * sign-in check's 人员, the page's own tabs and the desk's alerts arrive as separate RPC
   * calls, but a page must still cost at most one Sheets call.
   */
  #coalescedRead(specs: Array<{ key: TabKey; mode: ReadMode }>): Promise<Map<TabKey, FreshTab>> {
    if (!this.#pendingRead) {
      const batch = { specs: new Map<TabKey, ReadMode>(), promise: null as unknown as Promise<Map<TabKey, FreshTab>> };
      batch.promise = new Promise((r) => setTimeout(r, READ_COALESCE_MS)).then(() => {
        this.#pendingRead = null;
        return this.#readWithRetry([...batch.specs].map(([key, mode]) => ({ key, mode })));
      });
      this.#pendingRead = batch;
    }
    const batch = this.#pendingRead;
    for (const s of specs) if (batch.specs.get(s.key) !== 'full') batch.specs.set(s.key, s.mode);
    return batch.promise;
  }

  async #readWithRetry(specs: Array<{ key: TabKey; mode: ReadMode }>): Promise<Map<TabKey, FreshTab>> {
    for (let attempt = 1; ; attempt++) {
      try {
        const fresh = await this.fetchTabs(specs);
        this.#readFailingSince = null;
        return fresh;
      } catch (err) {
        if (!(err instanceof SheetsError) || !err.retryable || attempt >= 4) {
          this.#readFailingSince ??= Date.now();
          throw err;
        }
        await new Promise((r) => setTimeout(r, backoffMs(attempt, { baseMs: 300, capMs: 3000 }, err.retryAfterMs)));
      }
    }
  }

  /** What a tail read of a log held only in storage checks: its stored rows' count, header and last row. */
  #storedEdges(key: TabKey, title: string): { rows: number; at: number; head: RowValues[]; last: RowValues } | undefined {
    const meta = this.#store.meta(key);
    if (!meta || meta.title !== title || this.#massChanges.has(key)) return undefined;
    const edges = this.#store.edges(key);
    return edges ? { rows: meta.rows, at: findHeaderRow(this.#ctx.def(key), edges.head), ...edges } : undefined;
  }

  /** The tail read's header rows and first row are the stored log's header and last row (nobody changed them). */
  #sameEdges(def: TabDef, stored: { at: number; head: RowValues[]; last: RowValues }, first: RowValues[], tail: RowValues[]): boolean {
    return (
      findHeaderRow(def, first) === stored.at &&
      sameRow(stored.head[stored.at], first[stored.at] ?? []) &&
      sameRow(stored.last, tail[0] ?? [])
    );
  }

  /**
   * One values:batchGet for these tabs (plus, only when a tab was renamed, one
   * spreadsheets.get to find it by title or alias). Updates the snapshots.
   */
  async fetchTabs(specs: ReadonlyArray<{ key: TabKey; mode: ReadMode }>): Promise<Map<TabKey, FreshTab>> {
    return (await this.fetchTabsWith(specs, [])).fresh;
  }

  /**
   * fetchTabs, with more data filters (a flush's row tags) answered by the same request: one
   * values:batchGetByDataFilter whose A1 ranges are fetchTabs' own. `matched` holds what those
   * filters selected; it is absent when they could not go along (a range error, a re-read, or
   * Google refusing the combined read once, after which the two are never combined again): the
   * caller then reads them itself.
   */
  async fetchTabsWith(
    specs: ReadonlyArray<{ key: TabKey; mode: ReadMode }>,
    also: readonly DataFilter[],
  ): Promise<{ fresh: Map<TabKey, FreshTab>; matched?: MatchedValueRange[] }> {
    let matched: MatchedValueRange[] | undefined;
    const read = async (ranges: string[], combine: boolean): Promise<ValueRange[]> => {
      if (!combine || !also.length || this.#ctx.queue.getKv('combinedReadOff'))
        return this.#ctx.client().batchGet(this.#ctx.spreadsheetId(), ranges);
      let all: MatchedValueRange[];
      try {
        all = await this.#ctx
          .client()
          .batchGetByDataFilter(this.#ctx.spreadsheetId(), [...ranges.map((a1Range) => ({ a1Range })), ...also]);
      } catch (err) {
        // Only a request refused as such (400) turns combining off; an outage, a quota or lost access is the flush's to retry.
        if (!(err instanceof SheetsError) || err.code !== 'INVALID_ARGUMENT' || isGridError(err) || isRangeError(err)) throw err;
        this.#ctx.queue.setKv('combinedReadOff', JSON.stringify({ at: new Date().toISOString(), why: err.message }));
        return this.#ctx.client().batchGet(this.#ctx.spreadsheetId(), ranges);
      }
      matched = all.filter((m) => m.dataFilters?.some((f) => f.developerMetadataLookup));
      return ranges.map((r) => all.find((m) => m.dataFilters?.some((f) => f.a1Range === r))?.valueRange ?? { range: r });
    };
    const fresh = await this.#fetch(specs, read);
    return { fresh, matched };
  }

  async #fetch(
    specs: ReadonlyArray<{ key: TabKey; mode: ReadMode }>,
    read: (ranges: string[], combine: boolean) => Promise<ValueRange[]>,
  ): Promise<Map<TabKey, FreshTab>> {
    const ctx = this.#ctx;
    const started = Date.now();
    // A tab found missing earlier is looked for again once per staleness window (setup may have added it).
    if (started - this.#tabs.checkedAt > ctx.options.readStalenessMs) this.#tabs.retryMissing(specs.map((s) => s.key));
    // Cells staff merged since the last look at the tabs fill down within the staleness too.
    const look = specs.some((s) => s.mode !== 'header') ? this.#lookAgain(started) : undefined;
    const build = () => {
      const ranges: string[] = [];
      const plan = specs
        .filter((s) => !this.#tabs.isMissing(s.key))
        .map((s) => {
          const title = this.#tabs.title(s.key);
          // A log only stored (a restarted gateway) is checked against its stored edges, loaded only if its tail brings rows.
          const stored = s.mode === 'tail' && !this.#snapshots.has(s.key) ? this.#storedEdges(s.key, title) : undefined;
          const snap = s.mode === 'tail' && !stored ? this.#get(s.key) : undefined;
          const mode: ReadMode = s.mode === 'tail' && !stored && (!snap || snap.title !== title) ? 'full' : s.mode;
          const first = ranges.length;
          if (mode === 'full') ranges.push(quoteSheetTitle(title));
          else ranges.push(rangeFor(title, { row: 1, endRow: HEADER_SEARCH_ROWS }));
          // The tail starts at the last row we hold, which must still exist: a start past
          // the grid is an error at Google ("exceeds grid limits"), and the overlap proves
          // nobody edited or removed that row.
          if (mode === 'tail') ranges.push(`${quoteSheetTitle(title)}!A${stored?.rows ?? snap!.raw.length}:ZZ`);
          return { ...s, mode, title, first, stored };
        });
      return { ranges, plan };
    };
    let { ranges, plan } = build();
    let got: ValueRange[] = [];
    try {
      if (ranges.length) {
        ctx.budgets.read.take(1, Date.now());
        got = await read(ranges, true);
      }
    } catch (err) {
      if (isGridError(err)) {
        // Staff deleted rows of a log below what we hold: read those tabs whole.
        for (const s of specs) if (s.mode === 'tail') this.drop(s.key);
        return this.fetchTabs(specs.map((s) => ({ key: s.key, mode: s.mode === 'tail' ? 'full' : s.mode })));
      }
      if (!isRangeError(err)) throw err;
      await this.resolveTitles();
      ({ ranges, plan } = build());
      ctx.budgets.read.take(1, Date.now());
      got = ranges.length ? await read(ranges, false) : [];
    }
    await look;
    const out = new Map<TabKey, FreshTab>();
    const reread: TabKey[] = [];
    for (const p of plan) {
      const def = ctx.def(p.key);
      const first = got[p.first]?.values ?? [];
      if (p.mode === 'header') {
        const at = findHeaderRow(def, first);
        const headerRow = first[at] ?? [];
        const snap = this.#snapshots.get(p.key);
        if (snap && !sameRow(snap.raw[at], headerRow)) this.drop(p.key);
        const { header } = mapHeader(def, headerRow.map(String), p.title, undefined, at + 1);
        out.set(p.key, { tab: def, title: p.title, header, locate: () => [], complete: false, table: null });
        continue;
      }
      let raw: RowValues[];
      let tailRows = 0;
      if (p.mode === 'tail') {
        const tail = got[p.first + 1]?.values ?? [];
        const stored = p.stored;
        if (stored && !this.#snapshots.has(p.key) && tail.length <= 1 && this.#sameEdges(def, stored, first, tail)) {
          // Nothing below the stored rows and they end as stored: the stored log is the sheet as it is.
          const prev = this.#info(p.key);
          if (!prev || prev.fetchedAt <= started) this.#store.touch(p.key, started, this.#nextRevision());
          const { header } = mapHeader(def, (first[stored.at] ?? []).map(String), p.title, undefined, stored.at + 1);
          out.set(p.key, { tab: def, title: p.title, header, locate: () => [], complete: false, table: null });
          continue;
        }
        const snap = this.#get(p.key);
        // Loaded meanwhile and grown by an append, or gone: the tail read does not fit it.
        if (!snap || (stored && snap.raw.length !== stored.rows)) {
          this.drop(p.key);
          reread.push(p.key);
          continue;
        }
        // Someone changed the log's header or its last row we hold: rows may have moved, so read it whole (rare).
        const at = (snap.table.header.row ?? 1) - 1;
        if (
          findHeaderRow(def, first) !== at ||
          !sameRow(snap.raw[at], first[at] ?? []) ||
          !sameRow(snap.raw[snap.raw.length - 1], tail[0] ?? [])
        ) {
          this.drop(p.key);
          reread.push(p.key);
          continue;
        }
        raw = [...snap.raw, ...tail.slice(1)];
        tailRows = tail.length - 1;
      } else raw = first;
      const merges = this.#tabs.merges(p.key);
      const table = readTable(def, p.title, raw, { merges });
      // Pages see the tab as it was while a mass change is held; the flush works on the sheet as it is.
      const previous = this.#snapshots.get(p.key);
      const shown = this.#guard(p.key, def, table, raw, previous?.table, started);
      const snap: Snapshot = { key: p.key, title: p.title, raw, table: shown, fetchedAt: started, revision: this.#nextRevision() };
      const prev = this.#info(p.key);
      if (!prev || prev.fetchedAt <= started) {
        this.#snapshots.set(p.key, snap);
        // A held tab is not stored: after a restart the guard serves its own copy again.
        if (shown === table) this.#store.save(p.key, snap, p.mode === 'tail' ? raw.length - tailRows : 0);
        else this.#store.drop(p.key);
      }
      out.set(p.key, {
        tab: def,
        title: p.title,
        header: table.header,
        table,
        complete: true,
        merges,
        end: newRowsAt(raw, table.header, def.idColumn),
        locate: (id) => locateRows(def, table.header, raw, id),
      });
    }
    if (reread.length) for (const [k, f] of await this.fetchTabs(reread.map((key) => ({ key, mode: 'full' as const })))) out.set(k, f);
    return out;
  }

  /**
   * Find every tab by its sheet ID (renamed tabs) or else by title or alias (one
   * spreadsheets.get), and remember it. A tab that is gone loses its cached copy at once.
   */
  async resolveTitles(): Promise<void> {
    const ctx = this.#ctx;
    // The same call brings each tab's merged cells (no extra request): readTable fills them down.
    const ss = await ctx.client().getSpreadsheet(ctx.spreadsheetId(), 'sheets(properties(sheetId,title),merges)');
    const { gone, remerged } = this.#tabs.resolve(
      (ss.sheets ?? []).map((s) => ({ ...s.properties, merges: s.merges ?? [] })),
      Date.now(),
    );
    for (const key of [...gone, ...remerged]) this.drop(key);
    ctx.queue.setKv('tabDirectory', JSON.stringify(this.#tabs.state));
    if (gone.length || remerged.length) this.#bumpRevision();
  }

  /**
   * The tabs looked at again (resolveTitles: one small spreadsheets.get, merges included) beside
   * a read or for the desk, when the last look is older than the staleness and the read budget
   * allows — at most one per staleness window, shared. Beside a read never the first (`first`:
   * that one is the desk's, or a vanished tab's). Failing, it changes nothing: tabs and merges
   * stay as last seen.
   */
  #lookAgain(now: number, first = false): Promise<void> | undefined {
    if (this.#looking) return this.#looking;
    const { readStalenessMs } = this.#ctx.options;
    const budget = this.#ctx.budgets.read;
    if ((!first && this.#tabs.checkedAt === 0) || now - this.#tabs.checkedAt <= readStalenessMs || budget.waitFor(1, now) > 0)
      return undefined;
    budget.take(1, now);
    this.#looking = this.resolveTitles()
      .catch(() => {})
      .finally(() => (this.#looking = null));
    return this.#looking;
  }

  /** A new snapshot's revision: one counter for all tabs, stored, so no version is ever named twice. */
  #nextRevision(): number {
    const next = Number(this.#ctx.queue.getKv('snapshotRevision') ?? 0) + 1;
    this.#ctx.queue.setKv('snapshotRevision', String(next));
    return next;
  }

  #bumpRevision(): void {
    this.#revision++;
    this.#ctx.queue.setKv('tabsRevision', String(this.#revision));
  }

  /**
   * The mass-change guard (mass-change.ts): a fresh table that lost most of the rows, or a
   * whole column, of the shape last accepted is held — the table as it was is served — until
   * the sheet is restored or the head of logistics accepts the change.
   */
  #guard(key: TabKey, def: TabDef, table: Table, raw: RowValues[], previous: Table | undefined, now: number): Table {
    const kv = this.#ctx.queue;
    const change = detectMassChange(key, def, this.#shapes[key], table, now);
    if (change) {
      const held = this.#massChanges.get(key);
      if (!held || held.kind !== change.kind || held.now !== change.now || held.column !== change.column) {
        this.#massChanges.set(key, held ? { ...change, at: held.at } : change);
        kv.setKv('massChanges', JSON.stringify([...this.#massChanges]));
      }
      // After an eviction the held table comes from this copy (snapshots of held tabs are not stored).
      const kept = previous ? undefined : kv.getKv(`kept:${key}`);
      return heldTable(
        this.#massChanges.get(key)!,
        table,
        previous ?? (kept ? readTable(def, table.title, JSON.parse(kept) as RowValues[]) : undefined),
      );
    }
    if (this.#massChanges.delete(key)) kv.setKv('massChanges', JSON.stringify([...this.#massChanges]));
    // The rows as last accepted, for a mass change met after an eviction (not logs: they only grow, and are long).
    if (!def.appendOnly) {
      const json = JSON.stringify(raw);
      if (json.length <= KEPT_MAX_CHARS && this.#kept.get(key) !== json) {
        this.#kept.set(key, json);
        kv.setKv(`kept:${key}`, json);
      }
    }
    const shape = shapeOf(table);
    if (JSON.stringify(shape) !== JSON.stringify(this.#shapes[key])) {
      this.#shapes[key] = shape;
      kv.setKv('tabShapes', JSON.stringify(this.#shapes));
    }
    return table;
  }

  /** The head of logistics says a held mass change was intended: the next read takes the tab as it is. */
  acceptMassChange(key: TabKey): boolean {
    if (!this.#massChanges.delete(key)) return false;
    delete this.#shapes[key];
    this.drop(key);
    this.#kept.delete(key);
    this.#bumpRevision();
    this.#ctx.queue.setKv('massChanges', JSON.stringify([...this.#massChanges]));
    this.#ctx.queue.setKv('tabShapes', JSON.stringify(this.#shapes));
    return true;
  }

  /**
   * Renamed and deleted tabs, for the head of logistics (desk, /problems). Looks again
   * (one spreadsheets.get) when the last look is older than the read staleness and the
   * read budget allows, so a deleted tab shows within the staleness even if no page reads it.
   */
  async tabNotices(): Promise<TabNotice[]> {
    await this.#lookAgain(Date.now(), true); // an outage must not break the desk; the notices stay as they were
    const held = [...this.#massChanges.values()].map(
      (m): TabNotice => ({ key: m.key, kind: 'massChange', from: m.title, at: m.at, text: m.text }),
    );
    return [...this.#tabs.notices(), ...held];
  }

  /**
   * Header rows of these tabs with their notes, and the first data row's dropdowns and number
   * formats: one spreadsheets.get with a field mask, kept for the staleness window. A title the
   * spreadsheet lacks is absent from the answer.
   */
  sheetLayouts(titles: readonly string[]): Promise<Record<string, SheetLayout>> {
    const ctx = this.#ctx;
    const key = JSON.stringify([...titles].sort());
    const now = Date.now();
    if (this.#layouts && this.#layouts.key === key && now - this.#layouts.at <= ctx.options.readStalenessMs) return this.#layouts.value;
    const value = (async () => {
      if (titles.length === 0) return {};
      const all = await ctx.client().getSpreadsheet(ctx.spreadsheetId(), 'sheets.properties(sheetId,title)');
      const present = new Set((all.sheets ?? []).map((s) => s.properties.title));
      const wanted = titles.filter((t) => present.has(t));
      if (wanted.length === 0) return {};
      ctx.budgets.read.take(1, Date.now());
      const ss = await ctx.client().getSpreadsheet(
        ctx.spreadsheetId(),
        LAYOUT_FIELDS,
        wanted.map((t) => `${quoteSheetTitle(t)}!1:2`),
      );
      const out: Record<string, SheetLayout> = {};
      for (const sheet of ss.sheets ?? []) {
        const rows = sheet.data?.[0]?.rowData ?? [];
        out[sheet.properties.title] = { sheetId: sheet.properties.sheetId, header: rows[0]?.values ?? [], first: rows[1]?.values ?? [] };
      }
      return out;
    })();
    this.#layouts = { key, at: now, value };
    value.catch(() => {
      if (this.#layouts?.value === value) this.#layouts = null;
    });
    return value;
  }
}

/** The rows a `where` of ReadOptions keeps. */
function matches(where: { column: string; values: readonly string[] }): (r: TableRow) => boolean {
  return (r) => where.values.includes(String(r.values[where.column] ?? ''));
}

function sameRow(a: RowValues | undefined, b: RowValues): boolean {
  const x = a ?? [];
  const n = Math.max(x.length, b.length);
  for (let i = 0; i < n; i++) if (String(x[i] ?? '') !== String(b[i] ?? '')) return false;
  return true;
}

/** A tab the spreadsheet does not have: an empty table and one problem saying so. */
function missingTable(tab: TabDef, title: string): Table {
  return {
    tab,
    title,
    header: { index: {}, texts: [], unknown: [], missing: tab.columns.filter((c) => c.required).map((c) => c.key) },
    rows: [],
    problems: [
      { sheet: title || tab.zh, cell: 'A1', value: null, column: MISSING_TAB, header: true, expected: tabTexts.missing(tab, title) },
    ],
  };
}
