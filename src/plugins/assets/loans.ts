/** Loans (借用): which are out, which are overdue. Pure, so tested alone. */
import type { RowFor } from '../../core/kit.js';

type Loan = RowFor<'assetLoans'>;

/** Handed over: lent, or a row from before loans were approved in the inbox (blank status). */
export const isLent = (loan: Loan): boolean => !loan.values.status || loan.values.status === 'lent';

/** Out means handed over and not returned yet. */
export const isOut = (loan: Loan): boolean => isLent(loan) && !loan.values.returnedOn;

/** Requested and waiting for leadership, or approved and not yet handed over. */
export const isPending = (loan: Loan): boolean => loan.values.status === 'requested' || loan.values.status === 'approved';

/** Out and past its due date (due today is not overdue). */
export function isOverdue(loan: Loan, today: string): boolean {
  const due = loan.values.due;
  return isOut(loan) && typeof due === 'string' && due < today;
}

/** Loans still out, soonest due first. */
export function openLoans(loans: readonly Loan[]): Loan[] {
  return loans.filter(isOut).sort((a, b) => (a.values.due ?? '').localeCompare(b.values.due ?? ''));
}

/** The loan currently out for an asset, if any. */
export function currentLoan(loans: readonly Loan[], tag: string): Loan | undefined {
  return loans.find((l) => l.values.tag === tag && isOut(l));
}

/** The asset's loan request still waiting for a decision or a hand-over, if any. */
export function pendingLoan(loans: readonly Loan[], tag: string): Loan | undefined {
  return loans.find((l) => l.values.tag === tag && isPending(l));
}
