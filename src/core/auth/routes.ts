/**
 * /auth: sign-in (code form, one-time links), sign-out, and the head of logistics' page
 * for issuing sign-in sheets and codes and revoking them. Policies are declared per route.
 */
import { Hono, type Context } from 'hono';
import { tabs } from '../../../sheets-schema/index.js';
import type { AppEnv, Person } from '../../env.js';
import { t } from '../i18n/index.js';
import { qrDataUri } from '../qr/index.js';
import { render } from '../views/render.js';
import { localDateTime } from '../time.js';
import { normalizeCode } from './crypto.js';
import { CODE_TTL_MS, LINK_TTL_MS, codeHashes, isLinkToken, limits, linkHashes, newCode, newLinkToken, readBootstrap } from './grants.js';
import { authMessages } from './messages.js';
import { auditEvent, authStore, clientIp, endSession, startSession } from './middleware.js';
import { activePerson, allPeople, findByIdOrPhone, peopleTable } from './people.js';
import { publicRoute, requireRole, safeNext, unauthorized } from './policy.js';
import type { ConsumeResult } from './store.js';

export const authRoutes = new Hono<AppEnv>();

/** Auth texts without the 'auth.' prefix, for templates: {{t m.signIn}}. */
const m = Object.fromEntries(Object.entries(authMessages).map(([k, v]) => [k.replace(/^auth\./, ''), v]));
const roleLabels = tabs.people.columns.find((c) => c.key === 'role')!.allowed!;
const noStore = { 'Cache-Control': 'no-store' };

function text(c: Context<AppEnv>, key: keyof typeof authMessages, params?: Record<string, unknown>): string {
  return t(c.var.locale, authMessages[key], params);
}

function signinPage(c: Context<AppEnv>, options: { error?: string; who?: string; status?: number; next?: string } = {}) {
  const stopped = c.req.query('stopped') === '1' ? text(c, 'auth.inactive') : null;
  return render(
    c,
    'auth/signin',
    {
      title: text(c, 'auth.signIn'),
      m,
      next: options.next ?? safeNext(c.req.query('next')),
      error: options.error ?? stopped,
      who: options.who ?? '',
    },
    { status: options.status ?? 200, headers: noStore },
  );
}

/** School-local "YYYY-MM-DD HH:mm". */
function localTime(ms: number): string {
  return localDateTime(ms).slice(0, 16).replace('T', ' ');
}

function bodyString(body: Record<string, unknown>, key: string, max: number): string {
  const v = body[key];
  return typeof v === 'string' ? v.slice(0, max) : '';
}

authRoutes.get('/signin', publicRoute(), (c) => {
  if (c.var.person) return c.redirect(safeNext(c.req.query('next')), 303);
  return signinPage(c);
});

authRoutes.post('/signin', publicRoute(), async (c) => {
  const body = await c.req.parseBody();
  const who = bodyString(body, 'who', 60);
  const code = normalizeCode(bodyString(body, 'code', 40));
  const next = safeNext(bodyString(body, 'next', 500));
  const ip = clientIp(c);
  const store = authStore(c);
  const record = who ? findByIdOrPhone(await peopleTable(c.var.data), who) : null;
  if (!record || !code) {
    const counted = await store.recordFailure(limits(ip, record?.id));
    return signinPage(c, { error: text(c, counted ? 'auth.badCode' : 'auth.limited'), who, next, status: counted ? 400 : 429 });
  }
  const result = await store.consume('code', await codeHashes(c.env.SESSION_SECRET, record.id, code), limits(ip, record.id), record.id);
  if (!result.ok) {
    return signinPage(c, {
      error: text(c, result.reason === 'limited' ? 'auth.limited' : 'auth.badCode'),
      who,
      next,
      status: result.reason === 'limited' ? 429 : 400,
    });
  }
  return finishSignIn(c, result.personId, next);
});

async function finishSignIn(c: Context<AppEnv>, personId: string, next: string): Promise<Response> {
  const person = activePerson(await peopleTable(c.var.data), personId);
  if (!person) {
    endSession(c);
    return render(
      c,
      'auth/denied',
      { title: text(c, 'auth.signIn'), message: text(c, 'auth.inactive'), signIn: false },
      { status: 403, headers: noStore },
    );
  }
  await startSession(c, person);
  return c.redirect(next, 303);
}

/** Use a link token (random grant or bootstrap). */
async function consumeLink(c: Context<AppEnv>, token: string): Promise<ConsumeResult> {
  const store = authStore(c);
  const lim = limits(clientIp(c));
  if (token.startsWith('b1.')) {
    if (await store.isLimited(lim)) return { ok: false, reason: 'limited' };
    const claims = await readBootstrap(c.env.SESSION_SECRET, token);
    if (!claims) {
      await store.recordFailure(lim);
      return { ok: false, reason: 'unknown' };
    }
    if (!(await store.useNonce(claims.n, claims.exp))) {
      await store.recordFailure(lim);
      return { ok: false, reason: 'used' };
    }
    return { ok: true, personId: claims.p };
  }
  if (!isLinkToken(token)) {
    await store.recordFailure(lim);
    return { ok: false, reason: 'unknown' };
  }
  return store.consume('link', await linkHashes(c.env.SESSION_SECRET, token), lim);
}

function linkFailed(c: Context<AppEnv>, result: ConsumeResult & { ok: false }): Response {
  const limited = result.reason === 'limited';
  return render(
    c,
    'auth/denied',
    {
      title: text(c, 'auth.linkTitle'),
      message: text(c, limited ? 'auth.limited' : 'auth.linkBad'),
      signIn: text(c, 'auth.signIn'),
      next: '',
    },
    { status: limited ? 429 : 410, headers: noStore },
  );
}

/**
 * Opening the link in a browser (a navigation from a QR scanner, a chat app, the address
 * bar) signs in at once: one tap. Anything else — link previewers, an <img> on another
 * site, a navigation started by another site — gets a confirmation page with a button, so
 * a preview bot cannot use the link up and another site cannot sign you in as someone else.
 */
authRoutes.get('/link/:token', publicRoute(), async (c) => {
  const token = c.req.param('token');
  const navigation =
    c.req.header('Sec-Fetch-Dest') === 'document' && ['none', 'same-origin'].includes(c.req.header('Sec-Fetch-Site') ?? '');
  if (!navigation) {
    return render(
      c,
      'auth/link',
      { title: text(c, 'auth.linkTitle'), m, token: token.slice(0, 400) },
      { headers: { ...noStore, 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex' } },
    );
  }
  const result = await consumeLink(c, token);
  if (!result.ok) return linkFailed(c, result);
  return finishSignIn(c, result.personId, '/');
});

authRoutes.post('/link', publicRoute(), async (c) => {
  const body = await c.req.parseBody();
  const result = await consumeLink(c, bodyString(body, 'token', 400));
  if (!result.ok) return linkFailed(c, result);
  return finishSignIn(c, result.personId, '/');
});

/** Sign this device out. Public (leaders and people whose row was removed may always sign out). */
authRoutes.post('/signout', publicRoute(), async (c) => {
  const session = c.var.session;
  if (session) await authStore(c).revokeSession(session.s, session.exp);
  endSession(c);
  return render(
    c,
    'auth/denied',
    { title: text(c, 'auth.signIn'), message: text(c, 'auth.signedOut'), signIn: text(c, 'auth.signIn'), next: '' },
    { headers: noStore },
  );
});

/** Sign the caller out on every device. */
authRoutes.post('/signout-all', publicRoute(), async (c) => {
  const person = c.var.person;
  if (!person) return unauthorized(c);
  await authStore(c).signOutEverywhere(person.id);
  endSession(c);
  return render(
    c,
    'auth/denied',
    { title: text(c, 'auth.signIn'), message: text(c, 'auth.signedOut'), signIn: text(c, 'auth.signIn'), next: '' },
    { headers: noStore },
  );
});

// ---- the head of logistics -----------------------------------------------------------

authRoutes.get('/people', requireRole('head'), async (c) => {
  const table = await peopleTable(c.var.data);
  // Whoever was deactivated in the sheet since is signed out everywhere now (the session check
  // does the same when one of their phones comes back), so reactivation starts afresh.
  const stopped = allPeople(table)
    .filter((p) => !p.active)
    .map((p) => p.id);
  if (stopped.length) await authStore(c).signOutEverywhere(stopped);
  const people = allPeople(table).map((p) => ({ ...p, roleLabel: roleLabels.find((r) => r.key === p.role) ?? { zh: p.role, en: p.role } }));
  const revoked = c.req.query('revoked');
  const revokedPerson = revoked ? people.find((p) => p.id === revoked) : undefined;
  return render(
    c,
    'auth/people',
    {
      title: text(c, 'auth.people'),
      m,
      people,
      intro: text(c, 'auth.peopleIntro', { seconds: c.env.READ_STALENESS_SECONDS || '30' }),
      sheetTitle: table.title,
      sheetId: (table as { sheetId?: number }).sheetId ?? 0,
      revokedMessage: revokedPerson ? text(c, 'auth.revoked', { name: revokedPerson.name }) : null,
    },
    { headers: noStore },
  );
});

async function targetPerson(c: Context<AppEnv>): Promise<Person | Response> {
  const id = c.req.param('id') ?? '';
  const person = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? activePerson(await peopleTable(c.var.data), id) : null;
  if (person) return person;
  return render(
    c,
    'auth/denied',
    { title: text(c, 'auth.people'), message: text(c, 'auth.personNotFound', { id: id.slice(0, 64) }), signIn: false },
    { status: 404 },
  );
}

/** Issue a printable sign-in sheet: a link (QR) and a code sharing one 7-day, single-use batch. */
authRoutes.post('/people/:id/sheet', requireRole('head'), async (c) => {
  const person = await targetPerson(c);
  if (person instanceof Response) return person;
  const head = c.var.person!;
  const token = newLinkToken();
  const code = newCode();
  const expiresAt = Date.now() + LINK_TTL_MS;
  const secret = c.env.SESSION_SECRET;
  await authStore(c).issue(
    person.id,
    [
      { kind: 'link', hash: (await linkHashes(secret, token))[0]!, expiresAt },
      { kind: 'code', hash: (await codeHashes(secret, person.id, code))[0]!, expiresAt },
    ],
    head.id,
  );
  await auditEvent(c, 'auth.sheet.issue', person.id, { kind: 'link+code', expires: localTime(expiresAt), for: person.name });
  const origin = new URL(c.req.url).origin;
  const link = `${origin}/auth/link/${token}`;
  return render(
    c,
    'auth/sheet',
    {
      title: text(c, 'auth.sheetTitle'),
      m,
      target: { ...person, roleLabel: roleLabels.find((r) => r.key === person.role) },
      link,
      signinUrl: `${origin}/auth/signin`,
      qr: qrDataUri(link, { title: person.name }),
      code,
      until: localTime(expiresAt),
    },
    { headers: { ...noStore, 'Referrer-Policy': 'no-referrer' } },
  );
});

/** Issue a short code alone (15 minutes), to tell the person directly. */
authRoutes.post('/people/:id/code', requireRole('head'), async (c) => {
  const person = await targetPerson(c);
  if (person instanceof Response) return person;
  const code = newCode();
  const expiresAt = Date.now() + CODE_TTL_MS;
  await authStore(c).issue(
    person.id,
    [{ kind: 'code', hash: (await codeHashes(c.env.SESSION_SECRET, person.id, code))[0]!, expiresAt }],
    c.var.person!.id,
  );
  await auditEvent(c, 'auth.code.issue', person.id, { kind: 'code', expires: localTime(expiresAt), for: person.name });
  return render(
    c,
    'auth/code',
    {
      title: text(c, 'auth.codeIssued', { name: person.name }),
      m,
      code,
      valid: text(c, 'auth.codeValid', { until: localTime(expiresAt) }),
    },
    { headers: noStore },
  );
});

/** Revoke every outstanding grant of a person and sign them out everywhere. */
authRoutes.post('/people/:id/revoke', requireRole('head'), async (c) => {
  const id = c.req.param('id');
  const record = allPeople(await peopleTable(c.var.data)).find((p) => p.id === id);
  if (!record) return targetPerson(c) as Promise<Response>;
  const store = authStore(c);
  const revoked = await store.revokeGrants(record.id);
  await store.signOutEverywhere(record.id);
  await auditEvent(c, 'auth.revoke', record.id, { grants: revoked, signedOutEverywhere: true, for: record.name });
  return c.redirect(`/auth/people?revoked=${encodeURIComponent(record.id)}`, 303);
});

/** Print styles for the sign-in sheet (CSP allows only our own stylesheets). */
authRoutes.get('/print.css', publicRoute(), (c) =>
  c.body(PRINT_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }),
);

const PRINT_CSS = `
.signin-sheet{max-width:180mm;margin:0 auto;font-size:12pt;line-height:1.6}
.signin-sheet h1{font-size:20pt;margin:0 0 4mm}
.signin-sheet .who{display:grid;grid-template-columns:auto 1fr;gap:1mm 6mm;margin:0 0 6mm}
.signin-sheet .who dt{color:#555}
.signin-sheet .who dd{margin:0;font-weight:600}
.signin-sheet .qr{display:flex;gap:8mm;align-items:center;margin:0 0 6mm}
.signin-sheet .qr img{width:60mm;height:60mm;image-rendering:pixelated}
.signin-sheet .code{font:700 24pt/1.2 ui-monospace,Menlo,Consolas,monospace;letter-spacing:2pt}
.signin-sheet .link{word-break:break-all;font:10pt ui-monospace,Menlo,Consolas,monospace}
.signin-sheet ol li{margin:0 0 2mm}
.signin-sheet .actions{margin:6mm 0}
.big-code{font:700 40px/1.2 ui-monospace,Menlo,Consolas,monospace;letter-spacing:4px;margin:16px 0}
@page{size:A4;margin:15mm}
@media print{
  header.top,.signin-sheet .actions,.no-print{display:none!important}
  body{background:#fff;color:#000}
  main{margin:0;padding:0}
}
`;
