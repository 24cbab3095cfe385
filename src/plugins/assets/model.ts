/** Shared pieces of the asset module: room lookup, history, and attributed writes. */
import type { Context } from 'hono';
import type { TabKey } from '../../../sheets-schema/index.js';
import type { WriteReceipt } from '../../core/data/types.js';
import { newRowId } from '../../core/data/ids.js';
import type { Table, TableRow, Values } from '../../core/table/types.js';
import { localDateTime } from '../../core/time.js';
import type { AppEnv } from '../../env.js';
import { fold } from './search.js';

/** Assets not in service any more: left out of stocktakes, class lists and values. */
export const retired = (row: TableRow): boolean => row.values.status === 'written_off';

/**
 * Rooms by every way staff write them (name or ID, any width/case): an asset's 存放地点 is the
 * room's name, but an ID typed in the sheet is understood too.
 */
export class RoomIndex {
  readonly #byKey = new Map<string, TableRow>();
  constructor(rooms: Table) {
    for (const r of rooms.rows) {
      this.#byKey.set(fold(r.id), r);
      if (r.values.name) this.#byKey.set(fold(String(r.values.name)), r);
    }
  }
  find(text: unknown): TableRow | undefined {
    return typeof text === 'string' && text ? this.#byKey.get(fold(text)) : undefined;
  }
  /** The room's display name for whatever the sheet holds ('' stays ''). */
  nameOf(text: unknown): string {
    const r = this.find(text);
    return r ? String(r.values.name ?? r.id) : typeof text === 'string' ? text : '';
  }
  /** An asset row whose 存放地点 names no room (empty is allowed: not yet placed). */
  isUnknown(text: unknown): boolean {
    return typeof text === 'string' && text.trim() !== '' && !this.find(text);
  }
}

/** Same room, however it was written. */
export function sameRoom(index: RoomIndex, a: unknown, b: unknown): boolean {
  return fold(index.nameOf(a)) === fold(index.nameOf(b));
}

/** The history of one asset, newest first. */
export function historyOf(events: Table, tag: string): TableRow[] {
  // Same second: the later-appended row is newer (the table keeps append order).
  const mine = events.rows.map((e, i) => ({ e, i })).filter(({ e }) => e.values.tag === tag);
  return mine.sort((a, b) => String(b.e.values.at).localeCompare(String(a.e.values.at)) || b.i - a.i).map(({ e }) => e);
}

/** Idempotency key for a form: the same submitted form (its hidden `_key`) is recorded once. */
export function formKey(c: Context<AppEnv>, action: string, body: Record<string, unknown>, extra = ''): string {
  const key = typeof body._key === 'string' && body._key ? body._key.slice(0, 80) : crypto.randomUUID();
  return `${action}:${c.var.person!.id}:${key}${extra ? `:${extra}` : ''}`;
}

/** Write helpers bound to the signed-in person (every write is attributed and audited). */
export function writer(c: Context<AppEnv>) {
  const person = c.var.person!;
  const meta = (action: string, idempotencyKey: string) => ({ idempotencyKey, actor: { id: person.id, name: person.name }, action });
  return {
    person,
    append: (tab: TabKey, values: Values, action: string, key: string): Promise<WriteReceipt> => c.var.data.append(tab, values, meta(action, key)),
    update: (tab: TabKey, id: string, changes: Values, action: string, key: string): Promise<WriteReceipt> =>
      c.var.data.update(tab, id, { ...changes, ...(tab === 'assets' ? { updatedAt: localDateTime(), updatedBy: person.name } : {}) }, meta(action, key)),
    /** One history row; `key` makes it idempotent together with the state change it belongs to. */
    event: (values: Values, key: string): Promise<WriteReceipt> =>
      c.var.data.append('assetEvents', { id: newRowId('EV'), at: localDateTime(), by: person.name, ...values }, meta(`asset.event.${String(values.type)}`, `${key}:event`)),
  };
}

/** A form field as a trimmed string ('' when absent or a file). */
export function field(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  return typeof v === 'string' ? v.trim() : '';
}

/** Every value of a repeated form field (checkbox lists). */
export function fields(body: Record<string, unknown>, key: string): string[] {
  const v = body[key] ?? body[`${key}[]`];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.trim()).filter(Boolean);
}
