/**
 * The gateway's flusher: sends the SQLite queue to Google. Each round reads the touched tabs
 * fresh (one values:batchGet), plans (plan.ts), then sends one values.append per tab and the
 * updates by row tag (row-tags.ts), then the audit rows (audit-trail.ts). Rows are found by ID
 * in that fresh read, never by row number. Failures back off with jitter; nothing is dropped.
 */
import type { TabKey } from '../../../sheets-schema/index.js';
import type { Text } from '../table/types.js';
import { SheetsError } from '../sheets/errors.js';
import type { MatchedValueRange } from '../sheets/types.js';
import { appendRequests } from './append-batch.js';
import { auditKey, type AuditTrail } from './audit-trail.js';
import { backoffMs } from './backoff.js';
import { DAY, errorText, isRangeError, type GatewayContext } from './parts.js';
import { planFlush, type AppendEntry, type AppendGroup, type FlushPlan, type FreshTab } from './plan.js';
import type { QueuedWrite } from './queue.js';
import { planTaggedWrites, tagLookups, tagReadFilters, targetsOf, verifyTaggedWrites, type RowTarget } from './row-tags.js';
import type { ReadMode, SnapshotCache } from './snapshots.js';

/** Google refused the request as such (4xx other than auth, quota or a vanished tab): sending it again will not help. */
const isRejected = (err: unknown) =>
  err instanceof SheetsError &&
  !err.retryable &&
  !['UNAUTHENTICATED', 'PERMISSION_DENIED', 'NOT_FOUND'].includes(err.code) &&
  !isRangeError(err);

/** The queued writes behind these groups' rows (with the updates merged into them). */
const groupWrites = (groups: ReadonlyArray<readonly [TabKey, AppendGroup]>) =>
  groups.flatMap(([, g]) => g.entries.flatMap((e) => [e.write, ...e.dependents]));

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

/** Sets the Durable Object's alarm (earlier than the one armed, or in its place). */
export type Arm = (at: number, replace?: boolean) => Promise<void>;

export class Flusher {
  readonly #ctx: GatewayContext;
  readonly #snapshots: SnapshotCache;
  readonly #audit: AuditTrail;
  readonly #arm: Arm;
  #flushing: Promise<void> | null = null;

  constructor(ctx: GatewayContext, snapshots: SnapshotCache, audit: AuditTrail, arm: Arm) {
    this.#ctx = ctx;
    this.#snapshots = snapshots;
    this.#audit = audit;
    this.#arm = arm;
  }

  /** Flush until the queue is empty, in rounds; `ignoreBackoff` skips waiting out earlier failures. */
  async flushAll(ignoreBackoff: boolean): Promise<void> {
    while (this.#flushing) await this.#flushing;
    const run = (async () => {
      // Several rounds while writes keep arriving, each within the request budget.
      for (let round = 0; round < 20; round++) {
        const r = await this.#flushOnce(ignoreBackoff);
        if (r.waitMs !== undefined) return this.#arm(Date.now() + r.waitMs, true);
        if (!r.more) return;
      }
      await this.#arm(Date.now() + this.#ctx.options.flushDelayMs, true);
    })();
    this.#flushing = run.finally(() => (this.#flushing = null));
    await this.#flushing;
  }

  async #flushOnce(ignoreBackoff: boolean): Promise<{ more: boolean; waitMs?: number }> {
    const { queue, options: o, budgets } = this.#ctx;
    const now = Date.now();
    const retryAt = Number(queue.getKv('retryAt') ?? 0);
    if (!ignoreBackoff && retryAt > now) return { more: true, waitMs: retryAt - now };
    const batch = queue.active(o.maxBatch);
    if (batch.length === 0) return { more: false };

    const userWrites = batch.some((w) => w.kind !== 'audit');
    const writesNeeded = (batch.some((w) => w.kind === 'append') ? 1 : 0) + (batch.some((w) => w.kind === 'update') ? 1 : 0) + 1; // +1: audit rows
    const wait = Math.max(budgets.write.waitFor(writesNeeded, now), budgets.read.waitFor(1, now));
    if (wait > 0 && !ignoreBackoff) return { more: true, waitMs: wait };

    // 1. One fresh read of every tab this flush writes (IDs, header) — the audit tab by its tail.
    const touched = new Set<TabKey>(batch.map((w) => w.tab));
    if (userWrites) touched.add('audit');
    // The rows guards look at, read whole (a guard is checked once, before the write is first sent).
    const guarded = new Set(batch.flatMap((w) => (w.guard && w.attempts === 0 ? [w.guard.tab] : [])));
    for (const key of guarded) touched.add(key);
    const unsure = new Set(
      queue
        .active()
        .filter((w) => w.state === 'syncing' && w.kind !== 'update')
        .map((w) => w.tab),
    );
    const specs = [...touched].map((key) => {
      if (!this.#ctx.def(key).appendOnly) return { key, mode: 'full' as ReadMode };
      const mode: ReadMode = this.#snapshots.has(key) ? 'tail' : unsure.has(key) || guarded.has(key) ? 'full' : 'header';
      return { key, mode };
    });
    // The rows updates change are found by their tags in the same request (a row added in this flush takes its update in).
    const adding = new Set(batch.filter((w) => w.kind === 'append').map((w) => `${w.tab}\n${w.rowId}`));
    const lookups = tagLookups(batch.filter((w) => w.kind === 'update' && !adding.has(`${w.tab}\n${w.rowId}`)));
    let fresh: Map<TabKey, FreshTab>;
    let tagged: MatchedValueRange[] | undefined;
    try {
      ({ fresh, matched: tagged } = await this.#snapshots.fetchTabsWith(specs, lookups));
    } catch (err) {
      this.#failed(err);
      return { more: true, waitMs: Math.max(0, Number(queue.getKv('retryAt')) - Date.now()) };
    }

    // 2. Decide; record the decisions and mark what is about to be sent, in one commit.
    const plan = planFlush(
      batch.filter((w) => w.kind !== 'audit'),
      fresh,
    );
    const t = Date.now();
    this.#settle(plan.landed, t);
    for (const c of plan.conflicts) queue.setState([c.write.writeId], 'conflict', t, JSON.stringify(c.reason));
    // An append sent before with its audit row and parked now never landed (the two land together): nor did the row.
    queue.forget(plan.conflicts.map((c) => auditKey(c.write.writeId)));
    const sending = [
      ...[...plan.appends.values()].flatMap((g) => g.entries.flatMap((e) => [e.write, ...e.dependents])),
      ...plan.updates.entries.map((e) => e.write),
    ];
    queue.setState(
      sending.map((w) => w.writeId),
      'syncing',
      t,
      null,
      true,
    );

    // 3. Updates by tag first, so their audit rows are known when the new rows go.
    let ok = true;
    if (plan.updates.entries.length > 0) ok = await this.#writeUpdates(plan.updates.entries, fresh, tagged);

    // 4. One spreadsheets.batchUpdate: every tab's new rows with their audit rows (recorded now,
    //    so they land together or not at all) and the audit rows of what landed before.
    const groups = [...plan.appends];
    this.#audit.record(groupWrites(groups), Date.now());
    const audit = this.#audit.plan(fresh, userWrites, (writes, at) => this.#settle(writes, at));
    if (groups.length > 0 || audit) ok = (await this.#sendAppends(groups, audit)) && ok;

    if (ok) {
      queue.setKv('failures', '0');
      queue.setKv('retryAt', null);
      queue.setKv('lastSyncedAt', new Date().toISOString());
    }
    if (Math.random() < 0.05) queue.prune(Date.now() - 3 * DAY);
    const left = queue.counts().pending;
    if (!ok) return { more: left > 0, waitMs: Math.max(0, Number(queue.getKv('retryAt') ?? 0) - Date.now()) };
    return { more: left > 0 };
  }

  /**
   * Write updates into their rows by row tag (row-tags.ts), never by row number: the tags as read
   * with the fresh read (`tagged`; else one read of them now), then tags for untagged rows and the
   * by-tag writes side by side, then undo and queue again anything the write's answer shows landed
   * wrong. True when nothing failed.
   */
  async #writeUpdates(
    entries: FlushPlan['updates']['entries'],
    fresh: Map<TabKey, FreshTab>,
    tagged: MatchedValueRange[] | undefined,
  ): Promise<boolean> {
    const { queue, budgets } = this.#ctx;
    const id = this.#ctx.spreadsheetId();
    const client = () => this.#ctx.client();
    const sheetId = (k: TabKey) => this.#snapshots.sheetId(k);
    const writesOf = (targets: readonly RowTarget[]) => targets.flatMap((t) => t.entries.map((e) => e.write));
    const targets = targetsOf(entries);
    let matched: MatchedValueRange[];
    try {
      if (targets.some((t) => sheetId(t.tab) === undefined)) await this.#snapshots.resolveTitles();
      if (tagged) matched = tagged;
      else {
        budgets.read.take(1, Date.now());
        matched = await client().batchGetByDataFilter(id, tagReadFilters(targets, fresh));
      }
    } catch (err) {
      this.#sendFailed(err, writesOf(targets), true);
      return false;
    }
    const plan = planTaggedWrites(targets, fresh, matched, sheetId);
    queue.setState(
      writesOf(plan.waiting).map((w) => w.writeId),
      'queued',
      Date.now(),
    );
    let ok = true;
    const tagging = plan.tagRequests.length ? this.#send(() => client().batchUpdate(id, plan.tagRequests)) : null;
    if (plan.data.length) {
      const r = await this.#send(() => client().batchUpdateByDataFilter(id, plan.data));
      const writing = plan.writing.map((w) => w.target);
      if (!r.ok) {
        ok = false;
        this.#sendFailed(r.err, writesOf(writing), true);
      } else {
        const v = verifyTaggedWrites(plan.writing, r.value);
        this.#settle(writesOf(v.landed), Date.now(), entries);
        queue.setState(
          writesOf(v.again).map((w) => w.writeId),
          'queued',
          Date.now(),
        );
        if (v.undo.length) {
          queue.setKv('undone', String(Number(queue.getKv('undone') ?? 0) + v.undo.length));
          const u = await this.#send(() => client().batchUpdateByDataFilter(id, v.undo));
          if (!u.ok) ok = false;
          if (v.untag.length) await this.#send(() => client().batchUpdate(id, v.untag));
        }
      }
    }
    // A failed tagging costs nothing but a round: those writes are queued and re-verified.
    if (tagging) await tagging;
    return ok;
  }

  /**
   * Send new rows in one spreadsheets.batchUpdate (append-batch.ts): the app's, each tab's, and
   * the audit rows. True when they landed. If Google rejects the request as such (say a value
   * too long), each tab's rows are sent again alone with their own audit rows, so only the rows
   * at fault are parked and their audit rows dropped.
   */
  async #sendAppends(groups: ReadonlyArray<readonly [TabKey, AppendGroup]>, audit: AppendGroup | null): Promise<boolean> {
    const all: Array<readonly [TabKey, AppendGroup]> = audit ? [...groups, ['audit', audit]] : [...groups];
    const r = await this.#sendBatch(all);
    if (r.ok) return true;
    if (!isRejected(r.err) || all.length < 2) {
      this.#sendFailed(r.err, groupWrites(all), false);
      return false;
    }
    let ok = true;
    const auditRows = new Map(audit?.entries.map((e) => [e.write.idempotencyKey, e]));
    // appendCells (no `end`) for audit rows sent part by part: each part lands after the last, in order.
    const auditPart = (entries: AppendEntry[]) => ['audit', { ...audit!, end: undefined, entries }] as const;
    for (const g of groups) {
      const keys = groupWrites([g]).map((w) => auditKey(w.writeId));
      const own = keys.flatMap((k) => auditRows.get(k) ?? []);
      for (const k of keys) auditRows.delete(k);
      const part = await this.#sendBatch(own.length ? [g, auditPart(own)] : [g]);
      if (part.ok) continue;
      ok = false;
      this.#sendFailed(part.err, groupWrites([g]), false);
      if (isRejected(part.err)) this.#ctx.queue.forget(keys);
    }
    const rest = [...auditRows.values()];
    if (rest.length) {
      const part = await this.#sendBatch([auditPart(rest)]);
      if (!part.ok) {
        ok = false;
        this.#sendFailed(
          part.err,
          rest.map((e) => e.write),
          false,
        );
      }
    }
    return ok;
  }

  /** One spreadsheets.batchUpdate of these groups' new rows; settles them when it landed. */
  async #sendBatch(groups: ReadonlyArray<readonly [TabKey, AppendGroup]>): Promise<{ ok: true } | { ok: false; err: unknown }> {
    let batch: ReturnType<typeof appendRequests>;
    try {
      if (groups.some(([key]) => this.#snapshots.sheetId(key) === undefined)) await this.#snapshots.resolveTitles();
      batch = appendRequests(groups, this.#ctx.def, (key) => this.#snapshots.sheetId(key));
    } catch (err) {
      return { ok: false, err };
    }
    const r = await this.#send(() => this.#ctx.client().batchUpdate(this.#ctx.spreadsheetId(), batch.requests));
    if (!r.ok) return r;
    for (const p of batch.placed)
      this.#snapshots.appended(
        p.key,
        p.endRow,
        p.group.entries.map((e) => e.row),
      );
    this.#settle(groupWrites(groups), Date.now());
    return { ok: true };
  }

  async #send<T>(call: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; err: unknown }> {
    this.#ctx.budgets.write.take(1, Date.now());
    try {
      return { ok: true, value: await call() };
    } catch (err) {
      return { ok: false, err };
    }
  }

  /** Mark writes synced and queue their audit rows. */
  #settle(writes: readonly QueuedWrite[], now: number, updates?: FlushPlan['updates']['entries']): void {
    if (writes.length === 0) return;
    this.#ctx.queue.setState(
      writes.map((w) => w.writeId),
      'synced',
      now,
    );
    this.#audit.record(writes, now, new Map(updates?.map((e) => [e.write.writeId, e.before])));
  }

  /**
   * A request failed. Appends stay "syncing" and are looked up by ID next flush; updates
   * are simply sent again. A request Google rejects outright (4xx other than auth, quota
   * or a vanished tab) parks its writes with the reason.
   */
  #sendFailed(err: unknown, writes: readonly QueuedWrite[], isUpdate: boolean): void {
    const now = Date.now();
    const ids = writes.map((w) => w.writeId);
    if (isRejected(err)) {
      // Google refused this request as such (e.g. a value too long): retrying will not help.
      this.#ctx.queue.setState(ids, 'failed', now, JSON.stringify(errorText(err)));
    } else if (isUpdate) {
      // Same cells, same values, row found afresh by ID: an update can simply be sent again.
      this.#ctx.queue.setState(ids, 'queued', now);
    }
    // A failed append stays "syncing" whatever the error — even a 429 — and is looked up by ID
    // before being sent again: a lost response after a write must never turn into a second row.
    this.#failed(err);
  }

  #failed(err: unknown): void {
    const { queue, options } = this.#ctx;
    const failures = Number(queue.getKv('failures') ?? 0) + 1;
    const hint = err instanceof SheetsError ? err.retryAfterMs : undefined;
    const delay = backoffMs(failures, { baseMs: options.backoffBaseMs, capMs: options.backoffCapMs }, hint);
    queue.setKv('failures', String(failures));
    queue.setKv('retryAt', String(Date.now() + delay));
    queue.setKv('lastError', JSON.stringify({ at: new Date().toISOString(), ...errorText(err) }));
  }

  /** Pending and parked counts, the last failure, and a warning when the head of logistics should look. */
  status(): GatewayStatus {
    const { queue, options: o } = this.#ctx;
    const c = queue.counts();
    const age = c.oldestPendingAt === null ? null : Date.now() - c.oldestPendingAt;
    const failures = Number(queue.getKv('failures') ?? 0);
    const last = JSON.parse(queue.getKv('lastError') ?? 'null') as (Text & { at: string }) | null;
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
      lastSyncedAt: queue.getKv('lastSyncedAt'),
      warning,
      consecutiveFailures: failures,
      sheetsRequests: this.#ctx.requestsSent(),
    };
  }
}
