/** Loans (借用): which are out, which are overdue. Pure, so tested alone. */
import type { RowFor } from '../../core/kit.js';

type Loan = RowFor<'assetLoans'>;

/** Out means not returned yet. */
export const isOut = (loan: Loan): boolean => !loan.values.returnedOn;

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
