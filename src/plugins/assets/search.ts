/** Filtering the asset register for the list page: pure, so it is tested alone and stays fast at 5,000 rows. */
import { nextSequenceNumber, sequenceTag, type RowFor, type TableRow } from '../../core/kit.js';

export interface AssetFilter {
  q?: string;
  category?: string;
  status?: string;
  room?: string;
  responsible?: string;
}

/** Case-, width- and space-insensitive, so "jj-0001", "ＪＪ－０００１" and "JJ-0001" all match. */
export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

const searched = ['tag', 'name', 'room', 'responsible', 'notes'] as const;

export function filterAssets(rows: readonly RowFor<'assets'>[], filter: AssetFilter): RowFor<'assets'>[] {
  const terms = filter.q ? fold(filter.q).split(/[,，]/).filter(Boolean) : [];
  const room = filter.room ? fold(filter.room) : '';
  const responsible = filter.responsible ? fold(filter.responsible) : '';
  return rows.filter((row) => {
    const v = row.values;
    if (filter.category && v.category !== filter.category) return false;
    if (filter.status && v.status !== filter.status) return false;
    if (room && fold(v.room ?? '') !== room) return false;
    if (responsible && !fold(v.responsible ?? '').includes(responsible)) return false;
    if (terms.length === 0) return true;
    const haystack = fold(searched.map((key) => v[key] ?? '').join('\u0000'));
    return terms.every((term) => haystack.includes(term));
  });
}

/** Next tag for a category, after the highest one in the register: JJ-0042 → JJ-0043. */
export const nextTagNumber = (rows: readonly TableRow[], prefix: string): number =>
  nextSequenceNumber(
    rows.map((r) => r.id),
    prefix,
  );

export const formatTag = (prefix: string, n: number): string => sequenceTag(prefix, n);
