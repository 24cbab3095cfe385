/**
 * The store's state, read in one go: the catalogue, requests with their lines, receipts,
 * movements, issue and return slips and the approval tiers. Stock on hand is the sum of
 * 出入库记录 per item (the movements are the record); a request's tier comes from its total.
 */
import {
  newRowId,
  type Person,
  type RowChanges,
  type RowFor,
  type RowOfTab,
  type SchoolData,
  type TableRow,
  type Text,
  type WriteReceipt,
  type Writes,
} from '../../core/kit.js';

export const STORE_TABS = [
  'storeItems',
  'approvalTiers',
  'purchaseRequests',
  'purchaseLines',
  'receipts',
  'stockMovements',
  'storeIssues',
  'storeReturns',
  'people',
] as const;

/** Limits a form checks before anything is written (an absurd quantity is a typing slip). */
export const LIMITS = { quantity: 10_000, price: 1_000_000, lines: 8, noticeDays: 7, assetUnits: 100 } as const;

export interface Item {
  id: string;
  name: string;
  spec: string;
  unit: string;
  category: string;
  durable: boolean;
  oldForNew: boolean;
  minStock: number | null;
  price: number | null;
  location: string;
  /** Set for a fixed asset (its asset category): received units go into the asset register, not stock. */
  assetCategory: string;
  active: boolean;
}

export interface Tier {
  id: string;
  /** Requests below this total (Infinity: no limit). */
  limit: number;
  role: 'head' | 'leader';
  approver: string;
  title: string;
}

/** When the 审批权限 tab is empty: approval by value as schools commonly set it (一支笔审批). */
export const DEFAULT_TIERS: readonly Tier[] = [
  { id: '1', limit: 500, role: 'head', approver: '', title: '后勤主任' },
  { id: '2', limit: 5000, role: 'leader', approver: '', title: '分管副校长' },
  { id: '3', limit: Number.POSITIVE_INFINITY, role: 'leader', approver: '', title: '校长' },
];

export interface Line {
  id: string;
  request: string;
  item: string;
  name: string;
  spec: string;
  unit: string;
  quantity: number;
  price: number | null;
  amount: number | null;
  /** Accepted and rejected so far on receipts against this line. */
  received: number;
  rejected: number;
  outstanding: number;
}

export interface Request {
  id: string;
  row: TableRow;
  v: RowOfTab<'purchaseRequests'>;
  lines: Line[];
  total: number;
}

export interface StoreState {
  items: Item[];
  itemById: Map<string, Item>;
  tiers: Tier[];
  requests: Request[];
  receipts: RowFor<'receipts'>[];
  movements: RowFor<'stockMovements'>[];
  issues: RowFor<'storeIssues'>[];
  returns: RowFor<'storeReturns'>[];
  people: RowFor<'people'>[];
  onHand: Map<string, number>;
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export async function loadStore(data: SchoolData, opts?: { fresh?: boolean }): Promise<StoreState> {
  const t = await data.read([...STORE_TABS], opts);
  const items: Item[] = t.storeItems.rows.map((r) => ({
    id: r.id,
    name: str(r.values.name),
    spec: str(r.values.spec),
    unit: str(r.values.unit),
    category: str(r.values.category) || '其他',
    durable: r.values.kind === 'durable',
    oldForNew: r.values.oldForNew === true,
    minStock: num(r.values.minStock),
    price: num(r.values.price),
    location: str(r.values.location),
    assetCategory: str(r.values.assetCategory),
    active: r.values.active !== false,
  }));
  const tiers: Tier[] = t.approvalTiers.rows
    .filter((r) => r.values.role === 'head' || r.values.role === 'leader')
    .map((r) => ({
      id: r.id,
      limit: num(r.values.limit) ?? Number.POSITIVE_INFINITY,
      role: r.values.role as 'head' | 'leader',
      approver: str(r.values.approver).trim(),
      title: str(r.values.title),
    }))
    .sort((a, b) => a.limit - b.limit);
  const done = new Map<string, { received: number; rejected: number }>();
  for (const r of t.receipts.rows) {
    const key = str(r.values.line);
    const d = done.get(key) ?? { received: 0, rejected: 0 };
    d.received += num(r.values.quantity) ?? 0;
    d.rejected += num(r.values.rejected) ?? 0;
    done.set(key, d);
  }
  const linesOf = new Map<string, Line[]>();
  for (const r of t.purchaseLines.rows) {
    const quantity = num(r.values.quantity) ?? 0;
    const d = done.get(r.id) ?? { received: 0, rejected: 0 };
    const line: Line = {
      id: r.id,
      request: str(r.values.request),
      item: str(r.values.item),
      name: str(r.values.name),
      spec: str(r.values.spec),
      unit: str(r.values.unit),
      quantity,
      price: num(r.values.price),
      amount: num(r.values.amount),
      ...d,
      outstanding: Math.max(0, quantity - d.received),
    };
    linesOf.set(line.request, [...(linesOf.get(line.request) ?? []), line]);
  }
  const requests = t.purchaseRequests.rows.map((row) => {
    const lines = linesOf.get(row.id) ?? [];
    const total = num(row.values.total) ?? lines.reduce((s, l) => s + (l.amount ?? 0), 0);
    return { id: row.id, row, v: row.values, lines, total };
  });
  const onHand = new Map<string, number>();
  for (const m of t.stockMovements.rows) {
    const item = str(m.values.item);
    onHand.set(item, round((onHand.get(item) ?? 0) + (num(m.values.change) ?? 0)));
  }
  return {
    items,
    itemById: new Map(items.map((i) => [i.id, i])),
    tiers: tiers.length ? tiers : [...DEFAULT_TIERS],
    requests,
    receipts: t.receipts.rows,
    movements: t.stockMovements.rows,
    issues: t.storeIssues.rows,
    returns: t.storeReturns.rows,
    people: t.people.rows,
    onHand,
  };
}

/** Quantities and money to 2 decimals (0.1 + 0.2 is 0.3 in a store). */
export const round = (n: number): number => Math.round(n * 100) / 100;

/** The tier that decides a request of this total: the first whose limit is above it. */
export function tierIndexOf(tiers: readonly Tier[], total: number): number {
  const i = tiers.findIndex((t) => total < t.limit);
  return i === -1 ? tiers.length - 1 : i;
}

export function tierLabel(tier: Tier): string {
  return [tier.title, tier.approver].filter(Boolean).join(' ') || tier.role;
}

/** Whether `person` may decide a request of this total: its own tier's approver, or a higher tier's. */
export function mayApprove(tiers: readonly Tier[], total: number, person: Person): boolean {
  return tiers.slice(tierIndexOf(tiers, total)).some((t) => t.role === person.role && (!t.approver || t.approver === person.name));
}

/** Stock of one item, and what it is worth at its last receipt price (else the reference price). */
export function stockRows(state: StoreState) {
  const lastPrice = new Map<string, { date: string; price: number }>();
  for (const r of state.receipts) {
    const item = str(r.values.item);
    const date = str(r.values.date);
    if (typeof r.values.price === 'number' && date >= (lastPrice.get(item)?.date ?? ''))
      lastPrice.set(item, { date, price: r.values.price });
  }
  // Fixed assets are kept in the asset register, one row each, not as stock.
  return state.items
    .filter((i) => !i.assetCategory && (i.active || (state.onHand.get(i.id) ?? 0) !== 0))
    .map((i) => {
      const onHand = state.onHand.get(i.id) ?? 0;
      const price = lastPrice.get(i.id)?.price ?? i.price ?? 0;
      return { ...i, onHand, value: round(onHand * price), low: i.minStock !== null && onHand < i.minStock };
    });
}

/** A quantity typed on a form: a positive number, at most 2 decimals, not absurd; or why not. */
export function parseQuantity(raw: string, opts: { allowZero?: boolean } = {}): { value: number } | { error: Text } {
  const s = raw.normalize('NFKC').trim();
  if (!s) return { error: { zh: '请填写数量', en: 'Enter a quantity' } };
  if (!/^-?\d+(\.\d{1,2})?$/.test(s))
    return { error: { zh: `数量「${s.slice(0, 20)}」不是数字`, en: `The quantity “${s.slice(0, 20)}” is not a number` } };
  const value = Number(s);
  if (value < 0 || (value === 0 && !opts.allowZero)) return { error: { zh: '数量必须大于 0', en: 'The quantity must be more than 0' } };
  if (value > LIMITS.quantity)
    return {
      error: { zh: `数量不能超过 ${LIMITS.quantity}，请核对`, en: `The quantity cannot be more than ${LIMITS.quantity}; please check` },
    };
  return { value };
}

/** A unit price in yuan: blank, or 0 … 1,000,000 with at most 2 decimals. */
export function parsePrice(raw: string): { value: number | null } | { error: Text } {
  const s = raw
    .normalize('NFKC')
    .replace(/^[¥￥]/, '')
    .replace(/,/g, '')
    .trim();
  if (!s) return { value: null };
  if (!/^\d+(\.\d{1,2})?$/.test(s))
    return { error: { zh: `单价「${s.slice(0, 20)}」不是金额`, en: `The price “${s.slice(0, 20)}” is not an amount` } };
  const value = Number(s);
  if (value > LIMITS.price)
    return { error: { zh: `单价不能超过 ${LIMITS.price} 元，请核对`, en: `The price cannot be more than ¥${LIMITS.price}; please check` } };
  return { value };
}

/** The slip a row of 领用单 or 退还单 belongs to: its slip number, else the row itself (rows written before slips had lines). */
export const slipOf = (row: TableRow): string => str(row.values.slip) || row.id;

/** A slip's rows, found by its slip number or by the number of any of its rows. */
export function slipRowsOf<R extends TableRow>(rows: readonly R[], id: string): { slip: string; rows: R[] } {
  const row = rows.find((r) => r.id === id);
  const slip = row ? slipOf(row) : id;
  return { slip, rows: rows.filter((r) => slipOf(r) === slip) };
}

/** Rows of 领用单 or 退还单 as slips (one per slip number): its first row's values, and its lines' names and quantities ("粉笔 × 3 盒 · 扫帚 × 1 把"). */
export function slipsOf(rows: readonly TableRow[], items: ReadonlyMap<string, Item>) {
  const slips = new Map<string, { first: TableRow['values']; lines: string[] }>();
  for (const r of rows) {
    const slip = slips.get(slipOf(r)) ?? { first: r.values, lines: [] };
    // With the catalogue's unit: "A4复印纸 × 50 包", not a bare number.
    const unit = items.get(str(r.values.item))?.unit;
    slip.lines.push(`${r.values.name ?? ''} × ${r.values.quantity ?? ''}${unit ? ` ${unit}` : ''}`);
    slips.set(slipOf(r), slip);
  }
  return [...slips].map(([id, s]) => ({ ...s.first, id, what: s.lines.join(' · ') }));
}

/**
 * What can still come back on a 领用单, per item: issued on the slip less returned against it.
 * A return row names the slip by its number, or (rows written before return slips had lines) by one of its rows.
 */
export function returnableOn(state: StoreState, slip: string): Map<string, number> {
  const left = new Map<string, number>();
  for (const r of state.issues.filter((x) => slipOf(x) === slip))
    left.set(str(r.values.item), round((left.get(str(r.values.item)) ?? 0) + (num(r.values.quantity) ?? 0)));
  for (const r of returnsAgainst(state, slip)) {
    const item = str(r.values.item);
    if (left.has(item)) left.set(item, round(left.get(item)! - (num(r.values.quantity) ?? 0)));
  }
  return left;
}

/** Rows of 退还单 returned against a 领用单, named by its number or by one of its rows. */
export function returnsAgainst(state: StoreState, slip: string) {
  const named = new Set([slip, ...state.issues.filter((r) => slipOf(r) === slip).map((r) => r.id)]);
  return state.returns.filter((r) => named.has(str(r.values.issue)));
}

/** Active people's names, for the receiver and signature fields. */
export function names(people: readonly TableRow[]): string[] {
  return people
    .filter((p) => p.values.active !== false)
    .map((p) => str(p.values.name))
    .filter(Boolean);
}

/**
 * One line of a 领用单 and, the first time it lands, its stock movement (out of the store, to
 * `person`). Both keyed from `key`, so a second submit adds neither.
 */
export async function issueLine(
  w: Writes,
  line: RowChanges<'storeIssues'> & {
    id: string;
    slip: string;
    at: string;
    item: string;
    name: string;
    quantity: number;
    issuedBy: string;
  },
  person: string,
  action: string,
  key: string,
): Promise<WriteReceipt> {
  const row = await w.append('storeIssues', line, action, key);
  if (!row.duplicate) {
    const movement = {
      id: newRowId('CR'),
      at: line.at,
      kind: 'issue' as const,
      item: line.item,
      name: line.name,
      change: -line.quantity,
      ref: line.slip,
      person,
      department: line.department ?? '',
      by: line.issuedBy,
    };
    await w.append('stockMovements', movement, action, `${key}:move`);
  }
  return row;
}
