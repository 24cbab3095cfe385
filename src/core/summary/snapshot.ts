/**
 * A published report frozen into the 月报 tab: its JSON cut into pieces well under
 * Google's 50,000-character cell limit (one 快照分片 row each), and read back tolerantly —
 * pieces in any order (staff sort sheets), a repeated piece ignored, a missing or edited
 * piece detected by the count and the checksum rather than rendered wrong.
 */
import { sha256 } from '../auth/crypto.js';
import type { MonthlyReport } from './report.js';

/** Characters per piece: Google allows 50,000 per cell; stay clear of it. */
export const PIECE_CHARS = 40_000;

export interface Piece {
  part: number;
  data: string;
}

/** Cut `json` into pieces of at most `size` UTF-16 units, never between the halves of a surrogate pair. */
export function splitJson(json: string, size = PIECE_CHARS): Piece[] {
  const pieces: Piece[] = [];
  let start = 0;
  while (start < json.length) {
    let end = Math.min(json.length, start + size);
    const code = json.charCodeAt(end - 1);
    if (end < json.length && code >= 0xd800 && code <= 0xdbff) end -= 1;
    pieces.push({ part: pieces.length + 1, data: json.slice(start, end) });
    start = end;
  }
  return pieces.length ? pieces : [{ part: 1, data: '' }];
}

export type Reassembled<R = MonthlyReport> =
  | { ok: true; report: R }
  | { ok: false; reason: 'missingPieces' | 'checksum' | 'unreadable'; found: number; expected: number };

const isMonthlyReport = (x: unknown): boolean => Array.isArray((x as MonthlyReport | null)?.sections);

/**
 * Put the pieces back together and check them against the count and checksum recorded at
 * publication; `valid` says whether the JSON is the kind of report expected (default: a monthly report).
 */
export async function joinPieces<R = MonthlyReport>(
  pieces: ReadonlyArray<{ part: unknown; data: unknown }>,
  expected: number,
  checksum: string,
  valid: (x: unknown) => boolean = isMonthlyReport,
): Promise<Reassembled<R>> {
  const byPart = new Map<number, string>();
  for (const p of pieces) {
    const part = typeof p.part === 'number' ? p.part : Number(p.part);
    if (!Number.isInteger(part) || part < 1 || byPart.has(part)) continue;
    byPart.set(part, typeof p.data === 'string' ? p.data : p.data == null ? '' : String(p.data));
  }
  const found = byPart.size;
  for (let i = 1; i <= expected; i++) if (!byPart.has(i)) return { ok: false, reason: 'missingPieces', found, expected };
  let json = '';
  for (let i = 1; i <= expected; i++) json += byPart.get(i)!;
  if (checksum && (await sha256(json)) !== checksum) return { ok: false, reason: 'checksum', found, expected };
  try {
    const report = JSON.parse(json) as R;
    if (!report || typeof report !== 'object' || !valid(report)) throw new Error('not a report');
    return { ok: true, report };
  } catch {
    return { ok: false, reason: 'unreadable', found, expected };
  }
}

/** The pieces and checksum to write for a report. */
export async function freeze(report: object): Promise<{ pieces: Piece[]; checksum: string }> {
  const json = JSON.stringify(report);
  return { pieces: splitJson(json), checksum: await sha256(json) };
}
