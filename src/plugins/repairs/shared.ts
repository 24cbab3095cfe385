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

/** Active logistics workers (staff and the head) from 人员, for the assign and owner pickers; `trade` is their 备注 (水电工, 木工…). */
export function workers(people: Table): Array<{ id: string; name: string; unit: string; trade: string }> {
  return people.rows
    .filter((r) => r.values.active === true && (r.values.role === 'staff' || r.values.role === 'head'))
    .map((r) => ({ id: r.id, name: String(r.values.name ?? ''), unit: String(r.values.unit ?? ''), trade: String(r.values.notes ?? '').split(/[，,；;。]/)[0]!.trim() }));
}

/** Words in a worker's trade that fit a repair category (schools write 水电工, 木工, 电工…). */
const tradeWords: Record<string, readonly string[]> = {
  water: ['水'], electrical: ['电'], carpentry: ['木'], doors_windows: ['木', '门窗'], desks_chairs: ['木', '桌'], air_conditioning: ['空调', '电'], network: ['网络', '信息', '电教'],
};

/** The assign picker: workers whose trade fits the category first, each shown with their trade. */
export function workersFor(people: Table, category: unknown) {
  const words = tradeWords[String(category)] ?? [];
  const fits = (w: { trade: string }) => words.some((word) => w.trade.includes(word));
  const all = workers(people).map((w) => ({ ...w, fits: fits(w) }));
  return [...all.filter((w) => w.fits), ...all.filter((w) => !w.fits)];
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
