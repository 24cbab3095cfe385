/** Small helpers the cleaning routes share: zones from a snapshot, dates from a query (the rest is the kit's). */
import type { Table } from '../../core/kit.js';
import { zoneFrom, type Zone } from './logic/zones.js';

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

/** Buildings named in the zones, in first-seen order (for filters). */
export function buildings(zones: readonly Zone[]): string[] {
  return [...new Set(zones.map((z) => z.building).filter(Boolean))];
}

/** 'YYYY-MM-DD' from a query or form value, or null. */
export function isoDate(value: string | undefined): string | null {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;
}
