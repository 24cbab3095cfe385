/**
 * School time: the one time-zone setting of the portal. Every module, the sync gateway's
 * audit rows, auth events and row IDs ask this file for "now" in the school's zone, as the
 * plain strings the table layer reads and writes: 'YYYY-MM-DD' and 'YYYY-MM-DDTHH:mm:ss'.
 */

/** The school's time zone (IANA). Chinese schools keep Beijing time; change it here only. */
export const SCHOOL_TIME_ZONE = 'Asia/Shanghai';

const formats = new Map<string, Intl.DateTimeFormat>();
function formatFor(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** 'YYYY-MM-DDTHH:mm:ss' in school time. */
export function localDateTime(now: Date | number = Date.now(), timeZone = SCHOOL_TIME_ZONE): string {
  const parts = formatFor(timeZone).formatToParts(new Date(+now));
  const p = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? '00';
  return `${p('year')}-${p('month')}-${p('day')}T${p('hour')}:${p('minute')}:${p('second')}`;
}

/** 'YYYY-MM-DD' in school time. */
export function localDate(now: Date | number = Date.now(), timeZone = SCHOOL_TIME_ZONE): string {
  return localDateTime(now, timeZone).slice(0, 10);
}

/**
 * The instant (ms since the epoch) of a school-time 'YYYY-MM-DDTHH:mm:ss'.
 * @example instantOf('2026-11-20T08:00:00') // Date.parse('2026-11-20T00:00:00Z')
 */
export function instantOf(local: string, timeZone = SCHOOL_TIME_ZONE): number {
  const asUtc = Date.parse(`${local.length === 10 ? `${local}T00:00:00` : local}Z`);
  const offset = (ms: number) => Date.parse(`${localDateTime(ms, timeZone)}Z`) - ms;
  const guess = asUtc - offset(asUtc);
  return asUtc - offset(guess);
}

/** Whole days from `a` to `b` (both 'YYYY-MM-DD'). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The date `n` days after `date` ('YYYY-MM-DD'). */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Day of the week, 1 = Monday … 7 = Sunday. */
export function weekday(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** 'YYYY-MM' of the month before. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** First and last day of a month 'YYYY-MM'. */
export function monthRange(month: string): { first: string; last: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { first: `${month}-01`, last };
}
