/**
 * School-local time. Schools keep wall-clock time in Asia/Shanghai (no DST), so local
 * dates and times are plain strings computed with a fixed offset: 'YYYY-MM-DD' and
 * 'YYYY-MM-DDTHH:mm:ss', the same shapes the table layer reads and writes.
 */
const OFFSET_MS = 8 * 3600_000;

/** 'YYYY-MM-DDTHH:mm:ss' in school time. */
export function localDateTime(now: Date | number = Date.now()): string {
  return new Date(+now + OFFSET_MS).toISOString().slice(0, 19);
}

/** 'YYYY-MM-DD' in school time. */
export function localDate(now: Date | number = Date.now()): string {
  return localDateTime(now).slice(0, 10);
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
