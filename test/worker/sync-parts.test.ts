/**
 * The gateway's parts one at a time (src/core/sync/{snapshots,flusher,audit-trail}.ts), on a
 * Durable Object's own SQLite storage and a scripted Sheets fake, so each unit's promise is
 * checked without the others (the sync-*.test.ts files check them composed, on the emulator).
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { tabs, type TabDef, type TabKey } from '../../sheets-schema/index.js';
import { SheetsError } from '../../src/core/sheets/errors.js';
import type { RowValues, Sheets } from '../../src/core/sheets/types.js';
import { AuditTrail, auditKey } from '../../src/core/sync/audit-trail.js';
import { TokenBucket } from '../../src/core/sync/backoff.js';
import { Flusher } from '../../src/core/sync/flusher.js';
import type { GatewayContext, GatewayOptions } from '../../src/core/sync/parts.js';
import { WriteQueue } from '../../src/core/sync/queue.js';
import { SnapshotStore } from '../../src/core/sync/snapshot-store.js';
import { SnapshotCache } from '../../src/core/sync/snapshots.js';

const roomHeader = ['编号', '名称', '楼栋', '楼层', '类型'];
const roomRows = (): RowValues[] => [roomHeader, ['RM-1', '一号室', '实验楼', 1, '实验室'], ['RM-2', '二号室', '实验楼', 2, '实验室']];
const auditHeader = tabs.audit.columns.map((c) => c.zh);

/** A spreadsheet in memory with Google's answers for the calls the parts make; `fail` scripts errors. */
function fakeSheets(grid: Record<string, RowValues[]>) {
  const calls: string[] = [];
  let fail: ((kind: string, body?: unknown) => Error | null) | null = null;
  const title = (range: string) => range.replace(/^'?(.*?)'?(!.*)?$/, '$1');
  const check = (kind: string, body?: unknown) => {
    calls.push(kind);
    const err = fail?.(kind, body);
    if (err) throw err;
  };
  const sheets: Partial<Sheets> & { requests: number } = {
    requests: 0,
    async getSpreadsheet() {
      check('spreadsheets.get');
      return { spreadsheetId: 'S', sheets: Object.keys(grid).map((t, i) => ({ properties: { sheetId: i + 1, title: t, index: i } })) };
    },
    async batchGet(_id, ranges) {
      check('values.batchGet');
      return ranges.map((range) => ({ range, values: grid[title(range)] ?? [] }));
    },
    // A1 ranges as batchGet answers them; a row tag `rooms:<ID>` selects that room's row.
    async batchGetByDataFilter(_id, filters) {
      check('values.batchGetByDataFilter', filters);
      return filters.flatMap((f) => {
        if (f.a1Range) return [{ valueRange: { range: f.a1Range, values: grid[title(f.a1Range)] ?? [] }, dataFilters: [f] }];
        const id = f.developerMetadataLookup?.metadataValue?.replace(/^rooms:/, '');
        const at = (grid['场所'] ?? []).findIndex((r) => r[0] === id);
        return at > 0 ? [{ valueRange: { range: `'场所'!A${at + 1}:E${at + 1}`, values: [grid['场所']![at]!] }, dataFilters: [f] }] : [];
      });
    },
    async batchUpdate(_id, requests) {
      check('spreadsheets.batchUpdate', requests);
      type Cell = { userEnteredValue?: { stringValue?: string; numberValue?: number; boolValue?: boolean } };
      type Rows = Array<{ values: Cell[] }>;
      type Req = {
        insertDimension?: { range: { sheetId: number; startIndex: number; endIndex: number } };
        updateCells?: { start: { sheetId: number; rowIndex: number; columnIndex: number }; rows: Rows };
        appendCells?: { sheetId: number; rows: Rows };
      };
      const titleOf = (sheetId: number) => Object.keys(grid)[sheetId - 1]!;
      const value = (c: Cell) => {
        const v = c.userEnteredValue;
        return v?.stringValue ?? v?.numberValue ?? v?.boolValue ?? '';
      };
      for (const r of requests as Req[]) {
        if (r.insertDimension) {
          const { sheetId, startIndex, endIndex } = r.insertDimension.range;
          grid[titleOf(sheetId)]!.splice(startIndex, 0, ...Array.from({ length: endIndex - startIndex }, () => []));
        } else if (r.updateCells) {
          const { sheetId, rowIndex, columnIndex } = r.updateCells.start;
          const rows = grid[titleOf(sheetId)]!;
          r.updateCells.rows.forEach((row, i) => {
            const line = (rows[rowIndex + i] ??= []);
            row.values.forEach((c, j) => (line[columnIndex + j] = value(c)));
          });
        } else if (r.appendCells) {
          const rows = grid[titleOf(r.appendCells.sheetId)]!;
          rows.push(...r.appendCells.rows.map((row) => row.values.map(value)));
        }
      }
      return { replies: requests.map(() => ({})) };
    },
    async append(_id, range, rows) {
      check('values.append');
      const t = title(range);
      const start = grid[t]!.length;
      grid[t]!.push(...rows);
      return { updates: { updatedRange: `'${t}'!A${start + 1}:Z${start + rows.length}` } } as Awaited<ReturnType<Sheets['append']>>;
    },
  };
  return { sheets: sheets as Sheets & { requests: number }, calls, grid, failWith: (f: typeof fail) => (fail = f) };
}

/** A GatewayContext over this Durable Object's storage, as the gateway builds it. */
function contextFor(
  state: DurableObjectState,
  sheets: Sheets & { requests: number },
  options: Partial<GatewayOptions> = {},
): GatewayContext {
  const o = {
    readStalenessMs: 30_000,
    flushDelayMs: 50,
    writesPerMinute: 1000,
    writeBurst: 100,
    readsPerMinute: 1000,
    readBurst: 100,
    maxBatch: 500,
    backoffBaseMs: 1000,
    backoffCapMs: 60_000,
    requestTimeoutMs: 5000,
    stuckAfterMs: 120_000,
    stuckAfterFailures: 2,
    timeZone: 'Asia/Shanghai',
    ...options,
  };
  const queue = new WriteQueue(state.storage.sql);
  queue.setKv('spreadsheetId', 'S');
  return {
    queue,
    options: o,
    budgets: {
      read: new TokenBucket(o.readBurst, o.readsPerMinute, Date.now()),
      write: new TokenBucket(o.writeBurst, o.writesPerMinute, Date.now()),
    },
    client: () => sheets,
    requestsSent: () => sheets.requests,
    spreadsheetId: () => 'S',
    def: (k: TabKey) => (tabs as Record<string, TabDef>)[k]!,
  };
}

let n = 0;
/** Runs `fn` inside a fresh Durable Object (its own SQLite storage). */
const inObject = <R>(fn: (state: DurableObjectState) => Promise<R>) => {
  const ns = env.GATEWAY as unknown as DurableObjectNamespace;
  return runInDurableObject(ns.get(ns.idFromName(`parts-${Date.now()}-${n++}`)), (_o, state) => fn(state));
};
const actor = { id: 'P-1', name: '测试员' };
const write = (queue: WriteQueue, kind: 'append' | 'update', tab: TabKey, rowId: string, values: Record<string, string | number>) =>
  queue.add(
    { writeId: crypto.randomUUID(), idempotencyKey: crypto.randomUUID(), kind, tab, rowId, values, actor, action: `${tab}.${kind}` },
    Date.now(),
  );

describe('snapshot cache', () => {
  it('one values:batchGet per miss, none within the staleness; own queued writes laid over the table', async () => {
    await inObject(async (state) => {
      const fake = fakeSheets({ 场所: roomRows() });
      const ctx = contextFor(state, fake.sheets);
      const cache = new SnapshotCache(ctx, () => new Map(), new SnapshotStore(state.storage.sql));
      const a = await cache.read(['rooms']);
      expect(a.tables.rooms!.rows.map((r) => r.id)).toEqual(['RM-1', 'RM-2']);
      write(ctx.queue, 'update', 'rooms', 'RM-2', { name: '改过的' });
      const b = await cache.read(['rooms']);
      expect(b.tables.rooms!.rows[1]!.values.name).toBe('改过的');
      expect(b.snapshots.rooms!.version).not.toBe(a.snapshots.rooms!.version);
      expect(fake.calls).toEqual(['values.batchGet']);
      // The caller that holds this version is sent nothing.
      expect((await cache.read(['rooms'], { known: { rooms: b.snapshots.rooms!.version } })).tables).toEqual({});
    });
  });

  it('serves the snapshot it has when reading Google fails, and fails only with nothing to show', async () => {
    await inObject(async (state) => {
      const fake = fakeSheets({ 场所: roomRows() });
      const ctx = contextFor(state, fake.sheets, { readStalenessMs: 0 });
      const cache = new SnapshotCache(ctx, () => new Map(), new SnapshotStore(state.storage.sql));
      await cache.read(['rooms']);
      fake.failWith(() => new SheetsError('down', { status: 400, code: 'FAILED_PRECONDITION', retryable: false }));
      expect((await cache.read(['rooms'])).tables.rooms!.rows).toHaveLength(2);
      await expect(cache.read(['assets'])).rejects.toThrow(/down/);
    });
  });
});

describe("a flush's fresh read", () => {
  it('brings its row tags in the same request; read apart from then on once Google refuses the two together', async () => {
    await inObject(async (state) => {
      const fake = fakeSheets({ 场所: roomRows() });
      const ctx = contextFor(state, fake.sheets);
      const cache = new SnapshotCache(ctx, () => new Map(), new SnapshotStore(state.storage.sql));
      const tag = { developerMetadataLookup: { metadataKey: 'houqin.row', metadataValue: 'rooms:RM-2', locationType: 'ROW' as const } };
      const together = await cache.fetchTabsWith([{ key: 'rooms', mode: 'full' }], [tag]);
      expect(together.fresh.get('rooms')!.table!.rows.map((r) => r.id)).toEqual(['RM-1', 'RM-2']);
      expect(together.matched?.map((m) => m.valueRange.values)).toEqual([[['RM-2', '二号室', '实验楼', 2, '实验室']]]);
      expect(fake.calls).toEqual(['values.batchGetByDataFilter']);
      // Google refuses the combined request as such: the fresh read is made alone, the tags are the caller's to read.
      fake.failWith((kind) =>
        kind === 'values.batchGetByDataFilter'
          ? new SheetsError('Invalid data filter', { status: 400, code: 'INVALID_ARGUMENT', retryable: false })
          : null,
      );
      const apart = await cache.fetchTabsWith([{ key: 'rooms', mode: 'full' }], [tag]);
      expect(apart.matched).toBeUndefined();
      expect(apart.fresh.get('rooms')!.table!.rows).toHaveLength(2);
      fake.failWith(null);
      expect((await cache.fetchTabsWith([{ key: 'rooms', mode: 'full' }], [tag])).matched).toBeUndefined();
      expect(fake.calls).toEqual(['values.batchGetByDataFilter', 'values.batchGetByDataFilter', 'values.batchGet', 'values.batchGet']);
      // A quota, an outage or lost access is not a refusal: thrown for the flush to back off, and combined again after.
      const other = new SnapshotCache(contextFor(state, fake.sheets), () => new Map(), new SnapshotStore(state.storage.sql));
      ctx.queue.setKv('combinedReadOff', null);
      fake.failWith(() => new SheetsError('quota', { status: 429, code: 'RESOURCE_EXHAUSTED', retryable: true }));
      await expect(other.fetchTabsWith([{ key: 'rooms', mode: 'full' }], [tag])).rejects.toThrow(/quota/);
      fake.failWith(() => new SheetsError('unshared', { status: 403, code: 'PERMISSION_DENIED', retryable: false }));
      await expect(other.fetchTabsWith([{ key: 'rooms', mode: 'full' }], [tag])).rejects.toThrow(/unshared/);
      fake.failWith(null);
      expect((await other.fetchTabsWith([{ key: 'rooms', mode: 'full' }], [tag])).matched).toHaveLength(1);
    });
  });
});

describe('snapshot store', () => {
  it('keeps a tab in chunks under the 2 MB value limit, adds a tail without rewriting, drops what it cannot hold', async () => {
    await inObject(async (state) => {
      const store = new SnapshotStore(state.storage.sql);
      const long = '长'.repeat(20_000); // 60 KB in UTF-8
      const raw: RowValues[] = [['编号', '备注'], ...Array.from({ length: 50 }, (_, i) => [`R-${i}`, long])];
      store.save('rooms', { title: '场所', fetchedAt: 1, revision: 7, raw });
      const chunks = () =>
        state.storage.sql
          .exec<{ n: number; len: number }>(
            `SELECT n, length(CAST(body AS BLOB)) AS len FROM snapshot_chunks WHERE tab = 'rooms' ORDER BY n`,
          )
          .toArray();
      expect(chunks().length).toBeGreaterThan(2);
      expect(Math.max(...chunks().map((c) => c.len))).toBeLessThan(2_000_000);
      const before = chunks();
      const more = [...raw, ['R-50', 'x'], ['R-51', 'y']];
      store.save('rooms', { title: '场所', fetchedAt: 2, revision: 8, raw: more }, raw.length);
      expect(chunks().slice(0, -1)).toEqual(before.slice(0, -1)); // only the last chunk rewritten
      // Another instance of the object (a restart) finds it whole.
      const again = new SnapshotStore(state.storage.sql);
      expect(again.meta('rooms')).toEqual({ title: '场所', fetchedAt: 2, revision: 8, rows: 53 });
      expect(again.load('rooms')).toEqual(more);
      // A row too long for one value: the tab is not stored (it is read from Google instead).
      again.save('rooms', { title: '场所', fetchedAt: 3, revision: 9, raw: [['编号'], ['R-1', 'x'.repeat(500_000)]] });
      expect(again.meta('rooms')).toBeUndefined();
      expect(again.load('rooms')).toBeNull();
      expect(chunks()).toEqual([]);
    });
  });
});

describe('audit trail', () => {
  it('queues one 操作日志 row per landed write, once, none for rows of the log itself', async () => {
    await inObject(async (state) => {
      const ctx = contextFor(state, fakeSheets({}).sheets);
      const trail = new AuditTrail(ctx);
      const w = write(ctx.queue, 'update', 'rooms', 'RM-1', { name: '新' });
      const own = write(ctx.queue, 'append', 'audit', 'AU-1', { action: 'signin' });
      trail.record([w, own], Date.now(), new Map([[w.writeId, { name: '旧' }]]));
      trail.record([w], Date.now());
      const audits = ctx.queue.active().filter((x) => x.kind === 'audit');
      expect(audits).toHaveLength(1);
      expect(audits[0]!.values).toMatchObject({
        action: 'rooms.update',
        tab: '场所',
        rowId: 'RM-1',
        before: '{"name":"旧"}',
        after: '{"name":"新"}',
      });
      expect(String(audits[0]!.values.person)).toBe('测试员 (P-1)');
    });
  });

  it('parks the audit rows where the head sees them when the spreadsheet has no 操作日志', async () => {
    await inObject(async (state) => {
      const ctx = contextFor(state, fakeSheets({}).sheets);
      const trail = new AuditTrail(ctx);
      trail.record([write(ctx.queue, 'append', 'rooms', 'RM-9', { id: 'RM-9' })], Date.now());
      expect(trail.plan(new Map(), true, () => {})).toBeNull();
      expect(ctx.queue.parked().map((p) => [p.kind, JSON.parse(p.reason!).zh])).toEqual([['audit', '找不到工作表「操作日志」']]);
    });
  });
});

describe('flusher', () => {
  it("one batchUpdate for every tab's new rows and their audit rows; a failed one stays syncing and backs off", async () => {
    await inObject(async (state) => {
      const fake = fakeSheets({ 场所: roomRows(), 操作日志: [auditHeader] });
      const ctx = contextFor(state, fake.sheets);
      const cache = new SnapshotCache(ctx, () => new Map(), new SnapshotStore(state.storage.sql));
      const armed: number[] = [];
      const flusher = new Flusher(ctx, cache, new AuditTrail(ctx), async (at) => void armed.push(at));
      for (const id of ['RM-3', 'RM-4']) write(ctx.queue, 'append', 'rooms', id, { id, name: id, type: '实验室' });
      await flusher.flushAll(true);
      expect(fake.calls).toEqual(['values.batchGet', 'spreadsheets.get', 'spreadsheets.batchUpdate']);
      expect(fake.grid['场所']!.map((r) => r[0])).toEqual(['编号', 'RM-1', 'RM-2', 'RM-3', 'RM-4']);
      expect(fake.grid['操作日志']).toHaveLength(3);
      expect(flusher.status()).toMatchObject({ pending: 0, consecutiveFailures: 0 });

      fake.failWith((kind) =>
        kind === 'spreadsheets.batchUpdate'
          ? new SheetsError('backend error', { status: 503, code: 'UNAVAILABLE', retryable: true })
          : null,
      );
      const w = write(ctx.queue, 'append', 'rooms', 'RM-5', { id: 'RM-5', name: 'x', type: '实验室' });
      await flusher.flushAll(true);
      expect(ctx.queue.get(w.writeId)!.state).toBe('syncing'); // looked up by ID before it is sent again
      expect(armed.at(-1)!).toBeGreaterThan(Date.now());
      await flusher.flushAll(true);
      const s = flusher.status();
      expect(s.consecutiveFailures).toBe(2);
      expect(s.warning?.zh).toContain('已连续失败 2 次');
      fake.failWith(null);
      await flusher.flushAll(true);
      expect(fake.grid['场所']!.filter((r) => r[0] === 'RM-5')).toHaveLength(1);
      expect(flusher.status()).toMatchObject({ pending: 0, consecutiveFailures: 0, warning: null });
    });
  });

  it('a batch Google rejects is sent again tab by tab: only the rows at fault are parked, and their audit rows dropped', async () => {
    await inObject(async (state) => {
      const zoneHeader = tabs.zones.columns.map((c) => c.zh);
      const fake = fakeSheets({ 场所: roomRows(), 卫生责任区: [zoneHeader], 操作日志: [auditHeader] });
      const ctx = contextFor(state, fake.sheets);
      const cache = new SnapshotCache(ctx, () => new Map(), new SnapshotStore(state.storage.sql));
      const flusher = new Flusher(ctx, cache, new AuditTrail(ctx), async () => {});
      const good = write(ctx.queue, 'append', 'rooms', 'RM-3', { id: 'RM-3', name: '三号室', type: '实验室' });
      const bad = write(ctx.queue, 'append', 'zones', 'Z-9', { id: 'Z-9', name: 'BAD' });
      const invalid = new SheetsError('Invalid requests[1].updateCells', { status: 400, code: 'INVALID_ARGUMENT', retryable: false });
      fake.failWith((kind, body) => (kind === 'spreadsheets.batchUpdate' && JSON.stringify(body).includes('BAD') ? invalid : null));
      await flusher.flushAll(true);
      expect(fake.calls.filter((k) => k === 'spreadsheets.batchUpdate')).toHaveLength(3); // all, then each tab alone
      expect(fake.grid['场所']!.map((r) => r[0])).toContain('RM-3');
      expect(fake.grid['卫生责任区']).toHaveLength(1);
      expect(ctx.queue.get(good.writeId)!.state).toBe('synced');
      expect(ctx.queue.get(bad.writeId)!.state).toBe('failed');
      expect(ctx.queue.byIdempotencyKey(auditKey(bad.writeId))).toBeNull();
      expect(fake.grid['操作日志']!.slice(1).map((r) => r[tabs.audit.columns.findIndex((c) => c.key === 'rowId')])).toEqual(['RM-3']);
    });
  });

  it('an append sent with its audit row, lost, then parked: its audit row is dropped with it (they land together or not at all)', async () => {
    await inObject(async (state) => {
      const fake = fakeSheets({ 场所: roomRows(), 操作日志: [auditHeader] });
      const ctx = contextFor(state, fake.sheets);
      const cache = new SnapshotCache(ctx, () => new Map(), new SnapshotStore(state.storage.sql));
      const flusher = new Flusher(ctx, cache, new AuditTrail(ctx), async () => {});
      const w = write(ctx.queue, 'append', 'rooms', 'RM-3', { id: 'RM-3', name: '三号室', type: '实验室' });
      fake.failWith((kind) =>
        kind === 'spreadsheets.batchUpdate'
          ? new SheetsError('backend error', { status: 503, code: 'UNAVAILABLE', retryable: true })
          : null,
      );
      await flusher.flushAll(true);
      expect(ctx.queue.get(w.writeId)!.state).toBe('syncing');
      expect(ctx.queue.byIdempotencyKey(auditKey(w.writeId))!.state).toBe('syncing');
      // Meanwhile staff delete the 类型 column the row needs: the next flush parks the append.
      fake.failWith(null);
      fake.grid['场所'] = fake.grid['场所']!.map((r) => r.slice(0, 4));
      await flusher.flushAll(true);
      expect(ctx.queue.get(w.writeId)!.state).toBe('conflict');
      expect(ctx.queue.byIdempotencyKey(auditKey(w.writeId))).toBeNull();
      expect(fake.grid['操作日志']).toHaveLength(1);
    });
  });
});
