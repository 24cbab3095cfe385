/**
 * The asset section of the monthly summary: added, moved/transferred,
 * lent and overdue, written off, value, stocktake coverage and match rate, damage charged —
 * each with last month beside it. `assetFigures` is pure so the figures are tested by hand.
 */
import {
  monthRange,
  previousMonth,
  type Figure,
  type NotableItem,
  type SummaryContext,
  type SummarySection,
  type Tables,
  type TableRow,
} from '../../core/kit.js';
import { RoomIndex, retired } from './model.js';
import { stocktakeRooms } from './stocktake.js';
import { isLent } from './loans.js';

export type AssetTables = Tables<'assets' | 'assetEvents' | 'assetLoans' | 'stocktakes' | 'rooms'>;

export interface MonthFigures {
  added: number;
  addedValue: number;
  moved: number;
  lent: number;
  overdue: number;
  writtenOff: number;
  writtenOffValue: number;
  damageCharged: number;
  /** Percent of the rooms holding assets that a stocktake closed this month covered. */
  coverage: number | null;
  /** Found ÷ expected over the stocktakes closed this month, percent. */
  matchRate: number | null;
}

const inMonth = (value: unknown, month: string): boolean => typeof value === 'string' && value.slice(0, 7) === month;
const round1 = (n: number): number => Math.round(n * 10) / 10;
const round2 = (n: number): number => Math.round(n * 100) / 100;
const price = (row: TableRow | undefined): number => (typeof row?.values.price === 'number' ? row.values.price : 0);

export function assetFigures(t: AssetTables, month: string): MonthFigures {
  const { last } = monthRange(month);
  const byTag = new Map(t.assets.rows.map((a) => [a.id, a]));
  const events = t.assetEvents.rows.filter((e) => inMonth(e.values.at, month));
  const added = t.assets.rows.filter((a) => inMonth(a.values.acquired, month));
  const writtenOff = events.filter((e) => e.values.type === 'written_off');
  const loans = t.assetLoans.rows.filter(isLent);
  const overdue = loans.filter((l) => {
    const { lentOn, due, returnedOn } = l.values;
    if (typeof lentOn !== 'string' || typeof due !== 'string' || lentOn > last || due >= last) return false;
    return typeof returnedOn !== 'string' || returnedOn > last;
  });
  const closed = t.stocktakes.rows.filter((s) => s.values.status === 'closed' && inMonth(s.values.closedOn, month));
  const expected = closed.reduce((n, s) => n + (Number(s.values.expected) || 0), 0);
  const found = closed.reduce((n, s) => n + (Number(s.values.found) || 0), 0);
  const index = new RoomIndex(t.rooms);
  const roomsWithAssets = new Set(t.assets.rows.filter((a) => !retired(a) && a.values.room).map((a) => index.nameOf(a.values.room)));
  const counted = new Set(
    closed.flatMap((s) => stocktakeRooms(s.values.rooms).map((r) => index.nameOf(r))).filter((r) => roomsWithAssets.has(r)),
  );
  return {
    added: added.length,
    addedValue: round2(added.reduce((n, a) => n + price(a), 0)),
    moved: events.filter((e) => e.values.type === 'moved' || e.values.type === 'transferred').length,
    lent: loans.filter((l) => inMonth(l.values.lentOn, month)).length,
    overdue: overdue.length,
    writtenOff: writtenOff.length,
    writtenOffValue: round2(writtenOff.reduce((n, e) => n + price(byTag.get(String(e.values.tag))), 0)),
    damageCharged: round2(events.filter((e) => e.values.type === 'damaged').reduce((n, e) => n + (Number(e.values.amount) || 0), 0)),
    coverage: closed.length && roomsWithAssets.size ? round1((counted.size / roomsWithAssets.size) * 100) : null,
    matchRate: expected > 0 ? round1((found / expected) * 100) : null,
  };
}

const labels: Record<keyof MonthFigures, { zh: string; en: string; format: Figure['format']; better?: Figure['better'] }> = {
  added: { zh: '新增资产（件）', en: 'Assets added', format: 'count' },
  addedValue: { zh: '新增资产金额', en: 'Value added', format: 'money' },
  moved: { zh: '移动与调拨（次）', en: 'Moves and transfers', format: 'count' },
  lent: { zh: '借出（次）', en: 'Loans made', format: 'count' },
  overdue: { zh: '月末逾期未还', en: 'Overdue at month end', format: 'count', better: 'lower' },
  writtenOff: { zh: '报废（件）', en: 'Written off', format: 'count' },
  writtenOffValue: { zh: '报废资产原值', en: 'Value written off', format: 'money' },
  damageCharged: { zh: '损坏赔偿金额', en: 'Damage charged', format: 'money' },
  coverage: { zh: '盘点覆盖率', en: 'Stocktake coverage', format: 'percent', better: 'higher' },
  matchRate: { zh: '帐物相符率', en: 'Match rate (books vs things)', format: 'percent', better: 'higher' },
};

/** Figures for the month with last month beside them. */
export function assetSummaryFigures(t: AssetTables, month: string): Figure[] {
  const now = assetFigures(t, month);
  const before = assetFigures(t, previousMonth(month));
  return (Object.keys(labels) as Array<keyof MonthFigures>).map((key) => {
    const { zh, en, format, better } = labels[key];
    // The contract's percent is a fraction (0.667 → 66.7%); the month's figures keep 0–100.
    const asFigure = (v: number | null) => (v !== null && format === 'percent' ? Math.round(v * 10) / 1000 : v);
    return { key, label: { zh, en }, value: asFigure(now[key]), previous: asFigure(before[key]), format, ...(better ? { better } : {}) };
  });
}

/** Notable work: what was added this month, grouped by name (weight = value). */
export function assetNotable(t: AssetTables, month: string): NotableItem[] {
  const groups = new Map<string, { count: number; value: number }>();
  for (const a of t.assets.rows) {
    if (!inMonth(a.values.acquired, month)) continue;
    const g = groups.get(String(a.values.name)) ?? { count: 0, value: 0 };
    g.count++;
    g.value += price(a);
    groups.set(String(a.values.name), g);
  }
  return [...groups]
    .map(([name, g]) => ({ text: { zh: `新增${name} ${g.count} 件`, en: `${g.count} × ${name} added` }, weight: g.value }))
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 5);
}

export async function assetSummary(ctx: SummaryContext): Promise<SummarySection> {
  const t = await ctx.data.read(['assets', 'assetEvents', 'assetLoans', 'stocktakes', 'rooms']);
  return {
    id: 'assets',
    title: { zh: '校产管理', en: 'Assets' },
    figures: assetSummaryFigures(t, ctx.month),
    notable: assetNotable(t, ctx.month),
    problems: [...t.assets.problems, ...t.assetEvents.problems, ...t.assetLoans.problems].slice(0, 50),
  };
}
