/** Loans (借用): which are out, which are overdue. Pure, so tested alone. */
import type { TableRow } from '../../core/table/types.js';

/** Handed over: lent, or a row from before loans were approved in the inbox (blank status). */
export const isLent = (loan: TableRow): boolean => !loan.values.status || loan.values.status === 'lent';

/** Out means handed over and not returned yet. */
export const isOut = (loan: TableRow): boolean => isLent(loan) && !loan.values.returnedOn;

/** Requested and waiting for leadership, or approved and not yet handed over. */
export const isPending = (loan: TableRow): boolean => loan.values.status === 'requested' || loan.values.status === 'approved';

/** Out and past its due date (due today is not overdue). */
export function isOverdue(loan: TableRow, today: string): boolean {
  const due = loan.values.due;
  return isOut(loan) && typeof due === 'string' && due < today;
}

/** Loans still out, soonest due first. */
export function openLoans(loans: readonly TableRow[]): TableRow[] {
  return loans.filter(isOut).sort((a, b) => String(a.values.due ?? '').localeCompare(String(b.values.due ?? '')));
}

/** The loan currently out for an asset, if any. */
export function currentLoan(loans: readonly TableRow[], tag: string): TableRow | undefined {
  return loans.find((l) => l.values.tag === tag && isOut(l));
}

/** The asset's loan request still waiting for a decision or a hand-over, if any. */
export function pendingLoan(loans: readonly TableRow[], tag: string): TableRow | undefined {
  return loans.find((l) => l.values.tag === tag && isPending(l));
}
