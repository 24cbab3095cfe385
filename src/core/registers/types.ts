/**
 * A register (登记簿 / 台帐) is one declaration: a tab plus what the engine should do with it.
 * Code declares the ones we ship (src/plugins/registers/), a school adds its own as a row of
 * the 登记簿 tab (sheet.ts builds the same shape from it); one engine makes the pages.
 *
 * @example
 * defineRegister({ id: 'visitors', tab: ledgers.visitors, name: { zh: '来访登记', en: 'Visitor log' },
 *   add: ['head', 'staff'], view: ['head', 'staff', 'leader'], dateColumn: 'arrivedAt',
 *   fields: { arrivedAt: { auto: 'now' }, host: { ref: 'person' }, leftAt: { later: true } } })
 */
import type { TabDef, TabKey } from '../../../sheets-schema/index.js';
import type { Role } from '../../env.js';
import type { Table, TableRow, Text, Values } from '../table/types.js';

/** Columns whose values come from another tab: stored as what staff read (a name, a tag, a zone's ID). */
export type RefKind = 'person' | 'room' | 'class' | 'asset' | 'zone';

export interface FieldOptions {
  /** A choice from 人员 / 场所 / 班级 / 资产 / 卫生责任区 (checked on the server). */
  ref?: RefKind;
  /** Copied from the row a `ref` field chose (a zone's name beside its ID), never typed. */
  lookup?: { ref: string; column: string };
  /** A photo upload kept in R2; the cell holds its key. */
  photo?: boolean;
  /** Filled in by the portal when a row is added (shown, not typed): now, today, the signed-in person. */
  auto?: 'now' | 'today' | 'me';
  /** Not on the add form; filled in later on the edit form (a visitor's leaving time). */
  later?: boolean;
  /** Worked out by the declaration's `derive`; never typed. */
  computed?: boolean;
}

/** Recurring checks of each row (an extinguisher's monthly check), recorded in 登记簿检查记录. */
export interface RowChecks {
  /** One rule for every row, in the school's words (每月一次, 每学期2次, 每个上课日 …). */
  rule?: string;
  /** A column holding each row's own rule (overrides `rule` where filled). */
  ruleColumn?: string;
  /** A date column: each row is checked once, on that day (an on-duty check-in). */
  dueColumn?: string;
}

/** Entries the register itself should get (drills per term; a sample per meal per school day). */
export interface ExpectedEntries {
  rule: string;
  /** One entry per value of this choice column (e.g. breakfast and lunch). */
  per?: { column: string; values: readonly string[] };
}

export interface Expiry {
  /** A date or date-time column. */
  column: string;
  /** "Expires soon" this many days before (default 30; 0 = only when past). */
  soonDays?: number;
  /** A row with this column filled is done with (a disposed food sample): no alert. */
  doneColumn?: string;
  /** What the alerts say, e.g. 留样超时未处置 rather than 已过期. */
  expiredText?: Text;
}

export interface RegisterDef {
  /** URL segment and stable name: letters, digits and dashes. */
  id: string;
  tab: TabDef;
  /** Where the gateway reads it: a schema tab, or a tab declared in the 登记簿 (sheet:ID). */
  tabKey: TabKey | `sheet:${string}`;
  name: Text;
  help?: Text;
  /** Deny by default: only these roles may add (and edit) rows, or view them. */
  add: readonly Role[];
  view: readonly Role[];
  fields?: Readonly<Record<string, FieldOptions>>;
  /** Columns shown in the list (default: the first seven after the ID). */
  listColumns?: readonly string[];
  /** When an entry happened (month summary, printable ledger, newest first). */
  dateColumn?: string;
  /** QR codes per row (the ID column: opens the row's check) or per value of a column (opens the form with it filled in). */
  qrColumn?: string;
  checks?: RowChecks;
  expect?: ExpectedEntries;
  expiry?: Expiry;
  /** The choice column the monthly summary counts by. */
  groupBy?: string;
  /** A yes/no column that raises a desk alert when yes (a meter reading's unusual jump). */
  flag?: { column: string; text: Text };
  /**
   * Figures of the monthly summary summed from a number column over the month's rows (those with
   * `where`'s choice only): electricity and water used, from the meter readings. The district
   * compares schools by them.
   */
  monthTotals?: ReadonlyArray<{
    key: string;
    column: string;
    where?: { column: string; value: string };
    label: Text;
    better?: 'higher' | 'lower';
  }>;
  /** A number column totalled per week on the list and in the summary (print slips' sheets). */
  weeklyTotal?: string;
  /** Computed columns of a new or edited row, from the row and the register's other rows. */
  derive?: (values: Values, rows: readonly TableRow[]) => Values;
  /**
   * Rows the portal writes for the head in one tap (the holiday duty roster from the 校历).
   * `key` names a row's slot (a date and shift), so tapping again adds only what is missing.
   */
  generate?: { label: Text; rows: (ctx: GenerateContext) => Values[]; key: (values: Values) => string };
  /** The 登记簿 row of a register declared in the sheet. */
  declaredAt?: { sheet: string; row: number };
}

/** What a register's generator may read: the 校历, 人员, the register's own rows, today (school time). */
export interface GenerateContext {
  calendar: Table;
  people: Table;
  rows: readonly TableRow[];
  today: string;
}

/** Checks the shape of a code declaration once, at startup (a typo is a crash in tests, not a broken page). */
export function defineRegister<const R extends RegisterDef>(register: R): R {
  const keys = new Set(register.tab.columns.map((c) => c.key));
  const named = [
    ...Object.keys(register.fields ?? {}),
    ...Object.values(register.fields ?? {}).map((f) => f.lookup?.ref),
    ...(register.listColumns ?? []),
    register.dateColumn,
    register.qrColumn,
    register.checks?.ruleColumn,
    register.checks?.dueColumn,
    register.expect?.per?.column,
    register.expiry?.column,
    register.expiry?.doneColumn,
    register.groupBy,
    register.flag?.column,
    register.weeklyTotal,
    ...(register.monthTotals ?? []).flatMap((t) => [t.column, t.where?.column]),
  ].filter((k): k is string => !!k);
  for (const k of named) if (!keys.has(k)) throw new Error(`register ${register.id}: no column ${k} in ${register.tab.key}`);
  for (const [k, f] of Object.entries(register.fields ?? {}))
    if (f.lookup && !register.fields?.[f.lookup.ref]?.ref)
      throw new Error(`register ${register.id}: ${k} looks up ${f.lookup.ref}, which is not a ref`);
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/i.test(register.id))
    throw new Error(`register ${register.id}: the ID must be letters, digits and dashes`);
  return register;
}
