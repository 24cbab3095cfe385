/**
 * Who may open which route, declared on the route itself and enforced on the server.
 *
 * Every route declares its policy with one of these middlewares; a route without one is
 * refused (deny by default, see `defaultDeny` in middleware.ts), and the role-matrix test
 * walks `app.routes` × every role and checks each answer against the declaration.
 *
 * - `requireRole(...roles)`: signed in with one of these roles. Not signed in → 302 to
 *   `/auth/signin?next=…` for a page GET, 401 otherwise (htmx, POST). Wrong role → 403.
 *   Leadership (`leader`) is read-only: refused on every state-changing method, whatever
 *   the declaration says.
 * - `requireSignedIn()`: any active person (e.g. a QR check-in page: it records who).
 * - `publicRoute()`: no sign-in (the sign-in pages themselves). CSRF still applies.
 * - `ownsUnit(person, unit)`: may this person change records of that class/department?
 *
 * @example
 * import { requireRole, requireSignedIn, ownsUnit, forbidden } from '../../core/auth/index.js'
 * routes.get('/', requireRole('head', 'staff', 'leader'), (c) => …)
 * routes.post('/', requireRole('head', 'staff'), async (c) => {
 *   const person = c.var.person!            // never null after requireRole
 *   await c.var.data.append('assets', values, { idempotencyKey, actor: { id: person.id, name: person.name }, action: 'asset.register' })
 * })
 * routes.post('/rooms/:id', requireRole('head', 'class_head'), async (c) => {
 *   const room = …; if (!ownsUnit(c.var.person!, room.values.class)) return forbidden(c, 'notOwner', { unit: … })
 * })
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, DistrictRole, Person, Role, SchoolRole } from '../../env.js';
import { t } from '../i18n/index.js';
import { isHtmx, render } from '../views/render.js';
import { authMessages } from './messages.js';

/** A school's roles. */
export const schoolRoles: readonly SchoolRole[] = ['head', 'staff', 'class_head', 'teacher', 'leader'];
/** A district office's roles (valid only on a district's host; they read, never write). */
export const districtRoles: readonly DistrictRole[] = ['district_director', 'district_safety', 'district_area'];
export const allRoles: readonly Role[] = [...schoolRoles, ...districtRoles];
export const isDistrictRole = (role: Role): role is DistrictRole => (districtRoles as readonly Role[]).includes(role);

/** `approval`: the one kind of write leaders may make (a decision in the approval inbox). */
export type RoutePolicy = { public: true } | { public: false; roles: readonly Role[]; approval?: true };

const policies = new WeakMap<object, RoutePolicy>();

/** The policy a handler declares (unwrapping Hono's sub-app wrapper), if any. */
export function policyOf(handler: unknown): RoutePolicy | undefined {
  if (typeof handler !== 'function') return undefined;
  return policies.get(handler) ?? policyOf((handler as unknown as Record<string, unknown>).__COMPOSED_HANDLER);
}

const UNSAFE = /^(POST|PUT|PATCH|DELETE)$/;

export function isUnsafeMethod(method: string): boolean {
  return UNSAFE.test(method.toUpperCase());
}

/** Signed in with one of `roles`; leaders never on state-changing methods. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  if (roles.length === 0) throw new Error('requireRole: name at least one role');
  const mw: MiddlewareHandler<AppEnv> = async function requireRole(c, next) {
    const person = c.var.person;
    if (!person) return unauthorized(c);
    if ((person.role === 'leader' || isDistrictRole(person.role)) && isUnsafeMethod(c.req.method)) return forbidden(c, 'readOnly');
    if (!roles.includes(person.role)) return forbidden(c, 'forbidden', { role: roleLabel(c, person.role) });
    await next();
  };
  policies.set(mw, { public: false, roles: [...roles] });
  return mw;
}

/**
 * A decision in the approval inbox (一支笔审批): the only state change open to leaders. The
 * request is marked approving, and the data facade then lets a leader write exactly what a
 * decision writes (each tab's `approverWrites`) and nothing else.
 */
export function requireApprover(...roles: Role[]): MiddlewareHandler<AppEnv> {
  if (roles.length === 0) throw new Error('requireApprover: name at least one role');
  const mw: MiddlewareHandler<AppEnv> = async function requireApprover(c, next) {
    const person = c.var.person;
    if (!person) return unauthorized(c);
    if (!roles.includes(person.role)) return forbidden(c, 'forbidden', { role: roleLabel(c, person.role) });
    c.set('approving', true);
    await next();
  };
  policies.set(mw, { public: false, roles: [...roles], approval: true });
  return mw;
}

/** Any signed-in, active person of the school (leaders still read-only). */
export function requireSignedIn(): MiddlewareHandler<AppEnv> {
  return requireRole(...schoolRoles);
}

/** Open to everybody, signed in or not (sign-in pages). CSRF and origin checks still apply. */
export function publicRoute(): MiddlewareHandler<AppEnv> {
  const mw: MiddlewareHandler<AppEnv> = async function publicRoute(_c, next) {
    await next();
  };
  policies.set(mw, { public: true });
  return mw;
}

/**
 * May `person` change records that belong to `unit` (a class such as 七年级(1)班, or a
 * department such as 总务处)? The head of logistics: everything. Leaders: nothing (read-only).
 * Everybody else: only their own unit (compared trimmed, width- and case-insensitively).
 * Logistics staff's school-wide work is granted by role on the route, not by this check.
 */
export function ownsUnit(person: Person | null | undefined, unit: string | null | undefined): boolean {
  if (!person || person.role === 'leader') return false;
  if (person.role === 'head') return true;
  const a = normalizeUnit(person.unit);
  return a !== '' && a === normalizeUnit(unit);
}

export function normalizeUnit(unit: string | null | undefined): string {
  return (unit ?? '').normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** The 401 answer: a redirect to sign-in for a page load, a 401 page/fragment otherwise. */
export function unauthorized(c: Context<AppEnv>): Response {
  const url = new URL(c.req.url);
  const next = url.pathname + url.search;
  if ((c.req.method === 'GET' || c.req.method === 'HEAD') && !isHtmx(c)) {
    return c.redirect(`/auth/signin?next=${encodeURIComponent(next)}${c.var.accountStopped ? '&stopped=1' : ''}`, 302);
  }
  const locale = c.var.locale ?? 'zh-CN';
  return render(
    c,
    'auth/denied',
    {
      title: t(locale, authMessages['error.unauthorized']),
      message: t(locale, authMessages['auth.needSignIn']),
      signIn: t(locale, authMessages['auth.signIn']),
      next: encodeURIComponent(safeNext(c.req.header('HX-Current-URL') ?? '/')),
    },
    { status: 401, headers: { 'Cache-Control': 'no-store' } },
  );
}

type ForbiddenReason = 'forbidden' | 'readOnly' | 'notOwner' | 'csrf' | 'crossSite' | 'noPolicy';

/** The 403 page (or fragment) in the reader's language. */
export function forbidden(c: Context<AppEnv>, reason: ForbiddenReason, params?: Record<string, unknown>): Response {
  const locale = c.var.locale ?? 'zh-CN';
  const key = `auth.${reason}` as const;
  return render(
    c,
    'auth/denied',
    { title: t(locale, authMessages['error.forbidden']), message: t(locale, authMessages[key], params), reason, signIn: false },
    { status: 403, headers: { 'Cache-Control': 'no-store', 'X-Denied': reason } },
  );
}

function roleLabel(c: Context<AppEnv>, role: Role): string {
  const labels: Record<Role, { zh: string; en: string }> = {
    head: { zh: '后勤主任', en: 'Head of logistics' },
    staff: { zh: '后勤人员', en: 'Logistics staff' },
    class_head: { zh: '班主任', en: 'Class head teacher' },
    teacher: { zh: '教师', en: 'Teacher' },
    leader: { zh: '校领导', en: 'Leadership' },
    district_director: { zh: '局领导', en: 'District director' },
    district_safety: { zh: '安全专干', en: 'District safety officer' },
    district_area: { zh: '片区督导', en: 'Area supervisor' },
  };
  return t(c.var.locale ?? 'zh-CN', labels[role]);
}

/** A same-site path to return to after sign-in; anything else becomes '/'. */
export function safeNext(next: string | undefined | null): string {
  if (!next) return '/';
  let path = next;
  if (/^https?:\/\//i.test(next)) {
    try {
      const u = new URL(next);
      path = u.pathname + u.search;
    } catch {
      return '/';
    }
  }
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\') || /[\u0000-\u001f\\]/.test(path) || path.length > 500)
    return '/';
  if (path.startsWith('/auth/')) return '/';
  return path;
}
