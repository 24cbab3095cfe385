/**
 * The 月报 tab as the summary uses it: one report row per month (draft or published,
 * the notable list, the share-link switch) and the frozen snapshot's pieces. Rows are
 * found by ID (MR-2026-10, MR-2026-10-P01), never by position.
 */
import type { Locale } from '../../env.js';
import type { SchoolData } from '../../core/data/types.js';
import type { Plugin } from '../../core/plugin.js';
import { composeReport, prefillNotable, type MonthlyReport } from '../../core/summary/report.js';
import type { TableRow, Text, Values } from '../../core/table/types.js';
import { freeze, joinPieces, type Reassembled } from './snapshot.js';

export const reportId = (month: string) => `MR-${month}`;
const pieceId = (month: string, part: number) => `MR-${month}-P${String(part).padStart(2, '0')}`;
const ID = /^MR-(\d{4}-(?:0[1-9]|1[0-2]))(?:-P(\d+))?$/;

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

/** Every report row and snapshot piece in the 月报 tab, by month (a missing tab is an empty index). */
export async function readIndex(data: SchoolData): Promise<ReportIndex> {
  const { reports: table } = await data.read(['reports']);
  const index: ReportIndex = { reports: new Map(), pieces: new Map() };
  for (const row of table?.rows ?? []) {
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

export type Loaded =
  | { state: 'published'; row: ReportRow; report: MonthlyReport }
  | { state: 'broken'; row: ReportRow; problem: Exclude<Reassembled, { ok: true }> }
  | { state: 'draft' | 'none'; row: ReportRow | null; report: MonthlyReport };

/** A published month from its frozen snapshot; any other month computed now, as a draft. */
export async function loadReport(options: { data: SchoolData; plugins: readonly Plugin[]; month: string; now: string; index?: ReportIndex; locale?: Locale }): Promise<Loaded> {
  const index = options.index ?? (await readIndex(options.data));
  const row = index.reports.get(options.month) ?? null;
  if (row?.status === 'published') {
    const pieces = (index.pieces.get(options.month) ?? []).map((p) => ({ part: p.values.part ?? Number(ID.exec(p.id.trim().toUpperCase())?.[2]), data: p.values.data }));
    const parts = typeof row.row.values.parts === 'number' ? row.row.values.parts : pieces.length;
    const joined = await joinPieces(pieces, parts, String(row.row.values.checksum ?? ''));
    return joined.ok ? { state: 'published', row, report: joined.report } : { state: 'broken', row, problem: joined };
  }
  const report = await composeReport({ plugins: options.plugins, data: options.data, month: options.month, now: options.now, ...(options.locale ? { locale: options.locale } : {}), ...(row?.notable ? { notable: row.notable } : {}) });
  return { state: row ? 'draft' : 'none', row, report };
}

export const reportTitle = (month: string): string => `${month.slice(0, 4)}年${Number(month.slice(5))}月后勤工作报告`;

type Actor = { id: string; name: string };

/** Create the month's draft row (idempotent per month), with the notable list given or pre-filled. */
export async function createDraft(data: SchoolData, month: string, notable: string[], actor: Actor, now: string): Promise<void> {
  await data.append(
    'reports',
    { id: reportId(month), kind: 'report', title: reportTitle(month), status: 'draft', notable: notable.join('\n'), linkVersion: 1, linkOff: false, updatedAt: now },
    { idempotencyKey: `summary.draft:${month}`, actor, action: 'summary.draft' },
  );
}

export async function saveNotable(data: SchoolData, index: ReportIndex, month: string, notable: string[], actor: Actor, now: string, key: string): Promise<void> {
  if (!index.reports.has(month)) return createDraft(data, month, notable, actor, now);
  await data.update('reports', reportId(month), { notable: notable.join('\n'), updatedAt: now }, { idempotencyKey: `summary.notable:${month}:${key}`, actor, action: 'summary.notable' });
}

/** Freeze `report` into the tab: its pieces first, then the report row marked published. */
export async function publishReport(data: SchoolData, index: ReportIndex, report: MonthlyReport, actor: Actor, now: string): Promise<void> {
  const month = report.month;
  const frozen: MonthlyReport = { ...report, publishedAt: now, publishedBy: actor.name };
  const { pieces, checksum } = await freeze(frozen);
  for (const piece of pieces) {
    await data.append(
      'reports',
      { id: pieceId(month, piece.part), kind: 'part', title: reportTitle(month), part: piece.part, parts: pieces.length, checksum, data: piece.data, updatedAt: now },
      { idempotencyKey: `summary.piece:${month}:${checksum}:${piece.part}`, actor, action: 'summary.publish' },
    );
  }
  const changes = { status: 'published' as const, notable: report.notable.join('\n'), publishedAt: now, publishedBy: actor.name, parts: pieces.length, checksum, updatedAt: now };
  if (index.reports.has(month)) {
    await data.update('reports', reportId(month), changes, { idempotencyKey: `summary.publish:${month}:${checksum}`, actor, action: 'summary.publish' });
  } else {
    await data.append('reports', { id: reportId(month), kind: 'report', title: reportTitle(month), linkVersion: 1, linkOff: false, ...changes }, { idempotencyKey: `summary.publish:${month}:${checksum}`, actor, action: 'summary.publish' });
  }
}

/** Revoke the share link (a new version, switched off) or issue a working one again. */
export async function setLink(data: SchoolData, row: ReportRow, action: 'revoke' | 'issue', actor: Actor, now: string): Promise<void> {
  const changes: Values = action === 'revoke' ? { linkVersion: row.linkVersion + 1, linkOff: true, updatedAt: now } : { linkOff: false, updatedAt: now };
  await data.update('reports', reportId(row.month), changes, { idempotencyKey: `summary.link:${row.month}:${action}:${row.linkVersion}:${row.linkOff}`, actor, action: `summary.link.${action}` });
}

/** Pre-fill for a month with no draft row yet. */
export { prefillNotable };

export const brokenReason = (problem: Exclude<Reassembled, { ok: true }>): Text =>
  problem.reason === 'missingPieces'
    ? { zh: `快照不完整：应有 ${problem.expected} 个分片，只找到 ${problem.found} 个`, en: `The snapshot is incomplete: ${problem.found} of ${problem.expected} pieces found` }
    : problem.reason === 'checksum'
      ? { zh: '快照内容与发布时的校验值不符（表格中的分片被修改过）', en: 'The snapshot does not match the checksum recorded at publication (a piece was edited in the sheet)' }
      : { zh: '快照无法读取', en: 'The snapshot cannot be read' };
