/**
 * SheetsGateway: one Durable Object per spreadsheet through which every app write
 * and every cached read goes (see README.md beside this file).
 *
 * - A write is acknowledged once it is in the DO's SQLite queue (the RPC reply waits
 *   for the storage commit), recorded once per idempotency key.
 * - An alarm flushes the queue: one values:batchGet to read the touched tabs fresh,
 *   then one values.append per tab and one values.batchUpdate, then one append of
 *   the audit rows. Rows are found by ID in that fresh read, never by row number.
 * - Failures back off with jitter; nothing is dropped. Appends whose outcome is
 *   unknown are looked up by row ID before being sent again.
 */
import { DurableObject } from 'cloudflare:workers';
import { isTabKey, tabs, type TabDef, type TabKey } from '../../../sheets-schema/index.js';
import type { Env } from '../../env.js';
import { auditRow } from '../data/audit.js';
import { serviceAccountFor } from '../school.js';
import type { ReadOptions, WriteMeta, WriteReceipt, WriteState } from '../data/types.js';
import { appendAnchor, parseRange, quoteSheetTitle, rangeFor } from '../sheets/a1.js';
import { SheetsClient } from '../sheets/client.js';
import { explainSheetsError, SheetsError } from '../sheets/errors.js';
import type { MatchedValueRange, RowValues, SheetLayout, Sheets } from '../sheets/types.js';
import { findHeaderRow, HEADER_SEARCH_ROWS, mapHeader } from '../table/headers.js';
import { locateRows, readTable } from '../table/table.js';
import type { DataProblem, Table, Text, Values } from '../table/types.js';
import { SCHOOL_TIME_ZONE } from '../time.js';
import { backoffMs, TokenBucket } from './backoff.js';
import { overlay, planFlush, type AppendGroup, type FreshTab, type FlushPlan } from './plan.js';
import { tableVersion, type KnownVersions } from './versions.js';
import { planTaggedWrites, tagReadFilters, targetsOf, verifyTaggedWrites, type RowTarget } from './row-tags.js';
import { WriteQueue, type QueuedWrite } from './queue.js';
import { detectMassChange, heldTable, shapeOf, type MassChange, type TabShape } from './mass-change.js';
import { MISSING_TAB, TabDirectory, tabTexts, type TabDirectoryState, type TabNotice } from './tab-directory.js';

/** Tunables; defaults suit one school on Google's default quotas. `configure()` changes them (tests, bench). */
export interface GatewayOptions {
  /** A snapshot older than this is re-read before use. Default: READ_STALENESS_SECONDS (30 s). */
  readStalenessMs: number;
  /** Wait after the first queued write so a burst shares one flush. */
  flushDelayMs: number;
  /** Request budgets per minute and burst capacity (Google: ~60/min/user each). */
  writesPerMinute: number;
  writeBurst: number;
  readsPerMinute: number;
  readBurst: number;
  /** Most writes sent in one flush (keeps payloads well under Google's ~2 MB). */
  maxBatch: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Per Sheets request; a timeout counts as an unknown outcome. */
  requestTimeoutMs: number;
  /** The head of logistics is warned when the oldest pending write is older than this… */
  stuckAfterMs: number;
  /** …or after this many failed flushes in a row. */
  stuckAfterFailures: number;
  /** School-local time for audit rows. */
  timeZone: string;
  /** Which of GOOGLE_SERVICE_ACCOUNTS this spreadsheet is read and written as (default: its SCHOOLS entry's, else GOOGLE_SERVICE_ACCOUNT). */
  serviceAccount?: string;
  /** Point this gateway at another Sheets endpoint (tests and the bench use a second emulator). */
  apiBase?: string;
  tokenUrl?: string;
}

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

/** A write parked for the head of logistics. */
export interface ParkedWrite {
  writeId: string;
  kind: 'append' | 'update' | 'audit';
  tab: TabKey;
  rowId: string;
  values: Values;
  actor: { id: string; name: string };
  action: string;
  state: WriteState;
  reason: Text | null;
  createdAt: string;
  attempts: number;
}

export interface GatewayStatus {
  pending: number;
  oldestPendingAgeMs: number | null;
  conflicts: number;
  lastError: string | null;
  /** The same, in both languages with its time (ISO), for the sync page. */
  lastFailure: (Text & { at: string }) | null;
  lastSyncedAt: string | null;
  /** Set when the head of logistics should look: an old backlog or repeated failures, with the reason. */
  warning: Text | null;
  consecutiveFailures: number;
  /** Sheets API requests this gateway instance has sent since it started (for tests and the bench). */
  sheetsRequests: number;
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

type ReadMode = 'full' | 'header' | 'tail';

const LAYOUT_FIELDS = 'sheets(properties(sheetId,title),data(rowData(values(formattedValue,note,dataValidation,userEnteredFormat.numberFormat))))';

const DAY = 86_400_000;
/** Tabs a school declared in its 登记簿 (src/core/registers/sheet.ts) are keyed `sheet:<register ID>`. */
const isSheetKey = (key: string) => /^sheet:[A-Za-z0-9-]{1,40}$/.test(key);
const parseReason = (s: string | null): Text | null => (s ? (JSON.parse(s) as Text) : null);
const errorText = (err: unknown): Text => {
  const why = explainSheetsError(err);
  const detail = err instanceof Error ? err.message : String(err);
  return { zh: `${why.zh}（${detail}）`, en: `${why.en} (${detail})` };
};
/** Largest tab copy kept for the mass-change guard (a SQLite value holds at most 2 MB). */
const KEPT_MAX_CHARS = 1_500_000;
/** How long a missed read waits for others to share its batchGet. */
const READ_COALESCE_MS = 3;
const isGridError = (err: unknown) => err instanceof SheetsError && err.code === 'INVALID_ARGUMENT' && /exceeds grid limits/i.test(err.message);
const isRangeError = (err: unknown) => err instanceof SheetsError && err.code === 'INVALID_ARGUMENT' && /unable to parse range/i.test(err.message);

export class SheetsGateway extends DurableObject<Env> {
  readonly #queue: WriteQueue;
  readonly #options: GatewayOptions;
  #sheets: SheetsClient | null = null;
  readonly #snapshots = new Map<TabKey, Snapshot>();
  readonly #fetching = new Map<TabKey, Promise<unknown>>();
  #pendingRead: { specs: Map<TabKey, ReadMode>; promise: Promise<Map<TabKey, FreshTab>> } | null = null;
  /** Where each tab is (title and sheet ID, followed across renames), remembered across restarts. */
  readonly #tabs: TabDirectory;
  /** Tabs declared in the spreadsheet's 登记簿, kept across restarts so queued writes still know their columns. */
  readonly #sheetTabs: Map<string, TabDef>;
  #layouts: { key: string; at: number; value: Promise<Record<string, SheetLayout>> } | null = null;
  #flushing: Promise<void> | null = null;
  #writeBucket: TokenBucket;
  #readBucket: TokenBucket;
  /** Versions name this instance: counters restart with it. */
  readonly #instance = crypto.randomUUID().slice(0, 8);
  /** Bumped when tabs are found gone (their tables change without a read). */
  #revision = 0;
  /** Since when reads of Google fail (null while they work). */
  #readFailingSince: number | null = null;
  /** Each tab as last accepted (rows, filled cells per column), and the tabs held after a mass change; kept across restarts. */
  readonly #shapes: Partial<Record<TabKey, TabShape>>;
  readonly #massChanges: Map<TabKey, MassChange>;
  /** What each tab's stored copy (`kept:<tab>`) holds, so an unchanged tab is not stored again. */
  readonly #kept = new Map<TabKey, string>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#queue = new WriteQueue(ctx.storage.sql);
    const staleness = Number(env.READ_STALENESS_SECONDS);
    this.#options = {
      readStalenessMs: Number.isFinite(staleness) && staleness >= 0 ? staleness * 1000 : 30_000,
      flushDelayMs: 500,
      writesPerMinute: 45,
      writeBurst: 10,
      readsPerMinute: 45,
      readBurst: 10,
      maxBatch: 500,
      backoffBaseMs: 1000,
      backoffCapMs: 60_000,
      requestTimeoutMs: 15_000,
      stuckAfterMs: 120_000,
      stuckAfterFailures: 5,
      timeZone: SCHOOL_TIME_ZONE,
      ...(JSON.parse(this.#queue.getKv('options') ?? '{}') as Partial<GatewayOptions>),
    };
    this.#sheetTabs = new Map(Object.entries(JSON.parse(this.#queue.getKv('sheetTabs') ?? '{}') as Record<string, TabDef>));
    this.#tabs = new TabDirectory(JSON.parse(this.#queue.getKv('tabDirectory') ?? 'null') as TabDirectoryState | null, () => this.#sheetTabs);
    this.#shapes = JSON.parse(this.#queue.getKv('tabShapes') ?? '{}') as Partial<Record<TabKey, TabShape>>;
    this.#massChanges = new Map(JSON.parse(this.#queue.getKv('massChanges') ?? '[]') as Array<[TabKey, MassChange]>);
    const now = Date.now();
    this.#writeBucket = new TokenBucket(this.#options.writeBurst, this.#options.writesPerMinute, now);
    this.#readBucket = new TokenBucket(this.#options.readBurst, this.#options.readsPerMinute, now);
    // A restart may have lost an armed alarm's flush mid-way: make sure pending writes get one.
    void ctx.blockConcurrencyWhile(async () => {
      if (this.#queue.counts().pending > 0 && (await ctx.storage.getAlarm()) === null) await ctx.storage.setAlarm(Date.now() + this.#options.flushDelayMs);
    });
  }

  // ---- writes ------------------------------------------------------------------------

  /** Queue a new row; `values` must hold the tab's ID. Resolves once durably queued. */
  async append(spreadsheetId: string, tab: TabKey, values: Values, meta: WriteMeta): Promise<WriteReceipt> {
    this.#bind(spreadsheetId);
    const def = this.#tab(tab);
    const rowId = String(values[def.idColumn] ?? '').trim();
    if (!rowId) throw new Error(`append to ${tab}: values must include the ID column "${def.idColumn}"`);
    return this.#enqueue('append', tab, rowId, { ...values, [def.idColumn]: rowId }, meta);
  }

  /** Queue a change to the row with this ID (found by ID when it is written). */
  async update(spreadsheetId: string, tab: TabKey, id: string, changes: Values, meta: WriteMeta): Promise<WriteReceipt> {
    this.#bind(spreadsheetId);
    this.#tab(tab);
    const rowId = id.trim();
    if (!rowId) throw new Error(`update of ${tab}: empty row ID`);
    return this.#enqueue('update', tab, rowId, changes, meta);
  }

  async #enqueue(kind: 'append' | 'update', tab: TabKey, rowId: string, values: Values, meta: WriteMeta): Promise<WriteReceipt> {
    if (!meta.idempotencyKey) throw new Error('write without an idempotency key');
    const seen = this.#queue.byIdempotencyKey(meta.idempotencyKey);
    if (seen) return { writeId: seen.writeId, rowId: seen.rowId, state: seen.state, duplicate: true };
    const w = this.#queue.add(
      { writeId: crypto.randomUUID(), idempotencyKey: meta.idempotencyKey, kind, tab, rowId, values, actor: meta.actor, action: meta.action },
      Date.now(),
    );
    await this.#arm(Date.now() + this.#options.flushDelayMs);
    return { writeId: w.writeId, rowId, state: w.state, duplicate: false };
  }

  /** Current state of some writes (for the saved / syncing / synced badge). */
  async writeStates(spreadsheetId: string, writeIds: readonly string[]): Promise<Record<string, { state: WriteState; reason: Text | null }>> {
    this.#bind(spreadsheetId);
    const out: Record<string, { state: WriteState; reason: Text | null }> = {};
    for (const w of this.#queue.many(writeIds)) out[w.writeId] = { state: w.state, reason: w.state === 'conflict' || w.state === 'failed' ? parseReason(w.reason) : null };
    return out;
  }

  /** Writes parked as conflicts or failures, oldest first. */
  async conflicts(spreadsheetId: string): Promise<ParkedWrite[]> {
    this.#bind(spreadsheetId);
    return this.#queue.parked().map((w) => ({
      writeId: w.writeId, kind: w.kind, tab: w.tab, rowId: w.rowId, values: w.values, actor: w.actor, action: w.action,
      state: w.state, reason: parseReason(w.reason), createdAt: new Date(w.createdAt).toISOString(), attempts: w.attempts,
    }));
  }

  /** Put a parked write back in the queue (after the head of logistics fixed the sheet). */
  async retry(spreadsheetId: string, writeId: string): Promise<boolean> {
    this.#bind(spreadsheetId);
    const w = this.#queue.get(writeId);
    if (!w || (w.state !== 'conflict' && w.state !== 'failed') || w.discardedAt !== null) return false;
    this.#queue.setState([writeId], 'queued', Date.now());
    await this.#arm(Date.now());
    return true;
  }

  /** Give up a parked write; it stays in the list of discarded writes for a few days. */
  async discard(spreadsheetId: string, writeId: string, by: { id: string; name: string }): Promise<boolean> {
    this.#bind(spreadsheetId);
    const reason: Text = { zh: `已由 ${by.name} 放弃`, en: `Discarded by ${by.name}` };
    return this.#queue.discard(writeId, Date.now(), JSON.stringify(reason));
  }

  /**
   * Next number of a named sequence (e.g. asset tags per category), atomic inside this
   * spreadsheet's gateway. `atLeast` lets the caller skip past numbers already in the sheet.
   */
  async nextSequence(spreadsheetId: string, name: string, atLeast = 1): Promise<number> {
    this.#bind(spreadsheetId);
    return this.#queue.nextSequence(name, atLeast);
  }

  // ---- tabs declared in the sheet -----------------------------------------------------

  /**
   * The tabs of the registers a school declared in its 登记簿 (key `sheet:<ID>`). Reads and
   * writes then treat them like schema tabs; a changed declaration drops its snapshot.
   */
  async declareTabs(spreadsheetId: string, defs: Record<string, TabDef>): Promise<void> {
    this.#bind(spreadsheetId);
    let changed = false;
    for (const [key, def] of Object.entries(defs)) {
      if (!isSheetKey(key)) throw new Error(`declareTabs: "${key}" is not a sheet: key`);
      if (JSON.stringify(this.#sheetTabs.get(key)) === JSON.stringify(def)) continue;
      this.#sheetTabs.set(key, def);
      this.#snapshots.delete(key as TabKey);
      changed = true;
    }
    if (changed) this.#queue.setKv('sheetTabs', JSON.stringify(Object.fromEntries(this.#sheetTabs)));
  }

  /**
   * Header rows of these tabs with their notes, and the first data row's dropdowns and number
   * formats: one spreadsheets.get with a field mask, kept for the staleness window. A title the
   * spreadsheet lacks is absent from the answer.
   */
  async sheetLayouts(spreadsheetId: string, titles: readonly string[]): Promise<Record<string, SheetLayout>> {
    this.#bind(spreadsheetId);
    const key = JSON.stringify([...titles].sort());
    const now = Date.now();
    if (this.#layouts && this.#layouts.key === key && now - this.#layouts.at <= this.#options.readStalenessMs) return this.#layouts.value;
    const value = (async () => {
      if (titles.length === 0) return {};
      const all = await this.#client().getSpreadsheet(this.#spreadsheetId(), 'sheets.properties(sheetId,title)');
      const present = new Set((all.sheets ?? []).map((s) => s.properties.title));
      const wanted = titles.filter((t) => present.has(t));
      if (wanted.length === 0) return {};
      this.#readBucket.take(1, Date.now());
      const ss = await this.#client().getSpreadsheet(this.#spreadsheetId(), LAYOUT_FIELDS, wanted.map((t) => `${quoteSheetTitle(t)}!1:2`));
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

  // ---- reads -------------------------------------------------------------------------

  /**
   * Tables of these tabs with the app's own unsynced writes applied. Snapshots younger
   * than the staleness window cost nothing; the rest cost one values:batchGet together.
   */
  async read(spreadsheetId: string, keys: readonly TabKey[], options: ReadOptions & { known?: KnownVersions } = {}): Promise<ReadResult> {
    this.#bind(spreadsheetId);
    for (const k of keys) this.#tab(k);
    await this.#ensureFresh(keys, options.fresh ?? false, options.maxAgeMs);
    const out: ReadResult = { tables: {}, snapshots: {} };
    for (const key of keys) {
      const snap = this.#snapshots.get(key);
      const writes = this.#queue.overlay(key, snap?.fetchedAt ?? 0);
      const version = tableVersion(`${this.#instance}.${this.#revision}`, snap?.revision ?? 0, writes);
      const stale = !!snap && this.#readFailingSince !== null && Date.now() - snap.fetchedAt > this.#options.readStalenessMs;
      out.snapshots[key] = { version, fetchedAt: snap?.fetchedAt ?? 0, stale };
      const where = options.where?.[key];
      if (!where && options.known?.[key] === version) continue; // the caller holds these very rows
      const table = snap?.table ?? missingTable(this.#def(key), this.#tabs.title(key));
      const full = overlay(table, writes);
      out.tables[key] = where ? { ...full, rows: full.rows.filter((r) => where.values.includes(String(r.values[where.column] ?? ''))) } : full;
    }
    return out;
  }

  /**
   * `read`, answering a spreadsheet that cannot be read (a wrong ID, no access, Google down with
   * nothing cached) with `{ error }` instead of throwing: workerd logs every exception thrown
   * across RPC as an uncaught rejection, and a district page reads many schools.
   */
  async tryRead(spreadsheetId: string, keys: readonly TabKey[], options: ReadOptions & { known?: KnownVersions } = {}): Promise<ReadResult | { error: string }> {
    try {
      return await this.read(spreadsheetId, keys, options);
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Make these tabs' snapshots fresh (one coalesced batchGet on a miss) without sending them back. */
  async warm(spreadsheetId: string, keys: readonly TabKey[]): Promise<void> {
    this.#bind(spreadsheetId);
    for (const k of keys) this.#tab(k);
    await this.#ensureFresh(keys, false);
  }

  /** Data problems of these tabs (all tabs when omitted), from their snapshots. */
  async problems(spreadsheetId: string, keys?: readonly TabKey[]): Promise<DataProblem[]> {
    const want = keys ?? (Object.keys(tabs) as TabKey[]);
    const { tables } = await this.read(spreadsheetId, want);
    return want.flatMap((k) => tables[k]?.problems ?? []);
  }

  async #ensureFresh(keys: readonly TabKey[], force: boolean, maxAgeMs = this.#options.readStalenessMs): Promise<void> {
    const now = Date.now();
    const waits: Promise<unknown>[] = [];
    const need: TabKey[] = [];
    // A stale snapshot is better than an error page: a failed refresh (ours, or another
    // request's we waited on) only fails when there is nothing to show.
    const orStale = (p: Promise<unknown>, ks: readonly TabKey[]) =>
      p.catch((err) => {
        if (!ks.every((k) => this.#snapshots.has(k))) throw err;
      });
    for (const key of keys) {
      const snap = this.#snapshots.get(key);
      const inFlight = this.#fetching.get(key);
      if (!force && snap && now - snap.fetchedAt <= Math.max(maxAgeMs, this.#options.readStalenessMs)) continue;
      if (inFlight && !force) waits.push(orStale(inFlight, [key]));
      else need.push(key);
    }
    if (need.length > 0) {
      // Over budget with something to show: show it rather than risk a 429 on a page view.
      const haveAll = need.every((k) => this.#snapshots.has(k));
      if (!force && haveAll && this.#readBucket.waitFor(1, now) > 0) return void (await Promise.all(waits));
      const specs = need.map((key) => {
        const snap = this.#snapshots.get(key);
        const mode: ReadMode = this.#def(key).appendOnly && snap && !force ? 'tail' : 'full';
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
        const fresh = await this.#fetchTabs(specs);
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

  /**
   * One values:batchGet for these tabs (plus, only when a tab was renamed, one
   * spreadsheets.get to find it by title or alias). Updates the snapshots.
   */
  async #fetchTabs(specs: ReadonlyArray<{ key: TabKey; mode: ReadMode }>): Promise<Map<TabKey, FreshTab>> {
    const sheets = this.#client();
    const started = Date.now();
    // A tab found missing earlier is looked for again once per staleness window (setup may have added it).
    if (started - this.#tabs.checkedAt > this.#options.readStalenessMs) this.#tabs.retryMissing(specs.map((s) => s.key));
    const build = () => {
      const ranges: string[] = [];
      const plan = specs
        .filter((s) => !this.#tabs.isMissing(s.key))
        .map((s) => {
          const title = this.#tabs.title(s.key);
          const snap = this.#snapshots.get(s.key);
          const mode: ReadMode = s.mode === 'tail' && (!snap || snap.title !== title) ? 'full' : s.mode;
          const first = ranges.length;
          if (mode === 'full') ranges.push(quoteSheetTitle(title));
          else ranges.push(rangeFor(title, { row: 1, endRow: HEADER_SEARCH_ROWS }));
          // The tail starts at the last row we hold, which must still exist: a start past
          // the grid is an error at Google ("exceeds grid limits"), and the overlap proves
          // nobody edited or removed that row.
          if (mode === 'tail') ranges.push(`${quoteSheetTitle(title)}!A${snap!.raw.length}:ZZ`);
          return { ...s, mode, title, first };
        });
      return { ranges, plan };
    };
    let { ranges, plan } = build();
    let got: Awaited<ReturnType<Sheets['batchGet']>> = [];
    try {
      if (ranges.length) {
        this.#readBucket.take(1, Date.now());
        got = await sheets.batchGet(this.#spreadsheetId(), ranges);
      }
    } catch (err) {
      if (isGridError(err)) {
        // Staff deleted rows of a log below what we hold: read those tabs whole.
        for (const s of specs) if (s.mode === 'tail') this.#snapshots.delete(s.key);
        return this.#fetchTabs(specs.map((s) => ({ key: s.key, mode: s.mode === 'tail' ? 'full' : s.mode })));
      }
      if (!isRangeError(err)) throw err;
      await this.#resolveTitles();
      ({ ranges, plan } = build());
      this.#readBucket.take(1, Date.now());
      got = ranges.length ? await sheets.batchGet(this.#spreadsheetId(), ranges) : [];
    }
    const out = new Map<TabKey, FreshTab>();
    const reread: TabKey[] = [];
    for (const p of plan) {
      const def = this.#def(p.key);
      const first = got[p.first]?.values ?? [];
      if (p.mode === 'header') {
        const at = findHeaderRow(def, first);
        const headerRow = first[at] ?? [];
        const snap = this.#snapshots.get(p.key);
        if (snap && !sameRow(snap.raw[at], headerRow)) this.#snapshots.delete(p.key);
        const { header } = mapHeader(def, headerRow.map(String), p.title, undefined, at + 1);
        out.set(p.key, { tab: def, title: p.title, header, locate: () => [], complete: false, table: null });
        continue;
      }
      let raw: RowValues[];
      if (p.mode === 'tail') {
        const snap = this.#snapshots.get(p.key)!;
        const tail = got[p.first + 1]?.values ?? [];
        // Someone changed the log's header or its last row we hold: rows may have moved, so read it whole (rare).
        const at = (snap.table.header.row ?? 1) - 1;
        if (findHeaderRow(def, first) !== at || !sameRow(snap.raw[at], first[at] ?? []) || !sameRow(snap.raw[snap.raw.length - 1], tail[0] ?? [])) {
          this.#snapshots.delete(p.key);
          reread.push(p.key);
          continue;
        }
        raw = [...snap.raw, ...tail.slice(1)];
      } else raw = first;
      const merges = this.#tabs.merges(p.key);
      const table = readTable(def, p.title, raw, { merges });
      // Pages see the tab as it was while a mass change is held; the flush below works on the sheet as it is.
      const shown = this.#guard(p.key, def, table, raw, this.#snapshots.get(p.key)?.table, started);
      const snap: Snapshot = { key: p.key, title: p.title, raw, table: shown, fetchedAt: started, revision: (this.#snapshots.get(p.key)?.revision ?? 0) + 1 };
      const prev = this.#snapshots.get(p.key);
      if (!prev || prev.fetchedAt <= started) this.#snapshots.set(p.key, snap);
      out.set(p.key, { tab: def, title: p.title, header: table.header, table, complete: true, merges, locate: (id) => locateRows(def, table.header, raw, id) });
    }
    if (reread.length) for (const [k, f] of await this.#fetchTabs(reread.map((key) => ({ key, mode: 'full' as const })))) out.set(k, f);
    return out;
  }

  /**
   * Find every tab by its sheet ID (renamed tabs) or else by title or alias (one
   * spreadsheets.get), and remember it. A tab that is gone loses its cached copy at once.
   */
  async #resolveTitles(): Promise<void> {
    // The same call brings each tab's merged cells (no extra request): readTable fills them down.
    const ss = await this.#client().getSpreadsheet(this.#spreadsheetId(), 'sheets(properties(sheetId,title),merges)');
    const { gone, remerged } = this.#tabs.resolve((ss.sheets ?? []).map((s) => ({ ...s.properties, merges: s.merges ?? [] })), Date.now());
    for (const key of [...gone, ...remerged]) this.#snapshots.delete(key);
    this.#queue.setKv('tabDirectory', JSON.stringify(this.#tabs.state));
    if (gone.length || remerged.length) this.#revision++;
  }

  /**
   * The mass-change guard (mass-change.ts): a fresh table that lost most of the rows, or a
   * whole column, of the shape last accepted is held — the table as it was is served — until
   * the sheet is restored or the head of logistics accepts the change.
   */
  #guard(key: TabKey, def: TabDef, table: Table, raw: RowValues[], previous: Table | undefined, now: number): Table {
    const change = detectMassChange(key, def, this.#shapes[key], table, now);
    if (change) {
      const held = this.#massChanges.get(key);
      if (!held || held.kind !== change.kind || held.now !== change.now || held.column !== change.column) {
        this.#massChanges.set(key, held ? { ...change, at: held.at } : change);
        this.#queue.setKv('massChanges', JSON.stringify([...this.#massChanges]));
      }
      // Snapshots live in memory only (a Durable Object is evicted when idle): the stored copy stands in.
      const kept = previous ? undefined : this.#queue.getKv(`kept:${key}`);
      return heldTable(this.#massChanges.get(key)!, table, previous ?? (kept ? readTable(def, table.title, JSON.parse(kept) as RowValues[]) : undefined));
    }
    if (this.#massChanges.delete(key)) this.#queue.setKv('massChanges', JSON.stringify([...this.#massChanges]));
    // The rows as last accepted, for a mass change met after an eviction (not logs: they only grow, and are long).
    if (!def.appendOnly) {
      const json = JSON.stringify(raw);
      if (json.length <= KEPT_MAX_CHARS && this.#kept.get(key) !== json) {
        this.#kept.set(key, json);
        this.#queue.setKv(`kept:${key}`, json);
      }
    }
    const shape = shapeOf(table);
    if (JSON.stringify(shape) !== JSON.stringify(this.#shapes[key])) {
      this.#shapes[key] = shape;
      this.#queue.setKv('tabShapes', JSON.stringify(this.#shapes));
    }
    return table;
  }

  /** The head of logistics says a held mass change was intended: the next read takes the tab as it is. */
  async acceptMassChange(spreadsheetId: string, key: TabKey): Promise<boolean> {
    this.#bind(spreadsheetId);
    if (!this.#massChanges.delete(key)) return false;
    delete this.#shapes[key];
    this.#snapshots.delete(key);
    this.#kept.delete(key);
    this.#revision++;
    this.#queue.setKv('massChanges', JSON.stringify([...this.#massChanges]));
    this.#queue.setKv('tabShapes', JSON.stringify(this.#shapes));
    return true;
  }

  /**
   * Renamed and deleted tabs, for the head of logistics (desk, /problems). Looks again
   * (one spreadsheets.get) when the last look is older than the read staleness and the
   * read budget allows, so a deleted tab shows within the staleness even if no page reads it.
   */
  async tabNotices(spreadsheetId: string): Promise<TabNotice[]> {
    this.#bind(spreadsheetId);
    const now = Date.now();
    if (now - this.#tabs.checkedAt > this.#options.readStalenessMs && this.#readBucket.waitFor(1, now) === 0) {
      this.#readBucket.take(1, now);
      await this.#resolveTitles().catch(() => {}); // an outage must not break the desk; the notices stay as they were
    }
    const held = [...this.#massChanges.values()].map((m): TabNotice => ({ key: m.key, kind: 'massChange', from: m.title, at: m.at, text: m.text }));
    return [...this.#tabs.notices(), ...held];
  }

  // ---- flush -------------------------------------------------------------------------

  override async alarm(): Promise<void> {
    await this.#flushAll(false);
  }

  /** Flush now (tests, the "sync now" button). `ignoreBackoff` skips waiting out earlier failures. */
  async flush(spreadsheetId: string, options: { ignoreBackoff?: boolean } = {}): Promise<GatewayStatus> {
    this.#bind(spreadsheetId);
    await this.#flushAll(options.ignoreBackoff ?? false);
    return this.#status();
  }

  async #flushAll(ignoreBackoff: boolean): Promise<void> {
    while (this.#flushing) await this.#flushing;
    const run = (async () => {
      // Several rounds while writes keep arriving, each within the request budget.
      for (let round = 0; round < 20; round++) {
        const r = await this.#flushOnce(ignoreBackoff);
        if (r.waitMs !== undefined) return this.#arm(Date.now() + r.waitMs, true);
        if (!r.more) return;
      }
      await this.#arm(Date.now() + this.#options.flushDelayMs, true);
    })();
    this.#flushing = run.finally(() => (this.#flushing = null));
    await this.#flushing;
  }

  async #arm(at: number, replace = false): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (replace || current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  async #flushOnce(ignoreBackoff: boolean): Promise<{ more: boolean; waitMs?: number }> {
    const o = this.#options;
    const now = Date.now();
    const retryAt = Number(this.#queue.getKv('retryAt') ?? 0);
    if (!ignoreBackoff && retryAt > now) return { more: true, waitMs: retryAt - now };
    const batch = this.#queue.active(o.maxBatch);
    if (batch.length === 0) return { more: false };

    const userWrites = batch.some((w) => w.kind !== 'audit');
    const appendTabs = new Set(batch.filter((w) => w.kind === 'append').map((w) => w.tab));
    const writesNeeded = appendTabs.size + (batch.some((w) => w.kind === 'update') ? 1 : 0) + 1; // +1: audit rows
    const wait = Math.max(this.#writeBucket.waitFor(writesNeeded, now), this.#readBucket.waitFor(1, now));
    if (wait > 0 && !ignoreBackoff) return { more: true, waitMs: wait };

    // 1. One fresh read of every tab this flush writes (IDs, header) — the audit tab by its tail.
    const touched = new Set<TabKey>(batch.map((w) => w.tab));
    if (userWrites) touched.add('audit');
    const unsure = new Set(this.#queue.active().filter((w) => w.state === 'syncing' && w.kind !== 'update').map((w) => w.tab));
    const specs = [...touched].map((key) => {
      if (!this.#def(key).appendOnly) return { key, mode: 'full' as ReadMode };
      const mode: ReadMode = this.#snapshots.has(key) ? 'tail' : unsure.has(key) ? 'full' : 'header';
      return { key, mode };
    });
    let fresh: Map<TabKey, FreshTab>;
    try {
      fresh = await this.#fetchTabs(specs);
    } catch (err) {
      this.#failed(err);
      return { more: true, waitMs: Math.max(0, Number(this.#queue.getKv('retryAt')) - Date.now()) };
    }

    // 2. Decide; record the decisions and mark what is about to be sent, in one commit.
    const plan = planFlush(batch.filter((w) => w.kind !== 'audit'), fresh);
    const t = Date.now();
    this.#settle(plan.landed, t);
    for (const c of plan.conflicts) this.#queue.setState([c.write.writeId], 'conflict', t, JSON.stringify(c.reason));
    const sending = [
      ...[...plan.appends.values()].flatMap((g) => g.entries.flatMap((e) => [e.write, ...e.dependents])),
      ...plan.updates.entries.map((e) => e.write),
    ];
    this.#queue.setState(sending.map((w) => w.writeId), 'syncing', t, null, true);

    // 3. Send: one batchUpdate for all updates and one append per tab, side by side.
    let ok = true;
    const jobs: Promise<void>[] = [];
    if (plan.updates.entries.length > 0) jobs.push(this.#writeUpdates(plan.updates.entries, fresh).then((good) => void (ok &&= good)));
    for (const [key, group] of plan.appends) {
      jobs.push(this.#appendGroup(key, group).then((good) => void (ok &&= good)));
    }
    await Promise.all(jobs);

    // 4. The audit rows of everything that landed (this flush or earlier), in one append.
    const audits = this.#queue.active(o.maxBatch).filter((w) => w.kind === 'audit');
    const auditTab = fresh.get('audit');
    if (audits.length > 0 && auditTab) {
      const auditPlan = planFlush(audits, new Map([['audit', auditTab]]));
      this.#settle(auditPlan.landed, Date.now());
      for (const c of auditPlan.conflicts) this.#queue.setState([c.write.writeId], 'failed', Date.now(), JSON.stringify(c.reason));
      const group = auditPlan.appends.get('audit');
      if (group) {
        this.#queue.setState(group.entries.map((e) => e.write.writeId), 'syncing', Date.now(), null, true);
        ok = (await this.#appendGroup('audit', group)) && ok;
      }
    } else if (audits.length > 0 && !auditTab && userWrites) {
      // No 操作日志 tab in this spreadsheet: park the audit rows where the head of logistics sees them.
      const reason = JSON.stringify({ zh: '找不到工作表「操作日志」', en: 'The audit tab was not found' });
      this.#queue.setState(audits.map((w) => w.writeId), 'failed', Date.now(), reason);
    }

    if (ok) {
      this.#queue.setKv('failures', '0');
      this.#queue.setKv('retryAt', null);
      this.#queue.setKv('lastSyncedAt', new Date().toISOString());
    }
    if (Math.random() < 0.05) this.#queue.prune(Date.now() - 3 * DAY);
    const left = this.#queue.counts().pending;
    if (!ok) return { more: left > 0, waitMs: Math.max(0, Number(this.#queue.getKv('retryAt') ?? 0) - Date.now()) };
    return { more: left > 0 };
  }

  /**
   * Write updates into their rows by row tag (row-tags.ts), never by row number: one read of
   * the tags, then tags for untagged rows and the by-tag writes side by side, then undo and
   * queue again anything the write's answer shows landed wrong. True when nothing failed.
   */
  async #writeUpdates(entries: FlushPlan['updates']['entries'], fresh: Map<TabKey, FreshTab>): Promise<boolean> {
    const id = this.#spreadsheetId();
    const writesOf = (targets: readonly RowTarget[]) => targets.flatMap((t) => t.entries.map((e) => e.write));
    const targets = targetsOf(entries);
    let matched: MatchedValueRange[];
    try {
      if (targets.some((t) => this.#tabs.sheetId(t.tab) === undefined)) await this.#resolveTitles();
      this.#readBucket.take(1, Date.now());
      matched = await this.#client().batchGetByDataFilter(id, tagReadFilters(targets, fresh));
    } catch (err) {
      this.#sendFailed(err, writesOf(targets), true);
      return false;
    }
    const plan = planTaggedWrites(targets, fresh, matched, (k) => this.#tabs.sheetId(k));
    this.#queue.setState(writesOf(plan.waiting).map((w) => w.writeId), 'queued', Date.now());
    let ok = true;
    const tagging = plan.tagRequests.length ? this.#send(() => this.#client().batchUpdate(id, plan.tagRequests)) : null;
    if (plan.data.length) {
      const r = await this.#send(() => this.#client().batchUpdateByDataFilter(id, plan.data));
      const writing = plan.writing.map((w) => w.target);
      if (!r.ok) {
        ok = false;
        this.#sendFailed(r.err, writesOf(writing), true);
      } else {
        const v = verifyTaggedWrites(plan.writing, r.value);
        this.#settle(writesOf(v.landed), Date.now(), entries);
        this.#queue.setState(writesOf(v.again).map((w) => w.writeId), 'queued', Date.now());
        if (v.undo.length) {
          this.#queue.setKv('undone', String(Number(this.#queue.getKv('undone') ?? 0) + v.undo.length));
          const u = await this.#send(() => this.#client().batchUpdateByDataFilter(id, v.undo));
          if (!u.ok) ok = false;
          if (v.untag.length) await this.#send(() => this.#client().batchUpdate(id, v.untag));
        }
      }
    }
    // A failed tagging costs nothing but a round: those writes are queued and re-verified.
    if (tagging) await tagging;
    return ok;
  }

  /** Send one append; true when it landed. */
  async #appendGroup(key: TabKey, group: AppendGroup): Promise<boolean> {
    const writes = group.entries.flatMap((e) => [e.write, ...e.dependents]);
    const rows = group.entries.map((e) => e.row);
    const anchor = appendAnchor(group.title, group.headerTexts, group.headerRow);
    const r = await this.#send(() => this.#client().append(this.#spreadsheetId(), anchor.range, rows.map((row) => row.slice(anchor.column))));
    if (!r.ok) {
      this.#sendFailed(r.err, writes, false);
      return false;
    }
    // Keep an append-only tab's snapshot continuous so the next read is a short tail;
    // if the rows did not land right after what we knew, read it whole next time.
    const snap = this.#snapshots.get(key);
    if (snap && this.#def(key).appendOnly) {
      const end = parseRange(r.value.updates?.updatedRange ?? '')?.endRow;
      if (end === snap.raw.length + rows.length) snap.raw.push(...rows);
      else this.#snapshots.delete(key);
    }
    this.#settle(writes, Date.now());
    return true;
  }

  async #send<T>(call: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; err: unknown }> {
    this.#writeBucket.take(1, Date.now());
    try {
      return { ok: true, value: await call() };
    } catch (err) {
      return { ok: false, err };
    }
  }

  /** Mark writes synced and queue their audit rows (once per write, keyed by its ID). */
  #settle(writes: readonly QueuedWrite[], now: number, updates?: FlushPlan['updates']['entries']): void {
    if (writes.length === 0) return;
    this.#queue.setState(writes.map((w) => w.writeId), 'synced', now);
    const before = new Map(updates?.map((e) => [e.write.writeId, e.before]));
    for (const w of writes) {
      // Rows written to 操作日志 itself (sign-in events) are the audit record: none about them.
      if (w.kind === 'audit' || w.tab === 'audit') continue;
      const key = `audit:${w.writeId}`;
      if (this.#queue.byIdempotencyKey(key)) continue;
      const values = auditRow({ at: w.createdAt, actor: w.actor, action: w.action, tab: w.tab, tabTitle: this.#def(w.tab).zh, rowId: w.rowId, before: w.kind === 'update' ? (before.get(w.writeId) ?? {}) : undefined, after: w.values }, this.#options.timeZone);
      this.#queue.add(
        { writeId: crypto.randomUUID(), idempotencyKey: key, kind: 'audit', tab: 'audit', rowId: String(values.id), actor: w.actor, action: w.action, values },
        now,
      );
    }
  }

  /**
   * A request failed. Appends stay "syncing" and are looked up by ID next flush; updates
   * are simply sent again. A request Google rejects outright (4xx other than auth, quota
   * or a vanished tab) parks its writes with the reason.
   */
  #sendFailed(err: unknown, writes: readonly QueuedWrite[], isUpdate: boolean): void {
    const now = Date.now();
    const ids = writes.map((w) => w.writeId);
    const rejected = err instanceof SheetsError && !err.retryable && !['UNAUTHENTICATED', 'PERMISSION_DENIED', 'NOT_FOUND'].includes(err.code) && !isRangeError(err);
    if (rejected) {
      // Google refused this request as such (e.g. a value too long): retrying will not help.
      this.#queue.setState(ids, 'failed', now, JSON.stringify(errorText(err)));
    } else if (isUpdate) {
      // Same cells, same values, row found afresh by ID: an update can simply be sent again.
      this.#queue.setState(ids, 'queued', now);
    }
    // A failed append stays "syncing" whatever the error — even a 429 — and is looked up by ID
    // before being sent again: a lost response after a write must never turn into a second row.
    this.#failed(err);
  }

  #failed(err: unknown): void {
    const failures = Number(this.#queue.getKv('failures') ?? 0) + 1;
    const hint = err instanceof SheetsError ? err.retryAfterMs : undefined;
    const delay = backoffMs(failures, { baseMs: this.#options.backoffBaseMs, capMs: this.#options.backoffCapMs }, hint);
    this.#queue.setKv('failures', String(failures));
    this.#queue.setKv('retryAt', String(Date.now() + delay));
    this.#queue.setKv('lastError', JSON.stringify({ at: new Date().toISOString(), ...errorText(err) }));
  }

  // ---- status ------------------------------------------------------------------------

  async status(spreadsheetId: string): Promise<GatewayStatus> {
    this.#bind(spreadsheetId);
    return this.#status();
  }

  #status(): GatewayStatus {
    const o = this.#options;
    const c = this.#queue.counts();
    const age = c.oldestPendingAt === null ? null : Date.now() - c.oldestPendingAt;
    const failures = Number(this.#queue.getKv('failures') ?? 0);
    const last = JSON.parse(this.#queue.getKv('lastError') ?? 'null') as (Text & { at: string }) | null;
    let warning: Text | null = null;
    if (c.pending > 0 && ((age ?? 0) > o.stuckAfterMs || failures >= o.stuckAfterFailures)) {
      const minutes = Math.round((age ?? 0) / 60_000);
      warning = {
        zh: `有 ${c.pending} 条写入尚未同步到表格，最早的已等待约 ${minutes} 分钟${failures ? `，已连续失败 ${failures} 次` : ''}。${last ? `原因：${last.zh}` : ''}`,
        en: `${c.pending} writes are not in the spreadsheet yet; the oldest has waited about ${minutes} min${failures ? `, ${failures} failures in a row` : ''}.${last ? ` Reason: ${last.en}` : ''}`,
      };
    }
    return {
      pending: c.pending,
      oldestPendingAgeMs: age,
      conflicts: c.conflicts,
      lastError: last ? `${last.at} ${last.en}` : null,
      lastFailure: last,
      lastSyncedAt: this.#queue.getKv('lastSyncedAt'),
      warning,
      consecutiveFailures: failures,
      sheetsRequests: this.#sheets?.requests ?? 0,
    };
  }

  /** Change tunables (tests, bench); kept across restarts. */
  async configure(spreadsheetId: string, options: Partial<GatewayOptions>): Promise<GatewayOptions> {
    this.#bind(spreadsheetId);
    Object.assign(this.#options, options);
    const stored = { ...(JSON.parse(this.#queue.getKv('options') ?? '{}') as object), ...options };
    this.#queue.setKv('options', JSON.stringify(stored));
    const now = Date.now();
    this.#writeBucket = new TokenBucket(this.#options.writeBurst, this.#options.writesPerMinute, now);
    this.#readBucket = new TokenBucket(this.#options.readBurst, this.#options.readsPerMinute, now);
    this.#sheets = null;
    if (this.#queue.counts().pending > 0) await this.#arm(now + this.#options.flushDelayMs);
    return { ...this.#options };
  }

  /** Drop this instance as a crash would (bench and tests): the next call starts afresh from storage. */
  async restart(spreadsheetId: string): Promise<void> {
    this.#bind(spreadsheetId);
    this.ctx.abort('restart requested');
  }

  // ---- plumbing ----------------------------------------------------------------------

  /** One gateway per spreadsheet: the first call names it, and a call for another one is refused. */
  #bind(spreadsheetId: string): void {
    const bound = this.#queue.getKv('spreadsheetId');
    if (bound === null) this.#queue.setKv('spreadsheetId', spreadsheetId);
    else if (bound !== spreadsheetId) throw new Error(`gateway for ${bound} was called for ${spreadsheetId}`);
  }

  #spreadsheetId(): string {
    const id = this.#queue.getKv('spreadsheetId');
    if (!id) throw new Error('gateway has no spreadsheet yet');
    return id;
  }

  #tab(key: string): TabDef {
    if (!isTabKey(key) && !this.#sheetTabs.has(key)) throw new Error(`unknown tab "${key}"`);
    return this.#def(key as TabKey);
  }

  #def(key: TabKey): TabDef {
    const def = (tabs as Record<string, TabDef>)[key] ?? this.#sheetTabs.get(key);
    if (!def) throw new Error(`unknown tab "${key}"`);
    return def;
  }

  #client(): Sheets & { requests: number } {
    // The gateway does its own backoff (and must see every failure), so the client sends once.
    this.#sheets ??= new SheetsClient({
      apiBase: this.#options.apiBase ?? this.env.SHEETS_API_BASE,
      tokenUrl: this.#options.tokenUrl ?? this.env.GOOGLE_TOKEN_URL,
      serviceAccount: serviceAccountFor(this.env, this.#spreadsheetId(), this.#options.serviceAccount),
      retry: { attempts: 1 },
      timeoutMs: this.#options.requestTimeoutMs,
    });
    return this.#sheets;
  }
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
    problems: [{ sheet: title || tab.zh, cell: 'A1', value: null, column: MISSING_TAB, header: true, expected: tabTexts.missing(tab, title) }],
  };
}
