/**
 * The gateway's audit trail: every app write that lands queues one 操作日志 row (who, when in
 * school time, action, tab, row ID, before/after), once per write, in the same SQLite queue;
 * the flusher sends them in the same spreadsheets.batchUpdate as the flush's new rows.
 */
import type { TabKey } from '../../../sheets-schema/index.js';
import { auditRow } from '../data/audit.js';
import type { Values } from '../table/types.js';
import type { GatewayContext } from './parts.js';
import { planFlush, type AppendGroup, type FreshTab } from './plan.js';
import type { QueuedWrite } from './queue.js';

/** The idempotency key of an app write's audit write (one per write). */
export const auditKey = (writeId: string) => `audit:${writeId}`;

const NO_AUDIT_TAB = JSON.stringify({ zh: '找不到工作表「操作日志」', en: 'The audit tab was not found' });

export class AuditTrail {
  readonly #ctx: GatewayContext;

  constructor(ctx: GatewayContext) {
    this.#ctx = ctx;
  }

  /**
   * Queue the audit rows of writes that just landed (keyed by each write's ID, so a write is
   * audited once however often it is settled). `before`: an update's cells as read in the flush.
   */
  record(writes: readonly QueuedWrite[], now: number, before: ReadonlyMap<string, Values> = new Map()): void {
    const { queue, options } = this.#ctx;
    for (const w of writes) {
      // Rows written to 操作日志 itself (sign-in events) are the audit record: none about them.
      if (w.kind === 'audit' || w.tab === 'audit') continue;
      const key = auditKey(w.writeId);
      if (queue.byIdempotencyKey(key)) continue;
      const entry = {
        at: w.createdAt,
        actor: w.actor,
        action: w.action,
        tab: w.tab,
        tabTitle: this.#ctx.def(w.tab).zh,
        rowId: w.rowId,
        before: w.kind === 'update' ? (before.get(w.writeId) ?? {}) : undefined,
        after: w.values,
      };
      const values = auditRow(entry, options.timeZone);
      queue.add(
        {
          writeId: crypto.randomUUID(),
          idempotencyKey: key,
          kind: 'audit',
          tab: 'audit' as TabKey,
          rowId: String(values.id),
          actor: w.actor,
          action: w.action,
          values,
        },
        now,
      );
    }
  }

  /**
   * Plan the queued audit rows (this flush's and earlier ones') against the audit tab as read
   * fresh in this flush: the group to send with the flush's new rows (marked syncing), or null.
   * With no 操作日志 tab they are parked where the head of logistics sees them (only when the
   * flush had app writes: a lone audit backlog waits).
   */
  plan(
    fresh: ReadonlyMap<TabKey, FreshTab>,
    userWrites: boolean,
    settle: (writes: readonly QueuedWrite[], now: number) => void,
  ): AppendGroup | null {
    const { queue, options } = this.#ctx;
    const audits = queue.active(options.maxBatch).filter((w) => w.kind === 'audit');
    const auditTab = fresh.get('audit');
    if (audits.length > 0 && auditTab) {
      const plan = planFlush(audits, new Map([['audit', auditTab]]));
      settle(plan.landed, Date.now());
      for (const c of plan.conflicts) queue.setState([c.write.writeId], 'failed', Date.now(), JSON.stringify(c.reason));
      const group = plan.appends.get('audit');
      if (!group) return null;
      queue.setState(
        group.entries.map((e) => e.write.writeId),
        'syncing',
        Date.now(),
        null,
        true,
      );
      return group;
    }
    if (audits.length > 0 && !auditTab && userWrites) {
      queue.setState(
        audits.map((w) => w.writeId),
        'failed',
        Date.now(),
        NO_AUDIT_TAB,
      );
    }
    return null;
  }
}
