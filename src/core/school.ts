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
    const map = JSON.parse(env.SCHOOLS) as Record<string, { spreadsheetId: string; name?: string }>;
    const entry = map[host.toLowerCase()];
    if (entry) return { spreadsheetId: entry.spreadsheetId, name: entry.name ?? '' };
  }
  return env.SPREADSHEET_ID ? { spreadsheetId: env.SPREADSHEET_ID, name: env.SCHOOL_NAME ?? '' } : null;
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
