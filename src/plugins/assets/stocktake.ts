/**
 * Stocktake (盘点) arithmetic: which items a room should hold, what the ticks say, and the
 * reconciliation at closing. Pure, so the figures are tested by hand.
 *
 * - expected: items on the books (not written off) registered in the stocktake's rooms;
 * - found: expected items ticked found or damaged in their own room (damaged ⊂ found);
 * - wrong room: items scanned in another room than the one on the books (each item once);
 * - missing: expected items neither found in place nor scanned anywhere else;
 * - surplus (盘盈): unregistered items added during the count;
 * - match rate (帐物相符率) = found ÷ expected, in percent with one decimal.
 */
import type { RowFor } from '../../core/kit.js';

type Asset = RowFor<'assets'>;
type Line = RowFor<'stocktakeLines'>;
import { fold } from './search.js';
import { retired, type RoomIndex } from './model.js';

export interface Reconciliation {
  expected: number;
  found: number;
  damaged: number;
  /** Missing at closing: marked missing, or never counted. */
  missing: number;
  /** Not counted yet (no tick or scan): "missing" only once the stocktake is closed. */
  uncounted: number;
  /** Ticked or scanned as missing so far. */
  markedMissing: number;
  surplus: number;
  wrongRoom: number;
  matchRate: number | null;
  rooms: RoomProgress[];
  missingItems: Asset[];
  wrongRoomLines: Line[];
  surplusLines: Line[];
}

export interface RoomProgress {
  room: string;
  expected: number;
  ticked: number;
  found: number;
  damaged: number;
  missing: number;
  uncounted: number;
  markedMissing: number;
  wrongRoom: number;
  surplus: number;
}

/** The rooms of a stocktake as written in its 盘点场所 cell (one per line, or separated by 、,，;). */
export function stocktakeRooms(cell: unknown): string[] {
  const names = String(cell ?? '')
    .split(/[\n、,，;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return [...new Set(names)];
}

/** Lines of this stocktake, the latest per item (a re-tick replaces the earlier one); surplus lines all count. */
export function latestLines(lines: readonly Line[], stocktakeId: string): Line[] {
  const byItem = new Map<string, Line>();
  const surplus: Line[] = [];
  for (const line of lines) {
    if (line.values.stocktake !== stocktakeId) continue;
    if (line.values.result === 'surplus' || !line.values.tag) {
      surplus.push(line);
      continue;
    }
    const key = fold(line.values.tag);
    const prev = byItem.get(key);
    if (!prev || String(line.values.at) >= String(prev.values.at)) byItem.set(key, line);
  }
  return [...byItem.values(), ...surplus];
}

/** Items on the books in a room (not written off). */
export function expectedIn(assets: readonly Asset[], index: RoomIndex, room: string): Asset[] {
  const want = fold(index.nameOf(room));
  return assets.filter((a) => !retired(a) && fold(index.nameOf(a.values.room)) === want);
}

export function reconcile(rooms: readonly string[], assets: readonly Asset[], lines: readonly Line[], index: RoomIndex): Reconciliation {
  const byTag = new Map<string, Line>();
  for (const line of lines) if (line.values.tag && line.values.result !== 'surplus') byTag.set(fold(line.values.tag), line);
  const out: Reconciliation = {
    expected: 0,
    found: 0,
    damaged: 0,
    missing: 0,
    uncounted: 0,
    markedMissing: 0,
    surplus: 0,
    wrongRoom: 0,
    matchRate: null,
    rooms: [],
    missingItems: [],
    wrongRoomLines: [],
    surplusLines: [],
  };
  for (const room of rooms) {
    const p: RoomProgress = {
      room,
      expected: 0,
      ticked: 0,
      found: 0,
      damaged: 0,
      missing: 0,
      uncounted: 0,
      markedMissing: 0,
      wrongRoom: 0,
      surplus: 0,
    };
    const roomKey = fold(index.nameOf(room));
    for (const asset of expectedIn(assets, index, room)) {
      p.expected++;
      const line = byTag.get(fold(asset.id));
      const inPlace = line && fold(index.nameOf(line.values.room)) === roomKey;
      if (line) p.ticked++;
      if (inPlace && (line.values.result === 'found' || line.values.result === 'damaged')) {
        p.found++;
        if (line.values.result === 'damaged') p.damaged++;
      } else if (!line || line.values.result === 'missing') {
        p.missing++;
        if (line) p.markedMissing++;
        else p.uncounted++;
        out.missingItems.push(asset);
      }
    }
    for (const line of lines) {
      if (fold(index.nameOf(line.values.room)) !== roomKey) continue;
      if (line.values.result === 'wrong_room') {
        p.wrongRoom++;
        out.wrongRoomLines.push(line);
      } else if (line.values.result === 'surplus') {
        p.surplus++;
        out.surplusLines.push(line);
      }
    }
    out.expected += p.expected;
    out.found += p.found;
    out.damaged += p.damaged;
    out.missing += p.missing;
    out.uncounted += p.uncounted;
    out.markedMissing += p.markedMissing;
    out.wrongRoom += p.wrongRoom;
    out.surplus += p.surplus;
    out.rooms.push(p);
  }
  out.matchRate = out.expected > 0 ? Math.round((out.found / out.expected) * 1000) / 10 : null;
  return out;
}

/** A label's QR holds the asset URL; a hand scanner or a person may type the tag itself. */
export function tagFromCode(code: string): string | null {
  const text = code.trim();
  if (!text) return null;
  const url = /\/assets\/([^/?#\s]+)/.exec(text);
  if (url) {
    try {
      return decodeURIComponent(url[1]!);
    } catch {
      return null;
    }
  }
  return text.length <= 30 ? text : null;
}
