/**
 * Optional Cloudflare Access: when the Worker sits behind Access and both
 * ACCESS_TEAM_DOMAIN (e.g. `https://yucai.cloudflareaccess.com`) and ACCESS_AUD (the
 * application's audience tag) are set, the `Cf-Access-Jwt-Assertion` header is trusted —
 * after verifying it: RS256 signature against the team's keys
 * (`${ACCESS_TEAM_DOMAIN}/cdn-cgi/access/certs`, cached for an hour, re-read once for an
 * unknown key ID), issuer, audience, expiry. Its e-mail is then looked up in the 人员 tab's
 * 邮箱 column. A header alone, unsigned or signed by anyone else, is worth nothing.
 *
 * ACCESS_JWKS (a JWKS JSON string) replaces the fetch, for local testing with a key pair
 * the test generates itself.
 */

export interface AccessConfig {
  teamDomain: string;
  aud: string;
  /** JWKS JSON instead of fetching it (local tests). */
  jwks?: string;
}

export interface AccessIdentity {
  email: string;
  sub: string;
}

interface Jwk extends JsonWebKey {
  kid?: string;
}

const cache = new Map<string, { keys: Jwk[]; at: number }>();
const JWKS_TTL_MS = 3600_000;
const LEEWAY_S = 60;

export function accessConfig(env: { ACCESS_TEAM_DOMAIN?: string; ACCESS_AUD?: string; ACCESS_JWKS?: string }): AccessConfig | null {
  const teamDomain = env.ACCESS_TEAM_DOMAIN?.trim().replace(/\/+$/, '');
  const aud = env.ACCESS_AUD?.trim();
  if (!teamDomain || !aud) return null;
  const withScheme = /^https:\/\//.test(teamDomain) ? teamDomain : `https://${teamDomain}`;
  return env.ACCESS_JWKS ? { teamDomain: withScheme, aud, jwks: env.ACCESS_JWKS } : { teamDomain: withScheme, aud };
}

async function keysFor(config: AccessConfig, refresh: boolean): Promise<Jwk[]> {
  if (config.jwks) return (JSON.parse(config.jwks) as { keys: Jwk[] }).keys ?? [];
  const hit = cache.get(config.teamDomain);
  if (hit && !refresh && Date.now() - hit.at < JWKS_TTL_MS) return hit.keys;
  if (hit && refresh && Date.now() - hit.at < 60_000) return hit.keys;
  const res = await fetch(`${config.teamDomain}/cdn-cgi/access/certs`);
  if (!res.ok) throw new Error(`Cloudflare Access certs: HTTP ${res.status}`);
  const keys = ((await res.json()) as { keys?: Jwk[] }).keys ?? [];
  cache.set(config.teamDomain, { keys, at: Date.now() });
  return keys;
}

function decodePart(part: string): Record<string, unknown> {
  const bin = atob(part.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (part.length % 4)) % 4));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
}

function decodeSig(part: string): Uint8Array {
  const bin = atob(part.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (part.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** The verified identity in an Access assertion, or null (with the reason in `onReject`). */
export async function verifyAccessJwt(token: string, config: AccessConfig, now = Date.now(), onReject?: (why: string) => void): Promise<AccessIdentity | null> {
  const reject = (why: string) => {
    onReject?.(why);
    return null;
  };
  if (token.length > 8192) return reject('too long');
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return reject('malformed');
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = decodePart(parts[0]!);
    claims = decodePart(parts[1]!);
  } catch {
    return reject('malformed');
  }
  if (header.alg !== 'RS256') return reject(`alg ${String(header.alg)}`);
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  let keys = await keysFor(config, false);
  let jwk = keys.find((k) => k.kid === kid && k.kty === 'RSA');
  if (!jwk && !config.jwks) {
    keys = await keysFor(config, true);
    jwk = keys.find((k) => k.kid === kid && k.kty === 'RSA');
  }
  if (!jwk) return reject('unknown key');
  const { kty, n, e } = jwk;
  const key = await crypto.subtle.importKey('jwk', { kty, n, e, ext: true }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
  const ok = await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, decodeSig(parts[2]!), new TextEncoder().encode(`${parts[0]}.${parts[1]}`));
  if (!ok) return reject('bad signature');
  const t = Math.floor(now / 1000);
  if (claims.iss !== config.teamDomain) return reject('issuer');
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(config.aud)) return reject('audience');
  if (typeof claims.exp !== 'number' || claims.exp + LEEWAY_S <= t) return reject('expired');
  if (typeof claims.nbf === 'number' && claims.nbf - LEEWAY_S > t) return reject('not yet valid');
  if (typeof claims.email !== 'string' || !claims.email.includes('@')) return reject('no email');
  return { email: claims.email.toLowerCase(), sub: typeof claims.sub === 'string' ? claims.sub : '' };
}
