/**
 * Staff sign-in, roles and safe forms. What plugins use:
 *
 * - `requireRole(...roles)` on every route (or `requireSignedIn()`, `publicRoute()`); a
 *   route without a declaration is refused, and the role-matrix test checks every route
 *   against its declaration. Leaders are refused on every POST/PUT/PATCH/DELETE.
 * - `c.var.person` — the signed-in person (never null after requireRole), read from the
 *   人员 tab on every request. Pass it as the write's actor (the data facade enforces it).
 * - `ownsUnit(person, unit)` — may this person change records of that class/department?
 * - `forbidden(c, 'notOwner', { unit })` — the 403 page in the reader's language.
 * - Forms: `<input type="hidden" name="_csrf" value="{{csrfToken}}">`; htmx requests carry
 *   the `X-CSRF-Token` header from the layout's `hx-headers:inherited` on <body>.
 *
 * See README.md beside this file for the head of logistics' how-to and key rotation.
 *
 * @example
 * import { requireRole, ownsUnit, forbidden } from '../../core/auth/index.js'
 * routes.post('/rooms/:id', requireRole('head', 'class_head'), async (c) => {
 *   const person = c.var.person!
 *   const room = rooms.rows.find((r) => r.id === c.req.param('id'))
 *   if (!ownsUnit(person, String(room.values.class ?? ''))) return forbidden(c, 'notOwner', { unit: person.unit })
 *   await c.var.data.update('rooms', room.id, changes, { idempotencyKey, actor: { id: person.id, name: person.name }, action: 'room.edit' })
 * })
 */
export {
  allRoles,
  districtRoles,
  forbidden,
  isDistrictRole,
  schoolRoles,
  isUnsafeMethod,
  normalizeUnit,
  ownsUnit,
  policyOf,
  publicRoute,
  requireApprover,
  requireRole,
  requireSignedIn,
  safeNext,
  unauthorized,
  type RoutePolicy,
} from './policy.js';
export {
  authMiddleware,
  auditEvent,
  authStore,
  BODY_LIMIT_BYTES,
  CSP,
  guardData,
  startSession,
  endSession,
  type AuthBindings,
} from './middleware.js';
export { authRoutes } from './routes.js';
export { AuthStore } from './store.js';
export {
  createSession,
  readSession,
  csrfTokenFor,
  verifyCsrfToken,
  SESSION_COOKIE,
  ANON_COOKIE,
  SESSION_TTL_SECONDS,
  type Session,
} from './session.js';
export { signInLink, LINK_TTL_MS, CODE_TTL_MS } from './grants.js';
export { verifyAccessJwt, accessConfig } from './access.js';
export { authMessages } from './messages.js';
