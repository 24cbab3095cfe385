import type { RowOf, TabDef, TabKey, tabs } from '../../../sheets-schema/index.js';
import type { SheetLayout } from '../sheets/types.js';
import type { DataProblem, Table, TableRow, Values } from '../table/types.js';

/** The typed row of a tab by key: `RowOfTab<'zones'>` is `RowOf<typeof zones>`. */
export type RowOfTab<K extends TabKey> = RowOf<(typeof tabs)[K]>;
/** A row of a tab by key, typed: `RowFor<'repairs'>['values'].room` is `string | null`. */
export type RowFor<K extends TabKey> = TableRow<RowOfTab<K>>;
/** A table of a tab by key, its rows typed (what `read(['rooms'])` gives as `rooms`). */
export type TableFor<K extends TabKey> = Table<RowOfTab<K>>;
/** What `read()` returns: each tab asked for, its rows typed from its declaration. */
export type Tables<K extends TabKey> = { [P in K]: Table<RowOfTab<P>> };
/** Values to append or change: declared keys only, each of its column's type. */
export type RowChanges<K extends TabKey> = Partial<RowOfTab<K>>;

/** Who made a write and why: every write is attributed and audited. */
export interface WriteMeta {
  /** Same key → recorded once (double taps, re-submitted forms). */
  idempotencyKey: string;
  /** Person ID and display name of the signed-in person. */
  actor: { id: string; name: string };
  /** Short action name for the audit tab, e.g. 'asset.register'. */
  action: string;
  /** Sent only while this row still holds these values (see `WriteGuard`). */
  guard?: WriteGuard;
}

/**
 * A condition checked by the gateway on the fresh read of the flush that first sends the write,
 * after the writes queued before it: a decision lands only on a request still waiting for one.
 * If the row no longer holds these values the write is parked as a conflict saying what changed.
 */
export interface WriteGuard {
  tab: TabKey;
  id: string;
  values: Values;
}

/** One write of `SchoolData.writeAll`. */
export type QueuedWriteInput = {
  [K in TabKey]:
    | { kind: 'append'; tab: K; values: RowChanges<K>; meta: WriteMeta }
    | { kind: 'update'; tab: K; id: string; changes: RowChanges<K>; meta: WriteMeta };
}[TabKey];

export type WriteState = 'queued' | 'syncing' | 'synced' | 'conflict' | 'failed';

export interface WriteReceipt {
  /** The write's own ID (for status polling). */
  writeId: string;
  /** ID of the row written. */
  rowId: string;
  state: WriteState;
  /** True when the idempotency key had been seen: nothing new was recorded. */
  duplicate: boolean;
}

export interface SyncStatus {
  pending: number;
  oldestPendingAgeMs: number | null;
  conflicts: number;
  lastError: string | null;
  lastSyncedAt: string | null;
}

/**
 * A school's data as plugins see it. Reads come from cached snapshots with the
 * app's own queued writes applied; writes are queued durably and synced to the
 * spreadsheet by the gateway (one Durable Object per spreadsheet).
 */
export interface SchoolData {
  /** Snapshot of the tabs (one values:batchGet on a miss, none on a hit). */
  read<K extends TabKey>(keys: readonly K[], options?: ReadOptions): Promise<Tables<K>>;
  /** Append a new row; `values` must include the tab's ID column. */
  append<K extends TabKey>(tab: K, values: RowChanges<K>, meta: WriteMeta): Promise<WriteReceipt>;
  /** Change some columns of the row with this ID (found by ID at write time). */
  update<K extends TabKey>(tab: K, id: string, changes: RowChanges<K>, meta: WriteMeta): Promise<WriteReceipt>;
  /** Queue several writes at once, in this order, with no other request's write between them (a decision and its rows). */
  writeAll(writes: readonly QueuedWriteInput[]): Promise<WriteReceipt[]>;
  status(): Promise<SyncStatus>;
  /**
   * Atomically hand out the next number of a named sequence (e.g. 'assets:JJ'),
   * never less than `atLeast` (the caller passes 1 + the highest number in the sheet),
   * so two people registering at once never get the same tag.
   */
  nextSequence(name: string, atLeast: number): Promise<number>;
  /** Data problems of the given tabs, read from the current snapshots. */
  problems(keys?: readonly TabKey[]): Promise<DataProblem[]>;
  /** Header rows, notes, dropdowns and formats of these tabs (registers declared in the sheet; absent in fixtures). */
  sheetLayouts?(titles: readonly string[]): Promise<Record<string, SheetLayout>>;
  /** Make tabs declared in the sheet readable and writable as `sheet:<ID>` keys. */
  declareTabs?(defs: Record<string, TabDef>): Promise<void>;
}

/** Options of `SchoolData.read`. */
export interface ReadOptions {
  /** Read the spreadsheet now, whatever the cache holds. */
  fresh?: boolean;
  /**
   * Accept a snapshot up to this old (ms) instead of READ_STALENESS_SECONDS: for tabs that change
   * only through this same gateway (published reports), whose own writes show at once anyway.
   */
  maxAgeMs?: number;
  /**
   * Only the rows whose `column` holds one of `values`, per tab (one asset's history out of
   * 50,000 events): filtered in the gateway, so the rest never crosses the RPC boundary.
   */
  where?: Partial<Record<TabKey, { column: string; values: readonly string[] }>>;
}
