/** Small helpers the repair and patrol routes share: form fields, rooms, people, labels. */
import type { Context } from 'hono';
import { hazardStatuses, patrolAreas, repairCategories, repairStatuses, repairUrgencies } from '../../../sheets-schema/index.js';
import type { Table, TableRow } from '../../core/table/types.js';
import type { AppEnv, Person } from '../../env.js';

export type Ctx = Context<AppEnv>;

export const everyone = ['head', 'staff', 'class_head', 'teacher', 'leader'] as const;
/** Who may report repairs (leaders read only). */
export const reporters = ['head', 'staff', 'class_head', 'teacher'] as const;

/** Enum lists for templates ({{label key list}}). */
export const enums = { categories: repairCategories, urgencies: repairUrgencies, statuses: repairStatuses, areas: patrolAreas, hazardStatuses };

/** A form's text fields (files and repeated keys left out). */
export async function formFields(c: Ctx): Promise<{ fields: Record<string, string>; form: FormData }> {
  const form = await c.req.formData();
  const fields: Record<string, string> = {};
  form.forEach((value, key) => {
    if (typeof value === 'string' && !(key in fields)) fields[key] = value;
  });
  return { fields, form };
}

/** The 场所 row named (or numbered) as typed, ignoring surrounding spaces; null when none. */
export function findRoom(rooms: Table, typed: string): TableRow | null {
  const want = typed.trim();
  if (!want) return null;
  return rooms.rows.find((r) => String(r.values.name ?? '').trim() === want) ?? rooms.rows.find((r) => r.id.toUpperCase() === want.toUpperCase()) ?? null;
}

/** Active logistics workers (staff and the head) from 人员, for the assign and owner pickers. */
export function workers(people: Table): Array<{ id: string; name: string; unit: string }> {
  return people.rows
    .filter((r) => r.values.active === true && (r.values.role === 'staff' || r.values.role === 'head'))
    .map((r) => ({ id: r.id, name: String(r.values.name ?? ''), unit: String(r.values.unit ?? '') }));
}

/** The signed-in person as the write's actor. */
export function actor(person: Person) {
  return { id: person.id, name: person.name };
}

/** An idempotency key from the form's one-time `_key` (double taps record once). */
export function keyFor(action: string, person: Person, fields: Record<string, string>, extra = ''): string {
  const k = fields._key;
  return k && /^[A-Za-z0-9-]{8,64}$/.test(k) ? `${action}:${person.id}:${extra}:${k}` : crypto.randomUUID();
}

/** Room names for the datalist. */
export function roomNames(rooms: Table): string[] {
  return rooms.rows.map((r) => String(r.values.name ?? '')).filter(Boolean);
}
