/**
 * The store's pure rules: which tier decides a request, who may, what a quantity and a price
 * may be, and the summary's figures worked by hand from a tiny store.
 */
import { describe, expect, it } from 'vitest';
import type { RowOfTab } from '../../src/core/data/types.js';
import type { TableRow, Values } from '../../src/core/table/types.js';
import {
  DEFAULT_TIERS,
  mayApprove,
  parsePrice,
  parseQuantity,
  returnableOn,
  slipRowsOf,
  slipsOf,
  stockRows,
  tierIndexOf,
  type Item,
  type Request,
  type StoreState,
  type Tier,
} from '../../src/plugins/stores/model.js';
import { monthOf, storesSection } from '../../src/plugins/stores/summary.js';

const tiers: Tier[] = [
  { id: '1', limit: 500, role: 'head', approver: '', title: '后勤主任' },
  { id: '2', limit: 5000, role: 'leader', approver: '马文博', title: '分管后勤副校长' },
  { id: '3', limit: Number.POSITIVE_INFINITY, role: 'leader', approver: '董长青', title: '校长' },
];
const person = (name: string, role: 'head' | 'leader' | 'teacher') => ({ id: name, name, role, unit: null });

describe('approval tiers', () => {
  it('puts a total in the first tier whose limit is above it', () => {
    expect([0, 499.99, 500, 4999, 5000, 1e6].map((total) => tierIndexOf(tiers, total))).toEqual([0, 0, 1, 1, 2, 2]);
    expect(tierIndexOf(DEFAULT_TIERS, 700)).toBe(1);
  });

  it('lets the tier’s approver or a higher tier’s decide, nobody else', () => {
    expect(mayApprove(tiers, 300, person('蔡俊杰', 'head'))).toBe(true);
    expect(mayApprove(tiers, 300, person('董长青', 'leader'))).toBe(true); // higher tier
    expect(mayApprove(tiers, 600, person('蔡俊杰', 'head'))).toBe(false);
    expect(mayApprove(tiers, 600, person('马文博', 'leader'))).toBe(true);
    expect(mayApprove(tiers, 600, person('另一位副校长', 'leader'))).toBe(false);
    expect(mayApprove(tiers, 6000, person('马文博', 'leader'))).toBe(false);
    expect(mayApprove(tiers, 6000, person('董长青', 'leader'))).toBe(true);
    expect(mayApprove(tiers, 100, person('王老师', 'teacher'))).toBe(false);
  });
});

describe('quantities and prices typed on a form', () => {
  it('takes positive numbers with at most two decimals (full-width digits too) up to the limit', () => {
    expect(parseQuantity('12')).toEqual({ value: 12 });
    expect(parseQuantity('２．５')).toEqual({ value: 2.5 });
    expect(parseQuantity('0', { allowZero: true })).toEqual({ value: 0 });
    for (const bad of ['', '0', '-1', '1.234', '1e3', '三', '10001', '=1+1']) expect(parseQuantity(bad), bad).toHaveProperty('error');
  });

  it('reads prices with ¥ and thousands separators; blank is unknown', () => {
    expect(parsePrice('¥1,200.50')).toEqual({ value: 1200.5 });
    expect(parsePrice('')).toEqual({ value: null });
    for (const bad of ['-5', '1.999', 'abc', '1000001']) expect(parsePrice(bad), bad).toHaveProperty('error');
  });
});

/** A fixture row, typed as the tab it stands for where it is used. */
const row = <V extends Values = Values>(id: string, values: Record<string, unknown>) => ({ id, values }) as unknown as TableRow<V>;
const item = (id: string, name: string, category: string, minStock: number | null, price: number): Item => ({
  id,
  name,
  spec: '',
  unit: '个',
  category,
  durable: false,
  oldForNew: false,
  minStock,
  price,
  location: '',
  assetCategory: '',
  active: true,
});
const req = (id: string, v: Record<string, unknown>, total: number): Request => ({
  id,
  row: row(id, v),
  v: v as Request['v'],
  lines: [],
  total,
});

/** A tiny store, November 2026: figures below are worked by hand from these rows. */
function store(): StoreState {
  const items = [item('A', '粉笔', '教学用品', 10, 6), item('B', '扫帚', '清洁用品', 5, 15)];
  const requests = [
    req('Q1', { requestedAt: '2026-10-28T08:00', decidedAt: '2026-11-02T09:00', status: 'received', department: '教务处' }, 300), // decided in Nov: 5 days
    req('Q2', { requestedAt: '2026-11-10T08:00', decidedAt: '2026-11-11T08:00', status: 'rejected', department: '总务处' }, 100), // 1 day
    req('Q3', { requestedAt: '2026-11-20T08:00', status: 'pending', department: '艺体组' }, 50), // waiting at month end
    req('Q4', { requestedAt: '2026-10-05T08:00', decidedAt: '2026-10-06T08:00', status: 'approved', department: '总务处' }, 20), // October
  ];
  const receipts: TableRow<RowOfTab<'receipts'>>[] = [
    row('R1-1', { date: '2026-11-05', item: 'A', request: 'Q1', quantity: 20, price: 6, amount: 120 }),
    row('R1-2', { date: '2026-11-05', item: 'B', request: 'Q1', quantity: 4, price: 15, amount: 60 }),
    row('R0-1', { date: '2026-10-20', item: 'A', request: 'Q4', quantity: 5, price: 4, amount: 20 }),
  ];
  const onHand = new Map([
    ['A', 8],
    ['B', 4],
  ]);
  return {
    items,
    itemById: new Map(items.map((i) => [i.id, i])),
    tiers,
    requests,
    receipts,
    movements: [],
    issues: [],
    returns: [],
    people: [],
    onHand,
  };
}

describe('the summary section', () => {
  it('counts spend by category and department, decisions, waiting and lead time', () => {
    const nov = monthOf(store(), '2026-11');
    expect(nov.spend).toBe(180);
    expect(Object.fromEntries(nov.byCategory)).toEqual({ 教学用品: 120, 清洁用品: 60 });
    expect(Object.fromEntries(nov.byDepartment)).toEqual({ 教务处: 180 });
    expect([nov.approved, nov.rejected, nov.waiting]).toEqual([1, 1, 1]);
    expect(nov.leadDays).toBe(3); // (5 + 1) / 2
    const oct = monthOf(store(), '2026-10');
    expect([oct.spend, oct.approved, oct.waiting]).toEqual([20, 1, 1]); // Q1 asked in October, decided in November
  });

  it('values stock at the last receipt price and lists what is below its minimum', () => {
    const rows = stockRows(store());
    expect(rows.map((r) => [r.id, r.onHand, r.value, r.low])).toEqual([
      ['A', 8, 48, true],
      ['B', 4, 60, true],
    ]);
    const section = storesSection(store(), '2026-11');
    expect(section.figures.find((f) => f.key === 'stockValue')?.value).toBe(108);
    expect(section.figures.find((f) => f.key === 'spend')).toMatchObject({ value: 180, previous: 20 });
    expect(section.figures.find((f) => f.key === 'unreimbursed')?.value).toBe(200);
    // Spend reads as money, like the figures above it (not a bare 19.5).
    expect(section.tables?.[0]?.rows).toEqual([
      ['教学用品', '¥120.00', '¥20.00'],
      ['清洁用品', '¥60.00', '¥0.00'],
    ]);
    expect(section.tables?.[1]?.rows).toEqual([
      ['教务处', '¥180.00', '¥0.00'],
      ['总务处', '¥0.00', '¥20.00'],
    ]);
    // Below-minimum quantities with their unit, as the stock page shows them.
    expect(section.tables?.[2]?.rows).toEqual([
      ['粉笔', '8 个', '10 个'],
      ['扫帚', '4 个', '5 个'],
    ]);
  });
});

describe('issue and return slips', () => {
  // One slip of two lines (rows sharing 领用单号), and a row from before slips had lines (no 领用单号 column at all).
  const issues: TableRow<RowOfTab<'storeIssues'>>[] = [
    row('LY-1-1', { slip: 'LY-1', item: 'A', name: '粉笔', quantity: 10 }),
    row('LY-1-2', { slip: 'LY-1', item: 'B', name: '扫帚', quantity: 2 }),
    row('LY-OLD', { item: 'A', name: '粉笔', quantity: 5 }),
  ];
  // Returns: a slip of two lines naming the issue slip, and an old one-row return naming the issue slip's row.
  const returns: TableRow<RowOfTab<'storeReturns'>>[] = [
    row('TH-OLD', { item: 'A', name: '粉笔', quantity: 3, issue: 'LY-1-1' }),
    row('TH-2-1', { slip: 'TH-2', item: 'A', name: '粉笔', quantity: 4, issue: 'LY-1' }),
    row('TH-2-2', { slip: 'TH-2', item: 'B', name: '扫帚', quantity: 1, issue: 'LY-1' }),
    row('TH-3-1', { slip: 'TH-3', item: 'A', name: '粉笔', quantity: 2, issue: 'LY-OLD' }),
  ];
  const state = { ...store(), issues, returns };

  it('finds a slip by its number or any of its rows; a row without a slip number is a slip of its own', () => {
    expect(slipRowsOf(issues, 'LY-1-2')).toEqual({ slip: 'LY-1', rows: issues.slice(0, 2) });
    expect(slipRowsOf(returns, 'TH-OLD')).toEqual({ slip: 'TH-OLD', rows: [returns[0]] });
    expect(slipRowsOf(returns, 'TH-9').rows).toEqual([]);
    expect(slipsOf(returns, new Map()).map((s) => [s.id, s.what])).toEqual([
      ['TH-OLD', '粉笔 × 3'],
      ['TH-2', '粉笔 × 4 · 扫帚 × 1'],
      ['TH-3', '粉笔 × 2'],
    ]);
  });

  it('counts what can still come back per item, whether a return names the slip or one of its rows', () => {
    expect([...returnableOn(state, 'LY-1')]).toEqual([
      ['A', 3],
      ['B', 1],
    ]);
    expect([...returnableOn(state, 'LY-OLD')]).toEqual([['A', 3]]);
  });
});
