/**
 * Register checks that are overdue or expired (src/core/notify): reminded once a day to whoever
 * is responsible — the row's 责任人 when the register has that column, else the head of logistics
 * (a register kept by a whole role names nobody in particular) — and the rows naming a person as
 * that person's duties on the desk and in the digest.
 */
import type { Alert, PluginContext, ReminderContext } from '../plugin.js';
import { schoolCalendar } from '../calendar.js';
import { daysBetween } from '../time.js';
import type { SchoolData } from '../data/types.js';
import type { Notice, NotifyEventDef } from '../notify/types.js';
import { registerState, type RowState } from './model.js';
import { readRegister, registersFor } from './source.js';
import type { RegisterDef } from './types.js';

export const registerEvents: readonly NotifyEventDef[] = [
  {
    key: 'registers.checkOverdue',
    label: { zh: '登记簿检查逾期', en: 'Register check overdue' },
    to: { zh: '责任人（未填写时为后勤主任）', en: 'The person responsible (the head of logistics when none is named)' },
    title: {
      zh: '{register}：{count} 项检查逾期、已过期或即将到期',
      en: '{register}: {count} {count|item|items} overdue, expired or expiring',
    },
    body: { zh: '{items}', en: '{items}' },
  },
];

const attention = (r: RowState) => r.check?.state === 'overdue' || r.check?.state === 'due' || r.expiry?.state === 'expired';
const late = (r: RowState) => r.check?.state === 'overdue' || r.expiry?.state === 'expired';
/** Expiring: told on the day it enters its reminder window and a week before it expires, not every day in between. */
const expiring = (r: RowState, def: RegisterDef, today: string) =>
  r.expiry?.state === 'soon' && [def.expiry?.soonDays ?? 30, 7].includes(daysBetween(today, r.expiry.date.slice(0, 10)));
const label = (r: RowState) => `${r.row.id} ${String(r.row.values.room ?? r.row.values.name ?? '')}`.trim();
const responsibleOf = (r: RowState) => String(r.row.values.responsible ?? '').trim();

async function states(data: SchoolData, code: readonly RegisterDef[], today: string) {
  const { registers } = await registersFor(data, code);
  const { registerChecks, calendar } = await data.read(['registerChecks', 'calendar']);
  const cal = schoolCalendar(calendar);
  const now = Date.parse(`${today}T12:00:00+08:00`);
  return Promise.all(
    registers
      .filter((d) => d.checks || d.expiry)
      .map(async (def) => ({ def, rows: registerState(def, await readRegister(data, def), registerChecks, cal, now).rows })),
  );
}

export async function registerReminders(code: readonly RegisterDef[], { data, today }: ReminderContext): Promise<Notice[]> {
  const notices: Notice[] = [];
  for (const { def, rows } of await states(data, code, today)) {
    const byWho = new Map<string, RowState[]>();
    for (const r of rows.filter((x) => late(x) || expiring(x, def, today))) {
      const who = responsibleOf(r) || 'role:head';
      byWho.set(who, [...(byWho.get(who) ?? []), r]);
    }
    for (const [who, items] of byWho) {
      notices.push({
        event: 'registers.checkOverdue',
        id: `registers.checkOverdue:${def.id}:${who}:${today}`,
        to: [who],
        params: {
          register: def.name,
          count: items.length,
          items: items
            .slice(0, 20)
            .map((r) => `- ${label(r)}`)
            .join('\n'),
        },
        href: `/registers/${def.id}?state=attention`,
      });
    }
  }
  return notices;
}

/** Checks due or overdue on rows that name me as 责任人 (a register kept by a whole role stays on the head's alerts). */
export async function registerDuties(code: readonly RegisterDef[], { data, person, today }: PluginContext): Promise<Alert[]> {
  const duties: Alert[] = [];
  for (const { def, rows } of await states(data, code, today)) {
    const mine = rows.filter(attention).filter((r) => responsibleOf(r) === person.name);
    if (mine.length)
      duties.push({
        level: mine.some(late) ? 'bad' : 'info',
        text: { zh: `${def.name.zh}：{count} 项待检查`, en: `${def.name.en}: {count} {count|check|checks} to do` },
        params: { count: mine.length },
        href: `/registers/${def.id}?state=attention`,
      });
  }
  return duties;
}
