/**
 * Frozen reports as a school's spreadsheet keeps them, one "book" per tab: 月报 (the monthly
 * logistics report) and 安全月报 (the monthly safety report to the bureau). A month has one
 * report row (draft or published) and, once published, the snapshot's pieces. This is the
 * read side, shared by the school's own pages and the district, which reads only published
 * months through `frozenReport`.
 */
import type { SchoolData } from '../data/types.js';
import type { TableRow } from '../table/types.js';
import type { MonthlyReport } from './report.js';
import type { SafetyReport } from './safety.js';
import { joinPieces, type Reassembled } from './snapshot.js';

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
export const safetyTitle = (month: string): string => `${month.slice(0, 4)}年${Number(month.slice(5))}月安全月报`;

/** 月报: the monthly logistics report for leadership. */
export const monthlyBook: ReportBook = {
  tab: 'reports',
  prefix: 'MR',
  action: 'summary',
  title: reportTitle,
  valid: (x) => Array.isArray((x as MonthlyReport).sections),
};

/** 安全月报: the monthly safety report to the education bureau (what the district reads). */
export const safetyBook: ReportBook = {
  tab: 'safetyReports',
  prefix: 'SR',
  action: 'safety',
  title: safetyTitle,
  valid: (x) => typeof (x as SafetyReport).hazards === 'object' && (x as SafetyReport).hazards !== null,
};

export const reportId = (month: string, book: ReportBook = monthlyBook) => `${book.prefix}-${month}`;
export const pieceId = (month: string, part: number, book: ReportBook) => `${book.prefix}-${month}-P${String(part).padStart(2, '0')}`;
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

const lines = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean)
    : null;

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

export type Frozen<R> =
  | { state: 'published'; row: ReportRow; report: R }
  | { state: 'broken'; row: ReportRow; problem: Exclude<Reassembled<R>, { ok: true }> };

/** A published month's frozen snapshot, checked against its count and checksum; null when the month is not published. */
export async function frozenReport<R>(index: ReportIndex, month: string, book: ReportBook): Promise<Frozen<R> | null> {
  const row = index.reports.get(month);
  if (row?.status !== 'published') return null;
  const ID = idPattern(book);
  const pieces = (index.pieces.get(month) ?? []).map((p) => ({
    part: p.values.part ?? Number(ID.exec(p.id.trim().toUpperCase())?.[2]),
    data: p.values.data,
  }));
  const parts = typeof row.row.values.parts === 'number' ? row.row.values.parts : pieces.length;
  const joined = await joinPieces<R>(pieces, parts, String(row.row.values.checksum ?? ''), book.valid);
  return joined.ok ? { state: 'published', row, report: joined.report } : { state: 'broken', row, problem: joined };
}
