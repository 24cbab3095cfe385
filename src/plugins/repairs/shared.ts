/** Small helpers the repair and patrol routes share: rooms, people, labels (the rest is the kit's). */
import { hazardStatuses, patrolAreas, repairCategories, repairStatuses, repairUrgencies } from '../../../sheets-schema/index.js';
import { bilingual, type RowFor, type TableFor, type Text } from '../../core/kit.js';

type Rooms = TableFor<'rooms'>;
type People = TableFor<'people'>;

/** Enum lists for templates ({{label key list}}). */
export const enums = {
  categories: repairCategories,
  urgencies: repairUrgencies,
  statuses: repairStatuses,
  areas: patrolAreas,
  hazardStatuses,
};

/**
 * A form's 场所 checked against the 场所 tab (unless already in error): the room's own name into
 * `values.room`, or why not (none typed, or no such room) into `errors.room`.
 */
export function checkRoom(rooms: Rooms, typed: string, values: { room?: string | null }, errors: Record<string, Text>): void {
  if (errors.room) return;
  const room = findRoom(rooms, typed);
  if (!room) errors.room = typed ? bilingual('repairs.unknownRoom', { room: typed }) : bilingual('repairs.roomRequired');
  else values.room = String(room.values.name);
}

/** The 场所 row named (or numbered) as typed, ignoring surrounding spaces; null when none. */
export function findRoom(rooms: Rooms, typed: string): RowFor<'rooms'> | null {
  const want = typed.trim();
  if (!want) return null;
  return (
    rooms.rows.find((r) => (r.values.name ?? '').trim() === want) ??
    rooms.rows.find((r) => r.id.toUpperCase() === want.toUpperCase()) ??
    null
  );
}

/** Active logistics workers (staff and the head) from 人员, for the assign and owner pickers; `trade` is their 备注 (水电工, 木工…). */
export function workers(people: People): Array<{ id: string; name: string; unit: string; trade: string }> {
  return people.rows
    .filter((r) => r.values.active === true && (r.values.role === 'staff' || r.values.role === 'head'))
    .map((r) => ({
      id: r.id,
      name: r.values.name ?? '',
      unit: r.values.unit ?? '',
      trade: (r.values.notes ?? '').split(/[，,；;。]/)[0]!.trim(),
    }));
}

/** Words in a worker's trade that fit a repair category (schools write 水电工, 木工, 电工…). */
const tradeWords: Record<string, readonly string[]> = {
  water: ['水'],
  electrical: ['电'],
  carpentry: ['木'],
  doors_windows: ['木', '门窗'],
  desks_chairs: ['木', '桌'],
  air_conditioning: ['空调', '电'],
  network: ['网络', '信息', '电教'],
};

/** The assign picker: workers whose trade fits the category first, each shown with their trade. */
export function workersFor(people: People, category: unknown) {
  const words = tradeWords[String(category)] ?? [];
  const fits = (w: { trade: string }) => words.some((word) => w.trade.includes(word));
  const all = workers(people).map((w) => ({ ...w, fits: fits(w) }));
  return [...all.filter((w) => w.fits), ...all.filter((w) => !w.fits)];
}

/** Room names for the datalist. */
export function roomNames(rooms: Rooms): string[] {
  return rooms.rows.map((r) => r.values.name ?? '').filter(Boolean);
}
