/**
 * The tables this Worker isolate was last sent by each spreadsheet's gateway, by version
 * (src/core/sync/versions.ts). A read names the versions it holds and the gateway sends only
 * the tabs that changed, so a warm page pays for one small RPC instead of a structured clone
 * of every table it reads. The tables are shared by every request of the isolate, so they
 * are frozen: code that changed one in place would now fail loudly instead of corrupting
 * the next request's view.
 */
import type { TabKey } from '../../../sheets-schema/index.js';
import type { KnownVersions } from '../sync/versions.js';
import type { Table } from '../table/types.js';

interface Held {
  version: string;
  table: Table;
}

/** Schools whose tables one isolate keeps (a deployment serving more drops the least recent). */
const MAX_SPREADSHEETS = 4;
const bySpreadsheet = new Map<string, Map<TabKey, Held>>();

function heldFor(spreadsheetId: string): Map<TabKey, Held> {
  let held = bySpreadsheet.get(spreadsheetId);
  if (held) bySpreadsheet.delete(spreadsheetId); // re-inserted below: most recent last
  held ??= new Map();
  bySpreadsheet.set(spreadsheetId, held);
  while (bySpreadsheet.size > MAX_SPREADSHEETS) bySpreadsheet.delete(bySpreadsheet.keys().next().value!);
  return held;
}

/** Drop every table held, as a fresh isolate starts (the bench's "after a deploy"). */
export function forgetTables(): void {
  bySpreadsheet.clear();
}

/** The tables held now for these tabs, taken before a read: what the read's answer may point back to. */
export type HeldTables = ReadonlyMap<TabKey, Held>;

/**
 * Versions of these tabs this isolate holds, to send with a read, and the tables themselves:
 * concurrent reads of other spreadsheets may drop this one from the cache before the answer
 * comes back (a district reads dozens of schools at once), so the read keeps what it named.
 */
export function knownVersions(spreadsheetId: string, keys: readonly TabKey[]): { known: KnownVersions; held: HeldTables } {
  const all = bySpreadsheet.get(spreadsheetId);
  const known: KnownVersions = {};
  const held = new Map<TabKey, Held>();
  if (all)
    for (const key of keys) {
      const h = all.get(key);
      if (h) {
        known[key] = h.version;
        held.set(key, h);
      }
    }
  return { known, held };
}

/** The read's tables: those sent (now held) and, for the rest, the ones held at the version the gateway named. */
export function settleRead<K extends TabKey>(
  spreadsheetId: string,
  keys: readonly K[],
  sent: Record<string, Table>,
  versions: Record<string, { version: string }>,
  named: HeldTables = new Map(),
): Record<K, Table> {
  const held = heldFor(spreadsheetId);
  const out = {} as Record<K, Table>;
  for (const key of keys) {
    const version = versions[key]!.version;
    const table = sent[key];
    if (table) {
      held.set(key, { version, table: freezeTable(table) });
      out[key] = table;
    } else {
      const h = held.get(key)?.version === version ? held.get(key) : named.get(key);
      if (!h || h.version !== version) throw new Error(`table cache: the gateway did not send ${key} at ${version}`);
      held.set(key, h);
      out[key] = h.table;
    }
  }
  return out;
}

function freezeTable(table: Table): Table {
  for (const row of table.rows) {
    Object.freeze(row.values);
    Object.freeze(row);
  }
  Object.freeze(table.rows);
  Object.freeze(table.problems);
  Object.freeze(table.header);
  return Object.freeze(table);
}
