/**
 * The 人员 tab decides who gets in: a person is their row, read on every request through
 * the gateway's cached snapshot (so deactivating a row or changing a role takes effect
 * within READ_STALENESS_SECONDS). A missing, inactive or role-less row means signed out.
 */
import type { Person, Role } from '../../env.js';
import type { SchoolData } from '../data/types.js';
import type { Table, TableRow } from '../table/types.js';
import { allRoles } from './policy.js';

export interface PersonRecord extends Person {
  active: boolean;
  phone: string | null;
  email: string | null;
}

export function personFromRow(row: TableRow): PersonRecord | null {
  const v = row.values;
  const role = typeof v.role === 'string' && (allRoles as readonly string[]).includes(v.role) ? (v.role as Role) : null;
  if (!role) return null;
  return {
    id: row.id,
    name: typeof v.name === 'string' && v.name ? v.name : row.id,
    role,
    unit: typeof v.unit === 'string' && v.unit.trim() ? v.unit.trim() : null,
    active: v.active === true,
    phone: v.phone === null || v.phone === undefined || v.phone === '' ? null : String(v.phone),
    email: typeof v.email === 'string' && v.email.trim() ? v.email.trim().toLowerCase() : null,
  };
}

export async function peopleTable(data: SchoolData): Promise<Table> {
  return (await data.read(['people'])).people;
}

/** The active person with this ID, or null. */
export function activePerson(table: Table, id: string): Person | null {
  const row = table.rows.find((r) => r.id === id);
  const p = row ? personFromRow(row) : null;
  if (!p || !p.active) return null;
  return { id: p.id, name: p.name, role: p.role, unit: p.unit };
}

/** Every row with a readable role (for the head's people page). */
export function allPeople(table: Table): PersonRecord[] {
  return table.rows.map(personFromRow).filter((p): p is PersonRecord => p !== null);
}

/** Digits of a phone number, without a leading +86 / 0086. */
function phoneDigits(s: string): string {
  const d = s.normalize('NFKC').replace(/\D/g, '');
  return d.length > 11 && /^(0086|86)/.test(d) ? d.slice(-11) : d;
}

/** Find who typed this into the sign-in form: an ID (P004) or a phone number. */
export function findByIdOrPhone(table: Table, input: string): PersonRecord | null {
  const s = input.normalize('NFKC').trim();
  if (!s || s.length > 40) return null;
  const people = allPeople(table);
  const byId = people.find((p) => p.id.toLowerCase() === s.toLowerCase());
  if (byId) return byId;
  const d = phoneDigits(s);
  if (d.length < 7) return null;
  const matches = people.filter((p) => p.phone && phoneDigits(p.phone) === d);
  return matches.length === 1 ? matches[0]! : null;
}

/** Find a person by e-mail (Cloudflare Access), case-insensitive; ambiguous → null. */
export function findByEmail(table: Table, email: string): PersonRecord | null {
  const e = email.trim().toLowerCase();
  const matches = allPeople(table).filter((p) => p.email === e);
  return matches.length === 1 ? matches[0]! : null;
}
