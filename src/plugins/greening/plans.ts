/**
 * Care plans and areas as typed in the sheet, checked row by row, and the write plan that
 * (re)generates a term's schedule without touching anything staff changed. Pure.
 */
import type { careTaskTypes, EnumKey } from '../../../sheets-schema/index.js';
import {
  addDays,
  parseRule,
  type Rule,
  type SchoolCalendar,
  type Table,
  type TableRow,
  type Term,
  type Text,
  type Values,
} from '../../core/kit.js';
import { eligibleDays, firstOnOrAfter, occurrences, termPeriod, type Span } from './schedule.js';

/** A message about one row of a tab, e.g. 养护计划 第5行（GP-005）. */
export interface RowIssue {
  sheet: string;
  row: number;
  id: string;
  level: 'error' | 'warn';
  message: Text;
}

export interface Area {
  id: string;
  row: number;
  name: string;
  type: string;
  location: string;
  party: string;
  partyKind: 'class' | 'person' | 'company' | null;
  values: Values;
}

export interface CarePlan {
  id: string;
  row: number;
  areas: string[];
  task: EnumKey<typeof careTaskTypes>;
  ruleText: string;
  rule: Rule;
  assignees: string[];
  active: boolean;
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());

/** Names, IDs and area lists typed with 、，, ; / or spaces. */
export function splitList(text: string): string[] {
  return text
    .split(/[、,，;；/\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Areas with their contracted party's kind: the 承包方类型 cell, else a class in the 班级 tab,
 * a person in the 人员 tab, else a company. An area with nobody contracted is named as a warning.
 */
export function readAreas(
  areas: Table,
  classNames: ReadonlySet<string> = new Set(),
  peopleNames: ReadonlySet<string> = new Set(),
): { areas: Area[]; issues: RowIssue[] } {
  const out: Area[] = [];
  const issues: RowIssue[] = [];
  for (const row of areas.rows) {
    const v = row.values;
    const party = str(v.party);
    let partyKind = (v.partyKind as Area['partyKind']) ?? null;
    if (!partyKind && party) partyKind = classNames.has(party) ? 'class' : peopleNames.has(party) ? 'person' : 'company';
    if (!party) {
      issues.push({
        sheet: areas.title,
        row: row.row,
        id: row.id,
        level: 'warn',
        message: {
          zh: `"${str(v.name)}"没有承包方：请在"承包方"填写班级、教职工或公司；未指定执行人的任务将无人负责`,
          en: `"${str(v.name)}" has no contracted party: fill in a class, a staff member or a company; its tasks without an assignee have nobody responsible`,
        },
      });
    }
    out.push({
      id: row.id,
      row: row.row,
      name: str(v.name),
      type: str(v.type),
      location: str(v.location),
      party,
      partyKind: party ? partyKind : null,
      values: v,
    });
  }
  return { areas: out, issues };
}

/** Plans with parsed rules; unreadable rules and unknown areas are named by row, the rest still used. */
export function readPlans(plans: Table, areaIds: ReadonlySet<string>): { plans: CarePlan[]; issues: RowIssue[] } {
  const out: CarePlan[] = [];
  const issues: RowIssue[] = [];
  const parsedRules = new Map<string, ReturnType<typeof parseRule>>(); // plans often share a rule's text
  for (const row of plans.rows) {
    const v = row.values;
    if (v.active === false) continue;
    const issue = (message: Text, level: RowIssue['level'] = 'error') =>
      issues.push({ sheet: plans.title, row: row.row, id: row.id, level, message });
    const ruleText = str(v.rule);
    const parsed = parsedRules.get(ruleText) ?? parseRule(ruleText);
    parsedRules.set(ruleText, parsed);
    if (!parsed.ok) {
      issue(parsed.message);
      continue;
    }
    if (!v.task) {
      issue({ zh: '"养护项目"为空或无法识别', en: 'The task is empty or not recognised' });
      continue;
    }
    const listed = splitList(str(v.areas));
    const unknown = listed.filter((id) => !areaIds.has(id));
    if (unknown.length > 0)
      issue(
        {
          zh: `区域编号 ${unknown.join('、')} 不在绿化区域表中，已跳过`,
          en: `Area ID ${unknown.join(', ')} is not in the green areas tab; skipped`,
        },
        'warn',
      );
    const known = listed.filter((id) => areaIds.has(id));
    if (known.length === 0) {
      if (unknown.length === 0) issue({ zh: '没有填写区域编号', en: 'No area ID given' });
      continue;
    }
    out.push({
      id: row.id,
      row: row.row,
      areas: known,
      task: v.task as EnumKey<typeof careTaskTypes>,
      ruleText,
      rule: parsed.rule,
      assignees: splitList(str(v.assignee)),
      active: true,
    });
  }
  return { plans: out, issues };
}

/** "养护计划 第5行（GP-005）：…" — how a row issue reads on a page. */
export function issueText(issue: RowIssue): Text {
  return {
    zh: `${issue.sheet} 第${issue.row}行（${issue.id}）：${issue.message.zh}`,
    en: `${issue.sheet} row ${issue.row} (${issue.id}): ${issue.message.en}`,
  };
}

/** Deterministic task ID: GT-<plan>-<area>-<planned date>, so the gateway never appends one twice. */
export function taskId(planId: string, areaId: string, planned: string): string {
  return `GT-${planId}-${areaId}-${planned.replaceAll('-', '')}`;
}

export interface ScheduleInput {
  term: Term;
  calendar: SchoolCalendar;
  holidays: readonly Span[];
  plans: readonly CarePlan[];
  areas: ReadonlyMap<string, Area>;
  /** The 养护日程 rows as they are now (staff edits included). */
  tasks: readonly TableRow[];
  /** Title of the plans tab, to name rows in messages. */
  sheet?: string;
}

export interface PlanOutcome {
  plan: string;
  row: number;
  rule: string;
  created: number;
  kept: number;
  /** Tasks no longer in the plan, never touched by staff: set to 已取消. */
  cancelled: number;
  /** Every school day: recorded by check-ins, not written one row a day. */
  routineDays?: number;
}

export interface SchedulePlan {
  appends: Values[];
  cancels: string[];
  outcomes: PlanOutcome[];
  issues: RowIssue[];
  info: Array<{ plan: string; message: Text }>;
}

/**
 * What to write to (re)generate a term: new tasks for planned dates that have no row yet,
 * 已取消 for untouched pending rows the plan no longer wants, and nothing else — rows that
 * are done, skipped, re-dated, reassigned or typed by hand are left exactly as they are.
 */
export function planSchedule(input: ScheduleInput): SchedulePlan {
  const { term, calendar, holidays, plans, areas, tasks } = input;
  const period = termPeriod(term, calendar, holidays);
  const result: SchedulePlan = { appends: [], cancels: [], outcomes: [], issues: [], info: [] };
  const byKey = new Map<string, TableRow>();
  for (const row of tasks) {
    const v = row.values;
    if (v.plan && v.area && v.planned) byKey.set(`${v.plan}|${v.area}|${v.planned}`, row);
  }
  for (const plan of plans) {
    const outcome: PlanOutcome = { plan: plan.id, row: plan.row, rule: plan.ruleText, created: 0, kept: 0, cancelled: 0 };
    const occ = occurrences(plan.rule, term, calendar, holidays);
    if (!occ.ok) {
      result.issues.push({ sheet: input.sheet ?? '养护计划', row: plan.row, id: plan.id, level: 'error', message: occ.message });
      continue;
    }
    if (occ.info) result.info.push({ plan: plan.id, message: occ.info });
    if (plan.rule.kind === 'daily') {
      outcome.routineDays = occ.dates.length;
      result.outcomes.push(outcome);
      continue;
    }
    for (const areaId of plan.areas) {
      const area = areas.get(areaId)!;
      const assignees = plan.assignees.length > 0 ? plan.assignees : area.party ? [area.party] : [''];
      const wanted =
        plan.rule.kind === 'after'
          ? nextAfter(plan, areaId, plan.rule.days, tasks, eligibleDays(plan.rule.scope, term, period, calendar, holidays))
          : occ.dates;
      const wantedKeys = new Set(wanted.map((o) => `${plan.id}|${areaId}|${o.date}`));
      wanted.forEach((o, i) => {
        if (byKey.has(`${plan.id}|${areaId}|${o.date}`)) {
          outcome.kept++;
          return;
        }
        outcome.created++;
        result.appends.push({
          id: taskId(plan.id, areaId, o.date),
          due: o.date,
          planned: o.date,
          area: areaId,
          areaName: area.name,
          task: plan.task,
          assignee: assignees[i % assignees.length]!,
          status: 'pending',
          note: o.note,
          plan: plan.id,
          term: term.name,
        });
      });
      if (plan.rule.kind === 'after') continue; // one at a time: nothing to cancel
      for (const row of tasks) {
        const v = row.values;
        if (v.plan !== plan.id || v.area !== areaId || typeof v.planned !== 'string') continue;
        if (v.planned < period.start || v.planned > period.end || wantedKeys.has(`${plan.id}|${areaId}|${v.planned}`)) continue;
        if ((v.status ?? 'pending') === 'pending' && v.due === v.planned && !v.doneAt) {
          result.cancels.push(row.id);
          outcome.cancelled++;
        }
      }
    }
    result.outcomes.push(outcome);
  }
  return result;
}

/** The date of the last time a plan's task was done in an area ('YYYY-MM-DD'), from the schedule. */
export function lastDone(tasks: readonly TableRow[], planId: string, areaId: string): string | null {
  let last: string | null = null;
  for (const row of tasks) {
    const v = row.values;
    if (v.plan !== planId || v.area !== areaId || v.status !== 'done') continue;
    const day = typeof v.doneAt === 'string' ? v.doneAt.slice(0, 10) : typeof v.due === 'string' ? v.due : null;
    if (day && (!last || day > last)) last = day;
  }
  return last;
}

/** "N days after the last time": the next task, unless one is still open. */
function nextAfter(
  plan: CarePlan,
  areaId: string,
  days: number,
  tasks: readonly TableRow[],
  eligible: readonly string[],
): Array<{ date: string; note: string }> {
  const open = tasks.some((r) => r.values.plan === plan.id && r.values.area === areaId && (r.values.status ?? 'pending') === 'pending');
  if (open) return [];
  const last = lastDone(tasks, plan.id, areaId);
  const date = last ? firstOnOrAfter(eligible, addDays(last, days)) : (eligible[0] ?? null);
  return date ? [{ date, note: plan.rule.note }] : [];
}

/** The follow-up of an "after" plan once a task is done on `doneOn`: the first eligible day N days later. */
export function followUpDate(rule: Rule, doneOn: string, term: Term, calendar: SchoolCalendar, holidays: readonly Span[]): string | null {
  if (rule.kind !== 'after') return null;
  const period = termPeriod(term, calendar, holidays);
  return firstOnOrAfter(eligibleDays(rule.scope, term, period, calendar, holidays), addDays(doneOn, rule.days));
}
