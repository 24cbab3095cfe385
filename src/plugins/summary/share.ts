/**
 * Read-only share links for leadership: `/summary/shared/<payload>.<signature>`, where the
 * payload names the spreadsheet, the month and the link version, signed with HMAC-SHA-256
 * under SESSION_SECRET (any key in the rotation list verifies). No expiry: a link is
 * revoked by raising the report's 链接版本 (old links stop matching) or switching it off
 * with 链接停用 — both in the 月报 row, so staff can see and change them in the sheet too.
 */
import { b64urlJson, hmac, isMonth, parseB64urlJson, secretKeys, verifyHmac } from '../../core/kit.js';

const PURPOSE = 'summary-share';

export interface ShareClaims {
  /** Spreadsheet ID: a link for one school never opens another's report. */
  s: string;
  m: string;
  v: number;
}

/** @example await shareToken(env.SESSION_SECRET, { s: spreadsheetId, m: '2026-10', v: 1 }) */
export async function shareToken(secret: string, claims: ShareClaims): Promise<string> {
  const [key] = secretKeys(secret);
  const payload = b64urlJson(claims);
  return `${payload}.${await hmac(key!, PURPOSE, payload)}`;
}

/** The claims of a well-signed token, else null (the caller still checks version and switch). */
export async function readShareToken(secret: string, token: string): Promise<ShareClaims | null> {
  if (token.length > 400) return null;
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  if (!(await verifyHmac(secretKeys(secret), PURPOSE, payload, signature))) return null;
  try {
    const c = parseB64urlJson(payload) as ShareClaims;
    if (typeof c.s !== 'string' || !isMonth(c.m) || !Number.isInteger(c.v)) return null;
    return c;
  } catch {
    return null;
  }
}
