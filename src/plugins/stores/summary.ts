/**
 * The stores section of the monthly summary: what was spent (by category and department),
 * requests approved / rejected / still waiting and their lead time, stock value, what is
 * received but not yet reimbursed, and the items below their minimum — with last month beside each figure.
 */
import { formatFigure, monthRange, previousMonth, type SummaryContext, type SummarySection } from '../../core/kit.js';
import { loadStore, round, stockRows, type StoreState } from './model.js';

interface Month {
  spend: number;
  byCategory: Map<string, number>;
  byDepartment: Map<string, number>;
  approved: number;
  rejected: number;
  /** Requested by the month's end and not decided by then. */
  waiting: number;
  /** Mean days from request to decision, of those decided in the month. */
  leadDays: number | null;
}

const money = (n: number) => formatFigure(n, 'money', 'zh-CN');
const day = (v: unknown) => (typeof v === 'string' ? v.slice(0, 10) : '');
const add = (m: Map<string, number>, k: string, n: number) => m.set(k, round((m.get(k) ?? 0) + n));

/** One month's figures (pure). */
export function monthOf(state: StoreState, month: string): Month {
  const { first, last } = monthRange(month);
  const inMonth = (d: string) => d >= first && d <= last;
  const m: Month = { spend: 0, byCategory: new Map(), byDepartment: new Map(), approved: 0, rejected: 0, waiting: 0, leadDays: null };
  const requestById = new Map(state.requests.map((r) => [r.id, r]));
  for (const r of state.receipts) {
    const amount = typeof r.values.amount === 'number' ? r.values.amount : 0;
    if (!inMonth(day(r.values.date)) || !amount) continue;
    m.spend = round(m.spend + amount);
    add(m.byCategory, state.itemById.get(r.values.item ?? '')?.category ?? '其他', amount);
    add(m.byDepartment, requestById.get(r.values.request ?? '')?.v.department || '—', amount);
  }
  const leads: number[] = [];
  for (const r of state.requests) {
    const asked = day(r.v.requestedAt);
    const decided = day(r.v.decidedAt);
    if (decided && inMonth(decided)) {
      if (r.v.status === 'rejected') m.rejected++;
      else if (r.v.status !== 'pending' && r.v.status !== 'cancelled') m.approved++;
      if (asked) leads.push((Date.parse(decided) - Date.parse(asked)) / 86_400_000);
    }
    if (asked && asked <= last && (!decided || decided > last) && r.v.status !== 'cancelled') m.waiting++;
  }
  m.leadDays = leads.length ? Math.round((leads.reduce((a, b) => a + b, 0) / leads.length) * 10) / 10 : null;
  return m;
}

export function storesSection(state: StoreState, month: string): SummarySection {
  const now = monthOf(state, month);
  const prev = monthOf(state, previousMonth(month));
  const stock = stockRows(state);
  const low = stock.filter((s) => s.low);
  const table = (title: { zh: string; en: string }, head: { zh: string; en: string }, a: Map<string, number>, b: Map<string, number>) => ({
    title,
    columns: [head, { zh: '本月金额', en: 'This month' }, { zh: '上月金额', en: 'Last month' }],
    rows: [...new Set([...a.keys(), ...b.keys()])]
      .sort((x, y) => (a.get(y) ?? 0) - (a.get(x) ?? 0))
      .map((k) => [k, money(a.get(k) ?? 0), money(b.get(k) ?? 0)]),
  });
  return {
    id: 'stores',
    title: { zh: '库房与采购', en: 'Stores and purchasing' },
    figures: [
      { key: 'spend', label: { zh: '入库金额', en: 'Spent (received)' }, value: now.spend, previous: prev.spend, format: 'money' },
      {
        key: 'approved',
        label: { zh: '请购同意', en: 'Requests approved' },
        value: now.approved,
        previous: prev.approved,
        format: 'count',
      },
      {
        key: 'rejected',
        label: { zh: '请购不同意', en: 'Requests not approved' },
        value: now.rejected,
        previous: prev.rejected,
        format: 'count',
      },
      {
        key: 'waiting',
        label: { zh: '月末待审批', en: 'Waiting at month end' },
        value: now.waiting,
        previous: prev.waiting,
        format: 'count',
        better: 'lower',
        aggregate: 'last',
      },
      {
        key: 'lead',
        label: { zh: '平均审批用时', en: 'Mean time to decide' },
        value: now.leadDays,
        previous: prev.leadDays,
        format: 'days',
        better: 'lower',
      },
      {
        key: 'stockValue',
        label: { zh: '库存金额（当前）', en: 'Stock value (now)' },
        value: round(stock.reduce((s, r) => s + r.value, 0)),
        previous: null,
        format: 'money',
        aggregate: 'last',
      },
      {
        key: 'unreimbursed',
        label: { zh: '已入库未报销（当前）', en: 'Received, not yet reimbursed (now)' },
        value: round(
          state.receipts
            .filter((r) => !r.values.reimbursed)
            .reduce((sum, r) => sum + (typeof r.values.amount === 'number' ? r.values.amount : 0), 0),
        ),
        previous: null,
        format: 'money',
        aggregate: 'last',
      },
      {
        key: 'low',
        label: { zh: '低于最低库存（当前）', en: 'Below minimum (now)' },
        value: low.length,
        previous: null,
        format: 'count',
        better: 'lower',
        aggregate: 'last',
      },
    ],
    tables: [
      table({ zh: '按类别支出', en: 'Spend by category' }, { zh: '类别', en: 'Category' }, now.byCategory, prev.byCategory),
      table({ zh: '按部门支出', en: 'Spend by department' }, { zh: '部门', en: 'Department' }, now.byDepartment, prev.byDepartment),
      {
        title: { zh: '低于最低库存的物品', en: 'Items below minimum' },
        columns: [
          { zh: '物品', en: 'Item' },
          { zh: '库存', en: 'On hand' },
          { zh: '最低库存', en: 'Minimum' },
        ],
        rows: low.map((s) => [[s.name, s.spec].filter(Boolean).join(' '), `${s.onHand} ${s.unit}`, `${s.minStock ?? 0} ${s.unit}`]),
      },
    ],
    notable: [...now.byCategory.entries()].map(([k, v]) => ({
      text: { zh: `采购入库${k} ${money(v)}`, en: `Bought into the store: ${k}, ${money(v)}` },
      weight: v,
    })),
  };
}

export async function storesSummary(ctx: SummaryContext): Promise<SummarySection> {
  return storesSection(await loadStore(ctx.data), ctx.month);
}
