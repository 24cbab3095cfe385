/**
 * When a tap happened. The phone app's outbox (views/pwa/outbox.js) stamps each offline-capable
 * form with `tapped_at` (an ISO time) when it is submitted, and may send it hours later: the
 * row records the tap, not the upload. One rule for every module that takes taps.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../env.js';
import { t } from '../i18n/index.js';
import type { Text } from '../table/types.js';
import { localDateTime } from '../time.js';
import { pwaMessages } from './messages.js';

/** A tap saved on a phone longer ago than this is refused (the week's registers are closed). */
export const TAP_MAX_AGE_DAYS = 7;
/** A phone's clock may run this far ahead; such a tap counts as now. Further ahead is refused. */
export const TAP_CLOCK_SKEW_MINUTES = 10;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export type TapCheck = { ms: number } | { error: Text; params: Record<string, unknown> };

/** Pure: the tap's epoch milliseconds, or why it is refused. No value (a form sent without the outbox) is now. */
export function checkTapTime(raw: unknown, now: number): TapCheck {
  if (raw === undefined || raw === null || raw === '') return { ms: now };
  const text = typeof raw === 'string' ? raw.trim() : '';
  const ms = ISO.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) return { error: pwaMessages['pwa.tapInvalid'], params: {} };
  if (ms > now + TAP_CLOCK_SKEW_MINUTES * 60_000)
    return { error: pwaMessages['pwa.tapAhead'], params: { minutes: Math.round((ms - now) / 60_000) } };
  if (ms < now - TAP_MAX_AGE_DAYS * 86_400_000)
    return { error: pwaMessages['pwa.tapTooOld'], params: { date: localDateTime(ms).slice(0, 10), days: TAP_MAX_AGE_DAYS } };
  return { ms: Math.min(ms, now) };
}

/**
 * The tap time of a form (`tapped_at`) as epoch ms and school-local 'YYYY-MM-DDTHH:mm:ss'.
 * Refused taps throw a 422 whose message says why in the reader's language (the error page).
 * @example const tap = tapTime(c, body.tapped_at); append(…, { time: tap.local }, { idempotencyKey: key(tap.ms) })
 */
export function tapTime(c: Context<AppEnv>, raw: unknown, now = Date.now()): { ms: number; local: string } {
  const check = checkTapTime(raw, now);
  if ('error' in check) throw new HTTPException(422, { message: t(c.var.locale, check.error, check.params) });
  return { ms: check.ms, local: localDateTime(check.ms) };
}
