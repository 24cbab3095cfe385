/**
 * The daily run (Cron every 15 minutes; acts once, in the quarter hour after the 通知 tab's
 * 每日待办 send time, default 07:30 school time) on school days only (校历): each person's
 * duties as a digest, and each module's reminders (overdue hazards, loans, checks). Notice IDs
 * carry the date, so a second run the same day sends nothing new. `watchSync` and `runTimed`
 * (the modules' own times of day) run every tick.
 */
import type { Env } from '../../env.js';
import { schoolCalendar } from '../calendar.js';
import { schoolData } from '../data/school-data.js';
import type { Plugin } from '../plugin.js';
import { localDateTime } from '../time.js';
import { dutiesFor, dutyList } from './duties.js';
import { DIGEST_EVENT, SYNC_STUCK_EVENT } from './events.js';
import type { SyncStatus } from '../data/types.js';
import { enqueueNotice } from './outbox.js';
import type { Notice } from './types.js';

export const DEFAULT_DIGEST_TIME = '07:30';
const WINDOW_MINUTES = 15;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export type DailyOutcome = 'sent' | 'not-yet' | 'holiday' | 'failed';

/** Run for one school; `force` ignores the send time (tests, and a head's "send now"). */
export async function runDaily(
  env: Env,
  plugins: readonly Plugin[],
  school: string,
  now = Date.now(),
  force = false,
): Promise<{ outcome: DailyOutcome; notices: number }> {
  const data = schoolData(env, school);
  const { notifyRules, calendar, people } = await data.read(['notifyRules', 'calendar', 'people']);
  const local = localDateTime(now);
  const today = local.slice(0, 10);
  const typed = notifyRules.rows.find((r) => r.values.event === DIGEST_EVENT || r.values.event === '每日待办')?.values.time;
  const time = typeof typed === 'string' && /^\d{2}:\d{2}$/.test(typed.trim()) ? typed.trim() : DEFAULT_DIGEST_TIME;
  const since = minutes(local.slice(11, 16)) - minutes(time);
  if (!force && (since < 0 || since >= WINDOW_MINUTES)) return { outcome: 'not-yet', notices: 0 };
  if (!schoolCalendar(calendar).isSchoolDay(today)) return { outcome: 'holiday', notices: 0 };

  const origin = env.PORTAL_URL ?? '';
  const notices: Notice[] = [];
  for (const row of people.rows.filter((p) => p.values.active === true)) {
    const person = {
      id: row.id,
      name: String(row.values.name ?? ''),
      role: row.values.role as never,
      unit: row.values.unit ? String(row.values.unit) : null,
    };
    const duties = await dutiesFor(plugins, { data, person, today, plugins });
    if (duties.length)
      notices.push({
        event: DIGEST_EVENT,
        id: `digest:${today}:${row.id}`,
        to: [row.id],
        params: { count: duties.length, list: dutyList(duties) },
        href: '/',
      });
  }
  for (const plugin of plugins) if (plugin.reminders) notices.push(...(await plugin.reminders({ data, today, people })));
  for (const notice of notices) await enqueueNotice(env, school, origin, notice);
  return { outcome: 'sent', notices: notices.length };
}

/** Every cron tick: the modules' timed checks whose time has come (once a school day each: notice ids carry the date). */
export async function runTimed(env: Env, plugins: readonly Plugin[], school: string, now = Date.now()): Promise<number> {
  const local = localDateTime(now);
  const due = plugins
    .flatMap((p) => p.timed ?? [])
    .filter((t) => {
      const since = minutes(local.slice(11, 16)) - minutes(t.at);
      return since >= 0 && since < WINDOW_MINUTES;
    });
  if (!due.length) return 0;
  const data = schoolData(env, school);
  const { calendar, people } = await data.read(['calendar', 'people']);
  const today = local.slice(0, 10);
  if (!schoolCalendar(calendar).isSchoolDay(today)) return 0;
  const notices: Notice[] = [];
  for (const t of due) notices.push(...(await t.run({ data, today, people })));
  for (const notice of notices) await enqueueNotice(env, school, env.PORTAL_URL ?? '', notice);
  return notices.length;
}

/** Writes waiting over half an hour, or parked as conflicts, are the head's to look at. */
export function syncStuck(status: SyncStatus): boolean {
  return status.conflicts > 0 || (status.pending > 0 && (status.oldestPendingAgeMs ?? 0) > 30 * 60_000);
}

/** Every cron tick: tell the head (once a day) when writes are stuck on their way to the sheet. */
export async function watchSync(env: Env, school: string, now = Date.now()): Promise<boolean> {
  const status = await schoolData(env, school).status();
  if (!syncStuck(status)) return false;
  const today = localDateTime(now).slice(0, 10);
  await enqueueNotice(env, school, env.PORTAL_URL ?? '', {
    event: SYNC_STUCK_EVENT,
    id: `${SYNC_STUCK_EVENT}:${today}`,
    to: ['role:head'],
    params: { pending: status.pending, conflicts: status.conflicts, minutes: Math.round((status.oldestPendingAgeMs ?? 0) / 60_000) },
    href: '/sync',
  });
  return true;
}
