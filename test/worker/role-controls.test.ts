/**
 * No write control a role cannot use: walk the pages each role can reach (menu and links,
 * like a person clicking around) and check every form and htmx request that changes
 * something (POST/PUT/PATCH/DELETE) against the route's declared policy. A leader, who is
 * read-only, must see none but sign-out and the approval inbox's decisions; a teacher no
 * staff-only buttons; and so on.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { policyOf, type RoutePolicy } from '../../src/core/auth/policy.js';
import type { Role } from '../../src/env.js';
import { call, login, personWith } from './auth-helpers.js';

/** Which roles may send this method to this path, by the app's own route declarations. */
function policyRouter() {
  const app = createApp();
  const probe = new Hono();
  const seen = new Map<string, RoutePolicy | undefined>();
  for (const r of app.routes) {
    if (r.method === 'ALL' || r.method === 'GET') continue;
    const key = `${r.method} ${r.path}`;
    seen.set(key, seen.get(key) ?? policyOf(r.handler));
  }
  for (const [key, policy] of seen) {
    const [method, path] = key.split(' ') as [string, string];
    probe.on(method, path, (c) => c.json(policy ?? null));
  }
  return async (method: string, path: string): Promise<RoutePolicy | null | 'no route'> => {
    const res = await probe.request(path, { method });
    return res.status === 404 ? 'no route' : ((await res.json()) as RoutePolicy | null);
  };
}

const WRITE_ATTR = /\bhx-(post|put|patch|delete)="([^"]*)"/g;
const FORM = /<form\b([^>]*)>/g;
const LINK = /\bhref="(\/[^"#]*)"/g;

/** Write targets on a page: POST forms (action, or the page itself) and htmx write requests. */
function writeTargets(html: string, page: string): Array<{ method: string; path: string }> {
  const out: Array<{ method: string; path: string }> = [];
  for (const [, attrs] of html.matchAll(FORM)) {
    if (!/method="post"/i.test(attrs!)) continue;
    const action = /\baction="([^"]*)"/.exec(attrs!)?.[1] ?? page;
    out.push({ method: 'POST', path: action.replace(/&amp;/g, '&') });
  }
  for (const [, method, path] of html.matchAll(WRITE_ATTR))
    out.push({ method: method!.toUpperCase(), path: path!.replace(/&amp;/g, '&') || page });
  for (const [, path] of html.matchAll(/\bformaction="([^"]*)"/g)) out.push({ method: 'POST', path: path!.replace(/&amp;/g, '&') });
  return out;
}

const SKIP = /^\/(auth\/(signout|link)|summary\/shared|vendor|app\.css)|\/photos\/|\.(css|js|png|svg|ico|pdf)$|\/print\b/;

async function walk(role: Role, limit: number) {
  const l = await login(personWith(role));
  // The menu, plus the pages a QR scan opens (no menu leads there).
  const queue = ['/', '/cleaning/c/Z001', '/repairs/new', '/greening/checkin?area=G001'];
  const seen = new Set<string>();
  const found: Array<{ page: string; method: string; path: string }> = [];
  const perPrefix = new Map<string, number>();
  /** Where each queued link was seen, to name the page that shows a link the role may not follow. */
  const linkedFrom = new Map<string, string>();
  const refusedLinks: string[] = [];
  while (queue.length && seen.size < limit) {
    const page = queue.shift()!;
    const path = page.split('?')[0]!;
    if (seen.has(path)) continue;
    seen.add(path);
    const res = await call(page, { login: l });
    if (res.status === 403 && linkedFrom.has(page)) refusedLinks.push(`${linkedFrom.get(page)} → ${page}`);
    if (res.status !== 200 || !(res.headers.get('Content-Type') ?? '').includes('text/html')) continue;
    const html = await res.text();
    for (const t of writeTargets(html, path)) found.push({ page: path, ...t, path: t.path.split('?')[0]! });
    for (const [, href] of html.matchAll(LINK)) {
      const next = href!.replace(/&amp;/g, '&');
      const p = next.split('?')[0]!;
      if (SKIP.test(p) || seen.has(p)) continue;
      // A few of each kind of detail page is enough (not all 587 assets).
      const prefix = p.replace(/\/[^/]*\d[^/]*/g, '/:id');
      const n = perPrefix.get(prefix) ?? 0;
      if (n >= 2) continue;
      perPrefix.set(prefix, n + 1);
      linkedFrom.set(next, path);
      queue.push(next);
    }
  }
  return { pages: seen.size, found, refusedLinks };
}

describe('write controls match the role policy', () => {
  const cases: Array<[Role, number]> = [
    ['leader', 70],
    ['teacher', 50],
    ['class_head', 50],
    ['staff', 70],
  ];
  it.each(cases)(
    '%s sees no form or button that POSTs to a route refusing them',
    async (role, limit) => {
      const policyFor = policyRouter();
      const { pages, found, refusedLinks } = await walk(role, limit);
      expect(pages).toBeGreaterThan(8);
      const refused: string[] = [];
      for (const f of found) {
        const policy = await policyFor(f.method, f.path);
        if (policy === 'no route' || policy === null) continue; // a dead link is another test's business
        const allowed = policy.public || (policy.roles.includes(role) && (role !== 'leader' || policy.approval === true));
        if (!allowed) refused.push(`${f.page}: ${f.method} ${f.path}`);
      }
      expect([...new Set(refused)].join('\n')).toBe('');
      // A link the role sees leads somewhere it may go (no tab answering 403).
      expect(refusedLinks.join('\n')).toBe('');
    },
    120_000,
  );
});

describe('the desk of a role that cannot open /problems', () => {
  it.each(['teacher', 'class_head'] as const)('%s: says nothing of the sheet’s data problems and links no /problems', async (role) => {
    const home = await (await call('/', { login: await login(personWith(role)) })).text();
    expect(home).not.toContain('href="/problems"');
    expect(home).not.toContain('表格数据全部可识别');
  });
});
