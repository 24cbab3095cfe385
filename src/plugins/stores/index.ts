/**
 * 库房与采购 (stores and purchasing): 请购 → 审批 (by value, in the approval inbox) → 验收入库
 * → 领用 (old for new) / 退还, with stock on hand derived from 出入库记录. See README
 * "Stores and purchasing".
 */
import { Hono } from 'hono';
import { storeTabs } from '../../../sheets-schema/index.js';
import {
  addDays,
  definePlugin,
  msg,
  newFormKey,
  render,
  requireRole,
  roles,
  signedIn,
  type Alert,
  type AppEnv,
  type PluginContext,
} from '../../core/kit.js';
import { loadStore, mayApprove, STORE_TABS, type StoreState, stockRows } from './model.js';
import { storesMessages } from './messages.js';
import { packRoutes } from './packs.js';
import { requestApprovals, requestRoutes } from './requests.js';
import { storeRoutes, unsignedFor } from './store.js';
import { storesSummary } from './summary.js';

const routes = new Hono<AppEnv>();

routes.get('/', requireRole(...roles.everyone), async (c) => {
  const state = await loadStore(c.var.data);
  const me = signedIn(c);
  const mine = state.requests
    .filter((r) => r.v.requester === me.name)
    .sort((a, b) => String(b.v.requestedAt).localeCompare(String(a.v.requestedAt)))
    .slice(0, 10);
  const isOffice = me.role === 'head' || me.role === 'staff';
  return render(c, 'stores/index', {
    title: msg(c, 'stores.title'),
    mine,
    unsigned: unsignedFor(state, me.name),
    isOffice,
    isApprover: me.role === 'head' || me.role === 'leader',
    toReceive: isOffice ? state.requests.filter((r) => r.v.status === 'approved' || r.v.status === 'partial') : [],
    lowCount: stockRows(state).filter((s) => s.low).length,
    statuses: storeTabs.requestStatuses,
    formKey: newFormKey(),
    done: c.req.query('done') ?? '',
  });
});
routes.route('/requests', requestRoutes);
routes.route('/packs', packRoutes);
routes.route('/', storeRoutes);

/** What the store's keeper is to see: items below minimum, and requests to receive. */
function keeperAlerts(state: StoreState): Alert[] {
  const alerts: Alert[] = [];
  const low = stockRows(state).filter((s) => s.low).length;
  if (low) alerts.push({ level: 'warn', text: storesMessages['stores.alert.low'], params: { count: low }, href: '/stores/stock?low=1' });
  // The same requests the stores page lists to receive: approved, and partly received (the rest still to come).
  const toReceive = state.requests.filter((r) => r.v.status === 'approved' || r.v.status === 'partial').length;
  if (toReceive)
    alerts.push({ level: 'info', text: storesMessages['stores.alert.toReceive'], params: { count: toReceive }, href: '/stores' });
  return alerts;
}

const signAlert = (count: number): Alert => ({
  level: 'info',
  text: storesMessages['stores.alert.sign'],
  params: { count },
  href: '/stores',
});

/** Desk alerts: items below minimum for the office; requests waiting for this approver. */
async function storesAlerts({ data, person }: PluginContext): Promise<Alert[]> {
  const state = await loadStore(data);
  const alerts: Alert[] = person.role === 'head' || person.role === 'staff' ? keeperAlerts(state) : [];
  const waiting = state.requests.filter((r) => r.v.status === 'pending' && mayApprove(state.tiers, r.total, person)).length;
  if (waiting) alerts.push({ level: 'info', text: storesMessages['stores.alert.approve'], params: { count: waiting }, href: '/approvals' });
  const unsigned = unsignedFor(state, person.name).length;
  if (unsigned && person.role !== 'leader') alerts.push(signAlert(unsigned));
  return alerts;
}

/** Days back a staff member counts as the store's keeper after issuing from it or accepting into it. */
const KEEPER_DAYS = 90;

/**
 * A staff member's own store duties ("mine today": the staff desk, which shows no office alerts, and the
 * daily digest): slips waiting for their signature; and for whoever keeps the store — has issued from it
 * or accepted goods into it lately (保管员) — what is below minimum and what is to receive.
 */
async function storesDuties({ data, person, today }: PluginContext): Promise<Alert[]> {
  const state = await loadStore(data);
  const unsigned = unsignedFor(state, person.name).length;
  const since = addDays(today, -KEEPER_DAYS);
  const keeps =
    state.issues.some((r) => r.values.issuedBy === person.name && String(r.values.at ?? '').slice(0, 10) >= since) ||
    state.receipts.some((r) => r.values.acceptor === person.name && String(r.values.date ?? '') >= since);
  return [...(unsigned ? [signAlert(unsigned)] : []), ...(keeps ? keeperAlerts(state) : [])];
}

export const storesPlugin = definePlugin({
  id: 'stores',
  tabs: [...STORE_TABS, 'issuePacks', 'classes', 'stock', 'approvals', 'assets', 'assetEvents'],
  nav: [{ path: '/stores', label: storesMessages['stores.title'], roles: roles.everyone }],
  routes,
  messages: storesMessages,
  alerts: storesAlerts,
  duties: storesDuties,
  summary: storesSummary,
  approvals: requestApprovals,
  events: [
    {
      key: 'stores.approvalWaiting',
      label: { zh: '请购待审批', en: 'Approval waiting' },
      to: { zh: '该金额档的审批人', en: 'The approver of the request’s value tier' },
      title: { zh: '请购待审批：{id}', en: 'Purchase request to approve: {id}' },
      body: { zh: '{requester} 申请采购（{total}）：{purpose}', en: '{requester} asks to buy ({total}): {purpose}' },
    },
  ],
});
