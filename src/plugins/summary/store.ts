/**
 * Writing the 月报 and 安全月报 tabs (drafts, the notable list or remarks, publishing, the
 * share-link switch); the read side is src/core/summary/books.ts.
 */
import type { Locale } from '../../env.js';
import type { SchoolData } from '../../core/data/types.js';
import type { Plugin } from '../../core/plugin.js';
import { frozenReport, monthlyBook, pieceId, readIndex, reportId, type ReportBook, type ReportIndex, type ReportRow } from '../../core/summary/books.js';
import { composeReport, prefillNotable, type MonthlyReport } from '../../core/summary/report.js';
import { freeze, type Reassembled } from '../../core/summary/snapshot.js';
import type { Text, Values } from '../../core/table/types.js';

export { frozenReport, monthlyBook, readIndex, reportId, reportTitle, safetyBook, type ReportBook, type ReportIndex, type ReportRow } from '../../core/summary/books.js';

export type Loaded =
  | { state: 'published'; row: ReportRow; report: MonthlyReport }
  | { state: 'broken'; row: ReportRow; problem: Exclude<Reassembled, { ok: true }> }
  | { state: 'draft' | 'none'; row: ReportRow | null; report: MonthlyReport };

/** A published month from its frozen snapshot; any other month computed now, as a draft. */
export async function loadReport(options: { data: SchoolData; plugins: readonly Plugin[]; month: string; now: string; index?: ReportIndex; locale?: Locale }): Promise<Loaded> {
  const index = options.index ?? (await readIndex(options.data));
  const row = index.reports.get(options.month) ?? null;
  const frozen = await frozenReport<MonthlyReport>(index, options.month, monthlyBook);
  if (frozen) return frozen;
  const report = await composeReport({ plugins: options.plugins, data: options.data, month: options.month, now: options.now, ...(options.locale ? { locale: options.locale } : {}), ...(row?.notable ? { notable: row.notable } : {}) });
  return { state: row ? 'draft' : 'none', row, report };
}

type Actor = { id: string; name: string };

/** Create the month's draft row (idempotent per month), with the notable list given or pre-filled. */
export async function createDraft(data: SchoolData, month: string, notable: string[], actor: Actor, now: string, book: ReportBook = monthlyBook): Promise<void> {
  await data.append(
    book.tab,
    { id: reportId(month, book), kind: 'report', title: book.title(month), status: 'draft', notable: notable.join('\n'), linkVersion: 1, linkOff: false, updatedAt: now },
    { idempotencyKey: `${book.action}.draft:${month}`, actor, action: `${book.action}.draft` },
  );
}

export async function saveNotable(data: SchoolData, index: ReportIndex, month: string, notable: string[], actor: Actor, now: string, key: string, book: ReportBook = monthlyBook): Promise<void> {
  if (!index.reports.has(month)) return createDraft(data, month, notable, actor, now, book);
  await data.update(book.tab, reportId(month, book), { notable: notable.join('\n'), updatedAt: now }, { idempotencyKey: `${book.action}.notable:${month}:${key}`, actor, action: `${book.action}.notable` });
}

/** Freeze `report` into the book's tab: its pieces first, then the report row marked published. */
export async function publishReport<R extends { month: string; notable: string[] }>(data: SchoolData, index: ReportIndex, report: R, actor: Actor, now: string, book: ReportBook = monthlyBook): Promise<void> {
  const month = report.month;
  const { pieces, checksum } = await freeze({ ...report, publishedAt: now, publishedBy: actor.name });
  const action = book.action;
  for (const piece of pieces) {
    await data.append(
      book.tab,
      { id: pieceId(month, piece.part, book), kind: 'part', title: book.title(month), part: piece.part, parts: pieces.length, checksum, data: piece.data, updatedAt: now },
      { idempotencyKey: `${action}.piece:${month}:${checksum}:${piece.part}`, actor, action: `${action}.publish` },
    );
  }
  const changes = { status: 'published' as const, notable: report.notable.join('\n'), publishedAt: now, publishedBy: actor.name, parts: pieces.length, checksum, updatedAt: now };
  if (index.reports.has(month)) {
    await data.update(book.tab, reportId(month, book), changes, { idempotencyKey: `${action}.publish:${month}:${checksum}`, actor, action: `${action}.publish` });
  } else {
    await data.append(book.tab, { id: reportId(month, book), kind: 'report', title: book.title(month), linkVersion: 1, linkOff: false, ...changes }, { idempotencyKey: `${action}.publish:${month}:${checksum}`, actor, action: `${action}.publish` });
  }
}

/** Revoke the share link (a new version, switched off) or issue a working one again. */
export async function setLink(data: SchoolData, row: ReportRow, action: 'revoke' | 'issue', actor: Actor, now: string): Promise<void> {
  const changes: Values = action === 'revoke' ? { linkVersion: row.linkVersion + 1, linkOff: true, updatedAt: now } : { linkOff: false, updatedAt: now };
  await data.update('reports', reportId(row.month), changes, { idempotencyKey: `summary.link:${row.month}:${action}:${row.linkVersion}:${row.linkOff}`, actor, action: `summary.link.${action}` });
}

/** Pre-fill for a month with no draft row yet. */
export { prefillNotable };

export const brokenReason = (problem: { reason: 'missingPieces' | 'checksum' | 'unreadable'; found: number; expected: number }): Text =>
  problem.reason === 'missingPieces'
    ? { zh: `快照不完整：应有 ${problem.expected} 个分片，只找到 ${problem.found} 个`, en: `The snapshot is incomplete: ${problem.found} of ${problem.expected} pieces found` }
    : problem.reason === 'checksum'
      ? { zh: '快照内容与发布时的校验值不符（表格中的分片被修改过）', en: 'The snapshot does not match the checksum recorded at publication (a piece was edited in the sheet)' }
      : { zh: '快照无法读取', en: 'The snapshot cannot be read' };
