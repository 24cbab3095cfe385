/** Check-in rules that keep a burst of taps cheap and recorded once. Pure functions. */
import type { CheckinRecord } from './board.js';
import { instantOf } from '../../../core/kit.js';

/** Taps by the same person on the same zone within this many minutes are one check-in. */
export const REPEAT_WINDOW_MINUTES = 5;

/**
 * The gateway's idempotency key for a tap: zone + person + the 5-minute window it falls in,
 * so a double tap (or a re-sent form) is recorded once even when both arrive together.
 * @example checkinKey('Z001', 'P004', Date.parse('2026-11-20T00:03:00Z')) // 'cleaning.checkin:Z001:P004:5883520'
 */
export function checkinKey(zoneId: string, personId: string, at: number, kind = 'routine'): string {
  const window = Math.floor(at / (REPEAT_WINDOW_MINUTES * 60_000));
  return `cleaning.checkin:${kind === 'routine' ? '' : `${kind}:`}${zoneId}:${personId}:${window}`;
}

const toMs = (local: string) => instantOf(local);

/**
 * This person's check-in of this zone made less than the repeat window before `now`
 * ('YYYY-MM-DDTHH:mm:ss', school time), if any: a second tap that straddles a window
 * boundary is answered with the first one instead of a new row.
 */
export function recentCheckin(
  records: readonly CheckinRecord[],
  zoneId: string,
  personId: string,
  now: string,
  kind: CheckinRecord['kind'] = 'routine',
): CheckinRecord | null {
  const nowMs = toMs(now);
  let found: CheckinRecord | null = null;
  for (const r of records) {
    if (r.zone !== zoneId || r.personId !== personId || r.kind !== kind) continue;
    const age = nowMs - toMs(r.time);
    if (age >= 0 && age < REPEAT_WINDOW_MINUTES * 60_000 && (!found || r.time > found.time)) found = r;
  }
  return found;
}
