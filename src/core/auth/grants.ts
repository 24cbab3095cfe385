/**
 * Sign-in grants: what the head of logistics hands out, and how they are checked.
 *
 * - **Link** `/auth/link/<43-char random token>`: valid 7 days, single use. Printed as a
 *   QR code on the sign-in sheet.
 * - **Code** `K7PM-Q3XR` (8 characters, 25-symbol alphabet without look-alikes), typed
 *   with the person's phone number or ID: valid 15 minutes when issued alone (told in
 *   person or by phone); the code printed on a sign-in sheet shares the link's 7 days.
 *   Using the link or the code of one sheet uses both up.
 * - **Bootstrap link** `/auth/link/b1.<payload>.<sig>`: minted offline from SESSION_SECRET
 *   (`signInLink`, for the very first head of logistics and `npm start`); valid 7 days,
 *   single use (its nonce is recorded in AuthStore).
 *
 * Only HMACs are stored (under the newest key; checked under every key). Failed attempts
 * are limited per IP (20 per 15 minutes) and per person from one IP (5 per 15 minutes).
 */
import { b64urlJson, hmac, parseB64urlJson, randomCode, randomToken, secretKeys, verifyHmac } from './crypto.js';
import type { LimitSpec, RateLimit } from './store.js';

export const LINK_TTL_MS = 7 * 24 * 3600_000;
export const CODE_TTL_MS = 15 * 60_000;
export const PER_IP: RateLimit = { max: 20, windowMs: 15 * 60_000 };
/**
 * Per person *and* source, not person-wide: with person-wide counting anyone could lock any
 * colleague out for 15 minutes by typing five wrong codes against their (sequential) ID. The
 * code space makes a per-source lock enough: 25^8 ≈ 1.5 × 10^11 codes living 15 minutes, so
 * even 10,000 addresses × 5 tries (5 × 10^4 guesses) hit one code with odds of ~3 × 10^-7.
 */
export const PER_PERSON: RateLimit = { max: 5, windowMs: 15 * 60_000 };

export function limits(ip: string, personId?: string): LimitSpec {
  return personId ? { ip, personId, perIp: PER_IP, perPerson: PER_PERSON } : { ip, perIp: PER_IP, perPerson: PER_PERSON };
}

export function newLinkToken(): string {
  return randomToken(32);
}

export { randomCode as newCode };

/** The stored form of a link token, newest key first (every key, for look-ups after rotation). */
export async function linkHashes(secret: string, token: string): Promise<string[]> {
  return Promise.all(secretKeys(secret).map((k) => hmac(k, 'grant', `link|${token}`)));
}

export async function codeHashes(secret: string, personId: string, code: string): Promise<string[]> {
  return Promise.all(secretKeys(secret).map((k) => hmac(k, 'grant', `code|${personId}|${code}`)));
}

export function isLinkToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export interface BootstrapClaims {
  p: string;
  n: string;
  exp: number;
}

/**
 * A single-use sign-in link for a person, minted from SESSION_SECRET alone (no storage):
 * for the first head of logistics of a new deployment, and for `npm start`.
 * @example await signInLink({ baseUrl: 'https://houqin.example', secret: env.SESSION_SECRET, personId: 'P004' })
 */
export async function signInLink(options: {
  baseUrl: string;
  secret: string;
  personId: string;
  ttlMs?: number;
  now?: number;
}): Promise<string> {
  const [key] = secretKeys(options.secret);
  const claims: BootstrapClaims = {
    p: options.personId,
    n: randomToken(16),
    exp: Math.floor(((options.now ?? Date.now()) + (options.ttlMs ?? LINK_TTL_MS)) / 1000),
  };
  const payload = b64urlJson(claims);
  return `${options.baseUrl.replace(/\/+$/, '')}/auth/link/b1.${payload}.${await hmac(key!, 'bootstrap', payload)}`;
}

/** The claims of a bootstrap token if its signature and expiry hold (the nonce is checked by the caller). */
export async function readBootstrap(secret: string, token: string, now = Date.now()): Promise<BootstrapClaims | null> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'b1' || token.length > 400) return null;
  if (!(await verifyHmac(secretKeys(secret), 'bootstrap', parts[1]!, parts[2]!))) return null;
  try {
    const c = parseB64urlJson(parts[1]!) as BootstrapClaims;
    if (typeof c.p !== 'string' || typeof c.n !== 'string' || typeof c.exp !== 'number') return null;
    return c.exp * 1000 > now ? c : null;
  } catch {
    return null;
  }
}
