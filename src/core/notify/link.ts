/**
 * Signed deep links: `/notify/go/<payload>.<sig>` opens `to` for the person the message was for.
 * The signature keeps a message's link from being edited into an open redirect; it is not a
 * sign-in (robot messages are read by a whole group): someone not signed in signs in first and
 * lands on the page.
 */
import { b64urlJson, hmac, parseB64urlJson, secretKeys, verifyHmac } from '../auth/crypto.js';

const PURPOSE = 'notify-link';

export async function signedLink(origin: string, secret: string, to: string, personId: string): Promise<string> {
  const payload = b64urlJson({ t: to, p: personId });
  return `${origin.replace(/\/+$/, '')}/notify/go/${payload}.${await hmac(secretKeys(secret)[0]!, PURPOSE, payload)}`;
}

/** The page and person of a link whose signature holds (under any current key), else null. */
export async function readLink(secret: string, token: string): Promise<{ to: string; personId: string } | null> {
  const [payload, sig] = token.split('.');
  if (!payload || !sig || token.length > 800 || !(await verifyHmac(secretKeys(secret), PURPOSE, payload, sig))) return null;
  try {
    const { t, p } = parseB64urlJson(payload) as { t: unknown; p: unknown };
    // Only paths of this portal.
    if (typeof t !== 'string' || !t.startsWith('/') || t.startsWith('//') || typeof p !== 'string') return null;
    return { to: t, personId: p };
  } catch {
    return null;
  }
}
