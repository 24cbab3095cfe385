/** Desk alerts: overdue and due-today care tasks — all of them for the office, one's own for everyone else. */
import { careTaskTypes } from '../../../sheets-schema/index.js';
import type { Alert, PluginContext } from '../../core/kit.js';
import { clock, today as clockToday } from './clock.js';
import { greeningMessages } from './messages.js';
import { loadState } from './state.js';
import { assignedTo, buckets, type TaskView } from './tasks.js';

export async function greeningAlerts({ data, person, today }: PluginContext): Promise<Alert[]> {
  const state = await loadState(data);
  // The desk passes today; a test that pinned this module's clock wins.
  const day = clock.pinned() ? clockToday() : today;
  const b = buckets(state, day);
  const office = person.role === 'head' || person.role === 'staff' || person.role === 'leader';
  const mine = (task: TaskView) => office || assignedTo(task, person.name);
  const overdue = b.overdue.filter(mine).length;
  const dueToday = b.today.filter(mine).length;
  const alerts: Alert[] = [];
  if (overdue > 0)
    alerts.push({ level: 'bad', text: greeningMessages['greening.alertOverdue'], params: { count: overdue }, href: '/greening' });
  if (dueToday > 0)
    alerts.push({ level: 'info', text: greeningMessages['greening.alertToday'], params: { count: dueToday }, href: '/greening' });
  return alerts;
}

/** My greening tasks due today or overdue (the desk's "mine today" and the daily digest). */
export async function greeningDuties({ data, person, today }: PluginContext): Promise<Alert[]> {
  const state = await loadState(data);
  const day = clock.pinned() ? clockToday() : today;
  const b = buckets(state, day);
  const task = (key: string) => careTaskTypes.find((t) => t.key === key) ?? { zh: key, en: key };
  return [...b.overdue, ...b.today]
    .filter((t) => assignedTo(t, person.name))
    .map((t) => ({
      level: t.overdue ? 'bad' : 'info',
      text: {
        zh: `{area}：${task(t.task).zh}${t.overdue ? '（逾期 {due}）' : ''}`,
        en: `{area}: ${task(t.task).en}${t.overdue ? ' (overdue since {due})' : ''}`,
      },
      params: { area: t.areaName, due: t.due },
      href: `/greening/checkin?${t.checkin}`,
    }));
}
