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
    // Each row's day, read once: the month's rows, last month's and the weekly totals use it.
    const days = def.dateColumn ? table.rows.map((r) => dayOf(r.values[def.dateColumn!]) ?? '') : [];
    const inMonth = (month: string) => table.rows.filter((_, i) => days[i]!.startsWith(month));
    const rows = def.dateColumn ? inMonth(ctx.month) : [];
    const rowsPrev = def.dateColumn ? inMonth(prev) : [];
    const before = rowsPrev.length;
    const checks = checksInMonth(def, state, ctx.month, asOf, ctx.calendar);
    // The checks a row wants (its rule or due day) do not depend on when the state was
    // taken, so last month is counted from this state too (checksInMonth takes its own day).
    const checksPrev = checksInMonth(def, state, prev, monthRange(prev).last, ctx.calendar);
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
      const sum = (monthRows: typeof rows) => {
        const hits = monthRows
          .filter((r) => !total.where || r.values[total.where.column] === total.where.value)
          .map((r) => r.values[total.column])
          .filter((v): v is number => typeof v === 'number');
        return hits.length ? hits.reduce((n, v) => n + v, 0) : null;
      };
      totals.push({
        key: total.key,
        label: total.label,
        value: sum(rows),
        previous: sum(rowsPrev),
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
      const weeks: Array<{ monday: string; sunday: string; sum: number }> = [];
      for (let monday = addDays(first, 1 - weekday(first)); monday <= last; monday = addDays(monday, 7))
        weeks.push({ monday, sunday: addDays(monday, 6), sum: 0 });
      // One pass over the rows (not one per week), adding in table order as before.
      table.rows.forEach((r, i) => {
        const d = days[i]!;
        const v = r.values[col.key];
        if (d && typeof v === 'number') for (const w of weeks) if (d >= w.monday && d <= w.sunday) w.sum += v;
      });
      tables.push({
        title: { zh: `${def.name.zh}：每周${col.zh}`, en: `${def.name.en}: ${col.en} per week` },
        columns: [
          { zh: '周', en: 'Week' },
          { zh: col.zh, en: col.en },
        ],
        rows: weeks.map((w): [string, number] => [`${w.monday} – ${w.sunday}`, w.sum]),
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
