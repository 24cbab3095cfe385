/**
 * The per-request facade plugins use as `c.var.data`: every call goes to the
 * spreadsheet's gateway Durable Object over RPC (one object per spreadsheet ID, so
 * several schools on one deployment never share a queue or a cache).
 */
import type { TabKey } from '../../../sheets-schema/index.js';
import type { Env } from '../../env.js';
import type { GatewayOptions, GatewayStatus, ParkedWrite, SheetsGateway } from '../sync/gateway.js';
import type { TabNotice } from '../sync/tab-directory.js';
import type { DataProblem, Table, Text, Values } from '../table/types.js';
import { knownVersions, settleRead } from './table-cache.js';
import type { ReadOptions, RowChanges, SchoolData, Tables, WriteMeta, WriteReceipt, WriteState } from './types.js';
import { refuseMissing } from './missing.js';
import { missingColumns } from '../table/headers.js';

export { newRowId, sequenceTag } from './ids.js';

/** SchoolData plus what the sync status badge and the conflicts page need. */
export interface SyncedSchoolData extends SchoolData {
  status(): Promise<GatewayStatus>;
  /** States of writes by ID (the "saved / syncing / synced" badge polls this). */
  writeStates(writeIds: readonly string[]): Promise<Record<string, { state: WriteState; reason: Text | null }>>;
  /** Writes parked as conflicts or failures, for the head of logistics. */
  conflicts(): Promise<ParkedWrite[]>;
  /** Queue a parked write again (after fixing the sheet). */
  retry(writeId: string): Promise<boolean>;
  /** Give a parked write up. */
  discard(writeId: string, by: { id: string; name: string }): Promise<boolean>;
  /** Refresh these tabs' snapshots if stale, returning nothing (a page's tabs, asked for early). */
  warm(keys: readonly TabKey[]): Promise<void>;
  /** Sync now rather than at the next alarm. */
  flush(options?: { ignoreBackoff?: boolean }): Promise<GatewayStatus>;
  configure(options: Partial<GatewayOptions>): Promise<GatewayOptions>;
  /** When the oldest stale table this facade read was fetched (Google unreachable), or null. */
  staleSince(): number | null;
  /** Tabs staff renamed (followed) or deleted, for the head of logistics. */
  tabNotices(): Promise<TabNotice[]>;
  /** The head of logistics accepts a mass change the guard held (mass-change.ts). */
  acceptMassChange(tab: TabKey): Promise<boolean>;
  /** Header-level problems (a tab or a known column missing) of the tabs read through this facade: the page's banner. */
  headerProblems(): DataProblem[];
  /** `read`, or `{ error }` when the spreadsheet cannot be read at all (a district reading a school's sheet by a wrong ID). */
  tryRead<K extends TabKey>(keys: readonly K[], options?: ReadOptions): Promise<Tables<K> | { error: string }>;
  /** Known columns missing from the tabs read through this facade, by tab key (`missingColumns`): shown as missing, never as blanks. */
  missingColumns(): Record<string, string[]>;
}

/** The gateway stub for a spreadsheet. */
export function gatewayFor(env: Pick<Env, 'GATEWAY'>, spreadsheetId: string): DurableObjectStub<SheetsGateway> {
  const ns = env.GATEWAY as unknown as DurableObjectNamespace<SheetsGateway>;
  return ns.get(ns.idFromName(spreadsheetId));
}

/**
 * @example
 * app.use(async (c, next) => { c.set('data', schoolData(c.env, school.spreadsheetId)); await next() })
 * const { assets } = await c.var.data.read(['assets'])
 */
export function schoolData(env: Pick<Env, 'GATEWAY'>, spreadsheetId: string): SyncedSchoolData {
  const gw = gatewayFor(env, spreadsheetId);
  let staleSince: number | null = null;
  const headerProblems = new Map<string, DataProblem>();
  const seen = new Map<TabKey, Table>();
  /** Read through the gateway (`throws`: reject on failure; else answer `{ error }`, see the gateway's tryRead). */
  async function readVia<K extends TabKey>(
    keys: readonly K[],
    options: ReadOptions | undefined,
    throws: boolean,
  ): Promise<Tables<K> | { error: string }> {
    // A filtered tab is small and its own: it comes straight through, uncached; the read's other tabs are held as usual.
    const where = options?.where ?? {};
    const whole = keys.filter((k) => !where[k]);
    const { known, held } = knownVersions(spreadsheetId, whole);
    const args = [spreadsheetId, keys, { ...options, known }] as const;
    const answer = throws ? await gw.read(...args) : await gw.tryRead(...args);
    if ('error' in answer) return { error: answer.error };
    const { tables: sent, snapshots } = answer;
    const tables = settleRead(spreadsheetId, whole, sent as unknown as Record<string, Table>, snapshots, held) as Record<K, Table>;
    for (const k of keys) if (where[k]) tables[k] = sent[k] as unknown as Table;
    for (const s of Object.values(snapshots)) if (s.stale) staleSince = Math.min(staleSince ?? s.fetchedAt, s.fetchedAt);
    for (const [key, t] of Object.entries(tables) as Array<[TabKey, Table]>) {
      seen.set(key, t);
      for (const p of t.problems) if (p.header) headerProblems.set(`${p.sheet}\n${p.cell}\n${p.column ?? ''}`, p);
    }
    return tables as unknown as Tables<K>;
  }
  return {
    read: async <K extends TabKey>(keys: readonly K[], options?: ReadOptions) => (await readVia(keys, options, true)) as Tables<K>,
    tryRead: (keys, options) => readVia(keys, options, false),
    headerProblems: () => [...headerProblems.values()],
    missingColumns: () =>
      Object.fromEntries([...seen].map(([key, t]) => [key, missingColumns(t)] as const).filter(([, m]) => m.length > 0)),
    // A form whose tab or column is missing in the sheet is told so before anything is queued.
    async append<K extends TabKey>(tab: K, values: RowChanges<K>, meta: WriteMeta): Promise<WriteReceipt> {
      refuseMissing(seen.get(tab), values as Values);
      return gw.append(spreadsheetId, tab, values as Values, meta);
    },
    async update<K extends TabKey>(tab: K, id: string, changes: RowChanges<K>, meta: WriteMeta): Promise<WriteReceipt> {
      refuseMissing(seen.get(tab), changes as Values);
      return gw.update(spreadsheetId, tab, id, changes as Values, meta);
    },
    async writeAll(writes) {
      for (const w of writes) refuseMissing(seen.get(w.tab), (w.kind === 'append' ? w.values : w.changes) as Values);
      return gw.writeAll(spreadsheetId, writes);
    },
    status: () => gw.status(spreadsheetId),
    nextSequence: (name: string, atLeast: number) => gw.nextSequence(spreadsheetId, name, atLeast),
    problems: (keys?: readonly TabKey[]): Promise<DataProblem[]> => gw.problems(spreadsheetId, keys),
    writeStates: (ids) => gw.writeStates(spreadsheetId, ids),
    conflicts: () => gw.conflicts(spreadsheetId),
    retry: (writeId) => gw.retry(spreadsheetId, writeId),
    discard: (writeId, by) => gw.discard(spreadsheetId, writeId, by),
    warm: (keys) => gw.warm(spreadsheetId, keys),
    flush: (options) => gw.flush(spreadsheetId, options ?? {}),
    configure: (options) => gw.configure(spreadsheetId, options),
    sheetLayouts: (titles) => gw.sheetLayouts(spreadsheetId, titles),
    declareTabs: (defs) => gw.declareTabs(spreadsheetId, defs),
    staleSince: () => staleSince,
    tabNotices: () => gw.tabNotices(spreadsheetId),
    acceptMassChange: (tab) => gw.acceptMassChange(spreadsheetId, tab),
  };
}
