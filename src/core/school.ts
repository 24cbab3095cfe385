/** Which school (spreadsheet) a request is for, and its data facade on `c.var.data`. */
import { createMiddleware } from 'hono/factory';
import type { AppEnv, Env, School } from '../env.js';
import { schoolData } from './data/school-data.js';

/**
 * One deployment can serve several schools: SCHOOLS maps a host name to a spreadsheet;
 * otherwise SPREADSHEET_ID is the school.
 */
export function resolveSchool(env: Env, host: string): School | null {
  if (env.SCHOOLS) {
    const entry = schoolEntries(env)[host.toLowerCase()];
    if (entry) return { spreadsheetId: entry.spreadsheetId, name: entry.name ?? '', ...(entry.district ? { district: true } : {}) };
  }
  return env.SPREADSHEET_ID ? { spreadsheetId: env.SPREADSHEET_ID, name: env.SCHOOL_NAME ?? '' } : null;
}

/** One entry of SCHOOLS. */
export interface SchoolEntry {
  spreadsheetId: string;
  name?: string;
  /** A district office's spreadsheet (学校 and 人员 tabs), not a school's. */
  district?: boolean;
  /** Which of GOOGLE_SERVICE_ACCOUNTS reads and writes this spreadsheet (default: GOOGLE_SERVICE_ACCOUNT). */
  serviceAccount?: string;
}

/** SCHOOLS parsed (host names lower-cased); empty when unset. */
export function schoolEntries(env: Pick<Env, 'SCHOOLS'>): Record<string, SchoolEntry> {
  if (!env.SCHOOLS) return {};
  const map = JSON.parse(env.SCHOOLS) as Record<string, SchoolEntry>;
  return Object.fromEntries(Object.entries(map).map(([host, entry]) => [host.toLowerCase(), entry]));
}

/**
 * The service-account key JSON for a spreadsheet: the named one from GOOGLE_SERVICE_ACCOUNTS
 * (named by the caller, e.g. the district's 学校 tab, or by the spreadsheet's SCHOOLS entry),
 * else GOOGLE_SERVICE_ACCOUNT. Several accounts split Google's per-user quota (60 reads and
 * 60 writes a minute each); accounts in one Google Cloud project still share its 300 a minute.
 */
export function serviceAccountFor(
  env: Pick<Env, 'SCHOOLS' | 'GOOGLE_SERVICE_ACCOUNT' | 'GOOGLE_SERVICE_ACCOUNTS'>,
  spreadsheetId: string,
  name?: string,
): string {
  const wanted = name || Object.values(schoolEntries(env)).find((e) => e.spreadsheetId === spreadsheetId)?.serviceAccount;
  if (!wanted) return env.GOOGLE_SERVICE_ACCOUNT;
  const named = env.GOOGLE_SERVICE_ACCOUNTS ? (JSON.parse(env.GOOGLE_SERVICE_ACCOUNTS) as Record<string, unknown>)[wanted] : undefined;
  if (!named) throw new Error(`service account "${wanted}" is not in GOOGLE_SERVICE_ACCOUNTS (服务账号「${wanted}」未配置)`);
  return typeof named === 'string' ? named : JSON.stringify(named);
}

export function schoolMiddleware() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const school = resolveSchool(c.env, new URL(c.req.url).hostname);
    if (!school) return c.text('Houqin: no spreadsheet configured (SPREADSHEET_ID). 未配置表格。', 500);
    c.set('school', school);
    c.set('data', schoolData(c.env, school.spreadsheetId));
    await next();
  });
}
