/**
 * Loans (借用): requested with borrower and due date (the IOU, 借条) → decided by a leader in the
 * approval inbox (同意 / 不同意 with a comment, 一支笔审批) → handed over by the office; the
 * open and overdue list; return with a condition check. A loan is returned once: a second return is refused
 * with the date of the first, and two returns sent at the same moment share one idempotency
 * key, so only one is recorded.
 */
import { Hono } from 'hono';
import { assetTabs } from '../../../sheets-schema/index.js';
import {
  addDays,
  loads,
  localDate,
  newRowId,
  readForm,
  render,
  requireRole,
  roles,
  t,
  type AppEnv,
  type ApprovalSource,
  type Ctx,
  bilingual,
  msg,
} from '../../core/kit.js';
import { colLabel, renderForm, validateFields, type FormField } from './forms.js';
import { currentLoan, isOverdue, isOut, pendingLoan } from './loans.js';
import { assetNotFound, findAsset, writer } from './model.js';

const loanTab = assetTabs.assetLoans;

export const loanRoutes = new Hono<AppEnv>();

declare module '../../core/kit.js' {
  interface RouteRecords {
    /** The asset of `/assets/:tag/lend`, with the form's frame. */
    lending: NonNullable<Awaited<ReturnType<typeof lendContext>>>;
    /** The loan of `/assets/loans/:id/return`, with the form's frame. */
    returning: NonNullable<Awaited<ReturnType<typeof returnContext>>>;
  }
}

/** Preamble: the asset, or the not-found page; one lent, asked for or written off is refused. */
const lendable = loads('lending', {
  load: lendContext,
  missing: assetNotFound,
  refuse: (c, { refusal }) =>
    refusal && render(c, 'error', { title: t(c.var.locale, 'assets.lend'), message: t(c.var.locale, refusal) }, { status: 409 }),
});

/** Preamble: the loan, or the not-found page; one already returned is refused. */
const returnable = loads('returning', {
  load: returnContext,
  missing: (c) =>
    render(
      c,
      'error',
      {
        title: t(c.var.locale, 'assets.loans'),
        message: t(c.var.locale, 'assets.noLoanHasNumber', { id: c.req.param('id') }),
      },
      { status: 404 },
    ),
  refuse: (c, { returnedOn }) => (returnedOn ? alreadyReturned(c, returnedOn) : null),
});

loanRoutes.get('/', requireRole('head', 'staff', 'leader'), async (c) => {
  const { assetLoans } = await c.var.data.read(['assetLoans']);
  const today = localDate();
  const overdueOnly = c.req.query('overdue') === '1';
  const out = assetLoans.rows
    .filter(isOut)
    .map((l) => ({ ...l, overdue: isOverdue(l, today) }))
    .filter((l) => !overdueOnly || l.overdue)
    .sort((a, b) => String(a.values.due).localeCompare(String(b.values.due)));
  const returned = assetLoans.rows
    .filter((l) => l.values.returnedOn)
    .sort((a, b) => String(b.values.returnedOn).localeCompare(String(a.values.returnedOn)))
    .slice(0, 30);
  const byStatus = (status: string) => assetLoans.rows.filter((l) => l.values.status === status);
  return render(c, 'assets/loans', {
    title: t(c.var.locale, 'assets.loans'),
    waiting: byStatus('requested'),
    approved: byStatus('approved'),
    rejected: byStatus('rejected')
      .sort((a, b) => String(b.values.decidedAt).localeCompare(String(a.values.decidedAt)))
      .slice(0, 10),
    out,
    overdueCount: out.filter((l) => l.overdue).length,
    overdueOnly,
    returned,
    conditions: assetTabs.loanConditions,
    canManage: c.var.person!.role !== 'leader',
  });
});

const lendFields = (today: string): FormField[] => [
  { name: 'borrower', label: colLabel(loanTab, 'borrower'), list: 'people-list', required: true },
  { name: 'unit', label: colLabel(loanTab, 'unit') },
  { name: 'lentOn', label: colLabel(loanTab, 'lentOn'), type: 'date', required: true, value: today },
  { name: 'due', label: colLabel(loanTab, 'due'), type: 'date', required: true, value: addDays(today, 7) },
  { name: 'notes', label: colLabel(loanTab, 'notes'), type: 'textarea' },
];

/** Lending lives under the asset (`/assets/:tag/lend`); registered on the main router. */
export const lendRoutes = new Hono<AppEnv>();

lendRoutes.get('/:tag/lend', requireRole(...roles.office), lendable, async (c) => {
  return renderForm(c, { ...c.var.lending.base, fields: lendFields(localDate()) });
});

lendRoutes.post('/:tag/lend', requireRole(...roles.office), lendable, async (c) => {
  const ctx = c.var.lending;
  const row = ctx.row;
  const form = await readForm(c);
  const v = validateFields(loanTab, form.fields(), lendFields(localDate()));
  const lentOn = v.values.lentOn ?? '';
  const due = v.values.due ?? '';
  if (!v.errors && due < lentOn) {
    v.fields.find((f) => f.name === 'due')!.error = bilingual('assets.dueDateCannotBefore');
    v.errors++;
  }
  if (v.errors) return renderForm(c, { ...ctx.base, fields: v.fields }, 422);
  const w = writer(c);
  const key = form.key('asset.lend');
  // A request: leadership decides it in the approval inbox; the office hands it over once approved.
  await w.append(
    'assetLoans',
    { id: newRowId('JY'), tag: row.id, name: row.values.name ?? '', ...v.values, status: 'requested', by: w.person.name },
    'asset.loan.request',
    key,
  );
  return c.redirect(`/assets/${row.id}?done=loanRequested`, 303);
});

/** Hand over an approved loan: the asset is lent from today. One key per loan, so it happens once. */
loanRoutes.post('/:id/hand-over', requireRole(...roles.office), async (c) => {
  const { assets, assetLoans } = await c.var.data.read(['assets', 'assetLoans'], { fresh: true });
  const loan = assetLoans.rows.find((l) => l.id === c.req.param('id'));
  if (!loan)
    return render(c, 'error', { title: t(c.var.locale, 'assets.loans'), message: t(c.var.locale, 'assets.noSuchLoan') }, { status: 404 });
  if (loan.values.status !== 'approved') {
    const message =
      loan.values.status === 'requested' ? bilingual('assets.leadershipMustApproveLoan') : bilingual('assets.loanCannotHandedOver');
    return render(c, 'error', { title: t(c.var.locale, 'assets.lend'), message: t(c.var.locale, message) }, { status: 409 });
  }
  const asset = assets.rows.find((a) => a.id === loan.values.tag);
  const w = writer(c);
  const key = `asset.lend:${loan.id}`;
  const today = localDate();
  const receipt = await w.update('assetLoans', loan.id, { status: 'lent', lentOn: today }, 'asset.lend', key);
  if (!receipt.duplicate) {
    if (asset) await w.update('assets', asset.id, { status: 'lent' }, 'asset.lend', `${key}:state`);
    await w.event(
      {
        tag: String(loan.values.tag),
        type: 'lent',
        fromRoom: asset?.values.room ?? '',
        toPerson: loan.values.borrower ?? '',
        ref: loan.id,
        notes: `应还 ${loan.values.due ?? ''}`,
      },
      key,
    );
  }
  return c.redirect(`/assets/${String(loan.values.tag)}?done=lent`, 303);
});

const returnFields = (today: string): FormField[] => [
  { name: 'returnedOn', label: colLabel(loanTab, 'returnedOn'), type: 'date', required: true, value: today },
  {
    name: 'condition',
    label: colLabel(loanTab, 'condition'),
    required: true,
    options: assetTabs.loanConditions.map((o) => ({ value: o.key, label: { zh: o.zh, en: o.en } })),
    value: 'good',
  },
  { name: 'notes', label: colLabel(loanTab, 'notes'), type: 'textarea' },
];

loanRoutes.get('/:id/return', requireRole(...roles.office), returnable, async (c) => {
  return renderForm(c, { ...c.var.returning.base, fields: returnFields(localDate()) });
});

loanRoutes.post('/:id/return', requireRole(...roles.office), returnable, async (c) => {
  const ctx = c.var.returning;
  const loan = ctx.loan;
  const form = await readForm(c);
  const v = validateFields(loanTab, form.fields(), returnFields(localDate()));
  if (!v.errors && String(v.values.returnedOn) < (loan.values.lentOn ?? '')) {
    v.fields.find((f) => f.name === 'returnedOn')!.error = bilingual('assets.returnDateCannotBefore');
    v.errors++;
  }
  if (v.errors) return renderForm(c, { ...ctx.base, fields: v.fields }, 422);
  const w = writer(c);
  // One key per loan, whoever returns it: two returns at once are recorded once.
  const key = `asset.return:${loan.id}`;
  const notes = [loan.values.notes, v.values.notes].filter(Boolean).join('\n').slice(0, 500);
  const receipt = await w.update(
    'assetLoans',
    loan.id,
    { returnedOn: v.values.returnedOn ?? null, condition: v.values.condition ?? null, notes },
    'asset.return',
    key,
  );
  if (receipt.duplicate) return alreadyReturned(c, '');
  const tag = String(loan.values.tag);
  const damaged = v.values.condition === 'damaged';
  if (ctx.asset && ctx.asset.values.status === 'lent')
    await w.update('assets', ctx.asset.id, { status: damaged ? 'damaged' : 'in_use' }, 'asset.return', `${key}:state`);
  await w.event(
    {
      tag,
      type: 'returned',
      fromPerson: loan.values.borrower ?? '',
      ref: loan.id,
      notes: `${t('zh-CN', assetTabs.loanConditions.find((o) => o.key === v.values.condition)!)}${v.values.notes ? `；${v.values.notes}` : ''}`,
    },
    key,
  );
  if (damaged)
    await w.event(
      {
        tag,
        type: 'damaged',
        payer: loan.values.borrower ?? '',
        ref: loan.id,
        notes: v.values.notes || '归还时发现损坏',
      },
      `${key}:damage`,
    );
  return c.redirect(`/assets/${tag}?done=returned`, 303);
});

/** A second return: refused with the date of the first ('' when it was just now). */
function alreadyReturned(c: Ctx, returnedOn: string) {
  return render(
    c,
    'error',
    {
      title: t(c.var.locale, 'assets.returnSubmit'),
      message: returnedOn ? msg(c, 'assets.loanReturnedOn', { date: returnedOn }) : msg(c, 'assets.loanJustReturned'),
    },
    { status: 409 },
  );
}

async function lendContext(c: Ctx) {
  const { assets, assetLoans, people } = await c.var.data.read(['assets', 'assetLoans', 'people']);
  const row = findAsset(assets.rows, c.req.param('tag') ?? '');
  if (!row) return undefined;
  const open = currentLoan(assetLoans.rows, row.id);
  const pending = pendingLoan(assetLoans.rows, row.id);
  const refusal = open
    ? bilingual('assets.alreadyLentDueReturn', { borrower: String(open.values.borrower), due: String(open.values.due) })
    : pending
      ? bilingual('assets.loanRequestAlreadyProgress', { pendingId: pending.id, borrower: String(pending.values.borrower) })
      : row.values.status === 'written_off'
        ? bilingual('assets.assetWrittenOffCannot')
        : null;
  return {
    row,
    refusal,
    base: {
      title: t(c.var.locale, 'assets.lendAsset'),
      action: `/assets/${row.id}/lend`,
      submit: bilingual('assets.requestLoan'),
      back: `/assets/${row.id}`,
      asset: row,
      intro: bilingual('assets.loanRule'),
      people: people.rows.filter((p) => p.values.active !== false).map((p) => p.values.name ?? ''),
    },
  };
}

async function returnContext(c: Ctx) {
  const { assets, assetLoans } = await c.var.data.read(['assets', 'assetLoans']);
  const loan = assetLoans.rows.find((l) => l.id === c.req.param('id'));
  if (!loan) return undefined;
  const asset = assets.rows.find((r) => r.id === loan.values.tag);
  return {
    loan,
    asset,
    returnedOn: loan.values.returnedOn ?? '',
    base: {
      title: t(c.var.locale, 'assets.returnLoan'),
      action: `/assets/loans/${loan.id}/return`,
      submit: bilingual('assets.returnSubmit'),
      back: asset ? `/assets/${asset.id}` : '/assets/loans',
      asset,
      intro: bilingual('assets.borrowerLentDueCheck', {
        borrower: String(loan.values.borrower),
        lentOn: String(loan.values.lentOn),
        due: String(loan.values.due),
      }),
    },
  };
}

/**
 * Loans in the approval inbox: any active leader decides (一支笔审批). The decision is set on the
 * loan (only its `approverWrites` columns) and written into the asset's history either way.
 */
export const loanApprovals: ApprovalSource = {
  href: () => '/assets/loans',
  async pending({ data, person }) {
    const { assetLoans } = await data.read(['assetLoans']);
    return assetLoans.rows
      .filter((r) => r.values.status === 'requested')
      .map((r) => ({
        id: r.id,
        kind: bilingual('assets.loanKind'),
        summary: [
          `${String(r.values.tag)} ${r.values.name ?? ''}`,
          `${r.values.borrower ?? ''}${r.values.unit ? `（${r.values.unit}）` : ''}`,
          `${r.values.lentOn ?? ''} → ${r.values.due ?? ''}`,
          r.values.notes ?? '',
        ]
          .filter(Boolean)
          .join(' · ')
          .slice(0, 200),
        amount: null,
        // A loan keeps no request time: its dates (lent on → due) are in the summary.
        requestedBy: r.values.by ?? '',
        href: `/assets/${encodeURIComponent(String(r.values.tag))}`,
        decider: bilingual('assets.leadership'),
        mayDecide: person.role === 'leader',
      }));
  },
  async decide(c, id, { approved, comment, at }) {
    const person = c.var.person!;
    const { assetLoans } = await c.var.data.read(['assetLoans']);
    const row = assetLoans.rows.find((r) => r.id === id);
    if (!row) return { refused: bilingual('assets.noLoanRequest', { id }), status: 404 };
    if (person.role !== 'leader') return { refused: bilingual('assets.loansDecidedByLeadership'), status: 403 };
    if (row.values.status !== 'requested') return { refused: bilingual('assets.requestHasAlreadyBeen') };
    const tag = String(row.values.tag);
    const said = `${person.name}${approved ? '同意' : '不同意'}借给 ${row.values.borrower ?? ''}${comment ? `：${comment}` : ''}`;
    return {
      summary: `${tag} ${row.values.name ?? ''} → ${row.values.borrower ?? ''}`,
      amount: null,
      update: {
        tab: 'assetLoans',
        id: row.id,
        expect: { status: 'requested' },
        changes: { status: approved ? 'approved' : 'rejected', approver: person.name, decidedAt: at, comment },
      },
      appends: [
        {
          tab: 'assetEvents',
          values: {
            id: newRowId('EV'),
            at,
            tag,
            type: approved ? 'loan_approved' : 'loan_rejected',
            ref: row.id,
            by: person.name,
            notes: said.slice(0, 1000),
          },
        },
      ],
    };
  },
};
