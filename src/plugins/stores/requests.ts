/**
 * 请购单: any teacher or office requests items (from the catalogue or in free text) at least a
 * week ahead unless urgent with a reason; the request waits in the approval inbox for the
 * tier its total falls in (审批权限), and is printed as an A4 请购单.
 */
import { Hono } from 'hono';
import { storeTabs } from '../../../sheets-schema/index.js';
import {
  addDays,
  localDate,
  localDateTime,
  msg,
  newFormKey,
  newRowId,
  formatFigure,
  notify,
  readForm,
  render,
  requireRole,
  roles,
  signedIn,
  validateInput,
  writes,
  type AppEnv,
  type ApprovalSource,
  type Ctx,
  type Form,
  type RowFor,
  type Text,
  bilingual,
} from '../../core/kit.js';
import {
  LIMITS,
  loadStore,
  mayApprove,
  parsePrice,
  parseQuantity,
  round,
  slipsOf,
  tierIndexOf,
  tierLabel,
  type Item,
  type Request,
  type StoreState,
} from './model.js';

export const requestRoutes = new Hono<AppEnv>();

const office = (c: Ctx) => ['head', 'staff', 'leader'].includes(signedIn(c).role);

/** Everybody sees their own requests; the office and leadership see all. */
function visible(c: Ctx, state: StoreState): Request[] {
  const me = signedIn(c);
  return state.requests
    .filter((r) => office(c) || r.v.requester === me.name)
    .sort((a, b) => String(b.v.requestedAt).localeCompare(String(a.v.requestedAt)));
}

requestRoutes.get('/', requireRole(...roles.everyone), async (c) => {
  const state = await loadStore(c.var.data);
  const status = c.req.query('status') ?? '';
  const list = visible(c, state).filter((r) => !status || r.v.status === status);
  return render(c, 'stores/requests', {
    title: msg(c, 'stores.requests'),
    requests: list.slice(0, 200),
    status,
    statuses: storeTabs.requestStatuses,
  });
});

interface LineInput {
  item: string;
  name: string;
  spec: string;
  unit: string;
  quantity: string;
  price: string;
  error?: Text;
}

function formView(c: Ctx, state: StoreState, extra: Record<string, unknown>) {
  const me = signedIn(c);
  const earliest = addDays(localDate(), LIMITS.noticeDays);
  const blank = (): LineInput => ({ item: '', name: '', spec: '', unit: '', quantity: '', price: '' });
  const lines = (extra.lines as LineInput[] | undefined) ?? [];
  while (lines.length < 5) lines.push(blank());
  return render(
    c,
    'stores/request-form',
    {
      title: msg(c, 'stores.newRequest'),
      items: catalogue(state.items),
      earliest,
      formKey: newFormKey(),
      input: { department: me.unit ?? '', neededBy: earliest, purpose: '', urgent: false, urgentReason: '' },
      errors: {},
      ...extra,
      lines: lines.map((l, i) => ({ ...l, n: i + 1 })),
    },
    { status: extra.hasErrors ? 422 : 200 },
  );
}

/** The catalogue grouped by category, for the item picker. */
function catalogue(items: readonly Item[]) {
  const groups = new Map<string, Item[]>();
  for (const i of items.filter((x) => x.active)) groups.set(i.category, [...(groups.get(i.category) ?? []), i]);
  return [...groups.entries()].map(([category, list]) => ({ category, items: list }));
}

requestRoutes.get('/new', requireRole(...roles.writers), async (c) => {
  const state = await loadStore(c.var.data);
  const item = state.itemById.get(c.req.query('item') ?? '');
  return formView(c, state, { lines: item ? [{ item: item.id, name: '', spec: '', unit: '', quantity: '', price: '' }] : [] });
});

/** Lines typed on the form (item_1, qty_1 …): blank rows are skipped; each kept one checked. */
function readLines(
  form: Form,
  state: StoreState,
): {
  lines: LineInput[];
  valid: Array<{ item: Item | undefined; name: string; spec: string; unit: string; quantity: number; price: number | null }>;
  errors: number;
} {
  const lines: LineInput[] = [];
  const valid = [];
  let errors = 0;
  for (let n = 1; n <= LIMITS.lines; n++) {
    const line: LineInput = {
      item: form.text(`item_${n}`, 40),
      name: form.text(`name_${n}`, 200),
      spec: form.text(`spec_${n}`, 200),
      unit: form.text(`unit_${n}`, 40),
      quantity: form.text(`qty_${n}`, 40),
      price: form.text(`price_${n}`, 40),
    };
    if (!line.item && !line.name && !line.quantity) continue;
    lines.push(line);
    const item = line.item ? state.itemById.get(line.item) : undefined;
    const text = validateInput(
      storeTabs.purchaseLines,
      { name: item?.name ?? line.name, spec: item?.spec || line.spec, unit: item?.unit || line.unit },
      { partial: true },
    );
    const q = parseQuantity(line.quantity);
    const p = line.price || !item ? parsePrice(line.price) : { value: item.price };
    line.error =
      line.item && !item
        ? bilingual('stores.noCatalogueItem', { item: line.item })
        : !item && !line.name
          ? bilingual('stores.chooseCatalogueItemOr')
          : (Object.values(text.errors)[0] ?? ('error' in q ? q.error : 'error' in p ? p.error : undefined));
    if (line.error) {
      errors++;
      continue;
    }
    valid.push({
      item,
      name: String(text.values.name),
      spec: text.values.spec ?? '',
      unit: text.values.unit ?? '',
      quantity: (q as { value: number }).value,
      price: (p as { value: number | null }).value,
    });
  }
  return { lines, valid, errors };
}

requestRoutes.post('/', requireRole(...roles.writers), async (c) => {
  const form = await readForm(c);
  const state = await loadStore(c.var.data);
  const me = signedIn(c);
  const urgent = form.text('urgent') === '1';
  const input = {
    department: form.text('department', 200),
    purpose: form.text('purpose', 400),
    neededBy: form.text('neededBy', 40),
    urgent,
    urgentReason: form.text('urgentReason', 400),
  };
  const { values, errors } = validateInput(
    storeTabs.purchaseRequests,
    { department: input.department, purpose: input.purpose, neededBy: input.neededBy, urgentReason: input.urgentReason },
    { partial: true },
  );
  const today = localDate();
  const earliest = addDays(today, LIMITS.noticeDays);
  if (!errors.purpose && !values.purpose) errors.purpose = bilingual('stores.sayWhatItems');
  if (!errors.neededBy && !values.neededBy) errors.neededBy = bilingual('stores.enterDateTheyNeeded');
  const neededBy = values.neededBy ?? '';
  if (!errors.neededBy && neededBy < today) errors.neededBy = bilingual('stores.dateNeededCannotPast');
  else if (!errors.neededBy && neededBy < earliest && !urgent) {
    errors.neededBy = bilingual('stores.requestsMadeWeekAhead', { earliest });
  }
  if (urgent && !errors.urgentReason && !values.urgentReason) errors.urgentReason = bilingual('stores.sayWhyUrgent');
  const lines = readLines(form, state);
  if (lines.valid.length === 0 && lines.errors === 0) errors.lines = bilingual('stores.addAtLeastOne');
  if (Object.keys(errors).length || lines.errors)
    return formView(c, state, { input, errors, lines: lines.lines, hasErrors: true, formKey: form.text('_key') || newFormKey() });

  const total = round(lines.valid.reduce((s, l) => s + l.quantity * (l.price ?? 0), 0));
  const tier = state.tiers[tierIndexOf(state.tiers, total)]!;
  const key = form.key('stores.request');
  const w = writes(c);
  const receipt = await w.append(
    'purchaseRequests',
    {
      id: newRowId('QG'),
      requestedAt: localDateTime().slice(0, 16),
      requester: me.name,
      department: values.department ?? '',
      purpose: String(values.purpose),
      neededBy,
      urgent,
      urgentReason: values.urgentReason ?? '',
      total,
      status: 'pending',
      tier: tierLabel(tier),
    },
    'stores.request',
    key,
  );
  if (!receipt.duplicate) {
    // The approver of the request's tier hears of it (a named leader, else everyone of the tier's role).
    await notify(c, {
      event: 'stores.approvalWaiting',
      id: `${key}:notify`,
      to: [tier.approver || `role:${tier.role}`],
      params: {
        id: receipt.rowId,
        requester: me.name,
        total: formatFigure(total, 'money', 'zh-CN'),
        purpose: String(values.purpose).slice(0, 120),
      },
      href: '/approvals',
    });
    let n = 0;
    for (const l of lines.valid) {
      n++;
      await w.append(
        'purchaseLines',
        {
          id: `${receipt.rowId}-${n}`,
          request: receipt.rowId,
          item: l.item?.id ?? '',
          name: l.name,
          spec: l.spec,
          unit: l.unit,
          quantity: l.quantity,
          price: l.price,
          amount: l.price === null ? null : round(l.quantity * l.price),
        },
        'stores.request',
        `${key}:line:${n}`,
      );
    }
  }
  return c.redirect(`/stores/requests/${encodeURIComponent(receipt.rowId)}?done=requested`, 303);
});

function findRequest(state: StoreState, id: string): Request | undefined {
  return state.requests.find((r) => r.id === id);
}

async function requestPage(c: Ctx, template: 'stores/request' | 'stores/request-print') {
  const state = await loadStore(c.var.data);
  const id = c.req.param('id') ?? '';
  const request = findRequest(state, id);
  const me = signedIn(c);
  if (!request || (!office(c) && request.v.requester !== me.name))
    return render(c, 'error', { title: msg(c, 'stores.requests'), message: msg(c, 'stores.requestNotFound', { id }) }, { status: 404 });
  const receipts = groupReceipts(state.receipts.filter((r) => r.values.request === request.id));
  const issues = slipsOf(
    state.issues.filter((r) => r.values.request === request.id),
    state.itemById,
  );
  const tier = state.tiers[tierIndexOf(state.tiers, request.total)]!;
  const isOffice = me.role === 'head' || me.role === 'staff';
  return render(c, template, {
    title: `${msg(c, 'stores.request')} ${request.id}`,
    request,
    v: request.v,
    lines: request.lines.map((l, i) => ({ ...l, n: i + 1 })),
    receipts,
    issues,
    statuses: storeTabs.requestStatuses,
    tier: tierLabel(tier),
    done: c.req.query('done') ?? '',
    canReceive: isOffice && (request.v.status === 'approved' || request.v.status === 'partial'),
    canIssue: isOffice && (request.v.status === 'partial' || request.v.status === 'received'),
    canDecide: request.v.status === 'pending' && mayApprove(state.tiers, request.total, me),
  });
}

requestRoutes.get('/:id', requireRole(...roles.everyone), (c) => requestPage(c, 'stores/request'));
requestRoutes.get('/:id/print', requireRole(...roles.everyone), (c) => requestPage(c, 'stores/request-print'));

/** Receipt lines grouped into 入库单 (one delivery each). */
export function groupReceipts(rows: readonly RowFor<'receipts'>[]) {
  const groups = new Map<
    string,
    {
      id: string;
      date: string;
      supplier: string;
      invoice: string;
      handler: string;
      acceptor: string;
      approver: string;
      reimbursed: string;
      total: number;
      lines: Array<Record<string, unknown>>;
    }
  >();
  for (const r of rows) {
    const id = r.values.receipt ?? '';
    const g = groups.get(id) ?? {
      id,
      date: r.values.date ?? '',
      supplier: r.values.supplier ?? '',
      invoice: r.values.invoice ?? '',
      handler: r.values.handler ?? '',
      acceptor: r.values.acceptor ?? '',
      approver: r.values.approver ?? '',
      reimbursed: r.values.reimbursed ?? '',
      total: 0,
      lines: [],
    };
    g.lines.push(r.values);
    g.total = round(g.total + (typeof r.values.amount === 'number' ? r.values.amount : 0));
    groups.set(id, g);
  }
  return [...groups.values()];
}

/** Purchase requests in the approval inbox: decided by the tier their total falls in, or a higher one. */
export const requestApprovals: ApprovalSource = {
  href: (subject) => `/stores/requests/${encodeURIComponent(subject)}`,
  async pending({ data, person }) {
    const state = await loadStore(data);
    return state.requests
      .filter((r) => r.v.status === 'pending')
      .map((r) => ({
        id: r.id,
        kind: bilingual('stores.purchase'),
        // Composed of the school's own words and numbers only, so it reads in either language.
        summary: [String(r.v.purpose ?? ''), ...r.lines.map((l) => `${l.name} × ${l.quantity} ${l.unit}`)].join(' · ').slice(0, 200),
        urgent: r.v.urgent === true,
        urgentReason: r.v.urgent === true ? String(r.v.urgentReason ?? '') : '',
        amount: r.total,
        requestedBy: [String(r.v.requester ?? ''), String(r.v.department ?? '')].filter(Boolean).join(' · '),
        requestedAt: String(r.v.requestedAt ?? ''),
        href: `/stores/requests/${encodeURIComponent(r.id)}`,
        decider: tierLabel(state.tiers[tierIndexOf(state.tiers, r.total)]!),
        mayDecide: mayApprove(state.tiers, r.total, person),
      }));
  },
  async decide(c, id, { approved, comment, at }) {
    const state = await loadStore(c.var.data);
    const request = findRequest(state, id);
    if (!request) return { refused: bilingual('stores.noPurchaseRequest', { id }), status: 404 };
    if (request.v.status !== 'pending')
      return {
        refused: bilingual('stores.requestHasAlreadyBeen', { id, approver: String(request.v.approver ?? '') }),
      };
    const person = c.var.person!;
    if (!mayApprove(state.tiers, request.total, person))
      return {
        refused: bilingual('stores.decidedByTier', {
          total: request.total,
          tier: tierLabel(state.tiers[tierIndexOf(state.tiers, request.total)]!),
        }),
        status: 403,
      };
    return {
      summary: `${String(request.v.requester ?? '')} · ${String(request.v.purpose ?? '')}`,
      amount: request.total,
      update: {
        tab: 'purchaseRequests',
        id,
        expect: { status: 'pending' },
        changes: { status: approved ? 'approved' : 'rejected', approver: person.name, decidedAt: at, comment },
      },
    };
  },
};
