/** 班级财产承包: each class's property, its acknowledgements and checks, and the monthly results table. Pure. */
import type { RowFor, TableFor } from '../../core/kit.js';
import { RoomIndex, retired } from './model.js';
import { expectedIn } from './stocktake.js';

/** The class's classroom name (the 班级 tab holds the room ID; the asset register holds names). */
export function classRoom(cls: RowFor<'classes'>, index: RoomIndex): string {
  const room = cls.values.room;
  if (room) return index.nameOf(room);
  const byClass = index.find(`${cls.id}教室`);
  return byClass ? String(byClass.values.name) : '';
}

/** The property a class is responsible for: everything on the books in its classroom. */
export function classProperty(cls: RowFor<'classes'>, assets: readonly RowFor<'assets'>[], index: RoomIndex): RowFor<'assets'>[] {
  const room = classRoom(cls, index);
  return room ? expectedIn(assets, index, room) : [];
}

export interface ClassResult {
  class: string;
  head: string;
  items: number;
  acknowledged: string | null;
  checks: number;
  damaged: number;
  missing: number;
  charged: number;
  latest: string | null;
}

/**
 * One row per class for a month: items in its care, when the class head acknowledged this term
 * (on or before the month's end), and the checks dated in the month (damage and missing summed).
 */
export function classResults(
  t: { classes: TableFor<'classes'>; assets: TableFor<'assets'>; classChecks: TableFor<'classChecks'>; rooms: TableFor<'rooms'> },
  month: string,
  termStart: string | null,
): ClassResult[] {
  const index = new RoomIndex(t.rooms);
  const monthEnd = `${month}-31`;
  return t.classes.rows.map((cls) => {
    const rows = t.classChecks.rows.filter((r) => r.values.class === cls.id);
    const ack = rows
      .filter(
        (r) =>
          r.values.kind === 'acknowledge' &&
          typeof r.values.date === 'string' &&
          r.values.date <= monthEnd &&
          (!termStart || r.values.date >= termStart),
      )
      .map((r) => String(r.values.date))
      .sort()
      .pop();
    const checks = rows.filter((r) => r.values.kind !== 'acknowledge' && (r.values.date ?? '').startsWith(month));
    return {
      class: cls.id,
      head: cls.values.head ?? '',
      items: classProperty(cls, t.assets.rows, index).filter((a) => !retired(a)).length,
      acknowledged: ack ?? null,
      checks: checks.length,
      damaged: checks.reduce((n, r) => n + (Number(r.values.damaged) || 0), 0),
      missing: checks.reduce((n, r) => n + (Number(r.values.missing) || 0), 0),
      charged: Math.round(checks.reduce((n, r) => n + (Number(r.values.charged) || 0), 0) * 100) / 100,
      latest:
        checks
          .map((r) => String(r.values.date))
          .sort()
          .pop() ?? null,
    };
  });
}
