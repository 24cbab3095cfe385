/**
 * SheetsGateway: one Durable Object per spreadsheet through which every app write
 * and every cached read goes (see README.md beside this file). A thin composition of
 * its parts, which share one GatewayContext (parts.ts):
 *
 * - the SQLite write queue (queue.ts): a write is acknowledged once queued (the RPC reply
 *   waits for the storage commit), recorded once per idempotency key;
 * - the snapshot cache (snapshots.ts): per-tab copies for reads, one values:batchGet per page,
 *   kept in SQLite too (snapshot-store.ts) so a restart does not read every tab again;
 * - the flusher (flusher.ts), woken by the alarm: fresh read, appends and by-tag updates,
 *   backoff; nothing dropped, rows found by ID, never by row number;
 * - the audit trail (audit-trail.ts): one 操作日志 row per write that landed.
 */
import { DurableObject } from 'cloudflare:workers';
import { isTabKey, tabs, type TabDef, type TabKey } from '../../../sheets-schema/index.js';
import type { Env } from '../../env.js';
import { serviceAccountFor } from '../school.js';
import type { QueuedWriteInput, ReadOptions, WriteMeta, WriteReceipt, WriteState } from '../data/types.js';
import { SheetsClient } from '../sheets/client.js';
import type { SheetLayout } from '../sheets/types.js';
import type { DataProblem, Text, Values } from '../table/types.js';
import { SCHOOL_TIME_ZONE } from '../time.js';
import { AuditTrail } from './audit-trail.js';
import { TokenBucket } from './backoff.js';
import { Flusher, type GatewayStatus } from './flusher.js';
import { parseReason, type Budgets, type GatewayContext, type GatewayOptions } from './parts.js';
import { WriteQueue } from './queue.js';
import { SnapshotStore } from './snapshot-store.js';
import { SnapshotCache, type ReadResult } from './snapshots.js';
import type { TabNotice } from './tab-directory.js';
import type { KnownVersions } from './versions.js';

export type { GatewayOptions } from './parts.js';
export type { GatewayStatus } from './flusher.js';
export type { ReadResult, SnapshotInfo } from './snapshots.js';

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

/** Tabs a school declared in its 登记簿 (src/core/registers/sheet.ts) are keyed `sheet:<register ID>`. */
const isSheetKey = (key: string) => /^sheet:[A-Za-z0-9-]{1,40}$/.test(key);

const budgetsFor = (o: GatewayOptions, now: number): Budgets => ({
  write: new TokenBucket(o.writeBurst, o.writesPerMinute, now),
  read: new TokenBucket(o.readBurst, o.readsPerMinute, now),
});

export class SheetsGateway extends DurableObject<Env> {
  readonly #ctx: GatewayContext;
  readonly #snapshots: SnapshotCache;
  readonly #flusher: Flusher;
  #sheets: SheetsClient | null = null;
  /** Tabs declared in the spreadsheet's 登记簿, kept across restarts so queued writes still know their columns. */
  readonly #sheetTabs: Map<string, TabDef>;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const queue = new WriteQueue(ctx.storage.sql);
    const staleness = Number(env.READ_STALENESS_SECONDS);
    const options: GatewayOptions = {
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
      ...(JSON.parse(queue.getKv('options') ?? '{}') as Partial<GatewayOptions>),
    };
    this.#sheetTabs = new Map(Object.entries(JSON.parse(queue.getKv('sheetTabs') ?? '{}') as Record<string, TabDef>));
    this.#ctx = {
      queue,
      options,
      budgets: budgetsFor(options, Date.now()),
      client: () => this.#client(),
      requestsSent: () => this.#sheets?.requests ?? 0,
      spreadsheetId: () => this.#spreadsheetId(),
      def: (key) => this.#def(key),
    };
    this.#snapshots = new SnapshotCache(this.#ctx, () => this.#sheetTabs, new SnapshotStore(ctx.storage.sql));
    this.#flusher = new Flusher(this.#ctx, this.#snapshots, new AuditTrail(this.#ctx), (at, replace) => this.#arm(at, replace));
    // A restart may have lost an armed alarm's flush mid-way: make sure pending writes get one.
    void ctx.blockConcurrencyWhile(async () => {
      if (queue.counts().pending > 0 && (await ctx.storage.getAlarm()) === null)
        await ctx.storage.setAlarm(Date.now() + options.flushDelayMs);
    });
  }

  // ---- writes ------------------------------------------------------------------------

  /** Queue a new row; `values` must hold the tab's ID. Resolves once durably queued. */
  async append(spreadsheetId: string, tab: TabKey, values: Values, meta: WriteMeta): Promise<WriteReceipt> {
    return (await this.writeAll(spreadsheetId, [{ kind: 'append', tab, values, meta } as QueuedWriteInput]))[0]!;
  }

  /** Queue a change to the row with this ID (found by ID when it is written). */
  async update(spreadsheetId: string, tab: TabKey, id: string, changes: Values, meta: WriteMeta): Promise<WriteReceipt> {
    return (await this.writeAll(spreadsheetId, [{ kind: 'update', tab, id, changes, meta } as QueuedWriteInput]))[0]!;
  }

  /**
   * Queue several writes in this order, in one storage commit: no other request's write lands
   * between them, so guards on the same row (a decision and its rows) see them together.
   */
  async writeAll(spreadsheetId: string, writes: readonly QueuedWriteInput[]): Promise<WriteReceipt[]> {
    this.#bind(spreadsheetId);
    // Every write checked before any is queued: all of them or none.
    const checked = writes.map((w) => {
      const def = this.#tab(w.tab);
      if (w.meta.guard) this.#tab(w.meta.guard.tab);
      if (!w.meta.idempotencyKey) throw new Error('write without an idempotency key');
      if (w.kind === 'update') {
        const rowId = w.id.trim();
        if (!rowId) throw new Error(`update of ${w.tab}: empty row ID`);
        return { kind: w.kind, tab: w.tab, rowId, values: w.changes as Values, meta: w.meta };
      }
      const values = w.values as Values;
      const rowId = String(values[def.idColumn] ?? '').trim();
      if (!rowId) throw new Error(`append to ${w.tab}: values must include the ID column "${def.idColumn}"`);
      return { kind: w.kind, tab: w.tab, rowId, values: { ...values, [def.idColumn]: rowId }, meta: w.meta };
    });
    const receipts = checked.map((w) => this.#queueOne(w.kind, w.tab, w.rowId, w.values, w.meta));
    if (receipts.some((r) => !r.duplicate)) await this.#arm(Date.now() + this.#ctx.options.flushDelayMs);
    return receipts;
  }

  #queueOne(kind: 'append' | 'update', tab: TabKey, rowId: string, values: Values, meta: WriteMeta): WriteReceipt {
    const seen = this.#ctx.queue.byIdempotencyKey(meta.idempotencyKey);
    if (seen) return { writeId: seen.writeId, rowId: seen.rowId, state: seen.state, duplicate: true };
    const w = this.#ctx.queue.add(
      {
        writeId: crypto.randomUUID(),
        idempotencyKey: meta.idempotencyKey,
        kind,
        tab,
        rowId,
        values,
        actor: meta.actor,
        action: meta.action,
        guard: meta.guard,
      },
      Date.now(),
    );
    return { writeId: w.writeId, rowId, state: w.state, duplicate: false };
  }

  /** Current state of some writes (for the saved / syncing / synced badge). */
  async writeStates(
    spreadsheetId: string,
    writeIds: readonly string[],
  ): Promise<Record<string, { state: WriteState; reason: Text | null }>> {
    this.#bind(spreadsheetId);
    const out: Record<string, { state: WriteState; reason: Text | null }> = {};
    for (const w of this.#ctx.queue.many(writeIds))
      out[w.writeId] = { state: w.state, reason: w.state === 'conflict' || w.state === 'failed' ? parseReason(w.reason) : null };
    return out;
  }

  /** Writes parked as conflicts or failures, oldest first. */
  async conflicts(spreadsheetId: string): Promise<ParkedWrite[]> {
    this.#bind(spreadsheetId);
    return this.#ctx.queue.parked().map((w) => ({
      writeId: w.writeId,
      kind: w.kind,
      tab: w.tab,
      rowId: w.rowId,
      values: w.values,
      actor: w.actor,
      action: w.action,
      state: w.state,
      reason: parseReason(w.reason),
      createdAt: new Date(w.createdAt).toISOString(),
      attempts: w.attempts,
    }));
  }

  /** Put a parked write back in the queue (after the head of logistics fixed the sheet). */
  async retry(spreadsheetId: string, writeId: string): Promise<boolean> {
    this.#bind(spreadsheetId);
    const w = this.#ctx.queue.get(writeId);
    if (!w || (w.state !== 'conflict' && w.state !== 'failed') || w.discardedAt !== null) return false;
    this.#ctx.queue.setState([writeId], 'queued', Date.now());
    await this.#arm(Date.now());
    return true;
  }

  /** Give up a parked write; it stays in the list of discarded writes for a few days. */
  async discard(spreadsheetId: string, writeId: string, by: { id: string; name: string }): Promise<boolean> {
    this.#bind(spreadsheetId);
    const reason: Text = { zh: `已由 ${by.name} 放弃`, en: `Discarded by ${by.name}` };
    return this.#ctx.queue.discard(writeId, Date.now(), JSON.stringify(reason));
  }

  /**
   * Next number of a named sequence (e.g. asset tags per category), atomic inside this
   * spreadsheet's gateway. `atLeast` lets the caller skip past numbers already in the sheet.
   */
  async nextSequence(spreadsheetId: string, name: string, atLeast = 1): Promise<number> {
    this.#bind(spreadsheetId);
    return this.#ctx.queue.nextSequence(name, atLeast);
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
      this.#snapshots.drop(key as TabKey);
      changed = true;
    }
    if (changed) this.#ctx.queue.setKv('sheetTabs', JSON.stringify(Object.fromEntries(this.#sheetTabs)));
  }

  /** Header rows, notes, dropdowns and number formats of these tabs (see SnapshotCache.sheetLayouts). */
  async sheetLayouts(spreadsheetId: string, titles: readonly string[]): Promise<Record<string, SheetLayout>> {
    this.#bind(spreadsheetId);
    return this.#snapshots.sheetLayouts(titles);
  }

  // ---- reads -------------------------------------------------------------------------

  /**
   * Tables of these tabs with the app's own unsynced writes applied. Snapshots younger
   * than the staleness window cost nothing; the rest cost one values:batchGet together.
   */
  async read(spreadsheetId: string, keys: readonly TabKey[], options: ReadOptions & { known?: KnownVersions } = {}): Promise<ReadResult> {
    this.#bind(spreadsheetId);
    for (const k of keys) this.#tab(k);
    return this.#snapshots.read(keys, options);
  }

  /**
   * `read`, answering a spreadsheet that cannot be read (a wrong ID, no access, Google down with
   * nothing cached) with `{ error }` instead of throwing: workerd logs every exception thrown
   * across RPC as an uncaught rejection, and a district page reads many schools.
   */
  async tryRead(
    spreadsheetId: string,
    keys: readonly TabKey[],
    options: ReadOptions & { known?: KnownVersions } = {},
  ): Promise<ReadResult | { error: string }> {
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
    await this.#snapshots.ensureFresh(keys, false);
  }

  /** Data problems of these tabs (all tabs when omitted), from their snapshots. */
  async problems(spreadsheetId: string, keys?: readonly TabKey[]): Promise<DataProblem[]> {
    const want = keys ?? (Object.keys(tabs) as TabKey[]);
    const { tables } = await this.read(spreadsheetId, want);
    return want.flatMap((k) => tables[k]?.problems ?? []);
  }

  /** The head of logistics says a held mass change was intended: the next read takes the tab as it is. */
  async acceptMassChange(spreadsheetId: string, key: TabKey): Promise<boolean> {
    this.#bind(spreadsheetId);
    return this.#snapshots.acceptMassChange(key);
  }

  /** Renamed and deleted tabs and tabs held after a mass change, for the head of logistics (desk, /problems). */
  async tabNotices(spreadsheetId: string): Promise<TabNotice[]> {
    this.#bind(spreadsheetId);
    return this.#snapshots.tabNotices();
  }

  // ---- flush -------------------------------------------------------------------------

  override async alarm(): Promise<void> {
    await this.#flusher.flushAll(false);
  }

  /** Flush now (tests, the "sync now" button). `ignoreBackoff` skips waiting out earlier failures. */
  async flush(spreadsheetId: string, options: { ignoreBackoff?: boolean } = {}): Promise<GatewayStatus> {
    this.#bind(spreadsheetId);
    await this.#flusher.flushAll(options.ignoreBackoff ?? false);
    return this.#flusher.status();
  }

  async #arm(at: number, replace = false): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (replace || current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  // ---- status ------------------------------------------------------------------------

  async status(spreadsheetId: string): Promise<GatewayStatus> {
    this.#bind(spreadsheetId);
    return this.#flusher.status();
  }

  /** Change tunables (tests, bench); kept across restarts. */
  async configure(spreadsheetId: string, options: Partial<GatewayOptions>): Promise<GatewayOptions> {
    this.#bind(spreadsheetId);
    const { queue, options: current, budgets } = this.#ctx;
    Object.assign(current, options);
    const stored = { ...(JSON.parse(queue.getKv('options') ?? '{}') as object), ...options };
    queue.setKv('options', JSON.stringify(stored));
    const now = Date.now();
    Object.assign(budgets, budgetsFor(current, now));
    this.#sheets = null;
    if (queue.counts().pending > 0) await this.#arm(now + current.flushDelayMs);
    return { ...current };
  }

  /** Drop this instance as a crash would (bench and tests): the next call starts afresh from storage. */
  async restart(spreadsheetId: string): Promise<void> {
    this.#bind(spreadsheetId);
    this.ctx.abort('restart requested');
  }

  // ---- plumbing ----------------------------------------------------------------------

  /** One gateway per spreadsheet: the first call names it, and a call for another one is refused. */
  #bind(spreadsheetId: string): void {
    const bound = this.#ctx.queue.getKv('spreadsheetId');
    if (bound === null) this.#ctx.queue.setKv('spreadsheetId', spreadsheetId);
    else if (bound !== spreadsheetId) throw new Error(`gateway for ${bound} was called for ${spreadsheetId}`);
  }

  #spreadsheetId(): string {
    const id = this.#ctx.queue.getKv('spreadsheetId');
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

  #client(): SheetsClient {
    // The gateway does its own backoff (and must see every failure), so the client sends once.
    const o = this.#ctx.options;
    this.#sheets ??= new SheetsClient({
      apiBase: o.apiBase ?? this.env.SHEETS_API_BASE,
      tokenUrl: o.tokenUrl ?? this.env.GOOGLE_TOKEN_URL,
      serviceAccount: serviceAccountFor(this.env, this.#spreadsheetId(), o.serviceAccount),
      retry: { attempts: 1 },
      timeoutMs: o.requestTimeoutMs,
    });
    return this.#sheets;
  }
}
