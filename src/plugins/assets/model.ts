/** Shared pieces of the asset module: room lookup, history, and attributed writes. */
import type { TabKey } from '../../../sheets-schema/index.js';
import {
  localDateTime,
  loads,
  msg,
  newRowId,
  render,
  signedIn,
  writes,
  type Ctx,
  type RowChanges,
  type RowFor,
  type TableFor,
  type WriteReceipt,
} from '../../core/kit.js';
import { fold } from './search.js';

/** Assets not in service any more: left out of stocktakes, class lists and values. */
export const retired = (row: RowFor<'assets'>): boolean => row.values.status === 'written_off';

/**
 * Rooms by every way staff write them (name or ID, any width/case): an asset's 存放地点 is the
 * room's name, but an ID typed in the sheet is understood too.
 */
export class RoomIndex {
  readonly #byKey = new Map<string, RowFor<'rooms'>>();
  constructor(rooms: TableFor<'rooms'>) {
    for (const r of rooms.rows) {
      this.#byKey.set(fold(r.id), r);
      if (r.values.name) this.#byKey.set(fold(r.values.name), r);
    }
  }
  find(text: unknown): RowFor<'rooms'> | undefined {
    return typeof text === 'string' && text ? this.#byKey.get(fold(text)) : undefined;
  }
  /** The room's display name for whatever the sheet holds ('' stays ''). */
  nameOf(text: unknown): string {
    const r = this.find(text);
    return r ? (r.values.name ?? r.id) : typeof text === 'string' ? text : '';
  }
  /** An asset row whose 存放地点 names no room (empty is allowed: not yet placed). */
  isUnknown(text: unknown): boolean {
    return typeof text === 'string' && text.trim() !== '' && !this.find(text);
  }
}

/** Assets by tag, tolerant of case and full-width characters (a tag typed from a label). */
export function findAsset(rows: readonly RowFor<'assets'>[], tag: string): RowFor<'assets'> | undefined {
  const exact = rows.find((r) => r.id === tag);
  if (exact) return exact;
  const want = fold(tag);
  return rows.find((r) => fold(r.id) === want);
}

/** The not-found page for the asset of the path's `:tag`. */
export function assetNotFound(c: Ctx) {
  return render(
    c,
    'error',
    { title: msg(c, 'assets.title'), message: msg(c, 'assets.notFound', { tag: c.req.param('tag') ?? '' }) },
    { status: 404 },
  );
}

declare module '../../core/kit.js' {
  interface RouteRecords {
    /** The asset of `/assets/:tag/…`. */
    asset: RowFor<'assets'>;
  }
}

/** Preamble: the asset of the path's `:tag` as `c.var.asset`, or the not-found page. */
export const assetOfPath = loads('asset', {
  load: async (c) => findAsset((await c.var.data.read(['assets'])).assets.rows, c.req.param('tag') ?? ''),
  missing: assetNotFound,
});

/** Same room, however it was written. */
export function sameRoom(index: RoomIndex, a: unknown, b: unknown): boolean {
  return fold(index.nameOf(a)) === fold(index.nameOf(b));
}

/** The history of one asset, newest first. */
export function historyOf(events: TableFor<'assetEvents'>, tag: string): RowFor<'assetEvents'>[] {
  // Same second: the later-appended row is newer (the table keeps append order).
  const mine = events.rows.map((e, i) => ({ e, i })).filter(({ e }) => e.values.tag === tag);
  return mine.sort((a, b) => String(b.e.values.at).localeCompare(String(a.e.values.at)) || b.i - a.i).map(({ e }) => e);
}

/** The kit's writes for the signed-in person, plus what assets add: the 更新 stamp on an asset, and its history row. */
export function writer(c: Ctx) {
  const person = signedIn(c);
  const w = writes(c);
  return {
    person,
    append: w.append,
    update: <K extends TabKey>(tab: K, id: string, changes: RowChanges<K>, action: string, key: string): Promise<WriteReceipt> =>
      w.update(tab, id, tab === 'assets' ? { ...changes, updatedAt: localDateTime(), updatedBy: person.name } : changes, action, key),
    /** One history row; `key` makes it idempotent together with the state change it belongs to. */
    event: (values: RowChanges<'assetEvents'>, key: string): Promise<WriteReceipt> =>
      w.append(
        'assetEvents',
        { id: newRowId('EV'), at: localDateTime(), by: person.name, ...values },
        `asset.event.${String(values.type)}`,
        `${key}:event`,
      ),
  };
}
