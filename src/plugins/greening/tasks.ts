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

/** A task due in a range as the counts need it: what it is, where, when and its state (no page fields). */
export interface DueTask {
  routine: boolean;
  due: string;
  area: string;
  areaName: string;
  task: string;
  status: TaskStatus;
  /** The 养护日程 row, or the plan of a routine day. */
  source: TableRow | CarePlan;
}

/**
 * Visit every task due from `from` to `to` (both included): 养护日程 rows in table order,
 * then each daily plan's routine days (plan, day, area). Unsorted and without the page-only
 * fields, so the summary can count a month without building its task list.
 */
export function eachTaskBetween(state: ScheduleState, from: string, to: string, visit: (task: DueTask) => void): void {
  for (const row of state.tasks) {
    const v = row.values;
    if (typeof v.due !== 'string' || v.due < from || v.due > to) continue;
    const area = state.areas.get(String(v.area ?? ''));
    visit({
      routine: false,
      due: v.due,
      area: String(v.area ?? ''),
      areaName: String(v.areaName || area?.name || v.area || ''),
      task: String(v.task ?? ''),
      status: statusOf(v.status),
      source: row,
    });
  }
  const done = routineOutcomes(state.checkins);
  // The routine days of each scope, found once for the range rather than per plan.
  const days = new Map<CarePlan['rule']['scope'], string[]>();
  for (const plan of state.plans) {
    if (plan.rule.kind !== 'daily') continue;
    let planDays = days.get(plan.rule.scope);
    if (!planDays) {
      planDays = [];
      for (let d = from; d <= to; d = addDays(d, 1)) if (routineDay(plan, d, state)) planDays.push(d);
      days.set(plan.rule.scope, planDays);
    }
    for (const d of planDays)
      for (const areaId of plan.areas)
        visit({
          routine: true,
          due: d,
          area: areaId,
          areaName: state.areas.get(areaId)?.name ?? areaId,
          task: plan.task,
          status: done.get(`${plan.id}|${areaId}|${d}`) ?? 'pending',
          source: plan,
        });
  }
}

/** Every task due from `from` to `to` (both included), sorted by date then area. */
export function tasksBetween(state: ScheduleState, from: string, to: string, today: string): TaskView[] {
  const out: TaskView[] = [];
  eachTaskBetween(state, from, to, (t) => {
    const area = state.areas.get(t.area);
    if (!t.routine) {
      const row = t.source as TableRow;
      const v = row.values;
      out.push({
        id: row.id,
        routine: false,
        due: t.due,
        area: t.area,
        areaName: t.areaName,
        location: area?.location ?? '',
        task: t.task,
        assignee: String(v.assignee ?? ''),
        status: t.status,
        note: String(v.note ?? ''),
        plan: String(v.plan ?? ''),
        overdue: t.status === 'pending' && t.due < today,
        checkin: `task=${encodeURIComponent(row.id)}`,
      });
      return;
    }
    const plan = t.source as CarePlan;
    out.push({
      id: '',
      routine: true,
      due: t.due,
      area: t.area,
      areaName: t.areaName,
      location: area?.location ?? '',
      task: t.task,
      assignee: plan.assignees.join('、') || area?.party || '',
      status: t.status,
      note: plan.rule.note,
      plan: plan.id,
      overdue: false,
      checkin: `plan=${encodeURIComponent(plan.id)}&area=${encodeURIComponent(t.area)}&date=${t.due}`,
    });
  });
  return out.sort(byDueAreaTask);
}

/** The schedule's order: date, then area, then task (stable: equal tasks keep the order found). */
export const byDueAreaTask = (a: Pick<DueTask, 'due' | 'area' | 'task'>, b: Pick<DueTask, 'due' | 'area' | 'task'>): number =>
  a.due.localeCompare(b.due) || a.area.localeCompare(b.area) || a.task.localeCompare(b.task);

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
