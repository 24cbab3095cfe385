/** Row IDs the app generates: readable, sortable by day, and collision-free in practice. */
import { localDate, SCHOOL_TIME_ZONE } from '../time.js';

// Crockford base32: no I, L, O, U, so IDs read aloud or typed from a label are unambiguous.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A new row ID: prefix, the school-local date, and 8 random base32 characters
 * (40 bits; a school making 10,000 rows a day has a ~1 in 20,000,000 chance of a
 * same-day clash, and the gateway refuses to append an ID already in the sheet).
 * @example newRowId('R') // 'R-20260305-K3F9QX2M'
 */
export function newRowId(prefix: string, now: Date = new Date(), timeZone = SCHOOL_TIME_ZONE): string {
  return rowIdOf(prefix, crypto.getRandomValues(new Uint8Array(8)), now, timeZone);
}

/**
 * The row ID a form submission writes, the same each time it is sent: its 8 characters come
 * from the idempotency key. A handler whose checks depend on what it wrote (what can still
 * be returned) looks this ID up first, so a form sent twice finds its row instead of being
 * refused for it.
 * @example await keyedRowId('TH', form.key('stores.return')) // 'TH-20260305-7RZ2M0QD', again and again
 */
export async function keyedRowId(prefix: string, key: string, now: Date = new Date(), timeZone = SCHOOL_TIME_ZONE): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key)));
  return rowIdOf(prefix, digest.subarray(0, 8), now, timeZone);
}

function rowIdOf(prefix: string, bytes: Uint8Array, now: Date, timeZone: string): string {
  const day = localDate(now, timeZone).replaceAll('-', '');
  let rand = '';
  for (const b of bytes) rand += ALPHABET[b & 31];
  return `${prefix}-${day}-${rand}`;
}

/** The number after the highest `PREFIX-n` among these IDs: JJ-0042 → 43; none → 1. */
export function nextSequenceNumber(ids: Iterable<string>, prefix: string): number {
  const pattern = new RegExp(`^${prefix}-(\\d+)$`);
  let max = 0;
  for (const id of ids) {
    const match = pattern.exec(id);
    if (match) max = Math.max(max, Number(match[1]));
  }
  return max + 1;
}

/**
 * A sequential tag such as JJ-0042 from a number handed out by the gateway's
 * `nextSequence`, so two people registering at once never get the same one.
 * @example sequenceTag('JJ', 42) // 'JJ-0042'
 */
export function sequenceTag(prefix: string, n: number, digits = 4): string {
  return `${prefix}-${String(n).padStart(digits, '0')}`;
}
