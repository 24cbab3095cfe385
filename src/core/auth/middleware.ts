/**
 * The auth middleware chain, in order (mounted once in app.ts, after the school is known):
 *
 * 1. `secureHeaders` with a CSP that allows only our own scripts and styles;
 * 2. `bodyLimit` (256 KB for forms, 1 MB for multipart uploads) → a clear 413 page, nothing read or written;
 *    a state change must be a web form (urlencoded or multipart): another content type → 415,
 *    a form that cannot be parsed (no boundary, cut off) → 400, each with a message saying so;
 * 3. origin check (Hono's `csrf`): a state-changing request whose `Sec-Fetch-Site`/`Origin` says
 *    another site sent it is refused (the CSRF token below is the main defence; this is a second);
 * 4. session: the signed cookie (any key in SESSION_SECRET) → still valid in AuthStore
 *    (not signed out) → the person's row in 人员 is active → `c.var.person`. Otherwise the
 *    cookie is cleared and `c.var.person` stays null. With Cloudflare Access configured, a
 *    verified assertion signs its person in;
 * 5. CSRF: `c.var.csrfToken` = HMAC(session ID) (an anonymous visitor gets a random ID
 *    cookie so the sign-in form has one too); POST/PUT/PATCH/DELETE must carry it as form
 *    field `_csrf` or header `X-CSRF-Token`. Missing/wrong → 401 when not signed in, 403 when
 *    signed in; nothing reaches the route;
 * 6. `c.var.data` is wrapped: writes need a signed-in, non-leader person (a leader only on an
 *    approval route, and only what a decision writes); the actor is always that person; the
 *    audit tab and append-only tabs are never updated;
 * 7. deny by default: a matched route that declares no policy (requireRole/publicRoute) is refused.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { matchedRoutes } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import { tabs, type TabDef, type TabKey } from '../../../sheets-schema/index.js';
import type { AppEnv, Env, Person } from '../../env.js';
import { auditRow } from '../data/audit.js';
import type { QueuedWriteInput, SchoolData, WriteMeta } from '../data/types.js';
import { t } from '../i18n/index.js';
import { render } from '../views/render.js';
import { accessConfig, verifyAccessJwt } from './access.js';
import { authMessages } from './messages.js';
import { activePerson, findByEmail, peopleTable } from './people.js';
import { forbidden, isDistrictRole, isUnsafeMethod, policyOf, unauthorized } from './policy.js';
import {
  ANON_COOKIE,
  SESSION_COOKIE,
  createSession,
  csrfTokenFor,
  isAnonId,
  newAnonId,
  readSession,
  verifyCsrfToken,
  type Session,
} from './session.js';
import type { AuthStore } from './store.js';

/** Bindings auth adds to Env (to be merged into src/env.ts). */
export interface AuthBindings {
  /** Optional Cloudflare Access: team domain (https://<team>.cloudflareaccess.com) and audience tag. */
  ACCESS_TEAM_DOMAIN?: string;
  ACCESS_AUD?: string;
  /** Local testing only: the JWKS JSON Access would serve. */
  ACCESS_JWKS?: string;
}

declare module 'hono' {
  interface ContextVariableMap {
    /** The verified session cookie (null when not signed in). */
    session: Session | null;
    /** Set by the auth middleware: the unguarded data facade, for auth's own audit rows. */
    auditData: SchoolData;
    /** The session's person was deactivated in 人员 (the sign-in page tells them so). */
    accountStopped: boolean;
    /** Set by `requireApprover`: this request records a decision from the approval inbox. */
    approving: boolean;
  }
}

export const BODY_LIMIT_BYTES = 256 * 1024;
/** Uploads (multipart: repair and check-in photos, up to 3 × 200 KB) get more room. */
export const UPLOAD_LIMIT_BYTES = 1024 * 1024;

export const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};

export function authEnv(c: Context<AppEnv>): Env & AuthBindings {
  return c.env as Env & AuthBindings;
}

/** The AuthStore of this request's spreadsheet. */
export function authStore(c: Context<AppEnv>): DurableObjectStub<AuthStore> {
  const ns = authEnv(c).AUTH;
  if (!ns) throw new Error('AUTH Durable Object binding is missing (wrangler.toml: AuthStore)');
  return ns.get(ns.idFromName(c.var.school.spreadsheetId));
}

export function cookieOptions(maxAge: number) {
  return { path: '/', secure: true, httpOnly: true, sameSite: 'Lax' as const, maxAge };
}

/** Sign `person` in: a new session cookie (and CSRF token for the rest of this request). */
export async function startSession(c: Context<AppEnv>, person: Person): Promise<void> {
  const value = await createSession(c.env.SESSION_SECRET, person.id);
  const session = (await readSession(c.env.SESSION_SECRET, value))!;
  setCookie(c, SESSION_COOKIE, value, cookieOptions(Math.floor((session.exp - session.iat) / 1000)));
  deleteCookie(c, ANON_COOKIE, { path: '/', secure: true });
  c.set('session', session);
  c.set('person', person);
  c.set('csrfToken', await csrfTokenFor(c.env.SESSION_SECRET, session.s));
}

export function endSession(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
  c.set('session', null);
  c.set('person', null);
}

/**
 * Append an audit row for an auth event that changes no other tab (a sign-in link issued,
 * grants revoked). The actor is the signed-in person. Never carries a token or code.
 */
export async function auditEvent(c: Context<AppEnv>, action: string, rowId: string, after: Record<string, unknown>): Promise<void> {
  const person = c.var.person;
  if (!person) throw new HTTPException(401);
  const values = auditRow({ at: Date.now(), actor: person, action, tab: 'people', rowId, after });
  const id = String(values.id);
  await c.var.auditData.append('audit', values, { idempotencyKey: `auth:${id}`, actor: { id: person.id, name: person.name }, action });
}

/**
 * The data facade routes see: every write needs a signed-in person who is not a leader,
 * is attributed to that person whatever the caller passed, and never touches the audit
 * tab or updates an append-only tab. A leader on an approval route (`approving`) may write
 * only what the tab declares in `approverWrites`: append a decision, set a decision's columns.
 */
export function guardData<D extends SchoolData>(data: D, current: () => Person | null, approving: () => boolean = () => false): D {
  const actor = (meta: WriteMeta, leaderMay = false): WriteMeta => {
    const p = current();
    if (!p) throw new HTTPException(401, { message: 'write without a signed-in person' });
    if (p.role === 'leader' && !(leaderMay && approving())) throw new HTTPException(403, { message: 'leadership is read-only' });
    if (isDistrictRole(p.role)) throw new HTTPException(403, { message: 'the district reads what schools publish and writes nothing' });
    return { ...meta, actor: { id: p.id, name: p.name } };
  };
  const approverMay = (tab: TabKey, columns?: readonly string[]): boolean => {
    const writes = (tabs[tab] as TabDef | undefined)?.approverWrites;
    if (!writes) return false;
    return columns ? writes !== 'append' && columns.every((col) => writes.includes(col)) : writes === 'append';
  };
  const refuseAudit = (tab: TabKey) => {
    if (tab === 'audit') throw new Error('the audit tab is written by the gateway only');
  };
  const check = (w: QueuedWriteInput): QueuedWriteInput => {
    refuseAudit(w.tab);
    if (w.kind === 'append') return { ...w, meta: actor(w.meta, approverMay(w.tab)) } as QueuedWriteInput;
    if ((tabs[w.tab] as TabDef | undefined)?.appendOnly) throw new Error(`${w.tab} is append-only`);
    return { ...w, meta: actor(w.meta, approverMay(w.tab, Object.keys(w.changes))) } as QueuedWriteInput;
  };
  return {
    ...data,
    append(tab, values, meta) {
      const w = check({ kind: 'append', tab, values, meta } as QueuedWriteInput);
      return data.append(tab, values, w.meta);
    },
    update(tab, id, changes, meta) {
      const w = check({ kind: 'update', tab, id, changes, meta } as QueuedWriteInput);
      return data.update(tab, id, changes, w.meta);
    },
    writeAll(writes) {
      return data.writeAll(writes.map(check));
    },
    nextSequence(name, atLeast) {
      actor({ idempotencyKey: '', actor: { id: '', name: '' }, action: 'sequence' });
      return data.nextSequence(name, atLeast);
    },
  };
}

/** Where the request came from, for per-IP rate limits. */
export function clientIp(c: Context<AppEnv>): string {
  return c.req.header('CF-Connecting-IP') ?? c.req.header('X-Real-IP') ?? 'unknown';
}

async function sessionPerson(c: Context<AppEnv>): Promise<void> {
  const raw = getCookie(c, SESSION_COOKIE);
  if (raw) {
    const session = await readSession(c.env.SESSION_SECRET, raw);
    let person: Person | null = null;
    if (session) {
      const [valid, table] = await Promise.all([authStore(c).sessionValid(session.p, session.s, session.iat), peopleTable(c.var.data)]);
      person = valid ? activePerson(table, session.p) : null;
      if (valid && !person && table.rows.some((r) => r.id === session.p)) {
        // Deactivated in 人员: end every session they have, so reactivating them later
        // does not bring old (perhaps lost or handed-on) phones back in.
        await authStore(c).signOutEverywhere(session.p);
        c.set('accountStopped', true);
      }
    }
    if (session && person) {
      c.set('session', session);
      c.set('person', person);
      return;
    }
    // Forged, tampered, expired, signed out, or the person was removed/deactivated.
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
  }
  const access = accessConfig(authEnv(c));
  const assertion = c.req.header('Cf-Access-Jwt-Assertion');
  if (access && assertion) {
    const identity = await verifyAccessJwt(assertion, access, Date.now(), (why) => console.warn('access assertion refused:', why));
    if (identity) {
      const record = findByEmail(await peopleTable(c.var.data), identity.email);
      const person = record?.active ? activePerson(await peopleTable(c.var.data), record.id) : null;
      if (person) await startSession(c, person);
    }
  }
}

/** The whole chain; app.ts mounts each in order. */
export function authMiddleware(): MiddlewareHandler<AppEnv>[] {
  const headers = secureHeaders({
    contentSecurityPolicy: CSP,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: 'same-origin',
    strictTransportSecurity: 'max-age=31536000; includeSubDomains',
    xFrameOptions: 'DENY',
    permissionsPolicy: { camera: ['self'], microphone: [], geolocation: [] },
    // A page that set its own (no-referrer on sign-in links and sheets) keeps it.
    overwrite: false,
  });

  const limitOf = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) => {
        const locale = c.var.locale ?? 'zh-CN';
        return render(
          c as Context<AppEnv>,
          'auth/denied',
          { title: t(locale, 'error.title'), message: t(locale, authMessages['auth.tooLarge'], { limit: maxSize / 1024 }) },
          { status: 413 },
        );
      },
    }) as MiddlewareHandler<AppEnv>;
  const formLimit = limitOf(BODY_LIMIT_BYTES);
  const uploadLimit = limitOf(UPLOAD_LIMIT_BYTES);
  const limit: MiddlewareHandler<AppEnv> = (c, next) =>
    (c.req.header('Content-Type') ?? '').startsWith('multipart/form-data') ? uploadLimit(c, next) : formLimit(c, next);

  const formsOnly: MiddlewareHandler<AppEnv> = async function formsOnly(c, next) {
    if (!isUnsafeMethod(c.req.method)) return next();
    const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
    const refuse = (status: 400 | 415, message: string) =>
      render(c, 'auth/denied', { title: t(c.var.locale, 'error.title'), message }, { status });
    if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
      // An empty POST (a bare button, curl -X POST) is an empty form, whatever it calls itself.
      if ((await c.req.arrayBuffer()).byteLength === 0) return next();
      return refuse(415, t(c.var.locale, authMessages['auth.notForm'], { type: type || '—' }));
    }
    try {
      await c.req.parseBody(); // cached: the CSRF check and the route read the same parse
    } catch {
      return refuse(400, t(c.var.locale, authMessages['auth.badForm']));
    }
    await next();
  };

  // Hono's csrf judges Sec-Fetch-Site and Origin; Sec-Fetch-Site, when sent, decides alone. A
  // request with neither (not a browser) is left to the CSRF token below rather than refused here.
  const sameOrigin = csrf({ origin: (origin, c) => !c.req.header('Sec-Fetch-Site') && origin === new URL(c.req.url).origin });
  const origin: MiddlewareHandler<AppEnv> = async function originCheck(c, next) {
    if (isUnsafeMethod(c.req.method) && (c.req.header('Sec-Fetch-Site') || c.req.header('Origin'))) {
      let allowed = false;
      await sameOrigin(c, async () => {
        allowed = true;
      }).catch((err: unknown) => {
        if (!(err instanceof HTTPException)) throw err;
      });
      if (!allowed) return forbidden(c, 'crossSite');
    }
    await next();
  };

  const session: MiddlewareHandler<AppEnv> = async function session(c, next) {
    c.set('session', null);
    c.set('auditData', c.var.data);
    c.set(
      'data',
      guardData(
        c.var.data,
        () => c.var.person,
        () => c.var.approving === true,
      ),
    );
    await sessionPerson(c);
    // District roles belong on a district's host and school roles on a school's: a row with the
    // other kind (a school's 人员 naming a 局领导) grants nothing there.
    const signed = c.var.person;
    if (signed && isDistrictRole(signed.role) !== (c.var.school.district === true)) c.set('person', null);
    let sid = c.var.session?.s;
    if (!sid) {
      const anon = getCookie(c, ANON_COOKIE);
      sid = isAnonId(anon) ? anon : newAnonId();
      if (sid !== anon) setCookie(c, ANON_COOKIE, sid, cookieOptions(24 * 3600));
    }
    if (!c.var.csrfToken) c.set('csrfToken', await csrfTokenFor(c.env.SESSION_SECRET, sid));
    if (isUnsafeMethod(c.req.method)) {
      let token = c.req.header('X-CSRF-Token');
      if (!token && /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(c.req.header('Content-Type') ?? '')) {
        const body = await c.req.parseBody();
        token = typeof body._csrf === 'string' ? body._csrf : undefined;
      }
      if (!(await verifyCsrfToken(c.env.SESSION_SECRET, sid, token))) {
        return c.var.person ? forbidden(c, 'csrf') : unauthorized(c);
      }
    }
    await next();
    if (c.var.person) c.header('Cache-Control', 'private, no-store');
  };

  const defaultDeny: MiddlewareHandler<AppEnv> = async function defaultDeny(c, next) {
    const matched = matchedRoutes(c);
    const endpoints = matched.filter((r) => r.method !== 'ALL');
    if (endpoints.length > 0 && !matched.some((r) => policyOf(r.handler))) {
      console.error(`auth: ${c.req.method} ${endpoints[0]!.path} declares no access policy (requireRole/publicRoute); refused`);
      return c.var.person ? forbidden(c, 'noPolicy') : unauthorized(c);
    }
    await next();
  };

  return [headers, limit, formsOnly, origin, session, defaultDeny];
}
