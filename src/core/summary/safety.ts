/**
 * 安全月报: a school's monthly safety report to the education bureau, in the bureau's layout —
 * hazards found / rectified / open (with every overdue one listed), patrols, drills held,
 * fire-equipment checks done and incidents. Assembled from the school's own tabs (隐患,
 * 巡视记录, 安全演练, 消防器材 + 登记簿检查记录, 安全事件), reviewed and published by the school, and
 * then frozen in its 安全月报 tab: that snapshot is all the district ever reads.
 *
 * Open and overdue are judged as of the month's last day (today, for the month in progress),
 * from the dates in the rows, so a past month reads the same whenever it is assembled.
 */
import { hazardStatuses, ledgers, patrolAreas } from '../../../sheets-schema/index.js';
import type { Locale } from '../../env.js';
import { pick } from '../i18n/index.js';
import type { DataProblem, Table, Text } from '../table/types.js';
import { daysBetween, monthRange, previousMonth } from '../time.js';
import { figureChange, formatFigure, monthLabel } from './format.js';
import type { Figure } from './types.js';

export const SAFETY_REPORT_VERSION = 1;
/** Tabs the safety report is assembled from. */
export const SAFETY_TABS = ['hazards', 'patrols', 'safetyDrills', 'fireEquipment', 'registerChecks', 'incidents'] as const;
/** The register whose checks count as fire-equipment checks (src/plugins/registers/ledgers.ts). */
export const FIRE_REGISTER = 'fire';
/** Rows listed per table in a report (the counts always cover all). */
const MAX_LISTED = 100;

export interface HazardCounts {
  found: number;
  rectified: number;
  /** Verified and closed (销号) this month. */
  closed: number;
  /** Still open at the month's end (or today). */
  open: number;
  /** Open past their deadline at the month's end (or today). */
  overdue: number;
}

export interface SafetyCounts {
  hazards: HazardCounts;
  patrols: number;
  drills: number;
  /** Fire-equipment items checked at least once this month, of `fireItems`. */
  fireChecked: number;
  fireItems: number;
  incidents: number;
}

export interface SafetyReport {
  version: number;
  kind: 'safety';
  /** 'YYYY-MM'. */
  month: string;
  /** School-local 'YYYY-MM-DDTHH:mm:ss' when assembled. */
  generatedAt: string;
  /** The day open and overdue were judged on. */
  asOf: string;
  hazards: HazardCounts & {
    byArea: Array<{ area: Text; found: number; rectified: number; open: number }>;
    overdueList: Array<{
      id: string;
      found: string;
      area: Text;
      room: string;
      description: string;
      owner: string;
      deadline: string;
      daysOverdue: number;
    }>;
  };
  patrols: { count: number; days: number; findings: number };
  drills: { held: number; people: number; list: Array<{ date: string; kind: Text; people: number | null; minutes: number | null }> };
  fireChecks: { items: number; checked: number; checks: number; problems: number };
  incidents: {
    count: number;
    injured: number;
    list: Array<{ at: string; kind: Text; place: string; description: string; injured: number }>;
  };
  /** Last month's counts, assembled the same way, for the change column. */
  previous: SafetyCounts;
  /** 情况说明: the school's remarks sent with the report (one per line; the publish machinery calls it `notable`). */
  notable: string[];
  /** Rows left out because a date could not be read, named by cell. */
  problems: DataProblem[];
  problemCount: number;
  publishedAt?: string;
  publishedBy?: string;
}

type SafetyTables = Partial<Record<(typeof SAFETY_TABS)[number], Table>>;

const day = (v: unknown): string | null => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null);
const inMonth = (v: unknown, month: string) => day(v)?.slice(0, 7) === month;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const label = (allowed: ReadonlyArray<{ key: string; zh: string; en: string }>, key: unknown): Text => {
  const a = allowed.find((x) => x.key === key);
  return a ? { zh: a.zh, en: a.en } : { zh: text(key) || '—', en: text(key) || '—' };
};

/** Whether a hazard is still open on `asOf`: found by then and neither rectified nor closed by then. */
function openOn(values: Record<string, unknown>, asOf: string): boolean {
  const found = day(values.foundAt);
  if (!found || found > asOf) return false;
  const rectified = day(values.rectifiedAt);
  const closed = day(values.verifiedAt);
  if ((rectified && rectified <= asOf) || (closed && closed <= asOf)) return false;
  // Marked rectified or closed in the sheet without a date: no longer open (it cannot be dated).
  if (!rectified && !closed && values.status !== hazardStatuses[0].key) return false;
  return true;
}

const asOfFor = (month: string, today: string) => (monthRange(month).last < today ? monthRange(month).last : today);

/** The counts of one month, as of its last day (or `today`). */
export function safetyCounts(tables: SafetyTables, month: string, today: string): SafetyCounts {
  const asOf = asOfFor(month, today);
  const hazards = tables.hazards?.rows ?? [];
  const open = hazards.filter((h) => openOn(h.values, asOf));
  const fireItems = new Set((tables.fireEquipment?.rows ?? []).map((r) => r.id));
  const fireChecked = new Set(
    (tables.registerChecks?.rows ?? [])
      .filter((r) => r.values.register === FIRE_REGISTER && inMonth(r.values.time, month) && fireItems.has(text(r.values.item)))
      .map((r) => text(r.values.item)),
  );
  return {
    hazards: {
      found: hazards.filter((h) => inMonth(h.values.foundAt, month)).length,
      rectified: hazards.filter((h) => inMonth(h.values.rectifiedAt, month)).length,
      closed: hazards.filter((h) => inMonth(h.values.verifiedAt, month)).length,
      open: open.length,
      overdue: open.filter((h) => (day(h.values.deadline) ?? asOf) < asOf).length,
    },
    patrols: (tables.patrols?.rows ?? []).filter((r) => inMonth(r.values.time, month)).length,
    drills: (tables.safetyDrills?.rows ?? []).filter((r) => inMonth(r.values.date, month)).length,
    fireChecked: fireChecked.size,
    fireItems: fireItems.size,
    incidents: (tables.incidents?.rows ?? []).filter((r) => inMonth(r.values.occurredAt, month)).length,
  };
}

/** Unreadable dates in the tabs the report counts by date: those rows could not be placed in any month. */
function dateProblems(tables: SafetyTables): DataProblem[] {
  return Object.values(tables).flatMap((t) =>
    (t?.problems ?? []).filter((p) => {
      const col = p.column ? t!.tab.columns.find((c) => c.key === p.column) : undefined;
      return !p.header && !!col && (col.type === 'date' || col.type === 'datetime');
    }),
  );
}

/** Assemble the month's safety report from the school's tabs (pure: tables in, report out). */
export function assembleSafetyReport(options: {
  tables: SafetyTables;
  month: string;
  today: string;
  now: string;
  notable?: string[];
}): SafetyReport {
  const { tables, month, today } = options;
  const asOf = asOfFor(month, today);
  const counts = safetyCounts(tables, month, today);
  const hazards = tables.hazards?.rows ?? [];
  const byArea = patrolAreas
    .map((a) => ({
      area: { zh: a.zh, en: a.en },
      found: hazards.filter((h) => h.values.area === a.key && inMonth(h.values.foundAt, month)).length,
      rectified: hazards.filter((h) => h.values.area === a.key && inMonth(h.values.rectifiedAt, month)).length,
      open: hazards.filter((h) => h.values.area === a.key && openOn(h.values, asOf)).length,
    }))
    .filter((a) => a.found + a.rectified + a.open > 0);
  const overdueList = hazards
    .filter((h) => openOn(h.values, asOf) && (day(h.values.deadline) ?? asOf) < asOf)
    .map((h) => {
      const deadline = day(h.values.deadline)!;
      return {
        id: h.id,
        found: day(h.values.foundAt) ?? '',
        area: label(patrolAreas, h.values.area),
        room: text(h.values.room),
        description: text(h.values.description),
        owner: text(h.values.owner),
        deadline,
        daysOverdue: daysBetween(deadline, asOf),
      };
    })
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.id.localeCompare(b.id))
    .slice(0, MAX_LISTED);
  const patrols = (tables.patrols?.rows ?? []).filter((r) => inMonth(r.values.time, month));
  const drills = (tables.safetyDrills?.rows ?? [])
    .filter((r) => inMonth(r.values.date, month))
    .sort((a, b) => text(a.values.date).localeCompare(text(b.values.date)));
  // Checks of items still in the 消防器材 register (one taken off the register has nothing to report on).
  const fireItems = new Set((tables.fireEquipment?.rows ?? []).map((r) => r.id));
  const checks = (tables.registerChecks?.rows ?? []).filter(
    (r) => r.values.register === FIRE_REGISTER && inMonth(r.values.time, month) && fireItems.has(text(r.values.item)),
  );
  const incidents = (tables.incidents?.rows ?? [])
    .filter((r) => inMonth(r.values.occurredAt, month))
    .sort((a, b) => text(a.values.occurredAt).localeCompare(text(b.values.occurredAt)));
  const problems = dateProblems(tables);
  return {
    version: SAFETY_REPORT_VERSION,
    kind: 'safety',
    month,
    generatedAt: options.now,
    asOf,
    hazards: { ...counts.hazards, byArea, overdueList },
    patrols: {
      count: patrols.length,
      days: new Set(patrols.map((p) => day(p.values.time))).size,
      findings: patrols.reduce((n, p) => n + (num(p.values.findings) ?? 0), 0),
    },
    drills: {
      held: drills.length,
      people: drills.reduce((n, d) => n + (num(d.values.people) ?? 0), 0),
      list: drills.slice(0, MAX_LISTED).map((d) => ({
        date: day(d.values.date) ?? '',
        kind: label(ledgers.drillKinds, d.values.kind),
        people: num(d.values.people),
        minutes: num(d.values.minutes),
      })),
    },
    fireChecks: {
      items: counts.fireItems,
      checked: counts.fireChecked,
      checks: checks.length,
      problems: checks.filter((c) => c.values.result === 'problem').length,
    },
    incidents: {
      count: incidents.length,
      injured: incidents.reduce((n, i) => n + (num(i.values.injured) ?? 0), 0),
      list: incidents.slice(0, MAX_LISTED).map((i) => ({
        at: text(i.values.occurredAt).slice(0, 16).replace('T', ' '),
        kind: label(ledgers.incidentKinds, i.values.kind),
        place: text(i.values.place),
        description: text(i.values.description),
        injured: num(i.values.injured) ?? 0,
      })),
    },
    previous: safetyCounts(tables, previousMonth(month), today),
    notable: options.notable ?? [],
    problems: problems.slice(0, 50),
    problemCount: problems.length,
  };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** The report's headline figures with last month beside (the district compares the same keys across schools). */
export function safetyFigures(
  report: Pick<SafetyReport, 'hazards' | 'patrols' | 'drills' | 'fireChecks' | 'incidents' | 'previous'>,
): Figure[] {
  const p = report.previous;
  return [
    {
      key: 'hazardsFound',
      label: { zh: '发现隐患', en: 'Hazards found' },
      value: report.hazards.found,
      previous: p.hazards.found,
      format: 'count',
    },
    {
      key: 'hazardsRectified',
      label: { zh: '整改隐患', en: 'Hazards rectified' },
      value: report.hazards.rectified,
      previous: p.hazards.rectified,
      format: 'count',
      better: 'higher',
    },
    {
      key: 'hazardsOpen',
      label: { zh: '月末未整改', en: 'Open at month end' },
      value: report.hazards.open,
      previous: p.hazards.open,
      format: 'count',
      better: 'lower',
    },
    {
      key: 'hazardsOverdue',
      label: { zh: '逾期未整改', en: 'Overdue' },
      value: report.hazards.overdue,
      previous: p.hazards.overdue,
      format: 'count',
      better: 'lower',
    },
    {
      key: 'patrols',
      label: { zh: '巡视次数', en: 'Patrols' },
      value: report.patrols.count,
      previous: p.patrols,
      format: 'count',
      better: 'higher',
    },
    {
      key: 'drills',
      label: { zh: '安全演练', en: 'Drills held' },
      value: report.drills.held,
      previous: p.drills,
      format: 'count',
      better: 'higher',
    },
    {
      key: 'fireCheckRate',
      label: { zh: '消防器材检查率', en: 'Fire equipment checked' },
      value: ratio(report.fireChecks.checked, report.fireChecks.items),
      previous: ratio(p.fireChecked, p.fireItems),
      format: 'percent',
      better: 'higher',
    },
    {
      key: 'incidents',
      label: { zh: '安全事件', en: 'Incidents' },
      value: report.incidents.count,
      previous: p.incidents,
      format: 'count',
      better: 'lower',
    },
  ];
}

/** The report as the templates read it, in the reader's language (a draft and a frozen snapshot alike). */
export function safetyView(report: SafetyReport, locale: Locale) {
  const tx = (t: Text) => pick(t, locale);
  return {
    month: report.month,
    monthLabel: monthLabel(report.month, locale),
    asOf: report.asOf,
    generatedAt: report.generatedAt,
    publishedAt: report.publishedAt ?? null,
    publishedBy: report.publishedBy ?? null,
    notable: report.notable,
    figures: safetyFigures(report).map((f) => {
      const change = figureChange(f, locale);
      return {
        key: f.key,
        name: tx(f.label),
        value: formatFigure(f.value, f.format, locale),
        previous: formatFigure(f.previous, f.format, locale),
        change: change.text,
        trend: change.trend,
      };
    }),
    hazards: {
      ...report.hazards,
      byArea: report.hazards.byArea.map((a) => ({ ...a, area: tx(a.area) })),
      overdueList: report.hazards.overdueList.map((h) => ({ ...h, area: tx(h.area) })),
    },
    patrols: report.patrols,
    drills: { ...report.drills, list: report.drills.list.map((d) => ({ ...d, kind: tx(d.kind) })) },
    fireChecks: { ...report.fireChecks, rate: formatFigure(ratio(report.fireChecks.checked, report.fireChecks.items), 'percent', locale) },
    incidents: { ...report.incidents, list: report.incidents.list.map((i) => ({ ...i, kind: tx(i.kind) })) },
    problems: report.problems,
    problemCount: report.problemCount,
  };
}
