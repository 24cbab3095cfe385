/**
 * The schedule as people see it: rows of 养护日程 plus the day-by-day routine of
 * "every school day" plans (not written one row a day; check-ins record each day),
 * with their state and what is due today, this week and overdue. Pure.
 */
import { addDays, weekday, type SchoolCalendar, type TableRow } from '../../core/kit.js';
import type { Area, CarePlan } from './plans.js';
import type { Span } from './schedule.js';

export type TaskStatus = 'pending' | 'done' | 'skipped' | 'cancelled';

export interface TaskView {
  /** The 养护日程 row ID, or '' for a routine day. */
  id: string;
  routine: boolean;
  due: string;
  area: string;
  areaName: string;
  location: string;
  task: string;
  assignee: string;
  status: TaskStatus;
  note: string;
  plan: string;
  overdue: boolean;
  /** Query string of its check-in page. */
  checkin: string;
}

export interface ScheduleState {
  tasks: readonly TableRow[];
  checkins: readonly TableRow[];
  plans: readonly CarePlan[];
  areas: ReadonlyMap<string, Area>;
  calendar: SchoolCalendar;
  holidays: readonly Span[];
}

const statusOf = (v: unknown): TaskStatus => (v === 'done' || v === 'skipped' || v === 'cancelled' ? v : 'pending');

/** Latest done/skipped check-in per routine day: plan|area|date → outcome. */
function routineOutcomes(checkins: readonly TableRow[]): Map<string, TaskStatus> {
  const out = new Map<string, TaskStatus>();
  for (const row of checkins) {
    const v = row.values;
    if (v.task || !v.plan || !v.area || !v.date) continue;
    if (v.outcome === 'done' || v.outcome === 'skipped') out.set(`${v.plan}|${v.area}|${v.date}`, v.outcome);
  }
  return out;
}

/** Every task due from `from` to `to` (both included), sorted by date then area. */
export function tasksBetween(state: ScheduleState, from: string, to: string, today: string): TaskView[] {
  const out: TaskView[] = [];
  for (const row of state.tasks) {
    const v = row.values;
    if (typeof v.due !== 'string' || v.due < from || v.due > to) continue;
    const status = statusOf(v.status);
    const area = state.areas.get(String(v.area ?? ''));
    out.push({
      id: row.id,
      routine: false,
      due: v.due,
      area: String(v.area ?? ''),
      areaName: String(v.areaName || area?.name || v.area || ''),
      location: area?.location ?? '',
      task: String(v.task ?? ''),
      assignee: String(v.assignee ?? ''),
      status,
      note: String(v.note ?? ''),
      plan: String(v.plan ?? ''),
      overdue: status === 'pending' && v.due < today,
      checkin: `task=${encodeURIComponent(row.id)}`,
    });
  }
  const done = routineOutcomes(state.checkins);
  for (const plan of state.plans) {
    if (plan.rule.kind !== 'daily') continue;
    for (let d = from; d <= to; d = addDays(d, 1)) {
      if (!routineDay(plan, d, state)) continue;
      plan.areas.forEach((areaId) => {
        const area = state.areas.get(areaId);
        out.push({
          id: '',
          routine: true,
          due: d,
          area: areaId,
          areaName: area?.name ?? areaId,
          location: area?.location ?? '',
          task: plan.task,
          assignee: plan.assignees.join('、') || area?.party || '',
          status: done.get(`${plan.id}|${areaId}|${d}`) ?? 'pending',
          note: plan.rule.note,
          plan: plan.id,
          overdue: false,
          checkin: `plan=${encodeURIComponent(plan.id)}&area=${encodeURIComponent(areaId)}&date=${d}`,
        });
      });
    }
  }
  return out.sort((a, b) => a.due.localeCompare(b.due) || a.area.localeCompare(b.area) || a.task.localeCompare(b.task));
}

function routineDay(plan: CarePlan, date: string, state: ScheduleState): boolean {
  if (plan.rule.scope === 'school') return state.calendar.isSchoolDay(date);
  return !state.calendar.isSchoolDay(date) && state.holidays.some((h) => date >= h.start && date <= h.end);
}

/** Open tasks due before today (routine days are not carried over: a missed day is missed). */
export function overdueTasks(state: ScheduleState, today: string): TaskView[] {
  const out: TaskView[] = [];
  let earliest = today;
  for (const row of state.tasks) if (typeof row.values.due === 'string' && row.values.due < earliest) earliest = row.values.due;
  for (const t of tasksBetween({ ...state, plans: [] }, earliest, addDays(today, -1), today)) if (t.overdue) out.push(t);
  return out;
}

/** Monday–Sunday of the week containing `date`. */
export function weekOf(date: string): { start: string; end: string } {
  const start = addDays(date, 1 - weekday(date));
  return { start, end: addDays(start, 6) };
}

export interface Buckets {
  today: TaskView[];
  week: TaskView[];
  overdue: TaskView[];
}

/** Due today (open), the rest of this week (open), and overdue. */
export function buckets(state: ScheduleState, today: string): Buckets {
  const { end } = weekOf(today);
  const open = tasksBetween(state, today, end, today).filter((t) => t.status === 'pending');
  return { today: open.filter((t) => t.due === today), week: open.filter((t) => t.due > today), overdue: overdueTasks(state, today) };
}

/** Does this task concern `name` (its assignee list names them)? */
export function assignedTo(task: TaskView, name: string): boolean {
  return task.assignee.split(/[、,，;；/\s]+/).includes(name);
}
