/**
 * The cleaning section of the monthly summary (月度总结): check-in completion by zone,
 * disinfection, inspection scores and the class ranking, each with last month beside it.
 * Pure: tables in, section out (the plugin reads the tables in one snapshot).
 */
import {
  addDays,
  monthRange,
  previousMonth,
  type Figure,
  type SchoolCalendar,
  type SummarySection,
  type SummaryTable,
  type Table,
  type TableFor,
  type Text,
} from '../../../core/kit.js';
import {
  byZoneAndDay,
  type CheckinRecord,
  checkinFrom,
  type Completion,
  type DisinfectionRecord,
  disinfectionFrom,
  zoneCompletion,
} from './board.js';
import { readInspections, round1, standings, type InspectionRecord } from './scores.js';
import { zoneFrom, type Zone } from './zones.js';

export interface CleaningTables {
  zones: Table;
  checkins: Table;
  inspections: TableFor<'inspections'>;
  disinfections: Table;
  classes: Table;
  companyEvaluations: TableFor<'companyEvaluations'>;
}

/** School days of a month that are over by `today` (today itself is not over yet). */
export function daysCounted(calendar: SchoolCalendar, month: string, today: string): string[] {
  const { first, last } = monthRange(month);
  const end = last < today ? last : addDays(today, -1);
  return end < first ? [] : calendar.schoolDays(first, end);
}

interface MonthFacts {
  days: string[];
  byZone: Map<string, Completion>;
  total: Completion;
  inspections: InspectionRecord[];
  bigCleans: number;
  companyTotals: number[];
}

/**
 * The day the school began checking in by QR (its first check-in): days before it count
 * nothing, so a school that starts mid-term gets "not counted" for the weeks before, not 0%.
 */
export function firstCheckinDay(checkins: readonly (CheckinRecord | null)[]): string | null {
  let first: string | null = null;
  for (const c of checkins) if (c && /^\d{4}-\d\d-\d\d$/.test(c.date) && (!first || c.date < first)) first = c.date;
  return first;
}

/** The check-in and disinfection records, read once for both months. */
interface Records {
  checkins: (CheckinRecord | null)[];
  ins: Map<string, Map<string, CheckinRecord[]>>;
  dis: Map<string, Map<string, DisinfectionRecord[]>>;
}

function facts(
  t: CleaningTables,
  { checkins, ins, dis }: Records,
  zones: readonly Zone[],
  records: readonly InspectionRecord[],
  month: string,
  calendar: SchoolCalendar,
  today: string,
  since: string | null,
): MonthFacts {
  const days = since ? daysCounted(calendar, month, today).filter((d) => d >= since) : [];
  const byZone = new Map<string, Completion>();
  const total: Completion = { required: 0, done: 0, late: 0, disinfectionRequired: 0, disinfectionDone: 0 };
  for (const z of zones) {
    const c = zoneCompletion(z, days, ins.get(z.id), dis.get(z.id));
    byZone.set(z.id, c);
    for (const k of Object.keys(total) as Array<keyof Completion>) total[k] += c[k];
  }
  const bigCleans = checkins.filter((r) => r && r.kind === 'bigClean' && r.date.startsWith(month)).length;
  const companyTotals = t.companyEvaluations.rows
    .filter((r) => (r.values.month ?? '').trim() === month && typeof r.values.total === 'number')
    .map((r) => r.values.total as number);
  return { days, byZone, total, inspections: records.filter((r) => r.date.startsWith(month)), bigCleans, companyTotals };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const mean = (xs: readonly number[]) => (xs.length ? round1(xs.reduce((s, x) => s + x, 0) / xs.length) : null);
const label = (zh: string, en: string): Text => ({ zh, en });
const inspectionsDone = (all: number, spot: number): Text =>
  label(
    `卫生检查 ${all} 次（其中随机抽查 ${spot} 次）`,
    `${all} hygiene inspection${all === 1 ? '' : 's'} (${spot} spot check${spot === 1 ? '' : 's'})`,
  );

/**
 * The section for `month` ('YYYY-MM'), counting only whole school days before `today`.
 * Percent figures are fractions (0.85); the zone table shows percents as text.
 */
export function cleaningSection(t: CleaningTables, month: string, calendar: SchoolCalendar, today: string): SummarySection {
  const zones = t.zones.rows.map(zoneFrom).filter((z) => z.active);
  const { records, problems } = readInspections(t.inspections.rows, t.inspections.title, t.inspections.header.index.score);
  const prevMonth = previousMonth(month);
  const checkins = t.checkins.rows.map(checkinFrom);
  const read: Records = { checkins, ins: byZoneAndDay(checkins), dis: byZoneAndDay(t.disinfections.rows.map(disinfectionFrom)) };
  const since = firstCheckinDay(checkins);
  const now = facts(t, read, zones, records, month, calendar, today, since);
  const prev = facts(t, read, zones, records, prevMonth, calendar, today, since);
  // Say so when this month's rates start part-way through it (the school began checking in then).
  const sinceNote =
    since && since > monthRange(month).first && since <= monthRange(month).last
      ? label(`自 ${since} 首次扫码打卡起计`, `Counted from the first check-in, ${since}`)
      : undefined;
  const counted = now.days.length > 0;
  const prevCounted = prev.days.length > 0;
  const when = <T>(ok: boolean, v: T) => (ok ? v : null);

  const figures: Figure[] = [
    {
      key: 'checkinRate',
      label: label('打卡完成率', 'Check-ins done'),
      value: when(counted, ratio(now.total.done, now.total.required)),
      previous: when(prevCounted, ratio(prev.total.done, prev.total.required)),
      format: 'percent',
      better: 'higher',
      aggregate: 'mean',
      ...(sinceNote ? { note: sinceNote } : {}),
    },
    {
      key: 'missedChecks',
      label: label('漏检次数', 'Missed checks'),
      value: when(counted, now.total.required - now.total.done),
      previous: when(prevCounted, prev.total.required - prev.total.done),
      format: 'count',
      better: 'lower',
      aggregate: 'sum',
    },
    {
      key: 'lateChecks',
      label: label('迟到打卡', 'Late check-ins'),
      value: when(counted, now.total.late),
      previous: when(prevCounted, prev.total.late),
      format: 'count',
      better: 'lower',
      aggregate: 'sum',
    },
    {
      key: 'disinfectionRate',
      label: label('消毒落实率', 'Disinfection done'),
      value: when(counted, ratio(now.total.disinfectionDone, now.total.disinfectionRequired)),
      previous: when(prevCounted, ratio(prev.total.disinfectionDone, prev.total.disinfectionRequired)),
      format: 'percent',
      better: 'higher',
      aggregate: 'mean',
    },
    {
      key: 'inspections',
      label: label('卫生检查次数', 'Inspections'),
      value: now.inspections.length,
      previous: prev.inspections.length,
      format: 'count',
      aggregate: 'sum',
    },
    {
      key: 'inspectionAverage',
      label: label('检查平均分', 'Average inspection score'),
      value: mean(now.inspections.map((r) => r.score)),
      previous: mean(prev.inspections.map((r) => r.score)),
      format: 'score',
      better: 'higher',
      aggregate: 'mean',
    },
    {
      key: 'bigCleans',
      label: label('大扫除完成', 'Big cleans done'),
      value: now.bigCleans,
      previous: prev.bigCleans,
      format: 'count',
      better: 'higher',
      aggregate: 'sum',
    },
    {
      key: 'companyScore',
      label: label('保洁公司考评', 'Cleaning company score'),
      value: mean(now.companyTotals),
      previous: mean(prev.companyTotals),
      format: 'score',
      better: 'higher',
      aggregate: 'mean',
    },
  ];

  const pct = (c: Completion | undefined) => (c && c.required > 0 ? `${round1((c.done / c.required) * 100)}%` : '—');
  const zoneRows = zones
    .filter((z) => (now.byZone.get(z.id)?.required ?? 0) > 0 || (prev.byZone.get(z.id)?.required ?? 0) > 0)
    .map((z) => ({ z, rate: ratio(now.byZone.get(z.id)?.done ?? 0, now.byZone.get(z.id)?.required ?? 0) ?? 2 }))
    .sort((a, b) => a.rate - b.rate || a.z.id.localeCompare(b.z.id))
    .map(({ z }) => [z.name, z.party, pct(now.byZone.get(z.id)), pct(prev.byZone.get(z.id))]);

  const classes = t.classes.rows.map((r) => r.id);
  const { first, last } = monthRange(month);
  const prevRange = monthRange(prevMonth);
  const lastRanks = new Map(standings(classes, records, { start: prevRange.first, end: prevRange.last }).map((s) => [s.class, s]));
  const ranked = standings(classes, records, { start: first, end: last }).filter((s) => s.rank !== null);
  const tables: SummaryTable[] = [
    {
      title: label('各责任区打卡完成率', 'Check-ins done by zone'),
      columns: [label('责任区', 'Zone'), label('责任方', 'Responsible'), label('本月', 'This month'), label('上月', 'Last month')],
      rows: zoneRows,
    },
    {
      title: label('文明班级评比（卫生）', 'Class ranking (cleanliness)'),
      columns: [
        label('名次', 'Rank'),
        label('班级', 'Class'),
        label('平均分', 'Average'),
        label('检查次数', 'Inspections'),
        label('上月名次', 'Last month'),
      ],
      rows: ranked.map((s) => [s.rank!, s.class, s.average!, s.count, lastRanks.get(s.class)?.rank ?? '—']),
    },
  ];
  const top = ranked.slice(0, 10);
  return {
    id: 'cleaning',
    title: label('卫生保洁', 'Cleaning'),
    figures,
    tables,
    charts: top.length
      ? [
          {
            kind: 'bars',
            title: label('班级卫生平均分（前十）', 'Class averages (top ten)'),
            categories: top.map((s) => s.class),
            series: [{ label: label('平均分', 'Average'), values: top.map((s) => s.average!) }],
          },
        ]
      : [],
    notable: [
      ...(now.bigCleans
        ? [
            {
              text: label(`完成大扫除 ${now.bigCleans} 次`, `${now.bigCleans} big clean${now.bigCleans === 1 ? '' : 's'} done`),
              weight: now.bigCleans,
            },
          ]
        : []),
      ...(now.inspections.length
        ? [
            {
              text: inspectionsDone(now.inspections.length, now.inspections.filter((r) => r.kind === 'spot').length),
              weight: now.inspections.length,
            },
          ]
        : []),
    ],
    problems: problems.filter((p) => {
      const row = t.inspections.rows.find((r) => r.id === p.rowId);
      return typeof row?.values.date === 'string' && (row.values.date.startsWith(month) || row.values.date.startsWith(prevMonth));
    }),
  };
}
