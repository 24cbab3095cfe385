/**
 * The store itself: receive against an approved request (partial deliveries, rejects; 入库单
 * with 经手人 / 验收人 / 审批人), issue to a receiver (领用单, old-for-new for durable items,
 * signed by a tap or on paper), take back unused items (退还单), and stock on hand from the
 * movements (库存, printable, copied into the 库存 tab on request).
 */
import { Hono } from 'hono';
import { storeTabs } from '../../../sheets-schema/index.js';
import {
  keyedRowId,
  loads,
  localDate,
  localDateTime,
  msg,
  newAssetTags,
  newFormKey,
  newRowId,
  readForm,
  render,
  requireRole,
  roles,
  signedIn,
  validateInput,
  writes,
  type AppEnv,
  type Ctx,
  type Text,
  bilingual,
} from '../../core/kit.js';
import { groupReceipts } from './requests.js';
import {
  issueLine,
  LIMITS,
  loadStore,
  names,
  parsePrice,
  parseQuantity,
  round,
  returnableOn,
  returnsAgainst,
  slipOf,
  slipRowsOf,
  slipsOf,
  stockRows,
  type Item,
  type StoreState,
} from './model.js';

export const storeRoutes = new Hono<AppEnv>();

const notFound = (c: Ctx, message: Text) =>
  render(c, 'error', { title: msg(c, 'stores.title'), message: msg(c, message) }, { status: 404 });
const refuse = (c: Ctx, message: Text, status = 409) =>
  render(c, 'error', { title: msg(c, 'stores.title'), message: msg(c, message) }, { status });

// ----- receiving ---------------------------------------------------------------------------

declare module '../../core/kit.js' {
  interface RouteRecords {
    /** The request of `/stores/requests/:id/receive`, approved and not all received, and the store it was read with. */
    receiving: Receiving;
  }
}

type Receiving = NonNullable<Awaited<ReturnType<ReturnType<typeof requestOfPath>>>>;

function requestOfPath(opts?: { fresh: true }) {
  return async (c: Ctx) => {
    const state = await loadStore(c.var.data, opts);
    const request = state.requests.find((r) => r.id === c.req.param('id'));
    return request && { state, request };
  };
}

// Preamble: the request (read fresh before a write), or the not-found page; one not approved, or all received, is refused.
const receiving = {
  missing: (c: Ctx) => notFound(c, bilingual('stores.noPurchaseRequest', { id: c.req.param('id') })),
  refuse: (c: Ctx, { request }: Receiving) =>
    request.v.status === 'approved' || request.v.status === 'partial'
      ? null
      : refuse(
          c,
          request.v.status === 'received' ? bilingual('stores.everythingRequestHasBeen') : bilingual('stores.requestReceivedOnlyAfter'),
        ),
};
const receivable = loads('receiving', { load: requestOfPath(), ...receiving });
const freshReceivable = loads('receiving', { load: requestOfPath({ fresh: true }), ...receiving });

async function receiveView(c: Ctx, extra: Record<string, unknown> = {}) {
  const { state, request } = c.var.receiving;
  const me = signedIn(c);
  return render(
    c,
    'stores/receive',
    {
      title: msg(c, 'stores.receive'),
      request,
      v: request.v,
      people: names(state.people),
      formKey: newFormKey(),
      errors: {},
      input: { handler: '', acceptor: me.name, approver: String(request.v.approver ?? ''), supplier: '', invoice: '', date: localDate() },
      lines: request.lines.map((l) => ({
        ...l,
        accept: l.outstanding ? String(l.outstanding) : '0',
        reject: '',
        reason: '',
        priceInput: l.price === null ? '' : String(l.price),
      })),
      ...extra,
    },
    { status: extra.hasErrors ? 422 : 200 },
  );
}

storeRoutes.get('/requests/:id/receive', requireRole(...roles.office), receivable, (c) => receiveView(c));

storeRoutes.post('/requests/:id/receive', requireRole(...roles.office), freshReceivable, async (c) => {
  const { state, request } = c.var.receiving;
  const form = await readForm(c);
  const input = {
    handler: form.text('handler', 100),
    acceptor: form.text('acceptor', 100),
    approver: form.text('approver', 100),
    supplier: form.text('supplier', 200),
    invoice: form.text('invoice', 100),
    date: form.text('date', 40),
  };
  const { values, errors } = validateInput(storeTabs.receipts, { ...input, date: input.date || localDate() }, { partial: true });
  if (!errors.handler && !values.handler) errors.handler = bilingual('stores.enterHandlerWhoBought');
  if (!errors.acceptor && !values.acceptor) errors.acceptor = bilingual('stores.enterWhoAccepted');
  const lines = request.lines.map((l) => {
    const raw = {
      accept: form.text(`accept_${l.id}`, 40) || '0',
      reject: form.text(`reject_${l.id}`, 40) || '0',
      reason: form.text(`reason_${l.id}`, 400),
      priceInput: form.text(`price_${l.id}`, 40),
    };
    const a = parseQuantity(raw.accept, { allowZero: true });
    const r = parseQuantity(raw.reject, { allowZero: true });
    const p = parsePrice(raw.priceInput);
    const reason = validateInput(storeTabs.receipts, { rejectReason: raw.reason }, { partial: true });
    let error: Text | undefined = 'error' in a ? a.error : 'error' in r ? r.error : 'error' in p ? p.error : reason.errors.rejectReason;
    const accept = 'value' in a ? a.value : 0;
    const reject = 'value' in r ? r.value : 0;
    if (!error && accept > l.outstanding) error = bilingual('stores.acceptedMoreThanOutstanding', { accept, outstanding: l.outstanding });
    const fixed = l.item ? state.itemById.get(l.item)?.assetCategory : '';
    if (!error && fixed && (!Number.isInteger(accept) || accept > LIMITS.assetUnits))
      error = bilingual('stores.fixedAssetsRegisteredOne', { assetUnits: LIMITS.assetUnits });
    if (!error && reject > 0 && !reason.values.rejectReason) error = bilingual('stores.sayWhyWasRejected');
    return {
      ...l,
      ...raw,
      acceptN: accept,
      rejectN: reject,
      price: 'value' in p && p.value !== null ? p.value : l.price,
      reasonText: reason.values.rejectReason ?? '',
      error,
    };
  });
  const lineErrors = lines.filter((l) => l.error).length;
  if (!lineErrors && lines.every((l) => l.acceptN === 0 && l.rejectN === 0)) errors.lines = bilingual('stores.enterAcceptedOrRejected');
  if (Object.keys(errors).length || lineErrors)
    return receiveView(c, { input, errors, lines, hasErrors: true, formKey: form.text('_key') || newFormKey() });

  const w = writes(c);
  const key = form.key('stores.receive', request.id);
  const receiptId = newRowId('RK');
  const at = localDateTime().slice(0, 16);
  let n = 0;
  for (const l of lines.filter((x) => x.acceptN > 0 || x.rejectN > 0)) {
    n++;
    // A free-text line joins the catalogue when it first arrives, so its stock can be kept.
    let item = l.item ? state.itemById.get(l.item) : undefined;
    if (!item && l.acceptN > 0) {
      const id = newRowId('WP');
      const added = await w.append(
        'storeItems',
        {
          id,
          name: l.name,
          spec: l.spec,
          unit: l.unit || '个',
          category: '其他',
          kind: 'consumable',
          oldForNew: false,
          price: l.price,
          active: true,
        },
        'stores.item.add',
        `${key}:item:${l.id}`,
      );
      item = {
        id: added.rowId,
        name: l.name,
        spec: l.spec,
        unit: l.unit,
        category: '其他',
        durable: false,
        oldForNew: false,
        minStock: null,
        price: l.price,
        location: '',
        assetCategory: '',
        active: true,
      };
    }
    const row = await w.append(
      'receipts',
      {
        id: `${receiptId}-${n}`,
        receipt: receiptId,
        date: String(values.date),
        request: request.id,
        line: l.id,
        item: item?.id ?? '',
        name: l.name,
        quantity: l.acceptN,
        rejected: l.rejectN || null,
        rejectReason: l.reasonText,
        price: l.price,
        amount: l.price === null ? null : round(l.acceptN * l.price),
        supplier: values.supplier ?? '',
        invoice: values.invoice ?? '',
        handler: String(values.handler),
        acceptor: String(values.acceptor),
        approver: values.approver ?? '',
      },
      'stores.receive',
      `${key}:line:${l.id}`,
    );
    if (row.duplicate) return c.redirect(`/stores/requests/${encodeURIComponent(request.id)}?done=received`, 303);
    if (item?.assetCategory && l.acceptN > 0)
      await registerAssets(c, item, {
        units: l.acceptN,
        price: l.price,
        date: String(values.date),
        receiptId,
        requestId: request.id,
        key: `${key}:asset:${l.id}`,
      });
    else if (item && l.acceptN > 0) {
      await w.append(
        'stockMovements',
        {
          id: newRowId('CR'),
          at,
          kind: 'receipt',
          item: item.id,
          name: item.name,
          change: l.acceptN,
          price: l.price,
          ref: receiptId,
          person: String(values.handler),
          department: String(request.v.department ?? ''),
          by: signedIn(c).name,
        },
        'stores.receive',
        `${key}:move:${l.id}`,
      );
    }
  }
  // Rejected goods are still owed (the supplier redelivers): the request stays partly received.
  const complete = lines.every((l) => l.received + l.acceptN >= l.quantity);
  await w.update('purchaseRequests', request.id, { status: complete ? 'received' : 'partial' }, 'stores.receive', `${key}:status`);
  const onlyAssets = lines.filter((l) => l.acceptN > 0).every((l) => l.item && state.itemById.get(l.item)?.assetCategory);
  return c.redirect(`/stores/receipts/${encodeURIComponent(receiptId)}?done=${onlyAssets ? 'registered' : 'received'}`, 303);
});

/**
 * A fixed asset received goes straight into the asset register (not into stock): one row per
 * unit, tagged in the register's scheme, with a 入库 event naming the receipt. Keyed per unit,
 * so a receipt submitted twice registers nothing twice.
 */
async function registerAssets(
  c: Ctx,
  item: Item,
  r: { units: number; price: number | null; date: string; receiptId: string; requestId: string; key: string },
) {
  const w = writes(c);
  const me = signedIn(c);
  const at = localDateTime();
  const tags = await newAssetTags(c, item.assetCategory, r.units);
  // One after another: the register lists the new tags in order (concurrent calls may arrive in any order).
  for (const [i, tag] of tags.entries()) {
    const row = await w.append(
      'assets',
      {
        tag,
        name: item.name,
        category: item.assetCategory as never,
        kind: 'fixed',
        room: '',
        source: 'purchased',
        acquired: r.date,
        price: r.price,
        status: 'idle',
        notes: [item.spec, `入库单 ${r.receiptId}`].filter(Boolean).join(' · '),
        updatedAt: at,
        updatedBy: me.name,
      },
      'stores.receive.asset',
      `${r.key}:${i}`,
    );
    if (!row.duplicate) {
      await w.append(
        'assetEvents',
        {
          id: newRowId('EV'),
          at,
          tag: row.rowId,
          type: 'received',
          ref: r.receiptId,
          notes: `入库：入库单 ${r.receiptId}（请购单 ${r.requestId}）`,
          by: me.name,
        },
        'stores.receive.asset',
        `${r.key}:${i}:event`,
      );
    }
  }
}

declare module '../../core/kit.js' {
  interface RouteRecords {
    /** The 入库单 of `/stores/receipts/:id`: its lines, grouped, and the store they were read with. */
    storeReceipt: NonNullable<Awaited<ReturnType<ReturnType<typeof receiptOfPath>>>>;
    /** The 领用单 of `/stores/issues/:id`: its number and rows, and the store they were read with. */
    issueSlip: NonNullable<Awaited<ReturnType<ReturnType<typeof slipOfPath<'issues'>>>>>;
    /** The 退还单 of `/stores/returns/:id`: its number and rows, and the store they were read with. */
    returnSlip: NonNullable<Awaited<ReturnType<ReturnType<typeof slipOfPath<'returns'>>>>>;
  }
}

function receiptOfPath(opts?: { fresh: true }) {
  return async (c: Ctx) => {
    const state = await loadStore(c.var.data, opts);
    const id = c.req.param('id') ?? '';
    const lines = state.receipts.filter((r) => r.values.receipt === id);
    const receipt = groupReceipts(lines)[0];
    return receipt && { state, id, lines, receipt };
  };
}

/** The 领用单 or 退还单 of the path, found by its number or a row's. */
function slipOfPath<K extends 'issues' | 'returns'>(kind: K, opts?: { fresh: true }) {
  return async (c: Ctx) => {
    const state = await loadStore(c.var.data, opts);
    const { slip, rows } = slipRowsOf<StoreState[K][number]>(state[kind], c.req.param('id') ?? '');
    const first = rows[0];
    return first && { state, slip, rows, first };
  };
}

// Preambles: the receipt or slip of the path (read fresh before a write), or the not-found page.
const noReceipt = (c: Ctx) => notFound(c, bilingual('stores.noReceipt', { id: c.req.param('id') }));
const noSlip = (c: Ctx) => notFound(c, bilingual('stores.noIssueSlip', { id: c.req.param('id') }));
const storeReceipt = loads('storeReceipt', { load: receiptOfPath(), missing: noReceipt });
const freshReceipt = loads('storeReceipt', { load: receiptOfPath({ fresh: true }), missing: noReceipt });
const issueSlip = loads('issueSlip', { load: slipOfPath('issues'), missing: noSlip });
const freshIssueSlip = loads('issueSlip', { load: slipOfPath('issues', { fresh: true }), missing: noSlip });

storeRoutes.get('/receipts/:id', requireRole(...roles.everyone), storeReceipt, async (c) => {
  const { state, id, receipt } = c.var.storeReceipt;
  const request = state.requests.find((r) => r.id === receipt.lines[0]?.request);
  const me = signedIn(c);
  const { assetEvents } = await c.var.data.read(['assetEvents']);
  const assetTags = assetEvents.rows.filter((e) => e.values.type === 'received' && e.values.ref === id).map((e) => String(e.values.tag));
  // Each line with its catalogue unit and spec, so quantities read "2 盒", not a bare number.
  const lines = receipt.lines.map((l) => {
    const item = state.itemById.get(String(l.item ?? ''));
    return { ...l, unit: item?.unit ?? '', spec: item?.spec ?? '' };
  });
  return render(c, 'stores/receipt', {
    title: `${msg(c, 'stores.receipt')} ${id}`,
    receipt: { ...receipt, lines },
    // The rejected and reason columns only when something was rejected (a phone has no room for empty ones).
    anyRejected: c.var.storeReceipt.lines.some((r) => r.values.rejected || r.values.rejectReason),
    assetTags,
    request: request?.v ?? null,
    done: c.req.query('done') ?? '',
    canReimburse: (me.role === 'head' || me.role === 'staff') && !receipt.reimbursed,
    formKey: newFormKey(),
    today: localDate(),
  });
});

/** 报销: the receipt's invoice has been paid back (the last step after 入库); every line of it is marked. */
storeRoutes.post('/receipts/:id/reimbursed', requireRole(...roles.office), freshReceipt, async (c) => {
  const { id, lines } = c.var.storeReceipt;
  const form = await readForm(c);
  const { values, errors } = validateInput(storeTabs.receipts, { reimbursed: form.text('date', 40) || localDate() }, { partial: true });
  if (errors.reimbursed) return refuse(c, errors.reimbursed, 422);
  if (String(values.reimbursed) > localDate()) return refuse(c, bilingual('stores.dateCannotFuture'), 422);
  const key = form.key('stores.reimbursed', id);
  await Promise.all(
    lines
      .filter((r) => !r.values.reimbursed)
      .map((r) => writes(c).update('receipts', r.id, { reimbursed: String(values.reimbursed) }, 'stores.reimbursed', `${key}:${r.id}`)),
  );
  return c.redirect(`/stores/receipts/${encodeURIComponent(id)}?done=reimbursed`, 303);
});

// ----- issuing -----------------------------------------------------------------------------

const oldForNewError = (item: Item): Text => bilingual('stores.issuedOldNewReturn', { name: item.name });

interface IssueLine {
  item: string;
  quantity: string;
  oldItem: string;
  oldReason: string;
  error?: Text;
  oldError?: Text;
}

/** Blank lines on a slip not issued against a request (one slip, one receiver, several items). */
const BLANK_LINES = 3;

/** What is still to issue on a request: per catalogue item, received less already issued against it (at most what is on hand). */
function requestLines(state: StoreState, request: StoreState['requests'][number]): IssueLine[] {
  const itemOfLine = new Map(state.receipts.map((r) => [r.values.line ?? '', r.values.item ?? '']));
  const issued = new Map<string, number>();
  for (const r of state.issues.filter((x) => x.values.request === request.id))
    issued.set(String(r.values.item), (issued.get(String(r.values.item)) ?? 0) + Number(r.values.quantity ?? 0));
  return request.lines.flatMap((l) => {
    const item = l.item || itemOfLine.get(l.id) || '';
    if (!item) return [];
    const left = Math.min(round(l.received - (issued.get(item) ?? 0)), state.onHand.get(item) ?? 0);
    issued.set(item, Math.max(0, round((issued.get(item) ?? 0) - l.received)));
    return [{ item, quantity: left > 0 ? String(left) : '', oldItem: '', oldReason: '' }];
  });
}

async function issueView(c: Ctx, state: StoreState, extra: Record<string, unknown> = {}) {
  const q = c.req.query();
  const request = q.request ? state.requests.find((r) => r.id === q.request) : undefined;
  const stock = stockRows(state).filter((s) => s.active);
  const blank = (item = ''): IssueLine => ({ item, quantity: '', oldItem: '', oldReason: '' });
  const lines =
    (extra.lines as IssueLine[] | undefined) ??
    (request ? requestLines(state, request) : [blank(q.item), ...Array.from({ length: BLANK_LINES - 1 }, () => blank())]);
  return render(
    c,
    'stores/issue',
    {
      title: msg(c, 'stores.issue'),
      stock,
      people: names(state.people),
      oldItems: storeTabs.oldItemOutcomes.filter((o) => o.key !== 'none'),
      formKey: newFormKey(),
      errors: {},
      input: {
        receiver: request ? String(request.v.requester ?? '') : (q.receiver ?? ''),
        department: request ? String(request.v.department ?? '') : '',
        purpose: request ? String(request.v.purpose ?? '') : '',
        request: request?.id ?? '',
      },
      ...extra,
      lines: lines.map((l, i) => ({ ...l, i })),
    },
    { status: extra.hasErrors ? 422 : 200 },
  );
}

storeRoutes.get('/issue', requireRole(...roles.office), async (c) => issueView(c, await loadStore(c.var.data)));

/**
 * One slip for everything handed over at once: each line a row of 领用单 sharing 领用单号, and its movement.
 * Stock is checked on the cached book, which holds every issue and receipt made through the portal the
 * moment it is saved; it is not read again from Google, since the items are handed over at the counter
 * whatever a sheet edit of the last seconds says (a book gone below zero shows as low stock, for a stocktake).
 */
storeRoutes.post('/issue', requireRole(...roles.office), async (c) => {
  const form = await readForm(c);
  const state = await loadStore(c.var.data);
  const key = form.key('stores.issue');
  const slip = await keyedRowId('LY', key);
  // The same form sent again finds the slip it wrote (checked against it, the stock would now look short).
  if (state.issues.some((r) => slipOf(r) === slip)) return c.redirect(`/stores/issues/${encodeURIComponent(slip)}?done=issued`, 303);
  const input = {
    receiver: form.text('receiver', 100),
    department: form.text('department', 100),
    purpose: form.text('purpose', 400),
    request: form.text('request', 60),
  };
  const { values, errors } = validateInput(storeTabs.storeIssues, input, { partial: true });
  if (!errors.receiver && !values.receiver) errors.receiver = bilingual('stores.enterWhoReceives');
  if (values.request && !state.requests.some((r) => r.id === values.request))
    errors.request = bilingual('stores.noRequest', { request: String(values.request) });
  const typed: IssueLine[] = Array.from({ length: LIMITS.lines }, (_, i) => ({
    item: form.text(`item_${i}`, 40),
    quantity: form.text(`quantity_${i}`, 40),
    oldItem: form.text(`oldItem_${i}`, 40),
    oldReason: form.text(`oldReason_${i}`, 400),
  }));
  const lastTyped = typed.findLastIndex((l) => l.item || l.quantity);
  const lines = typed.slice(0, Math.max(lastTyped + 1, 1));
  const wanted = new Map<string, number>();
  const checked = lines.map((l) => {
    if (!l.item && !l.quantity)
      return {
        ...l,
        skip: true,
        itemRow: undefined,
        quantityN: 0,
        oldItemKey: 'none' as 'returned' | 'written_off' | 'none',
        oldReasonText: '',
      };
    const item = state.itemById.get(l.item);
    const q = parseQuantity(l.quantity);
    const quantity = 'value' in q ? q.value : 0;
    const reason = validateInput(storeTabs.storeIssues, { oldReason: l.oldReason }, { partial: true });
    const oldItem: 'returned' | 'written_off' | 'none' = l.oldItem === 'returned' || l.oldItem === 'written_off' ? l.oldItem : 'none';
    let error: Text | undefined = !item ? bilingual('stores.chooseItemIssue') : 'error' in q ? q.error : undefined;
    if (item && !error) {
      const onHand = state.onHand.get(item.id) ?? 0;
      const total = round((wanted.get(item.id) ?? 0) + quantity);
      wanted.set(item.id, total);
      if (total > onHand) error = bilingual('stores.notEnoughStock', { name: item.name, onHand, unit: item.unit });
    }
    // 以旧换新: a durable item is issued new only against the old one.
    let oldError: Text | undefined = reason.errors.oldReason;
    if (item?.oldForNew && oldItem === 'none') oldError = oldForNewError(item);
    if (item?.oldForNew && oldItem === 'written_off' && !oldError && !reason.values.oldReason) oldError = bilingual('stores.sayWhyOldOne');
    return {
      ...l,
      skip: false,
      item: l.item,
      itemRow: item,
      quantityN: quantity,
      oldItemKey: item?.oldForNew ? oldItem : ('none' as const),
      oldReasonText: reason.values.oldReason ?? '',
      error,
      oldError,
    };
  });
  const toIssue = checked.filter((l) => !l.skip);
  if (!toIssue.length) errors.lines = bilingual('stores.enterAtLeastOne');
  if (Object.keys(errors).length || toIssue.some((l) => l.error || l.oldError)) {
    return issueView(c, state, { input, errors, lines: checked, hasErrors: true, formKey: form.text('_key') || newFormKey() });
  }

  const w = writes(c);
  const at = localDateTime().slice(0, 16);
  const receiver = String(values.receiver);
  const department = values.department ?? '';
  const me = signedIn(c);
  // Each line keyed, so a second submit records nothing more; one after another, so the slip's lines land in order.
  for (const [n, l] of toIssue.entries()) {
    const item = l.itemRow!;
    const line = {
      id: `${slip}-${n + 1}`,
      slip,
      at,
      item: item.id,
      name: item.name,
      quantity: l.quantityN,
      receiver,
      department,
      purpose: values.purpose ?? '',
      request: values.request ?? '',
      oldItem: l.oldItemKey,
      oldReason: l.oldReasonText,
      issuedBy: me.name,
      // The receiver at the counter, signed in: the issue is their signature.
      signedAt: receiver === me.name ? at : null,
    };
    await issueLine(w, line, receiver, 'stores.issue', `${key}:line:${n}`);
  }
  return c.redirect(`/stores/issues/${encodeURIComponent(slip)}?done=issued`, 303);
});

storeRoutes.get('/issues/:id', requireRole(...roles.everyone), issueSlip, async (c) => {
  const { state, slip, rows, first } = c.var.issueSlip;
  const me = signedIn(c);
  const lines = rows.map((r, i) => ({ n: i + 1, ...r.values, id: r.id, item: state.itemById.get(String(r.values.item)) }));
  const signedAt = rows.every((r) => r.values.signedAt) ? first.values.signedAt : null;
  return render(c, 'stores/issue-slip', {
    title: `${msg(c, 'stores.issueSlip')} ${slip}`,
    id: slip,
    v: { ...first.values, signedAt },
    lines,
    anyOldForNew: lines.some((l) => l.item?.oldForNew),
    oldItems: storeTabs.oldItemOutcomes,
    done: c.req.query('done') ?? '',
    canSign: !signedAt && first.values.receiver === me.name && me.role !== 'leader',
    // The storekeeper takes back what was not used from here (the return form filled in from the slip), while any is still out.
    canReturn: (me.role === 'head' || me.role === 'staff') && [...returnableOn(state, slip).values()].some((left) => left > 0),
    returns: slipsOf(returnsAgainst(state, slip), state.itemById),
    formKey: newFormKey(),
  });
});

/** The receiver signs for what they took: one tap on their own phone, for the whole slip. */
storeRoutes.post('/issues/:id/sign', requireRole(...roles.writers), freshIssueSlip, async (c) => {
  const { slip, rows, first } = c.var.issueSlip;
  const form = await readForm(c);
  const me = signedIn(c);
  if (first.values.receiver !== me.name)
    return refuse(c, bilingual('stores.onlyReceiverCanSign', { receiver: String(first.values.receiver) }), 403);
  const key = form.key('stores.issue.sign', slip);
  const at = localDateTime().slice(0, 16);
  await Promise.all(
    rows
      .filter((r) => !r.values.signedAt)
      .map((r) => writes(c).update('storeIssues', r.id, { signedAt: at }, 'stores.issue.sign', `${key}:${r.id}`)),
  );
  return c.redirect(`/stores/issues/${encodeURIComponent(slip)}?done=signed`, 303);
});

/** Sign for every slip waiting for me (a class head's term-start pack: one tap, not seven). */
storeRoutes.post('/issues/sign-all', requireRole(...roles.writers), async (c) => {
  const form = await readForm(c);
  const state = await loadStore(c.var.data, { fresh: true });
  const me = signedIn(c);
  const key = form.key('stores.issue.signAll');
  const at = localDateTime().slice(0, 16);
  const mine = state.issues.filter((r) => r.values.receiver === me.name && !r.values.signedAt);
  await Promise.all(mine.map((row) => writes(c).update('storeIssues', row.id, { signedAt: at }, 'stores.issue.sign', `${key}:${row.id}`)));
  return c.redirect(`/stores?done=signed&count=${unsignedFor(state, me.name).length}`, 303);
});

// ----- returns -----------------------------------------------------------------------------

interface ReturnLine {
  item: string;
  quantity: string;
  /** What can still come back on the issue slip, shown beside a line from it ("up to 3 把"). */
  upTo?: string;
  error?: Text;
}

/** Lines a return form reads: a slip filled in from a request or a term-start pack may have more than a typed one. */
const RETURN_LINES = 30;

/** What can still come back on the issue slip `id` (its number or a row's), per item; none when there is no such slip. */
function returnableSlip(state: StoreState, id: string) {
  const { slip, rows } = slipRowsOf(state.issues, id);
  return rows.length ? { slip, first: rows[0]!, left: returnableOn(state, slip) } : undefined;
}

const upTo = (state: StoreState, item: string, left: number | undefined) =>
  left === undefined ? undefined : `${left}${state.itemById.get(item)?.unit ?? ''}`;

async function returnView(c: Ctx, state: StoreState, extra: Record<string, unknown> = {}) {
  const q = c.req.query();
  const issued = q.issue ? returnableSlip(state, q.issue) : undefined;
  // From an issue slip: a line per item on it that can still come back, filled in with all of it.
  const fromSlip = [...(issued?.left ?? [])]
    .filter(([, left]) => left > 0)
    .map(([item, left]): ReturnLine => ({ item, quantity: String(left), upTo: upTo(state, item, left) }));
  const blank = (item = ''): ReturnLine => ({ item, quantity: '' });
  const lines =
    (extra.lines as ReturnLine[] | undefined) ??
    (fromSlip.length ? fromSlip : [blank(q.item), ...Array.from({ length: BLANK_LINES - 1 }, () => blank())]);
  return render(
    c,
    'stores/return',
    {
      title: msg(c, 'stores.return'),
      items: state.items.filter((i) => i.active),
      people: names(state.people),
      formKey: newFormKey(),
      errors: {},
      input: {
        returner: issued ? String(issued.first.values.receiver ?? '') : '',
        department: issued ? String(issued.first.values.department ?? '') : '',
        reason: '',
        issue: issued?.slip ?? '',
      },
      recent: slipsOf(state.returns, state.itemById).slice(-5).reverse(),
      ...extra,
      lines: lines.map((l, i) => ({ ...l, i })),
    },
    { status: extra.hasErrors ? 422 : 200 },
  );
}

storeRoutes.get('/return', requireRole(...roles.office), async (c) => returnView(c, await loadStore(c.var.data)));

/**
 * One 退还单 for everything brought back at once: each line a row sharing 退还单号, and its movement back into
 * the store. What is still out is checked on the cached book, as stock is for an issue: it holds every issue and
 * return made through the portal the moment it is saved.
 */
storeRoutes.post('/return', requireRole(...roles.office), async (c) => {
  const form = await readForm(c);
  const state = await loadStore(c.var.data);
  const key = form.key('stores.return');
  const slip = await keyedRowId('TH', key);
  // The same form sent again finds the slip it wrote (checked against it, its lines would now be too many).
  if (state.returns.some((r) => slipOf(r) === slip)) return c.redirect(`/stores/returns/${encodeURIComponent(slip)}?done=returned`, 303);
  const input = {
    returner: form.text('returner', 100),
    department: form.text('department', 100),
    reason: form.text('reason', 400),
    issue: form.text('issue', 60),
  };
  const { values, errors } = validateInput(storeTabs.storeReturns, input, { partial: true });
  if (!errors.returner && !values.returner) errors.returner = bilingual('stores.enterWhoReturns');
  const issued = values.issue ? returnableSlip(state, String(values.issue)) : undefined;
  if (values.issue && !issued) errors.issue = bilingual('stores.noSuchIssueSlip', { issue: String(values.issue) });
  // What is still out on the slip, less what earlier lines of this form bring back.
  const left = new Map(issued?.left);
  const typed = Array.from({ length: RETURN_LINES }, (_, i) => ({
    item: form.text(`item_${i}`, 40),
    quantity: form.text(`quantity_${i}`, 40),
  }));
  const lines = typed.slice(0, Math.max(typed.findLastIndex((l) => l.item || l.quantity) + 1, 1));
  const checked = lines.map((l) => {
    if (!l.item && !l.quantity) return { ...l, skip: true, itemRow: undefined, quantityN: 0, upTo: undefined, error: undefined };
    const item = state.itemById.get(l.item);
    const q = parseQuantity(l.quantity);
    const quantity = 'value' in q ? q.value : 0;
    const out = item && issued ? left.get(item.id) : undefined;
    let error: Text | undefined = !item ? bilingual('stores.chooseItemReturned') : 'error' in q ? q.error : undefined;
    if (item && issued && out === undefined) error = bilingual('stores.issueSlipWasNot', { slip: issued.slip, name: item.name });
    else if (item && !error && out !== undefined) {
      if (quantity > out) error = bilingual('stores.atMostCanStill', { slip: issued!.slip, name: item.name, left: out, unit: item.unit });
      else left.set(item.id, round(out - quantity));
    }
    return { ...l, skip: false, itemRow: item, quantityN: quantity, upTo: upTo(state, l.item, issued?.left.get(l.item)), error };
  });
  const toReturn = checked.filter((l) => !l.skip);
  if (!toReturn.length) errors.lines = bilingual('stores.enterAtLeastOne');
  if (Object.keys(errors).length || toReturn.some((l) => l.error))
    return returnView(c, state, { input, errors, lines: checked, hasErrors: true, formKey: form.text('_key') || newFormKey() });

  const w = writes(c);
  const at = localDateTime().slice(0, 16);
  const returner = String(values.returner);
  const department = values.department ?? '';
  const me = signedIn(c);
  // Each line keyed, so two submits at once record nothing more; one after another, so the slip's lines land in order.
  for (const [n, l] of toReturn.entries()) {
    const item = l.itemRow!;
    const row = await w.append(
      'storeReturns',
      {
        id: `${slip}-${n + 1}`,
        slip,
        at,
        item: item.id,
        name: item.name,
        quantity: l.quantityN,
        returner,
        department,
        reason: values.reason ?? '',
        issue: issued?.slip ?? '',
        receivedBy: me.name,
      },
      'stores.return',
      `${key}:line:${n}`,
    );
    if (!row.duplicate) {
      await w.append(
        'stockMovements',
        {
          id: newRowId('CR'),
          at,
          kind: 'return',
          item: item.id,
          name: item.name,
          change: l.quantityN,
          ref: slip,
          person: returner,
          department,
          by: me.name,
        },
        'stores.return',
        `${key}:line:${n}:move`,
      );
    }
  }
  return c.redirect(`/stores/returns/${encodeURIComponent(slip)}?done=returned`, 303);
});

const returnSlip = loads('returnSlip', {
  load: slipOfPath('returns'),
  missing: (c) => notFound(c, bilingual('stores.noReturnSlip', { id: c.req.param('id') })),
});

/** The 退还单, printable on A4 with the returner's and the handler's signature lines. */
storeRoutes.get('/returns/:id', requireRole(...roles.everyone), returnSlip, async (c) => {
  const { state, slip, rows, first } = c.var.returnSlip;
  const issue = String(first.values.issue ?? '');
  return render(c, 'stores/return-slip', {
    title: `${msg(c, 'stores.returnSlip')} ${slip}`,
    id: slip,
    v: first.values,
    // Rows written before return slips had lines name the issue slip's row: shown as its slip.
    issueSlip: issue && slipRowsOf(state.issues, issue).slip,
    lines: rows.map((r, i) => ({ n: i + 1, ...r.values, item: state.itemById.get(String(r.values.item)) })),
    done: c.req.query('done') ?? '',
  });
});

// ----- stock -------------------------------------------------------------------------------

storeRoutes.get('/stock', requireRole(...roles.everyone), async (c) => {
  const state = await loadStore(c.var.data);
  const low = c.req.query('low') === '1';
  const rows = stockRows(state).filter((r) => !low || r.low);
  const me = signedIn(c);
  return render(c, 'stores/stock', {
    title: msg(c, 'stores.stock'),
    rows,
    low,
    lowCount: rows.filter((r) => r.low).length,
    total: round(rows.reduce((s, r) => s + r.value, 0)),
    at: localDateTime().slice(0, 16).replace('T', ' '),
    done: c.req.query('done') ?? '',
    adjusted: Number(c.req.query('adjusted') ?? 0),
    isOffice: me.role === 'head' || me.role === 'staff',
    formKey: newFormKey(),
  });
});

/** Copy stock on hand into the 库存 tab (a printable view; the movements stay the record). */
storeRoutes.post('/stock/sheet', requireRole(...roles.office), async (c) => {
  const form = await readForm(c);
  const [state, { stock }] = await Promise.all([loadStore(c.var.data, { fresh: true }), c.var.data.read(['stock'], { fresh: true })]);
  const have = new Set(stock.rows.map((r) => r.id));
  const w = writes(c);
  const key = form.key('stores.stock.sheet');
  const at = localDateTime().slice(0, 16);
  for (const r of stockRows(state)) {
    const values = {
      name: r.name,
      spec: r.spec,
      unit: r.unit,
      onHand: r.onHand,
      minStock: r.minStock,
      value: r.value,
      location: r.location,
      updatedAt: at,
    };
    if (have.has(r.id)) await w.update('stock', r.id, values, 'stores.stock.sheet', `${key}:${r.id}`);
    else await w.append('stock', { item: r.id, ...values }, 'stores.stock.sheet', `${key}:${r.id}`);
  }
  return c.redirect('/stores/stock?done=sheet', 303);
});

/** The slips waiting for this person's signature (on the stores home page), each with its lines' names. */
export function unsignedFor(state: StoreState, name: string) {
  return slipsOf(
    state.issues.filter((x) => x.values.receiver === name && !x.values.signedAt),
    state.itemById,
  );
}

// ----- stocktake (库房盘点) ------------------------------------------------------------------

/** The count sheet: book quantity per item beside a field for what is on the shelf (帐物相符). */
storeRoutes.get('/stocktake', requireRole(...roles.office), async (c) => {
  const state = await loadStore(c.var.data);
  return render(c, 'stores/stocktake', {
    title: msg(c, 'stores.stocktake'),
    rows: stockRows(state),
    formKey: newFormKey(),
    at: localDateTime().slice(0, 16).replace('T', ' '),
  });
});

/** Counted quantities: each difference becomes one 盘点调整 movement, so the books match the shelves. */
storeRoutes.post('/stocktake', requireRole(...roles.office), async (c) => {
  const form = await readForm(c);
  const state = await loadStore(c.var.data, { fresh: true });
  const rows = stockRows(state);
  const counted: Record<string, string> = {};
  const errors: Record<string, Text> = {};
  const changes: Array<{ item: Item; change: number }> = [];
  for (const r of rows) {
    const raw = form.text(`count_${r.id}`, 40);
    counted[r.id] = raw;
    if (!raw) continue;
    const q = parseQuantity(raw, { allowZero: true });
    if ('error' in q) errors[r.id] = q.error;
    else if (q.value !== r.onHand) changes.push({ item: r, change: round(q.value - r.onHand) });
  }
  const note = validateInput(storeTabs.stockMovements, { ref: form.text('note', 200) }, { partial: true });
  if (Object.keys(errors).length || note.errors.ref) {
    const shown = rows.map((r) => ({ ...r, counted: counted[r.id], error: errors[r.id] }));
    return render(
      c,
      'stores/stocktake',
      {
        title: msg(c, 'stores.stocktake'),
        rows: shown,
        formKey: form.text('_key') || newFormKey(),
        noteError: note.errors.ref,
        hasErrors: true,
        at: localDateTime().slice(0, 16).replace('T', ' '),
      },
      { status: 422 },
    );
  }
  const w = writes(c);
  const key = form.key('stores.stocktake');
  const at = localDateTime().slice(0, 16);
  const ref = `PD-${at.slice(0, 10).replaceAll('-', '')}${note.values.ref ? ` ${note.values.ref}` : ''}`;
  const me = signedIn(c);
  for (const { item, change } of changes) {
    await w.append(
      'stockMovements',
      { id: newRowId('CR'), at, kind: 'adjust', item: item.id, name: item.name, change, ref, by: me.name },
      'stores.stocktake',
      `${key}:${item.id}`,
    );
  }
  return c.redirect(`/stores/stock?done=counted&adjusted=${changes.length}`, 303);
});
