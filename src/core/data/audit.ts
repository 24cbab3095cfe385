/** The 操作日志 row: built here only, for the gateway's write records and auth's own events. */
import { tabs, type TabKey } from '../../../sheets-schema/index.js';
import { localDateTime, SCHOOL_TIME_ZONE } from '../time.js';
import type { Values } from '../table/types.js';
import { newRowId } from './ids.js';

export interface AuditEntry {
  /** When the change was made (ms since the epoch). */
  at: number;
  actor: { id: string; name: string };
  action: string;
  tab: TabKey;
  /** The tab's title when it is not a schema tab (a register declared in the 登记簿). */
  tabTitle?: string;
  rowId: string;
  /** The row's values before an update ('' for appends and events). */
  before?: unknown;
  after: unknown;
}

/** One audit row (with a new ID) in school time. */
export function auditRow(entry: AuditEntry, timeZone = SCHOOL_TIME_ZONE): Values {
  return {
    id: newRowId(tabs.audit.idPrefix, new Date(entry.at), timeZone),
    time: localDateTime(entry.at, timeZone),
    person: entry.actor.id ? `${entry.actor.name} (${entry.actor.id})` : entry.actor.name,
    action: entry.action,
    tab: entry.tabTitle ?? tabs[entry.tab].zh,
    rowId: entry.rowId,
    before: entry.before === undefined ? '' : JSON.stringify(entry.before),
    after: JSON.stringify(entry.after),
  };
}
