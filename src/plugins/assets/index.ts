import { assetTabs } from '../../../sheets-schema/index.js';
import { definePlugin, glossary, roles, type Alert, type PluginContext } from '../../core/kit.js';
import { isOverdue } from './loans.js';
import { assetMessages } from './messages.js';
import { assetProblems } from './problems.js';
import { assetRoutes } from './routes.js';
import { assetSummary } from './summary.js';
import { loanApprovals } from './loan-routes.js';
import { writeOffApprovals } from './writeoff-routes.js';
import { assetDuties, assetEvents, assetReminders } from './notices.js';

/**
 * 校产 (asset register): register and history, QR labels, loans, transfers, write-offs,
 * damage, class responsibility and room-by-room stocktakes. See README "Modules → Assets".
 */
export const assetsPlugin = definePlugin({
  id: 'assets',
  tabs: ['assets', 'assetEvents', 'assetLoans', 'assetWriteOffs', 'classChecks', 'stocktakes', 'stocktakeLines', 'rooms', 'classes'],
  nav: [{ path: '/assets', label: { ...glossary['term.assets'], en: 'Assets' }, roles: roles.everyone }],
  routes: assetRoutes,
  messages: assetMessages,
  alerts: assetAlerts,
  events: assetEvents,
  duties: assetDuties,
  reminders: assetReminders,
  summary: assetSummary,
  approvals: {
    // Loans and write-offs share the module's inbox entry: a loan's number is tried first.
    pending: async (ctx) => [...(await loanApprovals.pending(ctx)), ...(await writeOffApprovals.pending(ctx))],
    decide: async (c, id, decision) => {
      const loan = await loanApprovals.decide(c, id, decision);
      return 'refused' in loan && loan.status === 404 ? writeOffApprovals.decide(c, id, decision) : loan;
    },
    href: (subject) => (subject.startsWith(`${assetTabs.assetWriteOffs.idPrefix}-`) ? writeOffApprovals : loanApprovals).href(subject),
  },
  problems: async (data) => assetProblems(await data.read(['assets', 'rooms', 'classes', 'assetLoans', 'assetWriteOffs', 'classChecks'])),
});

/** Desk alerts: overdue loans (logistics and the borrower), write-offs awaiting leadership, open stocktakes. */
async function assetAlerts({ data, person, today }: PluginContext): Promise<Alert[]> {
  const { assetLoans, assetWriteOffs, stocktakes } = await data.read(['assetLoans', 'assetWriteOffs', 'stocktakes']);
  const overdue = assetLoans.rows.filter((l) => isOverdue(l, today));
  const alerts: Alert[] = [];
  if ((person.role === 'head' || person.role === 'staff' || person.role === 'leader') && overdue.length) {
    alerts.push({
      level: 'warn',
      text: assetMessages['assets.alert.overdue'],
      params: { count: overdue.length },
      href: '/assets/loans?overdue=1',
    });
  }
  const mine = overdue.filter((l) => l.values.borrower === person.name);
  if (mine.length && person.role !== 'head' && person.role !== 'staff') {
    alerts.push({ level: 'bad', text: assetMessages['assets.alert.myOverdue'], params: { count: mine.length } });
  }
  const pending = assetWriteOffs.rows.filter((r) => r.values.status === 'requested').length;
  if (pending && (person.role === 'head' || person.role === 'leader')) {
    alerts.push({
      level: 'info',
      text: assetMessages['assets.alert.writeOffs'],
      params: { count: pending },
      href: person.role === 'leader' ? '/approvals' : '/assets/write-offs',
    });
  }
  const loansWaiting = assetLoans.rows.filter((r) => r.values.status === 'requested').length;
  if (loansWaiting && (person.role === 'head' || person.role === 'leader')) {
    alerts.push({
      level: 'info',
      text: assetMessages['assets.alert.loans'],
      params: { count: loansWaiting },
      href: person.role === 'leader' ? '/approvals' : '/assets/loans',
    });
  }
  const open = stocktakes.rows.filter((s) => s.values.status === 'open').length;
  if (open && (person.role === 'head' || person.role === 'staff')) {
    alerts.push({ level: 'info', text: assetMessages['assets.alert.stocktakes'], params: { count: open }, href: '/assets/stocktakes' });
  }
  return alerts;
}
