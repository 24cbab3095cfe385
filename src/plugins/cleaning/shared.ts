/** Small helpers the cleaning routes share: zones from a snapshot, form fields, keys, text. */
import type { Context } from 'hono';
import { t, type MessageKey } from '../../core/i18n/index.js';
import type { Table, Text } from '../../core/table/types.js';
import type { AppEnv, Person } from '../../env.js';
import { zoneFrom, type Zone } from './logic/zones.js';

export type Ctx = Context<AppEnv>;

export const everyone = ['head', 'staff', 'class_head', 'teacher', 'leader'] as const;

export function zonesOf(table: Table): Zone[] {
  return table.rows.map(zoneFrom);
}

export function zoneMap(table: Table): Map<string, Zone> {
  return new Map(zonesOf(table).map((z) => [z.id, z]));
}

/** Zone IDs are matched as typed on a poster or in the sheet, ignoring case and spaces. */
export function findZone(zones: Map<string, Zone>, id: string): Zone | undefined {
  const want = id.normalize('NFKC').trim().toUpperCase();
  return zones.get(want) ?? [...zones.values()].find((z) => z.id.toUpperCase() === want);
}

export function actor(person: Person) {
  return { id: person.id, name: person.name };
}

/** String fields of a parsed form body (files and repeated fields dropped). */
export async function formFields(c: Ctx): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** An idempotency key from the form's one-time `_key`, else a fresh one. */
export function formKey(action: string, person: Person, fields: Record<string, string>): string {
  const k = fields._key;
  return k && /^[A-Za-z0-9-]{8,64}$/.test(k) ? `${action}:${person.id}:${k}` : crypto.randomUUID();
}

export const msg = (c: Ctx, key: MessageKey | Text, params?: Record<string, unknown>) => t(c.var.locale, key, params);

/** Buildings named in the zones, in first-seen order (for filters). */
export function buildings(zones: readonly Zone[]): string[] {
  return [...new Set(zones.map((z) => z.building).filter(Boolean))];
}

/** 'YYYY-MM-DD' from a query or form value, or null. */
export function isoDate(value: string | undefined): string | null {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;
}
