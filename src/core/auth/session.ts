/**
 * Session cookies and CSRF tokens: pure functions over SESSION_SECRET (no storage), so
 * they run in the Worker, in unit tests and in Node tools alike.
 *
 * Cookie value: `v1.<payload>.<signature>` where payload is base64url JSON
 * `{ p: person ID, s: session ID, iat, exp }` (ms since the epoch) and the signature is
 * HMAC-SHA-256 under the newest key. Any key in the list verifies (rotation).
 *
 * @example
 * const value = await createSession(env.SESSION_SECRET, 'P004')
 * const session = await readSession(env.SESSION_SECRET, value) // { p: 'P004', s: '…', iat, exp } | null
 */
import { b64urlJson, hmac, parseB64urlJson, randomToken, secretKeys, verifyHmac } from './crypto.js';

export const SESSION_COOKIE = '__Host-hq_session';
/** Random ID for visitors who are not signed in, so sign-in forms have a CSRF token too. */
export const ANON_COOKIE = '__Host-hq_anon';
/** Sessions last 180 days: a QR check-in stays one tap for a school year. */
export const SESSION_TTL_SECONDS = 180 * 24 * 3600;

export interface Session {
  /** Person ID (人员.编号). */
  p: string;
  /** Session ID: random, names this device's session (CSRF tokens, single sign-out). */
  s: string;
  /** Issued at / expires at, milliseconds since the epoch. */
  iat: number;
  exp: number;
}

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

export async function createSession(
  secret: string,
  personId: string,
  options: { now?: number; ttlSeconds?: number; sid?: string } = {},
): Promise<string> {
  const [key] = secretKeys(secret);
  const iat = Math.floor(options.now ?? Date.now());
  const session: Session = {
    p: personId,
    s: options.sid ?? randomToken(18),
    iat,
    exp: iat + (options.ttlSeconds ?? SESSION_TTL_SECONDS) * 1000,
  };
  const payload = b64urlJson(session);
  return `v1.${payload}.${await hmac(key!, 'session', payload)}`;
}

/** The session in a cookie value, or null when forged, tampered, malformed or expired. */
export async function readSession(secret: string, value: string | undefined, now = Date.now()): Promise<Session | null> {
  if (!value || value.length > 1024) return null;
  const parts = value.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1') return null;
  const [, payload, sig] = parts as [string, string, string];
  if (!(await verifyHmac(secretKeys(secret), 'session', payload, sig))) return null;
  let s: unknown;
  try {
    s = parseB64urlJson(payload);
  } catch {
    return null;
  }
  if (!isSession(s)) return null;
  // A little clock skew between colos is fine; a cookie from the future is not.
  if (s.exp <= now || s.iat > now + 300_000) return null;
  return s;
}

function isSession(s: unknown): s is Session {
  if (typeof s !== 'object' || s === null) return false;
  const o = s as Record<string, unknown>;
  return (
    typeof o.p === 'string' &&
    ID_RE.test(o.p) &&
    typeof o.s === 'string' &&
    ID_RE.test(o.s) &&
    Number.isInteger(o.iat) &&
    Number.isInteger(o.exp)
  );
}

/** The CSRF token of a session (or anonymous visitor) ID: HMAC under the newest key. */
export async function csrfTokenFor(secret: string, sid: string): Promise<string> {
  const [key] = secretKeys(secret);
  return hmac(key!, 'csrf', sid);
}

export async function verifyCsrfToken(secret: string, sid: string, token: string | undefined | null): Promise<boolean> {
  if (!token || token.length > 200) return false;
  return verifyHmac(secretKeys(secret), 'csrf', sid, token);
}

/** A random anonymous visitor ID (cookie value). */
export function newAnonId(): string {
  return randomToken(18);
}

export function isAnonId(value: string | undefined): value is string {
  return typeof value === 'string' && ID_RE.test(value) && value.length >= 20;
}
