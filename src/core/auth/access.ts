/**
 * Optional Cloudflare Access: when the Worker sits behind Access and both
 * ACCESS_TEAM_DOMAIN (e.g. `https://yucai.cloudflareaccess.com`) and ACCESS_AUD (the
 * application's audience tag) are set, the `Cf-Access-Jwt-Assertion` header is trusted —
 * after verifying it with `jose`: RS256 signature against the team's keys
 * (`${ACCESS_TEAM_DOMAIN}/cdn-cgi/access/certs`, cached, re-read for an unknown key ID),
 * issuer, audience, expiry. Its e-mail is then looked up in the 人员 tab's
 * 邮箱 column. A header alone, unsigned or signed by anyone else, is worth nothing.
 *
 * ACCESS_JWKS (a JWKS JSON string) replaces the fetch, for local testing with a key pair
 * the test generates itself.
 */
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';

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

const LEEWAY_S = 60;
type KeySet = ReturnType<typeof createRemoteJWKSet> | ReturnType<typeof createLocalJWKSet>;
const keySets = new Map<string, KeySet>();

/** The team's key set (one per team domain and isolate: jose caches and refreshes it). */
function keySetFor(config: AccessConfig): KeySet {
  const id = config.jwks ?? config.teamDomain;
  let set = keySets.get(id);
  if (!set) {
    set = config.jwks
      ? createLocalJWKSet(JSON.parse(config.jwks) as JSONWebKeySet)
      : createRemoteJWKSet(new URL(`${config.teamDomain}/cdn-cgi/access/certs`));
    keySets.set(id, set);
  }
  return set;
}

export function accessConfig(env: { ACCESS_TEAM_DOMAIN?: string; ACCESS_AUD?: string; ACCESS_JWKS?: string }): AccessConfig | null {
  const teamDomain = env.ACCESS_TEAM_DOMAIN?.trim().replace(/\/+$/, '');
  const aud = env.ACCESS_AUD?.trim();
  if (!teamDomain || !aud) return null;
  const withScheme = /^https:\/\//.test(teamDomain) ? teamDomain : `https://${teamDomain}`;
  return env.ACCESS_JWKS ? { teamDomain: withScheme, aud, jwks: env.ACCESS_JWKS } : { teamDomain: withScheme, aud };
}

/** The verified identity in an Access assertion, or null (with the reason in `onReject`). */
export async function verifyAccessJwt(
  token: string,
  config: AccessConfig,
  now = Date.now(),
  onReject?: (why: string) => void,
): Promise<AccessIdentity | null> {
  const reject = (why: string) => {
    onReject?.(why);
    return null;
  };
  if (token.length > 8192) return reject('too long');
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(token, keySetFor(config), {
      algorithms: ['RS256'],
      issuer: config.teamDomain,
      audience: config.aud,
      clockTolerance: LEEWAY_S,
      currentDate: new Date(now),
      requiredClaims: ['exp'],
    }));
  } catch (err) {
    return reject(err instanceof Error && 'code' in err ? String(err.code) : 'malformed');
  }
  if (typeof claims.email !== 'string' || !claims.email.includes('@')) return reject('no email');
  return { email: claims.email.toLowerCase(), sub: typeof claims.sub === 'string' ? claims.sub : '' };
}
