/**
 * What a register's rows mean today: each row's check state and expiry, the register's own
 * expected entries, and the desk alerts and monthly figures that follow. Pure over tables.
 */
import type { SchoolCalendar } from '../calendar.js';
import { parseRule, type Rule } from '../rules.js';
import { columnLetter } from '../sheets/a1.js';
import type { DataProblem, Table, TableRow, Text, Value } from '../table/types.js';
import { daysBetween, localDateTime } from '../time.js';
import { dueStatus, missedDays, wantedInMonth, type DueStatus } from './schedule.js';
import type { RegisterDef } from './types.js';

export type ExpiryState = 'ok' | 'soon' | 'expired' | 'done';

export interface RowState {
  row: TableRow;
  check: (DueStatus & { rule: Rule }) | null;
  expiry: { state: ExpiryState; date: string } | null;
  flagged: boolean;
}

export interface RegisterState {
  rows: RowState[];
  /** Check dates per row ID ('YYYY-MM-DD'), from 登记簿检查记录. */
  checksByItem: Map<string, TableRow[]>;
  /** The register's own expected entries: per value (or '' for all), missed school days and today's state. */
  expected: Array<{ value: string; label: string; status: DueStatus; missed: string[] }>;
  problems: DataProblem[];
}

/** The day part of a date or date-time value, or null. */
export const dayOf = (v: Value | undefined): string | null =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null;

function colLetter(table: Table, key: string): string {
  const i = table.header.index[key];
  return i === undefined ? 'A' : columnLetter(i);
}

/** A register-wide rule (sheet-declared rules are checked when the 登记簿 row is read; a bad code rule is a bug). */
export function registerRule(def: RegisterDef, text: string | undefined): Rule | null {
  if (!text) return null;
  const parsed = parseRule(text);
  if (!parsed.ok) throw new Error(`register ${def.id}: ${parsed.message.en}`);
  return parsed.rule;
}

export function registerState(
  def: RegisterDef,
  table: Table,
  checks: Table | undefined,
  cal: SchoolCalendar,
  now: Date | number = Date.now(),
): RegisterState {
  const today = localDateTime(now).slice(0, 10);
  const nowText = localDateTime(now);
  const problems: DataProblem[] = [];
  const checksByItem = new Map<string, TableRow[]>();
  for (const r of checks?.rows ?? []) {
    if (r.values.register !== def.id) continue;
    const item = String(r.values.item ?? '');
    const list = checksByItem.get(item);
    if (list) list.push(r);
    else checksByItem.set(item, [r]);
  }
  const base = registerRule(def, def.checks?.rule);
  const ruleCache = new Map<string, ReturnType<typeof parseRule>>();
  const rows = table.rows.map((row): RowState => {
    let check: RowState['check'] = null;
    const dates = (checksByItem.get(row.id) ?? []).map((r) => dayOf(r.values.time)).filter((d): d is string => !!d);
    if (def.checks?.dueColumn) {
      const due = dayOf(row.values[def.checks.dueColumn]);
      if (due) {
        const done = dates.length > 0;
        const state = done ? 'ok' : due < today ? 'overdue' : due === today ? 'due' : 'ok';
        check = { state, dueBy: due, last: dates.sort().at(-1) ?? null, rule: { kind: 'after', days: 0, scope: 'school', note: '' } };
      }
    } else if (def.checks) {
      const own = def.checks.ruleColumn ? String(row.values[def.checks.ruleColumn] ?? '').trim() : '';
      let rule = base;
      if (own) {
        const parsed = ruleCache.get(own) ?? parseRule(own);
        ruleCache.set(own, parsed);
        if (parsed.ok) rule = parsed.rule;
        else
          problems.push({
            sheet: table.title,
            cell: `${colLetter(table, def.checks.ruleColumn!)}${row.row}`,
            value: own,
            column: def.checks.ruleColumn,
            rowId: row.id,
            expected: parsed.message,
          });
      }
      if (rule) check = { ...dueStatus(rule, dates, today, cal), rule };
    }
    let expiry: RowState['expiry'] = null;
    if (def.expiry) {
      const v = row.values[def.expiry.column];
      const date = typeof v === 'string' ? v : null;
      if (date) {
        const isTime = date.length > 10;
        const past = isTime ? date < nowText : date < today;
        const soon = def.expiry.soonDays ?? 30;
        const state: ExpiryState =
          def.expiry.doneColumn && row.values[def.expiry.doneColumn]
            ? 'done'
            : past
              ? 'expired'
              : daysBetween(today, date.slice(0, 10)) <= soon && soon > 0
                ? 'soon'
                : 'ok';
        expiry = { state, date };
      }
    }
    const flagged = def.flag ? row.values[def.flag.column] === true : false;
    return { row, check, expiry, flagged };
  });
  const expected: RegisterState['expected'] = [];
  const expectRule = registerRule(def, def.expect?.rule);
  if (expectRule && def.dateColumn) {
    const col = def.tab.columns.find((c) => c.key === def.expect!.per?.column);
    const values = def.expect!.per?.values ?? [''];
    for (const value of values) {
      const dates = table.rows
        .filter((r) => !value || r.values[def.expect!.per!.column] === value)
        .map((r) => dayOf(r.values[def.dateColumn!]))
        .filter((d): d is string => !!d);
      const label = col?.allowed?.find((a) => a.key === value)?.zh ?? value;
      expected.push({ value, label, status: dueStatus(expectRule, dates, today, cal), missed: missedDays(expectRule, dates, today, cal) });
    }
  }
  return { rows, checksByItem, expected, problems };
}

/** Counts for the desk and the register's page. */
export function stateCounts(state: RegisterState) {
  const c = { overdue: 0, due: 0, expired: 0, soon: 0, flagged: 0, missed: 0 };
  for (const r of state.rows) {
    if (r.check?.state === 'overdue') c.overdue++;
    if (r.check?.state === 'due') c.due++;
    if (r.expiry?.state === 'expired') c.expired++;
    if (r.expiry?.state === 'soon') c.soon++;
    if (r.flagged) c.flagged++;
  }
  for (const e of state.expected) c.missed += e.missed.length + (e.status.state === 'overdue' && e.missed.length === 0 ? 1 : 0);
  return c;
}

/** Checks wanted vs done in a month over all rows (the summary's "checks done vs due"). */
export function checksInMonth(
  def: RegisterDef,
  state: RegisterState,
  month: string,
  today: string,
  cal: SchoolCalendar,
): { wanted: number; done: number } {
  let wanted = 0;
  let done = 0;
  for (const r of state.rows) {
    if (!r.check) continue;
    const dates = (state.checksByItem.get(r.row.id) ?? []).map((c) => dayOf(c.values.time)).filter((d): d is string => !!d);
    if (def.checks?.dueColumn) {
      const due = r.check.dueBy;
      if (due && due.startsWith(month) && due <= today) {
        wanted++;
        if (dates.length) done++;
      }
      continue;
    }
    const w = wantedInMonth(r.check.rule, dates, month, today, cal);
    wanted += w.wanted;
    done += w.done;
  }
  return { wanted, done };
}

export const stateText: Record<'overdue' | 'due' | 'ok' | 'expired' | 'soon' | 'done', Text> = {
  overdue: { zh: '逾期', en: 'Overdue' },
  due: { zh: '待检查', en: 'Due' },
  ok: { zh: '正常', en: 'OK' },
  expired: { zh: '已过期', en: 'Expired' },
  soon: { zh: '即将到期', en: 'Expires soon' },
  done: { zh: '已处置', en: 'Done' },
};
