/**
 * Service-account access tokens with WebCrypto only (no Node built-ins):
 * parse Google's JSON key, sign an RS256 JWT, exchange it at the token URL,
 * and cache the token in module memory until shortly before it expires.
 */
import { b64url, b64urlJson } from '../auth/crypto.js';
import { networkError, SheetsError, sheetsErrorFromResponse } from './errors.js';

/** The fields of Google's service-account JSON key that we use. */
export interface ServiceAccountKey {
  client_email: string;
  /** PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"). */
  private_key: string;
  private_key_id?: string;
  token_uri?: string;
}

export const DEFAULT_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';
/** Tokens are treated as expired this long before Google's expiry (clock skew, slow requests). */
export const TOKEN_EARLY_REFRESH_MS = 2 * 60_000;

/**
 * Parse the service-account key from a secret (JSON text) or an object.
 * Tolerates a key whose newlines arrived as literal `\n` (a common copy-paste slip).
 * @throws SheetsError UNAUTHENTICATED when fields are missing or the JSON is bad.
 */
export function parseServiceAccount(input: string | ServiceAccountKey): ServiceAccountKey {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch {
      throw credentialError('GOOGLE_SERVICE_ACCOUNT is not valid JSON');
    }
  }
  const k = raw as Partial<ServiceAccountKey> | null;
  if (!k || typeof k.client_email !== 'string' || typeof k.private_key !== 'string') {
    throw credentialError('service account key lacks client_email or private_key');
  }
  const key: ServiceAccountKey = { client_email: k.client_email, private_key: k.private_key.replace(/\\n/g, '\n') };
  if (typeof k.private_key_id === 'string') key.private_key_id = k.private_key_id;
  if (typeof k.token_uri === 'string') key.token_uri = k.token_uri;
  return key;
}

function credentialError(message: string): SheetsError {
  return new SheetsError(message, { status: 0, code: 'UNAUTHENTICATED', retryable: false });
}

const signingKeys = new Map<string, Promise<CryptoKey>>();

/** Import (once per PEM) the PKCS#8 private key for RS256 signing. */
function signingKey(pem: string): Promise<CryptoKey> {
  let p = signingKeys.get(pem);
  if (!p) {
    p = importPkcs8(pem).catch((e: unknown) => {
      signingKeys.delete(pem);
      throw new SheetsError(`service account private_key is unusable: ${e instanceof Error ? e.message : String(e)}`, {
        status: 0,
        code: 'UNAUTHENTICATED',
        retryable: false,
        cause: e,
      });
    });
    signingKeys.set(pem, p);
  }
  return p;
}

/**
 * The signed JWT assertion for the token exchange: RS256, header with `kid`,
 * claims iss/scope/aud/iat/exp (one hour).
 * @param nowSec seconds since the epoch (injectable for tests)
 */
export async function signAssertion(key: ServiceAccountKey, tokenUrl: string, nowSec: number, scope = SHEETS_SCOPE): Promise<string> {
  const header = key.private_key_id ? { alg: 'RS256', typ: 'JWT', kid: key.private_key_id } : { alg: 'RS256', typ: 'JWT' };
  const claims = { scope, iss: key.client_email, aud: tokenUrl, iat: nowSec, exp: nowSec + 3600 };
  const input = `${b64urlJson(header)}.${b64urlJson(claims)}`;
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', await signingKey(key.private_key), new TextEncoder().encode(input));
  return `${input}.${b64url(new Uint8Array(signature))}`;
}

/** A PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----", what Google's JSON key holds) as an RS256 signing key. */
async function importPkcs8(pem: string): Promise<CryptoKey> {
  const der = Uint8Array.from(atob(pem.replace(/-----(BEGIN|END) PRIVATE KEY-----|\s/g, '')), (ch) => ch.charCodeAt(0));
  return crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
}

export interface TokenOptions {
  fetch?: typeof fetch;
  /** ms since the epoch; injectable for tests. */
  now?: () => number;
  timeoutMs?: number;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

const tokens = new Map<string, CachedToken>();
const inFlight = new Map<string, Promise<CachedToken>>();

/** Pick the token URL: explicit setting (env GOOGLE_TOKEN_URL), then the key's token_uri, then Google's. */
export function resolveTokenUrl(key: ServiceAccountKey, tokenUrl?: string): string {
  return tokenUrl || key.token_uri || DEFAULT_TOKEN_URL;
}

/**
 * A valid access token for the service account, from the module cache when it
 * has more than {@link TOKEN_EARLY_REFRESH_MS} left. Concurrent callers share
 * one in-flight exchange (in workerd that is meant for the gateway Durable
 * Object, whose requests may share promises).
 */
export async function getAccessToken(key: ServiceAccountKey, tokenUrl: string, opts: TokenOptions = {}): Promise<string> {
  const now = opts.now ?? Date.now;
  const cacheKey = `${key.client_email}\n${tokenUrl}`;
  const cached = tokens.get(cacheKey);
  if (cached && cached.expiresAt - TOKEN_EARLY_REFRESH_MS > now()) return cached.token;
  let pending = inFlight.get(cacheKey);
  if (!pending) {
    pending = exchange(key, tokenUrl, opts).finally(() => inFlight.delete(cacheKey));
    inFlight.set(cacheKey, pending);
  }
  const fresh = await pending;
  tokens.set(cacheKey, fresh);
  return fresh.token;
}

/**
 * Forget a token Google refused (401). Only drops the cache entry if it still
 * holds that token, so several requests failing together cause one refresh.
 */
export function invalidateToken(key: ServiceAccountKey, tokenUrl: string, token: string): void {
  const cacheKey = `${key.client_email}\n${tokenUrl}`;
  if (tokens.get(cacheKey)?.token === token) tokens.delete(cacheKey);
}

/** Empty the module caches (tests). */
export function clearTokenCache(): void {
  tokens.clear();
  inFlight.clear();
}

async function exchange(key: ServiceAccountKey, tokenUrl: string, opts: TokenOptions): Promise<CachedToken> {
  const doFetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const now = opts.now ?? Date.now;
  const assertion = await signAssertion(key, tokenUrl, Math.floor(now() / 1000));
  const body = `grant_type=${encodeURIComponent('urn:ietf:params:oauth:grant-type:jwt-bearer')}&assertion=${encodeURIComponent(assertion)}`;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  let res: Response;
  try {
    res = await doFetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw networkError(e, isTimeout(e), 'Token endpoint');
  }
  const text = await res.text();
  if (!res.ok) {
    const err = sheetsErrorFromResponse(res.status, text, res.headers.get('retry-after'), 'Token endpoint');
    // Nothing is applied by a failed token exchange: always safe to repeat.
    throw new SheetsError(err.message, {
      status: err.status,
      code: err.code,
      retryable: err.retryable,
      notApplied: true,
      ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }),
    });
  }
  let json: { access_token?: unknown; expires_in?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    json = {};
  }
  if (typeof json.access_token !== 'string') {
    throw new SheetsError('Token endpoint answered without an access_token', {
      status: res.status,
      code: 'UNAUTHENTICATED',
      retryable: false,
    });
  }
  const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : Number(json.expires_in ?? 3600) || 3600;
  return { token: json.access_token, expiresAt: now() + expiresIn * 1000 };
}

/** True for an AbortSignal.timeout() abort (TimeoutError) or a plain abort. */
export function isTimeout(e: unknown): boolean {
  return e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
}
