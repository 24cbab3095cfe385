/** Reads everything the greening pages need in one batched read, checked row by row. */
import { schoolCalendar, type SchoolCalendar, type SchoolData, type Table } from '../../core/kit.js';
import { readAreas, readPlans, type Area, type CarePlan, type RowIssue } from './plans.js';
import { holidaySpans, type Span } from './schedule.js';
import type { ScheduleState } from './tasks.js';

export interface GreeningState extends ScheduleState {
  areaList: Area[];
  planList: CarePlan[];
  /** Unreadable rules, unknown areas, areas with nobody contracted: named by row. */
  issues: RowIssue[];
  tables: { greenAreas: Table; carePlans: Table; careTasks: Table; careCheckins: Table };
}

const names = (table: Table | undefined, key: string) =>
  new Set((table?.rows ?? []).map((r) => String(r.values[key] ?? '').trim()).filter(Boolean));

/** Build the state from tables (also used by unit tests with hand-made tables). */
export function stateFrom(
  t: { greenAreas: Table; carePlans: Table; careTasks: Table; careCheckins: Table; calendar: Table; classes?: Table; people?: Table },
  calendar?: SchoolCalendar,
): GreeningState {
  const classNames = names(t.classes, 'id');
  for (const n of names(t.classes, 'name')) classNames.add(n);
  const { areas: areaList, issues: areaIssues } = readAreas(t.greenAreas, classNames, names(t.people, 'name'));
  const areas = new Map(areaList.map((a) => [a.id, a]));
  const { plans, issues: planIssues } = readPlans(t.carePlans, new Set(areas.keys()));
  const holidays: Span[] = holidaySpans(t.calendar);
  return {
    tasks: t.careTasks.rows,
    checkins: t.careCheckins.rows,
    plans,
    planList: plans,
    areas,
    areaList,
    calendar: calendar ?? schoolCalendar(t.calendar),
    holidays,
    issues: [...planIssues, ...areaIssues],
    tables: { greenAreas: t.greenAreas, carePlans: t.carePlans, careTasks: t.careTasks, careCheckins: t.careCheckins },
  };
}

export async function loadState(data: SchoolData, options: { fresh?: boolean } = {}): Promise<GreeningState> {
  const t = await data.read(['greenAreas', 'carePlans', 'careTasks', 'careCheckins', 'calendar', 'classes', 'people'], options);
  return stateFrom(t);
}
