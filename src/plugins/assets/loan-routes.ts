/**
 * Loans (借用): lend with borrower, approver and due date (the IOU, 借条); the open and overdue
 * list; return with a condition check. A loan is returned once: a second return is refused
 * with the date of the first, and two returns sent at the same moment share one idempotency
 * key, so only one is recorded.
 */
import { Hono } from 'hono';
import { assetTabs } from '../../../sheets-schema/index.js';
import { addDays, localDate, newRowId, readForm, render, requireRole, roles, t, type AppEnv, type Ctx } from '../../core/kit.js';
import { colLabel, renderForm, validateFields, type FormField } from './forms.js';
import { currentLoan, isOverdue, isOut } from './loans.js';
import { writer } from './model.js';
import { fold } from './search.js';

const loanTab = assetTabs.assetLoans;

export const loanRoutes = new Hono<AppEnv>();

loanRoutes.get('/', requireRole('head', 'staff', 'leader'), async (c) => {
  const { assetLoans } = await c.var.data.read(['assetLoans']);
  const today = localDate();
  const overdueOnly = c.req.query('overdue') === '1';
  const out = assetLoans.rows
    .filter(isOut)
    .map((l) => ({ ...l, overdue: isOverdue(l, today) }))
    .filter((l) => !overdueOnly || l.overdue)
    .sort((a, b) => String(a.values.due).localeCompare(String(b.values.due)));
  const returned = assetLoans.rows.filter((l) => !isOut(l)).sort((a, b) => String(b.values.returnedOn).localeCompare(String(a.values.returnedOn))).slice(0, 30);
  return render(c, 'assets/loans', {
    title: t(c.var.locale, 'assets.loans'),
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
  { name: 'approver', label: colLabel(loanTab, 'approver'), list: 'people-list', required: true },
  { name: 'lentOn', label: colLabel(loanTab, 'lentOn'), type: 'date', required: true, value: today },
  { name: 'due', label: colLabel(loanTab, 'due'), type: 'date', required: true, value: addDays(today, 7) },
  { name: 'notes', label: colLabel(loanTab, 'notes'), type: 'textarea' },
];

/** Lending lives under the asset (`/assets/:tag/lend`); registered on the main router. */
export const lendRoutes = new Hono<AppEnv>();

lendRoutes.get('/:tag/lend', requireRole(...roles.office), async (c) => {
  const ctx = await lendContext(c);
  if (!ctx.row) return ctx.notFound();
  if (ctx.refusal) return ctx.refuse();
  return renderForm(c, { ...ctx.base, fields: lendFields(localDate()) });
});

lendRoutes.post('/:tag/lend', requireRole(...roles.office), async (c) => {
  const ctx = await lendContext(c);
  const row = ctx.row;
  if (!row) return ctx.notFound();
  if (ctx.refusal) return ctx.refuse();
  const form = await readForm(c);
  const v = validateFields(loanTab, form.fields(), lendFields(localDate()));
  const lentOn = v.values.lentOn ?? '';
  const due = v.values.due ?? '';
  if (!v.errors && due < lentOn) {
    v.fields.find((f) => f.name === 'due')!.error = { zh: '应还日期不能早于借出日期', en: 'The due date cannot be before the loan date' };
    v.errors++;
  }
  if (v.errors) return renderForm(c, { ...ctx.base, fields: v.fields }, 422);
  const w = writer(c);
  const key = form.key('asset.lend');
  const loan = await w.append('assetLoans', { id: newRowId('JY'), tag: row.id, name: row.values.name ?? '', ...v.values, by: w.person.name }, 'asset.lend', key);
  if (!loan.duplicate) {
    await w.update('assets', row.id, { status: 'lent' }, 'asset.lend', `${key}:state`);
    await w.event({ tag: row.id, type: 'lent', fromRoom: row.values.room ?? '', toPerson: String(v.values.borrower), ref: loan.rowId, notes: `应还 ${due}` }, key);
  }
  return c.redirect(`/assets/${row.id}?done=lent`, 303);
});

const returnFields = (today: string): FormField[] => [
  { name: 'returnedOn', label: colLabel(loanTab, 'returnedOn'), type: 'date', required: true, value: today },
  { name: 'condition', label: colLabel(loanTab, 'condition'), required: true, options: assetTabs.loanConditions.map((o) => ({ value: o.key, label: { zh: o.zh, en: o.en } })), value: 'good' },
  { name: 'notes', label: colLabel(loanTab, 'notes'), type: 'textarea' },
];

loanRoutes.get('/:id/return', requireRole(...roles.office), async (c) => {
  const ctx = await returnContext(c);
  if (!ctx.loan) return ctx.notFound();
  if (ctx.already) return ctx.refuse();
  return renderForm(c, { ...ctx.base, fields: returnFields(localDate()) });
});

loanRoutes.post('/:id/return', requireRole(...roles.office), async (c) => {
  const ctx = await returnContext(c);
  const loan = ctx.loan;
  if (!loan) return ctx.notFound();
  if (ctx.already) return ctx.refuse();
  const form = await readForm(c);
  const v = validateFields(loanTab, form.fields(), returnFields(localDate()));
  if (!v.errors && String(v.values.returnedOn) < (loan.values.lentOn ?? '')) {
    v.fields.find((f) => f.name === 'returnedOn')!.error = { zh: '归还日期不能早于借出日期', en: 'The return date cannot be before the loan date' };
    v.errors++;
  }
  if (v.errors) return renderForm(c, { ...ctx.base, fields: v.fields }, 422);
  const w = writer(c);
  // One key per loan, whoever returns it: two returns at once are recorded once.
  const key = `asset.return:${loan.id}`;
  const notes = [loan.values.notes, v.values.notes].filter(Boolean).join('\n').slice(0, 500);
  const receipt = await w.update('assetLoans', loan.id, { returnedOn: v.values.returnedOn ?? null, condition: v.values.condition ?? null, notes }, 'asset.return', key);
  if (receipt.duplicate) return ctx.refuse();
  const tag = String(loan.values.tag);
  const damaged = v.values.condition === 'damaged';
  if (ctx.asset && ctx.asset.values.status === 'lent') await w.update('assets', ctx.asset.id, { status: damaged ? 'damaged' : 'in_use' }, 'asset.return', `${key}:state`);
  await w.event({ tag, type: 'returned', fromPerson: loan.values.borrower ?? '', ref: loan.id, notes: `${t('zh-CN', assetTabs.loanConditions.find((o) => o.key === v.values.condition)!)}${v.values.notes ? `；${v.values.notes}` : ''}` }, key);
  if (damaged) await w.event({ tag, type: 'damaged', payer: loan.values.borrower ?? '', ref: loan.id, notes: String(v.values.notes ?? '归还时发现损坏') || '归还时发现损坏' }, `${key}:damage`);
  return c.redirect(`/assets/${tag}?done=returned`, 303);
});

async function lendContext(c: Ctx) {
  const { assets, assetLoans, people } = await c.var.data.read(['assets', 'assetLoans', 'people']);
  const tag = c.req.param('tag') ?? '';
  const row = assets.rows.find((r) => r.id === tag) ?? assets.rows.find((r) => fold(r.id) === fold(tag));
  const open = row ? currentLoan(assetLoans.rows, row.id) : undefined;
  const refusal =
    open ? { zh: `这件资产已借给 ${String(open.values.borrower)}，应还日期 ${String(open.values.due)}，请先归还。`, en: `Already lent to ${String(open.values.borrower)}, due ${String(open.values.due)}; return it first.` }
    : row?.values.status === 'written_off' ? { zh: '这件资产已报废，不能借出。', en: 'This asset is written off and cannot be lent.' }
    : null;
  return {
    row,
    refusal,
    base: {
      title: t(c.var.locale, { zh: '借出资产', en: 'Lend an asset' }),
      action: `/assets/${row?.id}/lend`,
      submit: { zh: '确认借出', en: 'Lend' },
      back: `/assets/${row?.id}`,
      asset: row,
      intro: { zh: '借用须经批准；逾期未还按原价赔偿。', en: 'Loans need approval; items not returned on time are charged at the original price.' },
      people: people.rows.filter((p) => p.values.active !== false).map((p) => (p.values.name ?? '')),
    },
    notFound: () => render(c, 'error', { title: t(c.var.locale, 'assets.title'), message: t(c.var.locale, 'assets.notFound', { tag }) }, { status: 404 }),
    refuse: () => render(c, 'error', { title: t(c.var.locale, 'assets.lend'), message: t(c.var.locale, refusal!) }, { status: 409 }),
  };
}

async function returnContext(c: Ctx) {
  const { assets, assetLoans } = await c.var.data.read(['assets', 'assetLoans']);
  const id = c.req.param('id') ?? '';
  const loan = assetLoans.rows.find((l) => l.id === id);
  const asset = loan ? assets.rows.find((r) => r.id === loan.values.tag) : undefined;
  const returnedOn = loan?.values.returnedOn ? String(loan.values.returnedOn) : '';
  return {
    loan,
    asset,
    already: Boolean(returnedOn),
    base: {
      title: t(c.var.locale, { zh: '归还借用物品', en: 'Return a loan' }),
      action: `/assets/loans/${loan?.id}/return`,
      submit: { zh: '确认归还', en: 'Return' },
      back: asset ? `/assets/${asset.id}` : '/assets/loans',
      asset,
      intro: loan ? { zh: `借用人：${String(loan.values.borrower)}；借出：${String(loan.values.lentOn)}；应还：${String(loan.values.due)}。请检查物品状况。`, en: `Borrower: ${String(loan.values.borrower)}; lent ${String(loan.values.lentOn)}; due ${String(loan.values.due)}. Check the item's condition.` } : null,
    },
    notFound: () => render(c, 'error', { title: t(c.var.locale, 'assets.loans'), message: t(c.var.locale, { zh: `没有单号为 ${id} 的借用记录。`, en: `No loan has the number ${id}.` }) }, { status: 404 }),
    refuse: () =>
      render(c, 'error', {
        title: t(c.var.locale, 'assets.return'),
        message: t(c.var.locale, { zh: `这笔借用已于 ${returnedOn || '刚才'} 归还，不能重复归还；没有再作任何记录。`, en: `This loan was already returned${returnedOn ? ` on ${returnedOn}` : ''}; nothing more was recorded.` }),
      }, { status: 409 }),
  };
}
