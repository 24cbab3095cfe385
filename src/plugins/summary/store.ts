/**
 * Writing the 月报 and 安全月报 tabs (drafts, the notable list or remarks, publishing, the
 * share-link switch); the read side is src/core/summary/books.ts.
 */
import {
  composeReport,
  freeze,
  frozenReport,
  monthlyBook,
  pieceId,
  prefillNotable,
  readIndex,
  reportId,
  type Locale,
  type MonthlyReport,
  type Plugin,
  type Reassembled,
  type ReportBook,
  type ReportIndex,
  type ReportRow,
  type SchoolData,
  type Text,
  type Writes,
  bilingual,
} from '../../core/kit.js';

export {
  frozenReport,
  monthlyBook,
  readIndex,
  reportId,
  reportTitle,
  safetyBook,
  type ReportBook,
  type ReportIndex,
  type ReportRow,
} from '../../core/kit.js';

export type Loaded =
  | { state: 'published'; row: ReportRow; report: MonthlyReport }
  | { state: 'broken'; row: ReportRow; problem: Exclude<Reassembled, { ok: true }> }
  | { state: 'draft' | 'none'; row: ReportRow | null; report: MonthlyReport };

/** A published month from its frozen snapshot; any other month computed now, as a draft. */
export async function loadReport(options: {
  data: SchoolData;
  plugins: readonly Plugin[];
  month: string;
  now: string;
  index?: ReportIndex;
  locale?: Locale;
}): Promise<Loaded> {
  const index = options.index ?? (await readIndex(options.data));
  const row = index.reports.get(options.month) ?? null;
  const frozen = await frozenReport<MonthlyReport>(index, options.month, monthlyBook);
  if (frozen) return frozen;
  const report = await composeReport({
    plugins: options.plugins,
    data: options.data,
    month: options.month,
    now: options.now,
    ...(options.locale ? { locale: options.locale } : {}),
    ...(row?.notable ? { notable: row.notable } : {}),
  });
  return { state: row ? 'draft' : 'none', row, report };
}

/** Create the month's draft row (idempotent per month), with the notable list given or pre-filled. */
export async function createDraft(w: Writes, month: string, notable: string[], now: string, book: ReportBook = monthlyBook): Promise<void> {
  const row = {
    id: reportId(month, book),
    kind: 'report',
    title: book.title(month),
    status: 'draft',
    notable: notable.join('\n'),
    linkVersion: 1,
    linkOff: false,
    updatedAt: now,
  } as const;
  await w.append(book.tab, row, `${book.action}.draft`, `${book.action}.draft:${month}`);
}

/** Save the notable list (or remarks); `key` is the form's idempotency key (`form.key(…)`). */
export async function saveNotable(
  w: Writes,
  index: ReportIndex,
  month: string,
  notable: string[],
  now: string,
  key: string,
  book: ReportBook = monthlyBook,
): Promise<void> {
  if (!index.reports.has(month)) return createDraft(w, month, notable, now, book);
  await w.update(book.tab, reportId(month, book), { notable: notable.join('\n'), updatedAt: now }, `${book.action}.notable`, key);
}

/** Freeze `report` into the book's tab: its pieces first, then the report row marked published. */
export async function publishReport<R extends { month: string; notable: string[] }>(
  w: Writes,
  index: ReportIndex,
  report: R,
  publishedBy: string,
  now: string,
  book: ReportBook = monthlyBook,
): Promise<void> {
  const month = report.month;
  const { pieces, checksum } = await freeze({ ...report, publishedAt: now, publishedBy });
  const action = `${book.action}.publish`;
  for (const piece of pieces) {
    const row = {
      id: pieceId(month, piece.part, book),
      kind: 'part',
      title: book.title(month),
      part: piece.part,
      parts: pieces.length,
      checksum,
      data: piece.data,
      updatedAt: now,
    } as const;
    await w.append(book.tab, row, action, `${book.action}.piece:${month}:${checksum}:${piece.part}`);
  }
  const changes = {
    status: 'published' as const,
    notable: report.notable.join('\n'),
    publishedAt: now,
    publishedBy,
    parts: pieces.length,
    checksum,
    updatedAt: now,
  };
  const key = `${action}:${month}:${checksum}`;
  if (index.reports.has(month)) await w.update(book.tab, reportId(month, book), changes, action, key);
  else
    await w.append(
      book.tab,
      { id: reportId(month, book), kind: 'report' as const, title: book.title(month), linkVersion: 1, linkOff: false, ...changes },
      action,
      key,
    );
}

/** Revoke the share link (a new version, switched off) or issue a working one again. */
export async function setLink(w: Writes, row: ReportRow, action: 'revoke' | 'issue', now: string): Promise<void> {
  const changes =
    action === 'revoke' ? { linkVersion: row.linkVersion + 1, linkOff: true, updatedAt: now } : { linkOff: false, updatedAt: now };
  await w.update(
    'reports',
    reportId(row.month),
    changes,
    `summary.link.${action}`,
    `summary.link:${row.month}:${action}:${row.linkVersion}:${row.linkOff}`,
  );
}

/** Pre-fill for a month with no draft row yet. */
export { prefillNotable };

export const brokenReason = (problem: { reason: 'missingPieces' | 'checksum' | 'unreadable'; found: number; expected: number }): Text =>
  problem.reason === 'missingPieces'
    ? bilingual('summary.snapshotIncompletePiecesFound', { expected: problem.expected, found: problem.found })
    : problem.reason === 'checksum'
      ? bilingual('summary.snapshotDoesNotMatch')
      : bilingual('summary.snapshotCannotRead');
