/**
 * What one flush sends, decided from a fresh read: pure, so the rules that keep
 * writes off the wrong row are unit-tested without a Durable Object.
 *
 * Rules: an update finds its row by ID in rows read in this flush, never by a
 * remembered row number; the ID must be there exactly once; every changed column must
 * be found by header text. Anything else parks the write as a conflict with a reason.
 */
import { tabs, type TabDef, type TabKey } from '../../../sheets-schema/index.js';
import { rangeFor } from '../sheets/a1.js';
import type { MergeRange, RowValues, ValueRange } from '../sheets/types.js';
import { changedCells, mergeA1, mergeAt, rowCells } from '../table/table.js';
import type { HeaderMap, Table, Text, Values } from '../table/types.js';
import type { WriteGuard } from '../data/types.js';
import type { QueuedWrite } from './queue.js';
import { rowsGoAt } from './totals-row.js';

/** A tab as read in this flush. */
export interface FreshTab {
  tab: TabDef;
  title: string;
  header: HeaderMap;
  /** Sheet rows (1-based) holding this ID among the rows read (see `locateRows`). */
  locate(id: string): number[];
  /** True when every data row was read (so "not found" means gone). */
  complete: boolean;
  /** Parsed table when read whole: the "before" values of updates. */
  table: Table | null;
  /** The sheet's merged cells as last seen: a change inside a merge over several rows is parked. */
  merges?: readonly MergeRange[];
  /** Read whole: the 0-based index of the first blank row under the header's block, where new rows go (`tableEnd`). */
  end?: number;
}

export interface AppendEntry {
  write: QueuedWrite;
  values: Values;
  row: RowValues;
  /** Updates of this new row queued in the same flush: merged in, they share its fate. */
  dependents: QueuedWrite[];
}

export interface UpdateEntry {
  write: QueuedWrite;
  row: number;
  before: Values;
}

export interface AppendGroup {
  title: string;
  /** Header texts and row as read, for the append's anchor (`appendAnchor`). */
  headerTexts: string[];
  headerRow: number;
  /** Where new rows are inserted (0-based), when the tab was read whole; else they go after its last row with data. */
  end?: number;
  entries: AppendEntry[];
}

export interface FlushPlan {
  appends: Map<TabKey, AppendGroup>;
  updates: { data: ValueRange[]; entries: UpdateEntry[] };
  /** Appends whose earlier outcome was unknown and whose ID is in the sheet: they landed. */
  landed: QueuedWrite[];
  conflicts: Array<{ write: QueuedWrite; reason: Text }>;
  /** Appends of unknown outcome on a tab not read whole this time: left for a flush that reads it. */
  deferred: QueuedWrite[];
}

const colName = (tab: TabDef, key: string) => {
  const c = tab.columns.find((x) => x.key === key);
  return c ? { zh: `「${c.zh}」`, en: `"${c.en}"` } : { zh: key, en: key };
};

/** A cell's value as people read it: an enum's label, else the text; blank said as such. */
const valueLabel = (tab: TabDef, key: string, value: unknown): Text => {
  if (value === null || value === undefined || value === '') return { zh: '空', en: 'blank' };
  const allowed = tab.columns.find((c) => c.key === key)?.allowed?.find((a) => a.key === value);
  return allowed ? { zh: allowed.zh, en: allowed.en } : { zh: String(value), en: String(value) };
};

const blankIsNull = (v: unknown) => (v === '' || v === undefined ? null : v);

export const reasons = {
  tabMissing: (tab: TabDef): Text => ({
    zh: `找不到工作表「${tab.zh}」（可能已被删除）`,
    en: `Tab "${tab.zh}" (${tab.en}) was not found (deleted?)`,
  }),
  rowGone: (id: string): Text => ({
    zh: `找不到编号为 ${id} 的行（可能已被删除或编号被修改）`,
    en: `No row with ID ${id} (deleted, or its ID was changed)`,
  }),
  duplicated: (id: string, rows: number[]): Text => ({
    zh: `编号 ${id} 出现在多行（第 ${rows.join('、')} 行），无法确定写哪一行`,
    en: `ID ${id} is on several rows (${rows.join(', ')}); cannot tell which one to write`,
  }),
  columnMissing: (tab: TabDef, key: string): Text => {
    const n = colName(tab, key);
    return { zh: `找不到列${n.zh}（可能被删除或改名）`, en: `Column ${n.en} was not found (deleted or renamed)` };
  },
  idExists: (id: string): Text => ({ zh: `编号 ${id} 已存在，未重复添加`, en: `ID ${id} already exists; not added again` }),
  changed: (tab: TabDef, id: string, key: string, now: unknown): Text => {
    const n = colName(tab, key);
    const v = valueLabel(tab, key, now);
    return {
      zh: `${id} 的${n.zh}已是「${v.zh}」，这项写入没有执行（有人先处理了）`,
      en: `${id}: ${n.en} is now "${v.en}"; not written (someone dealt with it first)`,
    };
  },
  merged: (tab: TabDef, key: string, range: string, rows: string): Text => {
    const n = colName(tab, key);
    return {
      zh: `列${n.zh}在这一行是合并单元格 ${range} 的一部分（第 ${rows} 行共用一个值），只改这一行会改动其他行或写进看不见的格子。请先在表格中取消合并，再重试`,
      en: `Column ${n.en} is part of the merged cells ${range} on this row (rows ${rows} share one value): changing it for this row alone would change the others or land in a hidden cell. Unmerge them in the spreadsheet, then retry`,
    };
  },
};

/**
 * Decide the flush. `writes` are in queue order; `fresh` has every tab they touch
 * (missing entry = the tab is not in the spreadsheet).
 */
export function planFlush(writes: readonly QueuedWrite[], fresh: ReadonlyMap<TabKey, FreshTab>): FlushPlan {
  const plan: FlushPlan = { appends: new Map(), updates: { data: [], entries: [] }, landed: [], conflicts: [], deferred: [] };
  const newRows = new Map<string, AppendEntry>(); // `${tab}\n${id}` → append in this flush
  const cells = new Map<string, ValueRange>(); // range → last value written there
  const park = (write: QueuedWrite, reason: Text) => plan.conflicts.push({ write, reason });
  // Rows as this flush leaves them (`${tab}\n${id}` → values), for the guards of the writes after.
  const planned = new Map<string, Values>();

  for (const w of writes) {
    const f = fresh.get(w.tab);
    if (!f) {
      park(w, reasons.tabMissing(tabs[w.tab] as TabDef));
      continue;
    }
    const guarded = w.guard && w.attempts === 0 && w.state === 'queued' ? guardFails(w.guard, fresh, planned) : null;
    if (guarded) {
      park(w, guarded);
      continue;
    }
    const found = f.locate(w.rowId);
    if (w.kind === 'append' || w.kind === 'audit') {
      // Sent before, outcome unknown (5xx, timeout, restart mid-request): it is in the sheet → done.
      if (w.state === 'syncing' && found.length > 0) {
        plan.landed.push(w);
        continue;
      }
      if (w.state === 'syncing' && !f.complete) {
        plan.deferred.push(w);
        continue;
      }
      if (w.kind === 'append' && f.complete && found.length > 0) {
        park(w, reasons.idExists(w.rowId));
        continue;
      }
      if (newRows.has(`${w.tab}\n${w.rowId}`)) {
        park(w, reasons.idExists(w.rowId));
        continue;
      }
      // Any known column the row fills that the header lacks (required or not, e.g. renamed by staff):
      // parked with that reason, as an update is, never appended with the value dropped.
      const missing =
        (f.header.index[f.tab.idColumn] === undefined ? f.tab.idColumn : undefined) ??
        Object.keys(editable(f.tab, w.values)).find((k) => w.values[k] != null && w.values[k] !== '' && f.header.index[k] === undefined);
      if (missing) {
        park(w, reasons.columnMissing(f.tab, missing));
        continue;
      }
      const entry: AppendEntry = { write: w, values: { ...w.values }, row: [], dependents: [] };
      newRows.set(`${w.tab}\n${w.rowId}`, entry);
      planned.set(`${w.tab}\n${w.rowId}`, entry.values);
      let group = plan.appends.get(w.tab);
      if (!group)
        plan.appends.set(
          w.tab,
          (group = { title: f.title, headerTexts: f.header.texts, headerRow: f.header.row ?? 1, end: f.end, entries: [] }),
        );
      group.entries.push(entry);
      continue;
    }

    // Update.
    const pendingNew = newRows.get(`${w.tab}\n${w.rowId}`);
    if (pendingNew) {
      Object.assign(pendingNew.values, editable(f.tab, w.values));
      pendingNew.dependents.push(w);
      continue;
    }
    if (!f.complete) throw new Error(`planFlush: ${w.tab} must be read whole for updates`);
    if (found.length === 0) {
      park(w, reasons.rowGone(w.rowId));
      continue;
    }
    if (found.length > 1) {
      park(w, reasons.duplicated(w.rowId, found));
      continue;
    }
    const changes = editable(f.tab, w.values);
    const gone = Object.keys(changes).find((k) => f.header.index[k] === undefined);
    if (gone) {
      park(w, reasons.columnMissing(f.tab, gone));
      continue;
    }
    const row = found[0]!;
    const current = f.table?.rows.find((r) => r.id === w.rowId)?.values ?? {};
    // A new value inside a merge over several rows (one 楼栋 for three rooms) is not ours to split.
    const split = Object.keys(changes)
      .map((k) => ({ k, m: changes[k] !== (current[k] ?? null) ? mergeAt(f.merges, row, f.header.index[k]!) : undefined }))
      .find((x) => x.m);
    if (split) {
      park(w, reasons.merged(f.tab, split.k, mergeA1(split.m!), `${split.m!.startRowIndex! + 1}–${split.m!.endRowIndex!}`));
      continue;
    }
    for (const { col, value } of changedCells(f.tab, f.header, changes)) {
      const range = rangeFor(f.title, { row, col });
      cells.delete(range); // keep queue order: a later value for the same cell goes last
      cells.set(range, { range, majorDimension: 'ROWS', values: [[value]] });
    }
    const before: Values = {};
    for (const k of Object.keys(changes)) before[k] = current[k] ?? null;
    plan.updates.entries.push({ write: w, row, before });
    planned.set(`${w.tab}\n${w.rowId}`, { ...(planned.get(`${w.tab}\n${w.rowId}`) ?? current), ...changes });
  }

  for (const [key, group] of plan.appends) {
    const f = fresh.get(key)!;
    for (const e of group.entries) e.row = rowCells(f.tab, f.header, e.values);
  }
  plan.updates.data = [...cells.values()];
  return plan;
}

/**
 * Why a guarded write must not be sent (see `WriteGuard`), or null: its row, as read fresh and
 * changed by the writes planned before it in this flush, no longer holds the guard's values.
 */
function guardFails(guard: WriteGuard, fresh: ReadonlyMap<TabKey, FreshTab>, planned: ReadonlyMap<string, Values>): Text | null {
  const f = fresh.get(guard.tab);
  const def = tabs[guard.tab] as TabDef;
  if (!f?.table) return reasons.tabMissing(def);
  const now = planned.get(`${guard.tab}\n${guard.id}`) ?? f.table.rows.find((r) => r.id === guard.id)?.values;
  if (!now) return reasons.rowGone(guard.id);
  const key = Object.keys(guard.values).find((k) => blankIsNull(now[k]) !== blankIsNull(guard.values[k]));
  return key === undefined ? null : reasons.changed(def, guard.id, key, now[key]);
}

/**
 * Where Google's `values.append` puts new rows under a header at `headerRow` (1-based): under
 * the run of non-blank rows that starts at the header (a blank row ends it, so a gap or a note
 * further down is left alone; a totals row touching the data is part of it). 0-based index.
 */
export function tableEnd(raw: readonly RowValues[], headerRow: number): number {
  let i = headerRow;
  while (i < raw.length && (raw[i] ?? []).some((c) => c !== '' && c != null)) i++;
  return i;
}

/**
 * Where a flush inserts new rows (0-based): under the table (`tableEnd`), or above its last data
 * row when a staff totals row closes it, so its =SUM range grows to take them (`rowsGoAt`).
 */
export function newRowsAt(raw: readonly RowValues[], header: HeaderMap, idColumn: string): number {
  const headerRow = header.row ?? 1;
  return rowsGoAt(raw, headerRow, header.index[idColumn], tableEnd(raw, headerRow));
}

/** The changes an update may make: staff-owned columns and the ID itself are never overwritten. */
export function editable(tab: TabDef, changes: Values): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries(changes)) {
    const col = tab.columns.find((c) => c.key === k);
    if (!col || col.staffOwned || k === tab.idColumn) continue;
    out[k] = v;
  }
  return out;
}

/**
 * A table as the app should see it: the snapshot plus the app's own writes that the
 * snapshot does not show yet (read-your-writes). New rows get row 0 (not in the sheet yet).
 */
export function overlay(table: Table, writes: readonly QueuedWrite[]): Table {
  if (writes.length === 0) return table;
  const rows = table.rows.map((r) => ({ ...r, values: { ...r.values } }));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const w of writes) {
    const existing = byId.get(w.rowId);
    if (w.kind === 'append') {
      if (existing) continue; // already in the snapshot
      const row = { id: w.rowId, row: 0, values: { ...w.values } };
      rows.push(row);
      byId.set(w.rowId, row);
    } else if (w.kind === 'update' && existing) {
      Object.assign(existing.values, editable(table.tab, w.values));
    }
  }
  return { ...table, rows };
}
