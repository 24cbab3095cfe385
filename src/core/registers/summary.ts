/**
 * The registers' section of the monthly summary: entries per register (this month and last),
 * checks done vs due, what is overdue or expired at month end, counts by each register's
 * summary column and weekly totals. One section for all registers, so the report stays short.
 */
import type { Figure, SummaryContext, SummarySection, SummaryTable } from '../summary/types.js';
import { addDays, instantOf, localDate, monthRange, previousMonth, weekday } from '../time.js';
import { registerMessages as m } from './messages.js';
import { checksInMonth, dayOf, registerState } from './model.js';
import { readRegister, registersFor } from './source.js';
import type { RegisterDef } from './types.js';

export async function registersSummary(ctx: SummaryContext, code: readonly RegisterDef[]): Promise<SummarySection> {
  const { registers, problems } = await registersFor(ctx.data, code);
  const { registerChecks } = await ctx.data.read(['registerChecks']);
  const today = localDate();
  const prev = previousMonth(ctx.month);
  const monthEnd = monthRange(ctx.month).last;
  // Past months are judged as of their last day; the current month as of today.
  const asOf = monthEnd < today ? monthEnd : today;
  const asOfMs = instantOf(`${asOf}T23:59:59`);
  const overview: SummaryTable = {
    title: { zh: '各登记簿', en: 'Registers' },
    columns: [
      { zh: '登记簿', en: 'Register' },
      m['registers.summary.entries'],
      { zh: '上月', en: 'Last month' },
      m['registers.summary.checksDone'],
      m['registers.summary.checksDue'],
      m['registers.summary.overdue'],
      m['registers.summary.expired'],
    ],
    rows: [],
  };
  const tables: SummaryTable[] = [overview];
  const totals: Figure[] = [];
  let entries = 0,
    entriesPrev = 0,
    wanted = 0,
    done = 0,
    wantedPrev = 0,
    donePrev = 0,
    overdue = 0,
    expired = 0;
  for (const def of registers) {
    const table = await readRegister(ctx.data, def);
    const state = registerState(def, table, registerChecks, ctx.calendar, asOfMs);
    const inMonth = (month: string) =>
      def.dateColumn ? table.rows.filter((r) => (dayOf(r.values[def.dateColumn!]) ?? '').startsWith(month)) : [];
    const rows = inMonth(ctx.month);
    const before = inMonth(prev).length;
    const checks = checksInMonth(def, state, ctx.month, asOf, ctx.calendar);
    const checksPrev = checksInMonth(
      def,
      registerState(def, table, registerChecks, ctx.calendar, instantOf(`${monthRange(prev).last}T23:59:59`)),
      prev,
      monthRange(prev).last,
      ctx.calendar,
    );
    const late = state.rows.filter((r) => r.check?.state === 'overdue').length;
    const gone = state.rows.filter((r) => r.expiry?.state === 'expired').length;
    entries += rows.length;
    entriesPrev += before;
    wanted += checks.wanted;
    done += checks.done;
    wantedPrev += checksPrev.wanted;
    donePrev += checksPrev.done;
    overdue += late;
    expired += gone;
    overview.rows.push([
      def.name,
      def.dateColumn ? rows.length : '—',
      def.dateColumn ? before : '—',
      def.checks ? checks.done : '—',
      def.checks ? checks.wanted : '—',
      def.checks ? late : '—',
      def.expiry ? gone : '—',
    ]);
    for (const total of def.monthTotals ?? []) {
      const sum = (month: string) => {
        const hits = inMonth(month)
          .filter((r) => !total.where || r.values[total.where.column] === total.where.value)
          .map((r) => r.values[total.column])
          .filter((v): v is number => typeof v === 'number');
        return hits.length ? hits.reduce((n, v) => n + v, 0) : null;
      };
      totals.push({
        key: total.key,
        label: total.label,
        value: sum(ctx.month),
        previous: sum(prev),
        format: 'count',
        ...(total.better ? { better: total.better } : {}),
        aggregate: 'sum',
      });
    }
    const group = def.groupBy ? def.tab.columns.find((c) => c.key === def.groupBy) : undefined;
    if (group && rows.length) {
      const counts = new Map<string, number>();
      for (const r of rows) {
        const v = r.values[group.key];
        const label = group.allowed?.find((a) => a.key === v)?.zh ?? String(v ?? '—');
        counts.set(label, (counts.get(label) ?? 0) + 1);
      }
      tables.push({
        title: { zh: `${def.name.zh}：按${group.zh}`, en: `${def.name.en} by ${group.en}` },
        columns: [{ zh: group.zh, en: group.en }, m['registers.summary.entries']],
        rows: [...counts].sort((a, b) => b[1] - a[1]),
      });
    }
    if (def.weeklyTotal && def.dateColumn) {
      const col = def.tab.columns.find((c) => c.key === def.weeklyTotal)!;
      const { first, last } = monthRange(ctx.month);
      const weeks: Array<[string, number]> = [];
      for (let monday = addDays(first, 1 - weekday(first)); monday <= last; monday = addDays(monday, 7)) {
        const sunday = addDays(monday, 6);
        const sum = table.rows.reduce((n, r) => {
          const d = dayOf(r.values[def.dateColumn!]);
          const v = r.values[col.key];
          return d && d >= monday && d <= sunday && typeof v === 'number' ? n + v : n;
        }, 0);
        weeks.push([`${monday} – ${sunday}`, sum]);
      }
      tables.push({
        title: { zh: `${def.name.zh}：每周${col.zh}`, en: `${def.name.en}: ${col.en} per week` },
        columns: [
          { zh: '周', en: 'Week' },
          { zh: col.zh, en: col.en },
        ],
        rows: weeks,
      });
    }
  }
  return {
    id: 'registers',
    title: m['registers.title'],
    figures: [
      { key: 'entries', label: m['registers.summary.entries'], value: entries, previous: entriesPrev, format: 'count' },
      {
        key: 'checkRate',
        label: m['registers.summary.checkRate'],
        value: wanted ? done / wanted : null,
        previous: wantedPrev ? donePrev / wantedPrev : null,
        format: 'percent',
        better: 'higher',
      },
      { key: 'checksDone', label: m['registers.summary.checksDone'], value: done, previous: donePrev, format: 'count' },
      { key: 'checksDue', label: m['registers.summary.checksDue'], value: wanted, previous: wantedPrev, format: 'count' },
      {
        key: 'overdue',
        label: m['registers.summary.overdue'],
        value: overdue,
        previous: null,
        format: 'count',
        better: 'lower',
        aggregate: 'last',
      },
      {
        key: 'expired',
        label: m['registers.summary.expired'],
        value: expired,
        previous: null,
        format: 'count',
        better: 'lower',
        aggregate: 'last',
      },
      ...totals,
    ],
    tables,
    problems,
  };
}
