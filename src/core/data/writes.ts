/** Attributed writes: who a write is recorded as, so a plugin names only the action and its key. */
import type { Context } from 'hono';
import type { TabKey } from '../../../sheets-schema/index.js';
import type { AppEnv, Person } from '../../env.js';
import { signedIn } from '../forms.js';
import type { RowChanges, SchoolData, WriteReceipt } from './types.js';

/** Who a write is recorded as: the signed-in person, or a named system actor (a cron). */
export type Actor = Pick<Person, 'id' | 'name'>;

/** Attributed writes: a plugin names only the action and the idempotency key. */
export interface Writes {
  append<K extends TabKey>(tab: K, values: RowChanges<K>, action: string, key: string): Promise<WriteReceipt>;
  update<K extends TabKey>(tab: K, id: string, changes: RowChanges<K>, action: string, key: string): Promise<WriteReceipt>;
}

/**
 * Writes recorded as `actor` where no request has a signed-in person (a Cron Trigger).
 * @example await writesAs(schoolData(env, id), { id: 'SYSTEM', name: '定时任务' }).append('reports', row, 'summary.draft', key)
 */
export function writesAs(data: SchoolData, actor: Actor | (() => Actor)): Writes {
  const meta = (action: string, idempotencyKey: string) => {
    const { id, name } = typeof actor === 'function' ? actor() : actor;
    return { idempotencyKey, action, actor: { id, name } };
  };
  return {
    append: (tab, values, action, key) => data.append(tab, values, meta(action, key)),
    update: (tab, id, changes, action, key) => data.update(tab, id, changes, meta(action, key)),
  };
}

/**
 * Attributed writes for this request: the actor is always the signed-in person (the auth
 * layer enforces it), so a plugin names only the action and the idempotency key.
 * @example await writes(c).append('checkins', { id: newRowId('CK'), zone: z.id }, 'cleaning.checkin', form.key('cleaning.checkin', z.id))
 */
export function writes(c: Context<AppEnv>): Writes {
  return writesAs(c.var.data, () => signedIn(c));
}
