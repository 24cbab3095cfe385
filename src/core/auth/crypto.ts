/**
 * WebCrypto helpers for sign-in: HMAC-SHA-256 with rotating keys, SHA-256, random
 * tokens, base64url. Runs in workerd and in Node 20 (globalThis.crypto), never Node's crypto.
 *
 * SESSION_SECRET is a comma-separated list, newest first: sign with the first key,
 * accept a signature made by any of them (rotation without signing everybody out).
 */

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

/** The keys in SESSION_SECRET, newest first. Throws when none is usable. */
export function secretKeys(secret: string | undefined): string[] {
  const keys = (secret ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (keys.length === 0) throw new Error('SESSION_SECRET is not set (see .dev.vars.example)');
  for (const k of keys) if (k.length < 32) throw new Error('SESSION_SECRET: every key must be at least 32 characters');
  return keys;
}

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keyCache.set(secret, key);
  }
  return key;
}

/** HMAC-SHA-256 of `message` under one key, base64url. `purpose` separates uses of one key. */
export async function hmac(secret: string, purpose: string, message: string): Promise<string> {
  const sig = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(`${purpose}|${message}`));
  return b64url(new Uint8Array(sig));
}

/** True when `signature` is the HMAC of `message` under any of the keys. */
export async function verifyHmac(keys: readonly string[], purpose: string, message: string, signature: string): Promise<boolean> {
  let ok = false;
  for (const key of keys) if (timingSafeEqual(await hmac(key, purpose, message), signature)) ok = true;
  return ok;
}

export async function sha256(text: string): Promise<string> {
  return b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))));
}

/** Constant-time comparison of two strings (length leaks, content does not). */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** `bytes` random bytes as base64url (32 → 43 characters, 256 bits). */
export function randomToken(bytes = 32): string {
  return b64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export function b64url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function b64urlDecode(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
}

export function b64urlJson(value: unknown): string {
  return b64url(encoder.encode(JSON.stringify(value)));
}

export function parseB64urlJson(text: string): unknown {
  return JSON.parse(new TextDecoder().decode(b64urlDecode(text)));
}

/**
 * Short sign-in codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L,
 * 2/Z, 5/S, 8/B), shown as two groups of four: `K7PM-Q3XR`. 25⁸ ≈ 1.5 × 10¹¹.
 */
export const CODE_ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY';
export const CODE_LENGTH = 8;

export function randomCode(): string {
  const out: string[] = [];
  // Rejection sampling keeps every symbol equally likely.
  const limit = 256 - (256 % CODE_ALPHABET.length);
  while (out.length < CODE_LENGTH) {
    for (const b of crypto.getRandomValues(new Uint8Array(16))) {
      if (b < limit && out.length < CODE_LENGTH) out.push(CODE_ALPHABET[b % CODE_ALPHABET.length]!);
    }
  }
  return `${out.slice(0, 4).join('')}-${out.slice(4).join('')}`;
}

/** Normalise a typed code: upper case, full-width to ASCII, separators dropped, look-alikes mapped. */
export function normalizeCode(input: string): string | null {
  const s = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_.·]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (s.length !== CODE_LENGTH) return null;
  for (const ch of s) if (!CODE_ALPHABET.includes(ch)) return null;
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}
