/**
 * Daily check-in slots: what "one sweep, three checks" (一扫三查) and the other routines mean
 * in due times, and which slot each check-in fills. Pure functions, no I/O.
 */
import { type Text } from '../../../core/kit.js';

export type RoutineKey = 'sweep3' | 'thrice' | 'twice' | 'daily' | 'none';

export interface Slot {
  key: string;
  label: Text;
  /** School-local 'HH:MM' by which the check must be done. */
  due: string;
}

const slot = (key: string, zh: string, en: string, due: string): Slot => ({ key, label: { zh, en }, due });

/** Due times of each routine (school-local time). */
export const ROUTINE_SLOTS: Readonly<Record<RoutineKey, readonly Slot[]>> = {
  sweep3: [
    slot('sweep', '晨扫', 'Sweep', '07:50'),
    slot('am', '上午查', 'Morning check', '10:30'),
    slot('noon', '午查', 'Noon check', '14:00'),
    slot('pm', '放学查', 'After-school check', '17:30'),
  ],
  thrice: [slot('am', '早', 'Morning', '08:00'), slot('noon', '午', 'Noon', '13:00'), slot('pm', '晚', 'Evening', '17:30')],
  twice: [slot('am', '早', 'Morning', '08:00'), slot('noon', '午', 'Noon', '13:30')],
  daily: [slot('day', '每日', 'Daily', '17:30')],
  none: [],
};

export function slotsFor(routine: RoutineKey): readonly Slot[] {
  return ROUTINE_SLOTS[routine] ?? ROUTINE_SLOTS.daily;
}

/** A check-in after a missed due time still counts for it (late) within this many minutes. */
export const LATE_GRACE_MINUTES = 60;

export type SlotState = 'done' | 'late' | 'missing' | 'pending';

export interface SlotStatus<C> {
  slot: Slot;
  state: SlotState;
  checkin: C | null;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Which slot each of a day's check-ins fills, and the state of every slot at `now`
 * ('HH:MM'; '24:00' for a day that is over). A check-in at t fills, in this order:
 * 1. the earliest unfilled slot whose due time passed at most {@link LATE_GRACE_MINUTES}
 *    before t — late;
 * 2. the first slot due at or after t, if unfilled — done;
 * 3. the latest unfilled slot already due — late (a missed check made up later);
 * otherwise it is an extra tap and fills nothing.
 * Unfilled slots are 'missing' once due, 'pending' before.
 *
 * @example assignSlots(ROUTINE_SLOTS.twice, [{ time: '07:40' }], '12:00', (c) => c.time)
 * // [{ slot: 早, state: 'done' }, { slot: 午, state: 'pending' }]
 */
export function assignSlots<C>(slots: readonly Slot[], checkins: readonly C[], now: string, timeOf: (c: C) => string): SlotStatus<C>[] {
  const filled: Array<{ checkin: C; late: boolean } | null> = slots.map(() => null);
  const sorted = [...checkins].sort((a, b) => timeOf(a).localeCompare(timeOf(b)));
  for (const c of sorted) {
    const t = minutes(timeOf(c));
    let i = slots.findIndex((s, k) => !filled[k] && minutes(s.due) < t && t <= minutes(s.due) + LATE_GRACE_MINUTES);
    let late = i >= 0;
    if (i < 0) {
      const next = slots.findIndex((s) => minutes(s.due) >= t);
      if (next >= 0 && !filled[next]) i = next;
    }
    if (i < 0) {
      for (let k = slots.length - 1; k >= 0; k--) {
        if (!filled[k] && minutes(slots[k]!.due) < t) {
          i = k;
          late = true;
          break;
        }
      }
    }
    if (i >= 0) filled[i] = { checkin: c, late };
  }
  const nowMin = minutes(now);
  return slots.map((s, k) => {
    const f = filled[k];
    if (f) return { slot: s, state: f.late ? 'late' : 'done', checkin: f.checkin };
    return { slot: s, state: minutes(s.due) < nowMin ? 'missing' : 'pending', checkin: null };
  });
}

/** 'HH:MM' of a 'YYYY-MM-DDTHH:mm:ss' time. */
export function clockOf(dateTime: string): string {
  return dateTime.slice(11, 16);
}
