/**
 * Versions of the tables a gateway read returns, so the Worker can keep the tables it was
 * sent (src/core/data/table-cache.ts) and be sent only the tabs that changed: copying every
 * table over RPC for each request cost a warm monthly summary ~200 ms of its ~310.
 */
import type { TabKey } from '../../../sheets-schema/index.js';
import type { QueuedWrite } from './queue.js';

/** The versions of the tables the caller already holds, per tab. */
export type KnownVersions = Partial<Record<TabKey, string>>;

/**
 * A read's rows are its snapshot plus the app's own writes laid over it, so they are named by
 * the gateway instance (its counters restart with it), the snapshot's revision (bumped on
 * every read from Google) and the writes laid over it (fixed once queued: which ones, not
 * their state, changes the rows).
 */
export function tableVersion(instance: string, revision: number, overlaid: readonly QueuedWrite[]): string {
  return `${instance}.${revision}.${overlaid.map((w) => w.seq).join(',')}`;
}
