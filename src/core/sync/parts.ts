/**
 * What the gateway's parts share: the Durable Object (gateway.ts) builds one `GatewayContext`
 * and hands it to the snapshot cache (snapshots.ts), the flusher (flusher.ts) and the audit
 * trail (audit-trail.ts), so each part sees the same queue, tunables, budgets and client.
 */
import type { TabDef, TabKey } from '../../../sheets-schema/index.js';
import { explainSheetsError, SheetsError } from '../sheets/errors.js';
import type { Sheets } from '../sheets/types.js';
import type { Text } from '../table/types.js';
import type { TokenBucket } from './backoff.js';
import type { WriteQueue } from './queue.js';

/** Tunables; defaults suit one school on Google's default quotas. `configure()` changes them (tests, bench). */
export interface GatewayOptions {
  /** A snapshot older than this is re-read before use. Default: READ_STALENESS_SECONDS (30 s). */
  readStalenessMs: number;
  /** Wait after the first queued write so a burst shares one flush. */
  flushDelayMs: number;
  /** Request budgets per minute and burst capacity (Google: ~60/min/user each). */
  writesPerMinute: number;
  writeBurst: number;
  readsPerMinute: number;
  readBurst: number;
  /** Most writes sent in one flush (keeps payloads well under Google's ~2 MB). */
  maxBatch: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Per Sheets request; a timeout counts as an unknown outcome. */
  requestTimeoutMs: number;
  /** The head of logistics is warned when the oldest pending write is older than this… */
  stuckAfterMs: number;
  /** …or after this many failed flushes in a row. */
  stuckAfterFailures: number;
  /** School-local time for audit rows. */
  timeZone: string;
  /** Which of GOOGLE_SERVICE_ACCOUNTS this spreadsheet is read and written as (default: its SCHOOLS entry's, else GOOGLE_SERVICE_ACCOUNT). */
  serviceAccount?: string;
  /** Point this gateway at another Sheets endpoint (tests and the bench use a second emulator). */
  apiBase?: string;
  tokenUrl?: string;
}

/** The request budgets; `configure()` replaces both buckets in place. */
export interface Budgets {
  read: TokenBucket;
  write: TokenBucket;
}

export interface GatewayContext {
  readonly queue: WriteQueue;
  /** Mutated in place by `configure()`: read it at use, never copy it. */
  readonly options: GatewayOptions;
  readonly budgets: Budgets;
  /** The Sheets client (created on first use; it sends once, the gateway does its own backoff). */
  client(): Sheets & { requests: number };
  /** Sheets requests sent since this instance started (0 before the first). */
  requestsSent(): number;
  spreadsheetId(): string;
  /** A schema tab's or a declared register tab's definition. */
  def(key: TabKey): TabDef;
}

export const DAY = 86_400_000;

export const parseReason = (s: string | null): Text | null => (s ? (JSON.parse(s) as Text) : null);

export const errorText = (err: unknown): Text => {
  const why = explainSheetsError(err);
  const detail = err instanceof Error ? err.message : String(err);
  return { zh: `${why.zh}（${detail}）`, en: `${why.en} (${detail})` };
};

export const isGridError = (err: unknown) =>
  err instanceof SheetsError && err.code === 'INVALID_ARGUMENT' && /exceeds grid limits/i.test(err.message);
export const isRangeError = (err: unknown) =>
  err instanceof SheetsError && err.code === 'INVALID_ARGUMENT' && /unable to parse range/i.test(err.message);
