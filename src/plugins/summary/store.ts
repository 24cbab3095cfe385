/**
 * The 月报 and 安全月报 tabs as the summary uses them (one "book" each): one report row per
 * month (draft or published, the notable list or remarks, the share-link switch) and the
 * frozen snapshot's pieces. Rows are found by ID (MR-2026-10, MR-2026-10-P01; SR-… for the
 * safety report), never by position.
 */
import type { SchoolData } from '../../core/data/types.js';
import type { Plugin } from '../../core/plugin.js';
import { composeReport, prefillNotable, type MonthlyReport } from '../../core/summary/report.js';
import type { TableRow, Text, Values } from '../../core/table/types.js';
import { freeze, joinPieces, type Reassembled } from './snapshot.js';

/** A tab of frozen monthly reports: which tab, its ID prefix, the row title, and what a valid snapshot looks like. */
export interface ReportBook {
  tab: 'reports' | 'safetyReports';
  prefix: 'MR' | 'SR';
  /** Prefix of the audit actions and idempotency keys ('summary.publish'). */
  action: 'summary' | 'safety';
  title(month: string): string;
  valid(x: unknown): boolean;
}

export const reportTitle = (month: string): string => `${month.slice(0, 4)}年${Number(month.slice(5))}月后勤工作报告`;

/** 月报: the monthly logistics report for leadership. */
export const monthlyBook: ReportBook = { tab: 'reports', prefix: 'MR', action: 'summary', title: reportTitle, valid: (x) => Array.isArray((x as MonthlyReport).sections) };

export const reportId = (month: string, book: ReportBook = monthlyBook) => `${book.prefix}-${month}`;
const pieceId = (month: string, part: number, book: ReportBook) => `${book.prefix}-${month}-P${String(part).padStart(2, '0')}`;
const idPattern = (book: ReportBook) => new RegExp(`^${book.prefix}-(\\d{4}-(?:0[1-9]|1[0-2]))(?:-P(\\d+))?$`);

export interface ReportRow {
  month: string;
  row: TableRow;
  status: 'draft' | 'published';
  notable: string[] | null;
  linkVersion: number;
  linkOff: boolean;
}

export interface ReportIndex {
  reports: Map<string, ReportRow>;
  pieces: Map<string, TableRow[]>;
}

const lines = (v: unknown) => (typeof v === 'string' ? v.split(/\r?\n/).map((s) => s.trim()).filter(Boolean) : null);

/** Every report row and snapshot piece in the book's tab, by month (a missing tab is an empty index). */
export async function readIndex(data: SchoolData, book: ReportBook = monthlyBook): Promise<ReportIndex> {
  const tables = (await data.read([book.tab])) as Partial<Record<ReportBook['tab'], { rows: TableRow[] }>>;
  return indexOf(tables[book.tab]?.rows ?? [], book);
}

/** The index of rows already read (the district reads both books of a school in one call). */
export function indexOf(rows: readonly TableRow[], book: ReportBook): ReportIndex {
  const ID = idPattern(book);
  const index: ReportIndex = { reports: new Map(), pieces: new Map() };
  for (const row of rows) {
    const m = ID.exec(row.id.trim().toUpperCase());
    if (!m) continue;
    const month = m[1]!;
    if (m[2] !== undefined || row.values.kind === 'part') {
      index.pieces.set(month, [...(index.pieces.get(month) ?? []), row]);
    } else if (!index.reports.has(month)) {
      const v = row.values;
      index.reports.set(month, {
        month,
        row,
        status: v.status === 'published' ? 'published' : 'draft',
        notable: typeof v.notable === 'string' ? lines(v.notable) : null,
        linkVersion: typeof v.linkVersion === 'number' && v.linkVersion >= 1 ? Math.floor(v.linkVersion) : 1,
        linkOff: v.linkOff === true,
      });
    }
  }
  return index;
}

export type Frozen<R> = { state: 'published'; row: ReportRow; report: R } | { state: 'broken'; row: ReportRow; problem: Exclude<Reassembled<R>, { ok: true }> };

/** A published month's frozen snapshot, checked against its count and checksum; null when the month is not published. */
export async function frozenReport<R>(index: ReportIndex, month: string, book: ReportBook): Promise<Frozen<R> | null> {
  const row = index.reports.get(month);
  if (row?.status !== 'published') return null;
  const ID = idPattern(book);
  const pieces = (index.pieces.get(month) ?? []).map((p) => ({ part: p.values.part ?? Number(ID.exec(p.id.trim().toUpperCase())?.[2]), data: p.values.data }));
  const parts = typeof row.row.values.parts === 'number' ? row.row.values.parts : pieces.length;
  const joined = await joinPieces<R>(pieces, parts, String(row.row.values.checksum ?? ''), book.valid);
  return joined.ok ? { state: 'published', row, report: joined.report } : { state: 'broken', row, problem: joined };
}

export type Loaded =
  | { state: 'published'; row: ReportRow; report: MonthlyReport }
  | { state: 'broken'; row: ReportRow; problem: Exclude<Reassembled, { ok: true }> }
  | { state: 'draft' | 'none'; row: ReportRow | null; report: MonthlyReport };

/** A published month from its frozen snapshot; any other month computed now, as a draft. */
export async function loadReport(options: { data: SchoolData; plugins: readonly Plugin[]; month: string; now: string; index?: ReportIndex }): Promise<Loaded> {
  const index = options.index ?? (await readIndex(options.data));
  const row = index.reports.get(options.month) ?? null;
  const frozen = await frozenReport<MonthlyReport>(index, options.month, monthlyBook);
  if (frozen) return frozen;
  const report = await composeReport({ plugins: options.plugins, data: options.data, month: options.month, now: options.now, ...(row?.notable ? { notable: row.notable } : {}) });
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
