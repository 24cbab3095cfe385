/**
 * Row identity Google keeps for us: an update is written into the row carrying the
 * developer-metadata tag `houqin.row = <tab>:<ID>`, located by Google at write time
 * (values:batchUpdateByDataFilter), so a staff sort, insert or delete between our read and
 * our write cannot move the row from under it (row metadata moves with its row; see README).
 *
 * Per flush, for the updates planFlush placed:
 * 1. each target's tagged row is read with the flush's fresh read, in the same request
 *    (`tagLookups`); if it could not go along, one values:batchGetByDataFilter reads each tab's
 *    header and each target's tagged row;
 * 2. a target whose tag is on exactly one row holding its ID is written by tag (null cells
 *    left alone); an untagged one (or one whose tag drifted) is tagged at the row the fresh
 *    read found and written in the next round, after the tag is verified;
 * 3. the write's answer holds the header and the row as they are after the write: a row not
 *    holding the ID any more, or a column that moved, is undone from the values read in step 1
 *    and the write is queued again (verify and compensate). Pure: the gateway does the I/O.
 */
import { tabs, type TabDef, type TabKey } from '../../../sheets-schema/index.js';
import { quoteSheetTitle } from '../sheets/a1.js';
import type {
  CellValue,
  DataFilter,
  DataFilterValueRange,
  MatchedValueRange,
  RowValues,
  UpdateByDataFilterResult,
} from '../sheets/types.js';
import { mapHeader } from '../table/headers.js';
import { changedCells, holdsId } from '../table/table.js';
import type { HeaderMap, Values } from '../table/types.js';
import { editable, type FreshTab, type UpdateEntry } from './plan.js';

export const ROW_TAG_KEY = 'houqin.row';

const tagValue = (tab: TabKey, id: string) => `${tab}:${id}`;
const tagFilter = (tab: TabKey, id: string): DataFilter => ({
  developerMetadataLookup: { metadataKey: ROW_TAG_KEY, metadataValue: tagValue(tab, id), locationType: 'ROW' },
});
/** The spreadsheets.batchUpdate request that tags the row at `index` (0-based) of a sheet. */
export const tagRequest = (tab: TabKey, id: string, sheetId: number, index: number) => ({
  createDeveloperMetadata: {
    developerMetadata: {
      metadataKey: ROW_TAG_KEY,
      metadataValue: tagValue(tab, id),
      visibility: 'PROJECT',
      location: { dimensionRange: { sheetId, dimension: 'ROWS', startIndex: index, endIndex: index + 1 } },
    },
  },
});
const headerFilter = (title: string, row = 1): DataFilter => ({ a1Range: `${quoteSheetTitle(title)}!${row}:${row}` });
const def = (key: TabKey) => tabs[key] as TabDef;

/** One target row of this flush: the updates of one ID, merged in queue order. */
export interface RowTarget {
  tab: TabKey;
  id: string;
  entries: UpdateEntry[];
  changes: Values;
}

export function targetsOf(entries: readonly UpdateEntry[]): RowTarget[] {
  const out = new Map<string, RowTarget>();
  for (const e of entries) {
    const k = `${e.write.tab}\n${e.write.rowId}`;
    let t = out.get(k);
    if (!t) out.set(k, (t = { tab: e.write.tab, id: e.write.rowId, entries: [], changes: {} }));
    t.entries.push(e);
    Object.assign(t.changes, editable(def(e.write.tab), e.write.values));
  }
  return [...out.values()];
}

/** The tags of the rows these updates change: read with the flush's fresh read, in the same request. */
export function tagLookups(updates: ReadonlyArray<{ tab: TabKey; rowId: string }>): DataFilter[] {
  const seen = new Set<string>();
  return updates.flatMap((w) => (seen.has(`${w.tab}\n${w.rowId}`) ? [] : (seen.add(`${w.tab}\n${w.rowId}`), [tagFilter(w.tab, w.rowId)])));
}

/** Step 1, when the tags did not come with the fresh read: each tab's header row and each target's tag. */
export function tagReadFilters(targets: readonly RowTarget[], fresh: ReadonlyMap<TabKey, FreshTab>): DataFilter[] {
  const headers = new Map(targets.map((t) => [fresh.get(t.tab)!.title, fresh.get(t.tab)!.header.row ?? 1]));
  return [...[...headers].map(([title, row]) => headerFilter(title, row)), ...targets.map((t) => tagFilter(t.tab, t.id))];
}

export interface Writing {
  target: RowTarget;
  header: HeaderMap;
  cells: Array<{ col: number; value: CellValue | '' }>;
  /** The tagged row as read in step 1 (to undo a write that landed wrong). */
  before: RowValues;
}

export interface TagPlan {
  /** By-tag writes, plus a no-op write on each header row so the answer shows the header at write time. */
  data: DataFilterValueRange[];
  writing: Writing[];
  /** spreadsheets.batchUpdate requests: drop drifted tags, tag untagged rows. */
  tagRequests: object[];
  /** Tagged in this round; written in the next one, once the tag is seen on the right row. */
  waiting: RowTarget[];
}

const lookupValue = (f: DataFilter | undefined) => f?.developerMetadataLookup?.metadataValue;

/** Step 2: decide from the read what is written by tag now and what is (re)tagged first. */
export function planTaggedWrites(
  targets: readonly RowTarget[],
  fresh: ReadonlyMap<TabKey, FreshTab>,
  matched: readonly MatchedValueRange[],
  sheetIdOf: (tab: TabKey) => number | undefined,
): TagPlan {
  const plan: TagPlan = { data: [], writing: [], tagRequests: [], waiting: [] };
  const headers = new Map<string, HeaderMap>();
  const rowsByTag = new Map<string, MatchedValueRange[]>();
  for (const m of matched) {
    const v = lookupValue(m.dataFilters?.find((f) => f.developerMetadataLookup));
    if (v !== undefined) rowsByTag.set(v, [...(rowsByTag.get(v) ?? []), m]);
  }
  // The header as read with the tags: its own row when read apart, else the fresh read's (the same request).
  const headerRowOf = (title: string, row: number) =>
    matched.find((m) => m.dataFilters?.some((f) => f.a1Range === headerFilter(title, row).a1Range))?.valueRange.values?.[0];
  const headerFor = (tab: TabKey, f: FreshTab) => {
    const row = f.header.row ?? 1;
    let h = headers.get(f.title);
    if (!h) {
      const cells = headerRowOf(f.title, row);
      headers.set(f.title, (h = cells ? mapHeader(def(tab), cells, f.title, undefined, row).header : f.header));
    }
    return h;
  };
  const writtenHeaders = new Set<string>();
  for (const t of targets) {
    const f = fresh.get(t.tab)!;
    const header = headerFor(t.tab, f);
    const rows = rowsByTag.get(tagValue(t.tab, t.id)) ?? [];
    const row = rows[0]?.valueRange.values?.[0] ?? [];
    // A column renamed since the fresh read: the next round's plan parks it with the reason.
    if (Object.keys(t.changes).some((k) => header.index[k] === undefined)) {
      plan.waiting.push(t);
      continue;
    }
    const holds = rows.length === 1 && holdsId(def(t.tab), header, row, t.id);
    if (holds) {
      const cells = changedCells(def(t.tab), header, t.changes);
      const values: Array<CellValue | null> = [];
      for (const c of cells) {
        while (values.length < c.col) values.push(null);
        values[c.col] = c.value;
      }
      plan.data.push({ dataFilter: tagFilter(t.tab, t.id), majorDimension: 'ROWS', values: [values] });
      plan.writing.push({ target: t, header, cells, before: row });
      if (!writtenHeaders.has(f.title)) {
        writtenHeaders.add(f.title);
        plan.data.push({ dataFilter: headerFilter(f.title, header.row ?? 1), majorDimension: 'ROWS', values: [] });
      }
      continue;
    }
    // Untagged, or the tag sits on another row (or several): tag the row the fresh read found.
    const sheetId = sheetIdOf(t.tab);
    const at = t.entries[0]!.row;
    if (rows.length > 0) plan.tagRequests.push({ deleteDeveloperMetadata: { dataFilter: tagFilter(t.tab, t.id) } });
    if (sheetId !== undefined) plan.tagRequests.push(tagRequest(t.tab, t.id, sheetId, at - 1));
    plan.waiting.push(t);
  }
  return plan;
}

export interface Verified {
  landed: RowTarget[];
  /** Not written, or undone: queue again (the next fresh read decides, with a true reason). */
  again: RowTarget[];
  /** Writes that put back what a wrong landing overwrote. */
  undo: DataFilterValueRange[];
  /** Tags found on a row not holding their ID: dropped. */
  untag: object[];
}

/** Step 3: check where each by-tag write landed, from the write's own answer. */
export function verifyTaggedWrites(writing: readonly Writing[], result: UpdateByDataFilterResult): Verified {
  const out: Verified = { landed: [], again: [], undo: [], untag: [] };
  const responses = result.responses ?? [];
  const headerAfter = (title: string, row: number) =>
    responses.find((r) => r.dataFilter?.a1Range === headerFilter(title, row).a1Range)?.updatedData?.values?.[0];
  for (const w of writing) {
    const tab = def(w.target.tab);
    const filter = tagFilter(w.target.tab, w.target.id);
    const hits = responses.filter((r) => lookupValue(r.dataFilter) === lookupValue(filter));
    if (hits.length === 0) {
      out.again.push(w.target); // the row went between our read and our write: nothing was written
      continue;
    }
    const title = (hits[0]!.updatedRange ?? '').replace(/!.*$/, '').replace(/^'(.*)'$/, (_, t: string) => t.replace(/''/g, "'"));
    const headerRow = w.header.row ?? 1;
    const nowHeader = mapHeader(tab, headerAfter(title, headerRow) ?? [], title, undefined, headerRow).header;
    const rowOk = hits.length === 1 && holdsId(tab, nowHeader, hits[0]!.updatedData?.values?.[0], w.target.id);
    const colsOk = w.cells.every((c) => {
      const key = Object.keys(w.header.index).find((k) => w.header.index[k] === c.col);
      return key !== undefined && nowHeader.index[key] === c.col;
    });
    if (rowOk && colsOk) {
      out.landed.push(w.target);
      continue;
    }
    // Landed wrong: put back what was there when we read it, and try again from a fresh read.
    const values: Array<CellValue | null> = [];
    for (const c of w.cells) {
      while (values.length < c.col) values.push(null);
      values[c.col] = w.before[c.col] ?? '';
    }
    out.undo.push({ dataFilter: filter, majorDimension: 'ROWS', values: [values] });
    if (!rowOk) out.untag.push({ deleteDeveloperMetadata: { dataFilter: filter } });
    out.again.push(w.target);
  }
  return out;
}
