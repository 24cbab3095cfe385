/**
 * The Cron Trigger (wrangler.toml: `0 1 1 * *`, 09:00 school time on the 1st) drafts last
 * month's report for every school of the deployment: the 月报 row with the notable list
 * pre-filled, so the head of logistics finds it waiting. A month that already has a row
 * (drafted by hand, or published) is left alone; running twice records nothing new.
 */
import { composeReport, localDate, localDateTime, previousMonth, schoolData, writesAs, type Env, type Plugin } from '../../core/kit.js';
import { createDraft, readIndex } from './store.js';

/** Who the audit log names for the scheduled draft. */
export const CRON_ACTOR = { id: 'SYSTEM', name: '定时任务' };

/** Every spreadsheet this deployment serves (SPREADSHEET_ID and SCHOOLS). */
export function spreadsheetIds(env: Pick<Env, 'SPREADSHEET_ID' | 'SCHOOLS'>): string[] {
  const ids = new Set<string>();
  if (env.SPREADSHEET_ID) ids.add(env.SPREADSHEET_ID);
  if (env.SCHOOLS) {
    try {
      for (const entry of Object.values(JSON.parse(env.SCHOOLS) as Record<string, { spreadsheetId?: string }>))
        if (entry?.spreadsheetId) ids.add(entry.spreadsheetId);
    } catch (err) {
      console.error('summary cron: SCHOOLS is not valid JSON', err);
    }
  }
  return [...ids];
}

/** Draft the month before `now` (school time) wherever it has no report row yet. Returns what it did per spreadsheet. */
export async function draftLastMonth(
  env: Env,
  plugins: readonly Plugin[],
  now: number = Date.now(),
): Promise<Record<string, 'drafted' | 'exists' | 'failed'>> {
  const month = previousMonth(localDate(now).slice(0, 7));
  const out: Record<string, 'drafted' | 'exists' | 'failed'> = {};
  for (const id of spreadsheetIds(env)) {
    try {
      const data = schoolData(env, id);
      const index = await readIndex(data);
      if (index.reports.has(month)) {
        out[id] = 'exists';
        continue;
      }
      const report = await composeReport({ plugins, data, month, now: localDateTime(now) });
      await createDraft(writesAs(data, CRON_ACTOR), month, report.notable, localDateTime(now));
      out[id] = 'drafted';
    } catch (err) {
      // One school's failure must not stop the others; the head can still draft by hand.
      console.error(`summary cron: drafting ${month} failed for ${id}`, err);
      out[id] = 'failed';
    }
  }
  return out;
}
