/**
 * The greening section of the monthly summary: tasks due vs done, overdue (or missed
 * routine days) at the month's end, problems found, by area — with last month beside.
 */
import { glossary, monthRange, previousMonth, type SummaryContext, type SummarySection, type TableRow } from '../../core/kit.js';
import { careTaskTypes } from '../../../sheets-schema/index.js';
import { today as clockToday } from './clock.js';
import { loadState, type GreeningState } from './state.js';
import { byDueAreaTask, eachTaskBetween, type DueTask } from './tasks.js';

export interface MonthFigures {
  due: number;
  done: number;
  skipped: number;
  /** Due in the month and not done by its last day (or by today, for the current month). */
  overdue: number;
  problems: number;
  byArea: Map<string, { name: string; due: number; done: number; overdue: number }>;
  byTask: Map<string, { due: number; done: number }>;
}

/** Count one month. `today` bounds the current month: tasks due later are not late yet. */
export function monthFigures(state: GreeningState, month: string, today: string): MonthFigures {
  const { first, last } = monthRange(month);
  const cutoff = today <= last ? today : null; // current month: only days before today can be late
  const figures: MonthFigures = { due: 0, done: 0, skipped: 0, overdue: 0, problems: 0, byArea: new Map(), byTask: new Map() };
  if (first > today) return figures;
  const doneAt = new Map(state.tasks.map((r) => [r.id, typeof r.values.doneAt === 'string' ? r.values.doneAt.slice(0, 10) : null]));
  const lateBy = cutoff ?? last;
  // Each area is named as its first task in the schedule's order names it (as the task list would).
  const namedBy = new Map<string, DueTask>();
  eachTaskBetween(state, first, last, (task) => {
    if (task.status === 'cancelled') return;
    const area = figures.byArea.get(task.area) ?? { name: task.areaName, due: 0, done: 0, overdue: 0 };
    const kind = figures.byTask.get(task.task) ?? { due: 0, done: 0 };
    const namer = namedBy.get(task.area);
    if (!namer || byDueAreaTask(task, namer) < 0) namedBy.set(task.area, task), (area.name = task.areaName);
    figures.byArea.set(task.area, area);
    figures.byTask.set(task.task, kind);
    figures.due++, area.due++, kind.due++;
    if (task.status === 'done') figures.done++, area.done++, kind.done++;
    if (task.status === 'skipped') figures.skipped++;
    const doneDay = task.routine ? null : doneAt.get((task.source as TableRow).id);
    const late = cutoff
      ? task.due < cutoff && task.status === 'pending'
      : task.status === 'pending' || (task.status === 'done' && doneDay !== null && doneDay !== undefined && doneDay > lateBy);
    if (late) figures.overdue++, area.overdue++;
  });
  for (const row of state.checkins) {
    const at = row.values.at;
    if (row.values.outcome === 'problem' && typeof at === 'string' && at.slice(0, 10) >= first && at.slice(0, 10) <= last)
      figures.problems++;
  }
  return figures;
}

/** Completion as a fraction (the summary contract's percent: 0.846 → 84.6%). */
const rate = (f: MonthFigures) => (f.due === 0 ? null : Math.round((f.done / f.due) * 1000) / 1000);

/** The section itself, from figures of this month and last (pure). */
export function greeningSection(state: GreeningState, month: string, today: string): SummarySection {
  const now = monthFigures(state, month, today);
  const prev = monthFigures(state, previousMonth(month), today);
  const areaIds = [...new Set([...now.byArea.keys(), ...prev.byArea.keys()])].sort();
  const taskLabel = (key: string) => careTaskTypes.find((t) => t.key === key) ?? { zh: key, en: key };
  const taskKeys = careTaskTypes.map((t) => t.key).filter((k) => now.byTask.has(k));
  return {
    id: 'greening',
    title: glossary['term.greening'],
    figures: [
      { key: 'due', label: { zh: '应做任务', en: 'Tasks due' }, value: now.due, previous: prev.due, format: 'count' },
      { key: 'done', label: { zh: '已完成', en: 'Done' }, value: now.done, previous: prev.done, format: 'count', better: 'higher' },
      {
        key: 'rate',
        label: { zh: '完成率', en: 'Completion' },
        value: rate(now),
        previous: rate(prev),
        format: 'percent',
        better: 'higher',
      },
      {
        key: 'overdue',
        label: { zh: '逾期或漏做', en: 'Overdue or missed' },
        value: now.overdue,
        previous: prev.overdue,
        format: 'count',
        better: 'lower',
      },
      {
        key: 'skipped',
        label: { zh: '跳过（下雨等）', en: 'Skipped (rain etc.)' },
        value: now.skipped,
        previous: prev.skipped,
        format: 'count',
      },
      {
        key: 'problems',
        label: { zh: '发现问题', en: 'Problems found' },
        value: now.problems,
        previous: prev.problems,
        format: 'count',
        better: 'lower',
      },
    ],
    charts: taskKeys.length
      ? [
          {
            kind: 'bars',
            title: { zh: '按养护项目：应做与完成', en: 'By task: due and done' },
            categories: taskKeys.map(taskLabel),
            series: [
              { label: { zh: '应做', en: 'Due' }, values: taskKeys.map((k) => now.byTask.get(k)!.due) },
              { label: { zh: '完成', en: 'Done' }, values: taskKeys.map((k) => now.byTask.get(k)!.done) },
            ],
          },
        ]
      : [],
    tables: [
      {
        title: { zh: '按区域', en: 'By area' },
        columns: [
          { zh: '区域', en: 'Area' },
          { zh: '应做', en: 'Due' },
          { zh: '完成', en: 'Done' },
          { zh: '逾期或漏做', en: 'Overdue or missed' },
          { zh: '上月应做', en: 'Due last month' },
          { zh: '上月完成', en: 'Done last month' },
        ],
        rows: areaIds.map((id) => {
          const a = now.byArea.get(id);
          const p = prev.byArea.get(id);
          return [a?.name ?? p?.name ?? id, a?.due ?? 0, a?.done ?? 0, a?.overdue ?? 0, p?.due ?? 0, p?.done ?? 0];
        }),
      },
    ],
    notable: taskKeys
      .map((k) => ({ key: k, done: now.byTask.get(k)!.done }))
      .filter((x) => x.done > 0)
      .map((x) => ({ text: { zh: `${taskLabel(x.key).zh} ${x.done} 次`, en: `${taskLabel(x.key).en} × ${x.done}` }, weight: x.done })),
    problems: [...state.tables.careTasks.problems, ...state.tables.careCheckins.problems],
  };
}

/** The plugin's `summary` hook. */
export async function greeningSummary(ctx: SummaryContext): Promise<SummarySection> {
  const state = await loadState(ctx.data);
  return greeningSection({ ...state, calendar: ctx.calendar }, ctx.month, clockToday());
}
