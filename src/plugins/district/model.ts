/**
 * What the district reads: its 学校 tab (its own spreadsheet), then, for each school in
 * parallel, the school's 月报 and 安全月报 tabs through that school's gateway — one
 * values:batchGet per school on a miss, none on a hit — and of those only the months the
 * school PUBLISHED (frozen snapshots, checked against their checksums). Drafts and working
 * tabs never reach a district page.
 */
import {
  addDays,
  frozenReport,
  indexOf,
  monthlyBook,
  normalizeUnit,
  safetyBook,
  schoolData,
  type Env,
  type MonthlyReport,
  type Person,
  type SafetyReport,
  type SchoolData,
  type TableRow,
} from '../../core/kit.js';

/**
 * How old a school's published tabs may be before the district reads them again. A school's
 * own publishing goes through the same gateway and shows at once; this only bounds how late a
 * staff edit made directly in the school's sheet shows, and keeps a district of 45 schools at
 * ≤ 45 reads per 10 minutes however many people open the page.
 */
export const PUBLISHED_MAX_AGE_MS = 10 * 60_000;
/** The 安全月报 for a month is due by this day of the next month; unpublished after it, the school is late. */
export const SAFETY_DUE_DAY = 5;

export interface DistrictSchool {
  id: string;
  name: string;
  spreadsheetId: string;
  host: string;
  area: string;
  boarding: boolean | null;
  contact: string;
  phone: string;
  serviceAccount: string;
}

export type SafetyStatus = 'published' | 'late' | 'due' | 'broken' | 'unreachable';

/** One school's published reports for a month and the month before. */
export interface SchoolMonth {
  school: DistrictSchool;
  status: SafetyStatus;
  safety: SafetyReport | null;
  safetyBefore: SafetyReport | null;
  monthly: MonthlyReport | null;
  monthlyBefore: MonthlyReport | null;
  publishedAt: string | null;
  /** Why the school's sheet could not be read (shared with the service account? right ID?). */
  error: string | null;
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());

function schoolOf(row: TableRow): DistrictSchool {
  const v = row.values;
  return {
    id: row.id,
    name: text(v.name) || row.id,
    spreadsheetId: text(v.spreadsheetId),
    host: text(v.host),
    area: text(v.area),
    boarding: typeof v.boarding === 'boolean' ? v.boarding : null,
    contact: text(v.contact),
    phone: text(v.phone),
    serviceAccount: text(v.serviceAccount),
  };
}

/** The district's active schools this person may see: everything, or an area supervisor's own 片区 only. */
export async function districtSchools(data: SchoolData, person: Person): Promise<DistrictSchool[]> {
  const { districtSchools: table } = await data.read(['districtSchools']);
  const all = table.rows.filter((r) => r.values.active === true && text(r.values.spreadsheetId)).map(schoolOf);
  if (person.role !== 'district_area') return all;
  const area = normalizeUnit(person.unit);
  return area ? all.filter((s) => normalizeUnit(s.area) === area) : [];
}

/** The day a month's 安全月报 is due ('YYYY-MM-DD'). */
export const dueDate = (month: string) => addDays(`${month}-01`, 31).slice(0, 8) + String(SAFETY_DUE_DAY).padStart(2, '0');

// Which service account a school's gateway was told to use, so it is told once per isolate.
const configured = new Map<string, string>();

/** A school's gateway, switched to the service account its 学校 row names (once). */
async function gatewayOf(env: Env, school: DistrictSchool) {
  const data = schoolData(env, school.spreadsheetId);
  if (school.serviceAccount && configured.get(school.spreadsheetId) !== school.serviceAccount) {
    await data.configure({ serviceAccount: school.serviceAccount });
    configured.set(school.spreadsheetId, school.serviceAccount);
  }
  return data;
}

/** One school's published 安全月报 and 月报 for `month` and the month before: one read of its sheet at most. */
export async function readSchoolMonth(
  env: Env,
  school: DistrictSchool,
  month: string,
  before: string,
  today: string,
): Promise<SchoolMonth> {
  const base = { school, safety: null, safetyBefore: null, monthly: null, monthlyBefore: null, publishedAt: null, error: null };
  try {
    const data = await gatewayOf(env, school);
    // A school's sheet that cannot be read (a wrong ID in 学校) is an answer here, not an exception across RPC.
    const read = await data.tryRead(['reports', 'safetyReports'], { maxAgeMs: PUBLISHED_MAX_AGE_MS });
    if ('error' in read) throw new Error(read.error);
    const { reports, safetyReports } = read;
    const safetyIndex = indexOf(safetyReports.rows, safetyBook);
    const monthlyIndex = indexOf(reports.rows, monthlyBook);
    const [safety, safetyBefore, monthly, monthlyBefore] = await Promise.all([
      frozenReport<SafetyReport>(safetyIndex, month, safetyBook),
      frozenReport<SafetyReport>(safetyIndex, before, safetyBook),
      frozenReport<MonthlyReport>(monthlyIndex, month, monthlyBook),
      frozenReport<MonthlyReport>(monthlyIndex, before, monthlyBook),
    ]);
    const published = (f: typeof safety) => (f?.state === 'published' ? f.report : null);
    const status: SafetyStatus =
      safety?.state === 'published' ? 'published' : safety?.state === 'broken' ? 'broken' : today > dueDate(month) ? 'late' : 'due';
    return {
      ...base,
      status,
      safety: published(safety),
      safetyBefore: published(safetyBefore),
      monthly: monthly?.state === 'published' ? monthly.report : null,
      monthlyBefore: monthlyBefore?.state === 'published' ? monthlyBefore.report : null,
      publishedAt: safety?.state === 'published' ? (safety.report.publishedAt ?? null) : null,
    };
  } catch (err) {
    console.error(`district: reading ${school.id} (${school.spreadsheetId}) failed`, err);
    return { ...base, status: 'unreachable', error: err instanceof Error ? err.message : String(err) };
  }
}

/** Every school's month, read in parallel (each through its own gateway). */
export function readDistrictMonth(
  env: Env,
  schools: readonly DistrictSchool[],
  month: string,
  before: string,
  today: string,
): Promise<SchoolMonth[]> {
  return Promise.all(schools.map((s) => readSchoolMonth(env, s, month, before, today)));
}
