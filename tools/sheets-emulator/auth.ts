/** Google-style service-account auth: the OAuth JWT-bearer token endpoint, access tokens and self-signed JWTs. */
import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, randomInt, verify, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { unauthenticated } from './errors.js';
import type { Store, TrustedKey } from './store.js';

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const SHEETS_AUDIENCE = 'https://sheets.googleapis.com/';
const SCOPES_OK = [
  'https://www.googleapis.com/auth/spreadsheets',
  'https://www.googleapis.com/auth/spreadsheets.readonly',
  'https://www.googleapis.com/auth/drive',
  'https://www.googleapis.com/auth/drive.file',
  'https://www.googleapis.com/auth/drive.readonly',
  'https://www.googleapis.com/auth/cloud-platform',
];
const TOKEN_TTL = 3599;
const SKEW = 300; // seconds of clock skew tolerated, as Google does for iat

/** A service-account key file in Google's JSON format (a type alias so it fits Record<string, unknown>). */
export type ServiceAccountKey = {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
  auth_provider_x509_cert_url: string;
  client_x509_cert_url: string;
  universe_domain: string;
};

/** What trustKey accepts: a whole key file, or an email plus a public key (PEM or JWK). */
export interface TrustKeyInput {
  email?: string;
  client_email?: string;
  keyId?: string;
  private_key_id?: string;
  publicKeyPem?: string;
  jwk?: Record<string, unknown>;
  private_key?: string;
}

interface Jwt {
  header: Record<string, any>;
  payload: Record<string, any>;
  signed: string;
  sig: Buffer;
}

function decodeJwt(token: string): Jwt | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    return {
      header: JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')),
      payload: JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')),
      signed: `${parts[0]}.${parts[1]}`,
      sig: Buffer.from(parts[2]!, 'base64url'),
    };
  } catch {
    return null;
  }
}

class OAuthError extends Error {
  constructor(
    public error: string,
    public description: string,
    public status = 400,
  ) {
    super(description);
  }
}

export interface TokenResponse {
  status: number;
  body: Record<string, unknown>;
}

export class Auth {
  private keyCache = new Map<string, KeyObject>();

  constructor(
    private store: Store,
    private urls: { tokenUrl: () => string; baseUrl: () => string },
    private now: () => number,
    private projectId = 'houqin-local',
  ) {}

  /** Mints a key pair, trusts its public half, and returns the key file a client would download from Google. */
  async createServiceAccount(email?: string): Promise<ServiceAccountKey> {
    const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    const keyId = randomBytes(20).toString('hex');
    const clientEmail = email ?? `sa-${randomBytes(4).toString('hex')}@${this.projectId}.iam.gserviceaccount.com`;
    this.trustKey({ email: clientEmail, keyId, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
    return {
      type: 'service_account',
      project_id: this.projectId,
      private_key_id: keyId,
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: clientEmail,
      client_id: String(randomInt(1e9, 2 ** 47)) + String(randomInt(1e5, 1e6)),
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: this.urls.tokenUrl(),
      auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
      client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
      universe_domain: 'googleapis.com',
    };
  }

  trustKey(input: TrustKeyInput): TrustedKey {
    const email = input.email ?? input.client_email;
    if (!email) throw new Error('trustKey needs email (or client_email)');
    let key: KeyObject;
    if (input.publicKeyPem) key = createPublicKey(input.publicKeyPem);
    else if (input.jwk) key = createPublicKey({ key: input.jwk as any, format: 'jwk' });
    else if (input.private_key) key = createPublicKey(createPrivateKey(input.private_key));
    else throw new Error('trustKey needs publicKeyPem, jwk or private_key');
    if (key.asymmetricKeyType !== 'rsa') throw new Error('only RSA keys are supported (RS256)');
    const trusted: TrustedKey = {
      email,
      keyId: input.keyId ?? input.private_key_id,
      publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString(),
    };
    this.store.keys = this.store.keys.filter((k) => !(k.email === trusted.email && k.keyId === trusted.keyId && trusted.keyId));
    this.store.keys.push(trusted);
    this.store.changed();
    return trusted;
  }

  private verifySignature(jwt: Jwt, email: string | undefined): TrustedKey | null {
    if (jwt.header.alg !== 'RS256') return null;
    const candidates = this.store.keys.filter((k) => (!jwt.header.kid || k.keyId === jwt.header.kid) && (!email || k.email === email));
    for (const k of candidates) {
      let pub = this.keyCache.get(k.publicKeyPem);
      if (!pub) this.keyCache.set(k.publicKeyPem, (pub = createPublicKey(k.publicKeyPem)));
      if (verify('RSA-SHA256', Buffer.from(jwt.signed), pub, jwt.sig)) return k;
    }
    return null;
  }

  private checkTimes(p: Record<string, any>) {
    const now = this.now() / 1000;
    const ok =
      typeof p.iat === 'number' &&
      typeof p.exp === 'number' &&
      p.exp > p.iat &&
      p.exp - p.iat <= 3600 &&
      p.iat <= now + SKEW &&
      p.exp > now - SKEW;
    if (!ok)
      throw new OAuthError(
        'invalid_grant',
        'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
      );
  }

  /** POST /token, form-encoded, answered with Google's OAuth JSON. */
  token(form: URLSearchParams): TokenResponse {
    try {
      const grant = form.get('grant_type');
      if (grant !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
        throw new OAuthError('unsupported_grant_type', `Invalid grant_type: ${grant ?? ''}`);
      }
      const jwt = decodeJwt(form.get('assertion') ?? '');
      if (!jwt) throw new OAuthError('invalid_request', 'Invalid JWT: Malformed.');
      const p = jwt.payload;
      if (!this.store.keys.some((k) => k.email === p.iss)) throw new OAuthError('invalid_grant', 'Invalid grant: account not found');
      const aud = String(p.aud ?? '');
      if (aud !== GOOGLE_TOKEN_URL && aud !== this.urls.tokenUrl() && aud !== 'https://www.googleapis.com/oauth2/v4/token') {
        throw new OAuthError('invalid_grant', `Invalid JWT: Failed audience check. The expected audience is ${this.urls.tokenUrl()}.`);
      }
      this.checkTimes(p);
      if (!this.verifySignature(jwt, p.iss)) throw new OAuthError('invalid_grant', 'Invalid JWT Signature.');
      const scopes = String(p.scope ?? '')
        .split(/\s+/)
        .filter(Boolean);
      if (!scopes.length) throw new OAuthError('invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
      const token = `ya29.emu.${randomBytes(32).toString('base64url')}`;
      this.store.tokens.set(token, { token, email: p.sub || p.iss, exp: Math.floor(this.now() / 1000) + TOKEN_TTL });
      this.store.changed();
      return { status: 200, body: { access_token: token, expires_in: TOKEN_TTL, token_type: 'Bearer' } };
    } catch (e) {
      if (e instanceof OAuthError) return { status: e.status, body: { error: e.error, error_description: e.description } };
      throw e;
    }
  }

  /** Returns the caller's email, or throws Google's 401. */
  authenticate(authorization: string | undefined, accessTokenParam: string | null): string {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const token = m?.[1] ?? accessTokenParam;
    if (!token) throw unauthenticated();
    const issued = this.store.tokens.get(token);
    if (issued) {
      if (issued.exp * 1000 <= this.now()) throw unauthenticated();
      return issued.email;
    }
    const jwt = decodeJwt(token);
    if (!jwt) throw unauthenticated();
    const p = jwt.payload;
    try {
      this.checkTimes(p);
    } catch {
      throw unauthenticated();
    }
    // Self-signed JWTs carry either an audience (the API's URL) or scopes.
    const aud = typeof p.aud === 'string' ? p.aud : '';
    const audOk = aud.startsWith(SHEETS_AUDIENCE) || (aud !== '' && aud.startsWith(this.urls.baseUrl() + '/'));
    const scopeOk = String(p.scope ?? '')
      .split(/\s+/)
      .some((s) => SCOPES_OK.includes(s));
    if (!(audOk || (!aud && scopeOk)) || !p.iss || (p.sub && p.sub !== p.iss)) throw unauthenticated();
    if (!this.verifySignature(jwt, p.iss)) throw unauthenticated();
    return p.iss;
  }
}
