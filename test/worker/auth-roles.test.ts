/**
 * The role matrix: every route in the real app (`app.routes`) × nobody and every role,
 * answered by the real Worker, checked against the route's own declaration
 * (requireRole / publicRoute). A route without a declaration fails here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { policyOf, type RoutePolicy } from '../../src/core/auth/policy.js';
import type { Role } from '../../src/env.js';
import { addPeople, call, landed, login, marker, type DemoPerson, type Login } from './auth-helpers.js';

const roles: Role[] = ['head', 'staff', 'class_head', 'teacher', 'leader'];

interface RouteCase {
  method: string;
  path: string;
  policy: RoutePolicy | undefined;
}

/** Every endpoint with its declared policy (its own handlers, else a middleware covering it). */
function routeTable(): RouteCase[] {
  const app = createApp();
  const groups = new Map<string, RouteCase>();
  const middleware = app.routes.filter((r) => r.method === 'ALL');
  for (const r of app.routes) {
    if (r.method === 'ALL') continue;
    const key = `${r.method} ${r.path}`;
    const found = groups.get(key) ?? { method: r.method, path: r.path, policy: undefined };
    found.policy ??= policyOf(r.handler);
    groups.set(key, found);
  }
  for (const g of groups.values()) {
    g.policy ??= middleware
      .filter((m) => m.path !== '/*' && g.path.startsWith(m.path.replace(/\*$/, '')))
      .map((m) => policyOf(m.handler))
      .find(Boolean);
  }
  return [...groups.values()];
}

/**
 * A concrete URL for a route pattern: parameters become IDs that exist nowhere; a parameter
 * limited to a list (`:step{rectify|verify}`) takes its first value, so the route still matches.
 */
function concrete(path: string): string {
  return path
    .replace(/:(\w+)(?:\{([^}]*)\})?/g, (_, _name: string, only?: string) => (only ? only.split('|')[0]! : 'ZZ-MATRIX-404'))
    .replace(/\*$/, 'x');
}

const table = routeTable();
// People of the matrix's own (the sign-out routes sign them out; nobody else's sessions are touched).
const matrixPeople = new Map<Role, DemoPerson>();
beforeAll(async () => {
  const tag = Date.now().toString(36).toUpperCase();
  const added = await addPeople(
    roles.map((role, i) => ({ id: `PM${tag}${i}`, name: `矩阵${role}`, role, unit: role === 'class_head' ? '七年级(1)班' : '总务处' })),
  );
  for (const p of added) matrixPeople.set(p.role, p);
});
/** A fresh session for the matrix person with this role. */
async function as(role: Role): Promise<Login> {
  return login(matrixPeople.get(role)!);
}

describe('every route declares who may use it', () => {
  it('finds the routes of the core, auth and every plugin', () => {
    expect(table.length).toBeGreaterThan(8);
    expect(table.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /auth/signin', 'POST /auth/people/:id/sheet']));
  });

  for (const r of table) {
    it(`${r.method} ${r.path} has a policy`, () => {
      expect(r.policy, `${r.method} ${r.path} has no requireRole/publicRoute`).toBeDefined();
    });
  }

  it('admits leaders to exactly one state-changing route: a decision in the approval inbox', () => {
    const leaderWrites = table.filter((r) => r.method !== 'GET' && r.policy && !r.policy.public && r.policy.roles.includes('leader'));
    expect(leaderWrites.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /approvals/:module/:id']);
    for (const r of leaderWrites) expect(r.policy).toMatchObject({ approval: true });
    expect(table.filter((r) => r.policy && !r.policy.public && r.policy.approval).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /approvals/:module/:id',
    ]);
  });
});

describe('route × role matrix', () => {
  const mark = marker('matrix');
  for (const r of table) {
    if (!r.policy) continue;
    const unsafe = r.method !== 'GET' && r.method !== 'HEAD';
    const url = concrete(r.path);

    it(`${r.method} ${r.path} — nobody signed in`, async () => {
      const res = await call(url, { method: r.method, form: unsafe ? { name: mark, notes: mark } : undefined });
      if (r.policy!.public) {
        expect(res.status).not.toBe(403);
      } else if (unsafe) {
        expect(res.status).toBe(401);
      } else {
        expect(res.status).toBe(302);
        expect(res.headers.get('Location')).toBe(`/auth/signin?next=${encodeURIComponent(url)}`);
      }
      if (!r.policy!.public) {
        const htmx = await call(url, { method: r.method, htmx: true, form: unsafe ? { name: mark } : undefined });
        expect(htmx.status).toBe(401);
      }
    });

    for (const role of roles) {
      // Leaders read; on state changes they are refused except on an approval route.
      const allowed = r.policy.public || (r.policy.roles.includes(role) && !(unsafe && role === 'leader' && !r.policy.approval));
      it(`${r.method} ${r.path} — ${role}: ${allowed ? 'allowed' : 'refused'}`, async () => {
        const l = await as(role);
        const res = await call(url, { method: r.method, login: l, form: unsafe ? { name: mark, notes: mark } : undefined });
        if (allowed) expect([401, 403], `${res.status} ${res.headers.get('X-Denied')}`).not.toContain(res.status);
        else {
          expect(res.status).toBe(403);
          expect(res.headers.get('X-Denied')).toMatch(role === 'leader' && unsafe ? /readOnly|forbidden/ : /forbidden/);
          const html = await res.text();
          expect(html).toContain('没有权限');
        }
      });
    }
  }

  it('wrote nothing for anybody refused', async () => {
    expect(await landed(mark, ['资产', '场所', '人员'])).toBe(false);
  });
});

describe('the 403 page speaks the reader’s language', () => {
  it('in English with ?lang=en', async () => {
    const res = await call('/auth/people?lang=en', { login: await as('teacher') });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('Not allowed');
    expect(html).toContain('Your role (Teacher) cannot use this');
  });
});
