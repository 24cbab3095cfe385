/**
 * The greening module's clock. Everything date-dependent (what is due, overdue, this month)
 * asks `today()` so tests can move time forward without touching the system clock.
 *
 * @example
 * clock.set('2026-11-20T09:00:00+08:00') // tests only
 * clock.reset()
 */
import { localDate, localDateTime } from '../../core/kit.js';

let fixed: number | null = null;

export const clock = {
  now: (): number => fixed ?? Date.now(),
  /** Pin the clock (tests). */
  set(at: string | number | Date): void {
    fixed = +new Date(at);
  },
  reset(): void {
    fixed = null;
  },
  /** True while a test has pinned the clock. */
  pinned: (): boolean => fixed !== null,
};

/** School-local today, 'YYYY-MM-DD'. */
export const today = (): string => localDate(clock.now());
/** School-local now, 'YYYY-MM-DDTHH:mm:ss'. */
export const nowLocal = (): string => localDateTime(clock.now());
