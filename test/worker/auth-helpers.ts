/** Helpers for the auth, role-matrix and hostile-input tests: people by role, signed sessions, requests to the real Worker. */
import { env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { inject } from 'vitest';
import { demoSchool } from '../../tools/demo/school.js';
import { schoolData } from '../../src/core/data/school-data.js';
import { createSession, csrfTokenFor, SESSION_COOKIE } from '../../src/core/auth/session.js';
import type { Env, Role } from '../../src/env.js';

export const ORIGIN = 'https://portal.test';
export const secret = () => (env as unknown as Env).SESSION_SECRET;
export const spreadsheetId = () => inject('spreadsheetId');
export const emulatorUrl = () => inject('emulatorUrl');

const roleByLabel: Record<string, Role> = { 后勤主任: 'head', 后勤人员: 'staff', 班主任: 'class_head', 教师: 'teacher', 校领导: 'leader' };

export interface DemoPerson {
  id: string;
  name: string;
  role: Role;
  unit: string;
  phone: string;
  active: boolean;
}

let cached: DemoPerson[] | null = null;
/** The demo school's 人员 rows, as the emulator was seeded. */
export function demoPeople(): DemoPerson[] {
  if (cached) return cached;
  const sheet = demoSchool().sheets.find((s) => s.title === '人员')!;
  const [header, ...rows] = sheet.rows as unknown[][];
  const h = (name: string) => (header as string[]).indexOf(name);
  cached = rows.map((r) => ({
    id: String(r[h('编号')]),
    name: String(r[h('姓名')]),
    role: roleByLabel[String(r[h('角色')])]!,
    unit: String(r[h('班级/部门')] ?? ''),
    phone: String(r[h('电话')] ?? ''),
    active: r[h('启用')] === true || r[h('启用')] === 'TRUE' || r[h('启用')] === '是',
  }));
  return cached;
}

/** The n-th active person with this role. */
export function personWith(role: Role, n = 0): DemoPerson {
  const p = demoPeople().filter((x) => x.role === role && x.active)[n];
  if (!p) throw new Error(`demo school has no active ${role} #${n}`);
  return p;
}

export function inactivePerson(): DemoPerson {
  const p = demoPeople().find((x) => !x.active);
  if (!p) throw new Error('demo school has no inactive person');
  return p;
}

export interface Login {
  person: DemoPerson;
  cookie: string;
  csrf: string;
  sid: string;
}

let sidCounter = 0;
/** A signed session for a person (as if they had used a sign-in link), and its CSRF token. */
export async function login(person: DemoPerson, options: { now?: number; secret?: string } = {}): Promise<Login> {
  const sid = `test-sid-${Date.now().toString(36)}-${sidCounter++}`;
  const value = await createSession(options.secret ?? secret(), person.id, { sid, now: options.now });
  return { person, cookie: `${SESSION_COOKIE}=${value}`, csrf: await csrfTokenFor(secret(), sid), sid };
}

export interface Req {
  method?: string;
  login?: Login | null;
  /** Form fields (urlencoded; a list is sent as the field repeated); `_csrf` is added from the login unless `csrf` is given. */
  form?: Record<string, string | readonly string[]>;
  /** Override the CSRF token (null: send none). */
  csrf?: string | null;
  headers?: Record<string, string>;
  htmx?: boolean;
  ip?: string;
  /** A raw body (e.g. FormData for multipart uploads) instead of `form`. */
  body?: BodyInit;
  /** Another school of this deployment (a SCHOOLS host), e.g. https://outage.portal.test. */
  origin?: string;
}

/** A request to the real Worker (SELF), same-origin unless headers say otherwise. */
export async function call(path: string, req: Req = {}): Promise<Response> {
  const method = req.method ?? (req.form ? 'POST' : 'GET');
  const headers: Record<string, string> = { 'CF-Connecting-IP': req.ip ?? '203.0.113.10', ...req.headers };
  if (req.login) headers.cookie = [headers.cookie, req.login.cookie].filter(Boolean).join('; ');
  if (req.htmx) headers['HX-Request'] = 'true';
  let body: BodyInit | undefined = req.body;
  if (req.form) {
    const fields = { ...req.form };
    const token = req.csrf === undefined ? req.login?.csrf : req.csrf;
    if (token !== null && token !== undefined && !('_csrf' in fields)) fields._csrf = token;
    body = new URLSearchParams(
      Object.entries(fields).flatMap(([k, v]): Array<[string, string]> => (typeof v === 'string' ? [[k, v]] : v.map((x) => [k, x]))),
    ).toString();
    headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
    headers.Origin ??= req.origin ?? ORIGIN;
  }
  const fetcher = (exports as unknown as { default: Fetcher }).default;
  return fetcher.fetch(`${req.origin ?? ORIGIN}${path}`, { method, headers, body, redirect: 'manual' });
}

/** The school's data facade (flush, status) for checking what was written. */
export function data() {
  return schoolData(env as unknown as Pick<Env, 'GATEWAY'>, spreadsheetId());
}

/** Values of a sheet as the emulator holds them; FORMULA shows formulas as typed. */
export async function sheetValues(title: string, render: 'FORMULA' | 'UNFORMATTED_VALUE' = 'UNFORMATTED_VALUE'): Promise<unknown[][]> {
  const res = await fetch(
    `${emulatorUrl()}/__emulator/spreadsheets/${encodeURIComponent(spreadsheetId())}/values?sheet=${encodeURIComponent(title)}&render=${render}`,
  );
  if (!res.ok) throw new Error(`emulator: ${res.status} ${await res.text()}`);
  const out = (await res.json()) as { values?: unknown[][] } | unknown[][];
  return (Array.isArray(out) ? out : out.values) ?? [];
}

/** Wait until the gateway has written everything queued. */
export async function synced(ms = 20_000): Promise<void> {
  const d = data();
  const until = Date.now() + ms;
  for (;;) {
    const s = await d.flush({ ignoreBackoff: true });
    if (s.pending === 0) return;
    if (Date.now() > until) throw new Error(`still pending: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Does any cell of these sheets contain `marker`? (after syncing) */
export async function landed(marker: string, titles: readonly string[] = ['资产', '操作日志', '场所', '人员']): Promise<boolean> {
  await synced();
  for (const title of titles) {
    const values = await sheetValues(title, 'FORMULA');
    if (values.some((row) => row.some((cell) => typeof cell === 'string' && cell.includes(marker)))) return true;
  }
  return false;
}

/** A unique marker for one test case. */
export function marker(label: string): string {
  return `MK${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

const roleLabel: Record<Role, string> = {
  head: '后勤主任',
  staff: '后勤人员',
  class_head: '班主任',
  teacher: '教师',
  leader: '校领导',
  district_director: '局领导',
  district_safety: '安全专干',
  district_area: '片区督导',
};

/**
 * Add people to the 人员 tab as staff would (a row typed into the sheet), then re-read it,
 * so a test can sign them in and out without touching anyone else's sessions.
 */
export async function addPeople(people: ReadonlyArray<Omit<DemoPerson, 'phone' | 'active'> & { email?: string }>): Promise<DemoPerson[]> {
  const values = await sheetValues('人员');
  const header = values[0] as string[];
  const rows = people.map((p) =>
    header.map(
      (h) =>
        (
          ({ 编号: p.id, 姓名: p.name, 角色: roleLabel[p.role], '班级/部门': p.unit, 启用: true, 邮箱: p.email ?? '' }) as Record<
            string,
            unknown
          >
        )[h] ?? '',
    ),
  );
  const first = values.length + 1;
  await staffEdit({ data: [{ range: `'人员'!A${first}`, values: rows }], valueInputOption: 'RAW' });
  await data().read(['people'], { fresh: true });
  return people.map((p) => ({ ...p, phone: '', active: true }));
}

/**
 * Act like staff in Google Sheets: spreadsheets.batchUpdate requests and/or cell writes,
 * through the emulator's control API (no quota, not logged as the app's traffic).
 */
export async function staffEdit(body: {
  requests?: unknown[];
  data?: Array<{ range: string; values: unknown[][] }>;
  valueInputOption?: 'RAW' | 'USER_ENTERED';
}): Promise<void> {
  const res = await fetch(`${emulatorUrl()}/__emulator/spreadsheets/${encodeURIComponent(spreadsheetId())}/edit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`emulator edit: ${res.status} ${await res.text()}`);
}

/** Every Set-Cookie header of a response. */
export function setCookies(res: Response): string[] {
  return (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie();
}
