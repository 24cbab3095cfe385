/**
 * What repairs tell people (src/core/notify): a new request to the head, a job to its worker,
 * a finished repair to its reporter (asking for sign-off and a 1–5 rating), an escalated one to
 * leadership, an overdue hazard
 * to its owner — and each person's own repair duties for the desk and the daily digest.
 */
import {
  schoolCalendar,
  type Alert,
  type Notice,
  type NotifyEventDef,
  type PluginContext,
  type ReminderContext,
  type RowChanges,
} from '../../core/kit.js';
import { dueDate, finished, isReporter, isWorker } from './model.js';

export const repairEvents: readonly NotifyEventDef[] = [
  {
    key: 'repairs.reported',
    label: { zh: '新报修', en: 'Repair reported' },
    to: { zh: '后勤主任', en: 'The head of logistics' },
    title: { zh: '新报修 {id}', en: 'New repair request {id}' },
    body: { zh: '{room}：{description}（报修人 {reporter}）', en: '{room}: {description} (reported by {reporter})' },
  },
  {
    key: 'repairs.assigned',
    label: { zh: '报修已派工', en: 'Repair assigned' },
    to: { zh: '维修人', en: 'The worker' },
    title: { zh: '派工：{id}', en: 'Job assigned: {id}' },
    body: { zh: '{room}：{description}。小修不隔夜，请尽快处理。', en: '{room}: {description}. Small repairs are fixed the same day.' },
  },
  {
    key: 'repairs.done',
    label: { zh: '维修完成待验收', en: 'Repair done, sign-off asked' },
    to: { zh: '报修人', en: 'The reporter' },
    title: { zh: '已修好，请验收：{id}', en: 'Repaired — please sign off: {id}' },
    body: {
      zh: '{room}：{description}，维修人 {worker}。请验收签字并为本次维修评分（1–5 分）。',
      en: '{room}: {description}, fixed by {worker}. Please sign it off and rate the repair (1–5).',
    },
  },
  {
    key: 'repairs.escalated',
    label: { zh: '报修已上报', en: 'Repair escalated' },
    to: { zh: '校领导', en: 'Leadership' },
    title: { zh: '维修无法完成，已上报：{id}', en: 'Repair escalated: {id}' },
    body: { zh: '{room}：{description}。说明：{note}', en: '{room}: {description}. Note: {note}' },
  },
  {
    key: 'repairs.atRisk',
    label: { zh: '报修今日到期未完成', en: 'Repair at risk today' },
    to: { zh: '维修人和后勤主任', en: 'The worker and the head of logistics' },
    title: { zh: '今日到期未完成：{id}', en: 'Due today, not done: {id}' },
    body: {
      zh: '{room}：{description}。今天下班前（17:30）需修好或说明原因。',
      en: '{room}: {description}. Fix it before the office closes (17:30) or say why.',
    },
  },
  {
    key: 'repairs.hazardOverdue',
    label: { zh: '隐患逾期未整改', en: 'Hazard overdue' },
    to: { zh: '整改责任人', en: 'Its owner' },
    title: { zh: '隐患逾期：{id}', en: 'Hazard overdue: {id}' },
    body: { zh: '{location}：{description}，整改期限 {deadline}。', en: '{location}: {description}, due {deadline}.' },
  },
];

/** A repair's message fields. */
export const repairParams = (id: string, v: RowChanges<'repairs'>) => ({
  id,
  room: v.room ?? '',
  description: (v.description ?? '').slice(0, 200),
  reporter: v.reporter ?? '',
  worker: v.worker ?? '',
});

/** My open jobs, hazards I must rectify, and repairs waiting for my sign-off. */
export async function repairDuties({ data, person, today }: PluginContext): Promise<Alert[]> {
  const { repairs, hazards } = await data.read(['repairs', 'hazards']);
  const duties: Alert[] = [];
  for (const r of repairs.rows) {
    if (!finished(r.values.status) && r.values.status !== 'reported' && isWorker(r.values, person)) {
      duties.push({
        level: 'warn',
        text: { zh: '维修任务 {id}：{room} {description}', en: 'Repair job {id}: {room} {description}' },
        params: repairParams(r.id, r.values),
        href: `/repairs/${r.id}`,
      });
    }
    if (r.values.status === 'done' && isReporter(r.values, person)) {
      duties.push({
        level: 'info',
        text: { zh: '待验收 {id}：{room}', en: 'Sign off {id}: {room}' },
        params: repairParams(r.id, r.values),
        href: `/repairs/${r.id}`,
      });
    }
  }
  for (const h of hazards.rows) {
    if (h.values.status === 'open' && (h.values.owner ?? '').trim() === person.name) {
      const late = typeof h.values.deadline === 'string' && h.values.deadline < today;
      duties.push({
        level: late ? 'bad' : 'info',
        text: late
          ? { zh: '逾期隐患 {id}：{description}', en: 'Overdue hazard {id}: {description}' }
          : { zh: '隐患整改 {id}：{description}', en: 'Hazard to fix {id}: {description}' },
        params: { id: h.id, description: (h.values.description ?? '').slice(0, 120) },
        href: '/repairs/hazards',
      });
    }
  }
  return duties;
}

/**
 * 小修不隔夜: at 15:30 on a school day, two hours before the office closes, each repair due today
 * and not yet done goes to its worker (when assigned) and to the head.
 */
export async function repairsAtRisk({ data, today }: ReminderContext): Promise<Notice[]> {
  const { repairs, calendar } = await data.read(['repairs', 'calendar']);
  const cal = schoolCalendar(calendar);
  return repairs.rows
    .filter((r) => !finished(r.values.status) && r.values.status !== 'escalated' && dueDate(r.values, cal) === today)
    .map((r) => ({
      event: 'repairs.atRisk',
      id: `repairs.atRisk:${r.id}:${today}`,
      to: [...(r.values.workerId ? [r.values.workerId] : r.values.worker ? [r.values.worker] : []), 'role:head'],
      params: repairParams(r.id, r.values),
      href: `/repairs/${r.id}`,
    }));
}

/** Open hazards past their deadline, to their owner, once a day. */
export async function repairReminders({ data, today }: ReminderContext): Promise<Notice[]> {
  const { hazards } = await data.read(['hazards']);
  return hazards.rows
    .filter(
      (h) =>
        h.values.status === 'open' && typeof h.values.deadline === 'string' && h.values.deadline < today && (h.values.owner ?? '').trim(),
    )
    .map((h) => ({
      event: 'repairs.hazardOverdue',
      id: `repairs.hazardOverdue:${h.id}:${today}`,
      to: [String(h.values.owner).trim()],
      params: {
        id: h.id,
        location: h.values.room ?? '',
        description: (h.values.description ?? '').slice(0, 200),
        deadline: String(h.values.deadline),
      },
      href: '/repairs/hazards',
    }));
}
