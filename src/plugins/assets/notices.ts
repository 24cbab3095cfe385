/** Loans overdue (src/core/notify): a daily reminder to the borrower, and the borrower's own desk line. */
import type { Alert, Notice, NotifyEventDef, PluginContext, ReminderContext, RowOfTab } from '../../core/kit.js';
import { isOut, isOverdue } from './loans.js';

export const assetEvents: readonly NotifyEventDef[] = [
  {
    key: 'assets.loanOverdue',
    label: { zh: '借用逾期未还', en: 'Loan overdue' },
    to: { zh: '借用人', en: 'The borrower' },
    title: { zh: '借用逾期：{name}', en: 'Loan overdue: {name}' },
    body: {
      zh: '{tag} {name} 应于 {due} 归还，请尽快归还总务处。',
      en: '{tag} {name} was due back on {due}; please return it to the logistics office.',
    },
  },
];

const loanParams = (v: RowOfTab<'assetLoans'>) => ({ tag: v.tag ?? '', name: v.name ?? '', due: v.due ?? '' });

export async function assetReminders({ data, today }: ReminderContext): Promise<Notice[]> {
  const { assetLoans } = await data.read(['assetLoans']);
  return assetLoans.rows
    .filter((l) => isOverdue(l, today) && (l.values.borrower ?? '').trim())
    .map((l) => ({
      event: 'assets.loanOverdue',
      id: `assets.loanOverdue:${l.id}:${today}`,
      to: [String(l.values.borrower).trim()],
      params: loanParams(l.values),
      href: '/assets/loans',
    }));
}

/** Items I borrowed that are due today or overdue. */
export async function assetDuties({ data, person, today }: PluginContext): Promise<Alert[]> {
  const { assetLoans } = await data.read(['assetLoans']);
  return assetLoans.rows
    .filter(
      (l) => isOut(l) && (l.values.borrower ?? '').trim() === person.name && typeof l.values.due === 'string' && l.values.due <= today,
    )
    .map((l) => ({
      level: isOverdue(l, today) ? 'bad' : 'warn',
      text: { zh: '归还借用 {tag} {name}（应还 {due}）', en: 'Return {tag} {name} (due {due})' },
      params: loanParams(l.values),
      href: '/assets/loans',
    }));
}
