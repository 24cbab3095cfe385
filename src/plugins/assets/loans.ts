/** Loans (借用): which are out, which are overdue. Pure, so tested alone. */
import type { TableRow } from '../../core/kit.js';

/** Out means not returned yet. */
export const isOut = (loan: TableRow): boolean => !loan.values.returnedOn;

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
