// The phone app's service worker. tools/build-pwa.ts writes it to views/static/sw.js behind a
// prelude that defines VERSION (the layout's asset hash), PRECACHE (the layout's CSS, htmx, the
// outbox script, icons and manifests, by their versioned URLs), CSS_URL, OUTBOX_URL and TEXT
// (src/core/pwa/messages.ts). A new build is a new file, so phones install it; caches are
// named by VERSION and the old ones removed on activate. The outbox lives in IndexedDB, which
// updates leave alone.
//
// - POST of a form marked data-offline (it carries `tapped_at`, set by outbox.js): sent as
//   usual; when the network fails it is stored with its fields, files and idempotency key, and
//   the page is told plainly that it is saved on the phone. Stored taps are sent again on
//   Background Sync, and whenever a page loads, gains focus or comes back online.
// - Page loads: network first, so an online page is never stale; a copy of each signed-in page
//   is kept and shown when offline, with "离线 · 更新于 HH:mm" at the top.
// - The layout's static files: from the cache, by their content-hashed URLs.
/* global VERSION, PRECACHE, CSS_URL, OUTBOX_URL, TEXT */

const STATIC_CACHE = `houqin-static-${VERSION}`;
const PAGES_CACHE = `houqin-pages-${VERSION}`;
const PAGE_LIMIT = 40;
const SAVED_AT = 'X-Houqin-Saved-At';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

// ---- install / activate ----------------------------------------------------------------

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(STATIC_CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('houqin-') && name !== STATIC_CACHE && name !== PAGES_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// ---- fetch -------------------------------------------------------------------------------

const precached = new Set(PRECACHE);

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST') {
    if (url.pathname === '/auth/signout') event.waitUntil(caches.delete(PAGES_CACHE)); // the next person sees none of them
    event.respondWith(postThroughOutbox(request));
  } else if (request.method === 'GET' && precached.has(url.pathname + url.search)) {
    event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
  } else if (request.method === 'GET' && request.mode === 'navigate' && !url.pathname.startsWith('/auth/')) {
    // (Sign-in pages go straight to the network as the browser sent them: a sign-in link
    // signs in at once only for a top-level navigation, judged by its Sec-Fetch headers.)
    event.respondWith(networkFirst(request, event));
  }
});

/** A page from the network (and a copy kept); offline, the copy with the time it was saved. */
async function networkFirst(request, event) {
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    if (keepable(url, response)) event.waitUntil(keepPage(url, response.clone()));
    return response;
  } catch (error) {
    const copy = await (await caches.open(PAGES_CACHE)).match(pageKey(url), { ignoreVary: true });
    if (copy) return offlineCopy(copy);
    const lang = (await meta()).lang;
    return htmlPage(lang, text(lang, 'offlineNoCopy'), `<section class="outbox-saved" role="alert"><h1>${escape(text(lang, 'offlineNoCopy'))}</h1></section>`, 503);
  }
}

function keepable(url, response) {
  return response.status === 200 && !response.redirected && !url.pathname.startsWith('/auth/') && (response.headers.get('Content-Type') ?? '').startsWith('text/html');
}

const pageKey = (url) => `${url.origin}${url.pathname}${url.search}`;

async function keepPage(url, response) {
  const headers = new Headers(response.headers);
  headers.set(SAVED_AT, String(Date.now()));
  const cache = await caches.open(PAGES_CACHE);
  await cache.put(pageKey(url), new Response(await response.blob(), { status: 200, headers }));
  const keys = await cache.keys(); // oldest first
  for (const old of keys.slice(0, Math.max(0, keys.length - PAGE_LIMIT))) await cache.delete(old);
}

async function offlineCopy(copy) {
  const html = await copy.text();
  const lang = /^<!doctype html>\s*<html lang="en"/i.test(html) ? 'en' : 'zh-CN';
  const savedAt = Number(copy.headers.get(SAVED_AT)) || Date.now();
  const notice = `<p class="offline-notice" role="status">${escape(text(lang, 'offline', { time: clock(savedAt, lang) }))}</p>`;
  const headers = new Headers(copy.headers);
  headers.delete('Content-Length');
  headers.set('X-Houqin-Offline', '1');
  return new Response(html.replace('<main id="main">', `<main id="main">${notice}`), { status: 200, headers });
}

// ---- the outbox --------------------------------------------------------------------------

async function postThroughOutbox(request) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (error) {
    // No answer: offline, or the connection dropped mid-upload (the server may have it; the
    // idempotency key makes sending it again safe).
    const form = await copy.formData().catch(() => null);
    if (!form || !form.has('tapped_at')) return Response.error();
    const item = await store(request, form);
    if (self.registration.sync) self.registration.sync.register('outbox').catch(() => {});
    void report();
    return savedAnswer(request, item);
  }
}

async function store(request, form) {
  const { person, lang } = await meta();
  const entries = [...form.entries()];
  const key = form.get('_key') ?? '';
  const item = {
    url: request.url,
    headers: Object.fromEntries(['HX-Request', 'HX-Target', 'HX-Source'].map((h) => [h, request.headers.get(h)]).filter(([, v]) => v)),
    entries,
    key: String(key),
    tappedAt: String(form.get('tapped_at')),
    savedAt: Date.now(),
    back: request.referrer || '/',
    person,
    lang,
    state: 'pending',
  };
  // The same form tapped twice while offline is stored once.
  const twin = key ? (await items()).find((i) => i.url === item.url && i.key === item.key && i.state !== 'refused') : null;
  if (twin) return twin;
  item.id = await idb('items', 'readwrite', (s) => s.add(item));
  return item;
}

/** What the page shows when its tap was stored: a page for a plain form, nothing swapped for htmx. */
function savedAnswer(request, item) {
  if (request.headers.get('HX-Request') === 'true') {
    return new Response('', { status: 200, headers: { 'HX-Reswap': 'none', 'X-Houqin-Outbox': 'saved' } });
  }
  const lang = item.lang;
  const body = `<section class="outbox-saved" role="status" id="outbox-saved"><h1>✓ ${escape(text(lang, 'saved'))}</h1>`
    + `<p>${escape(text(lang, 'savedAt', { time: clock(Date.parse(item.tappedAt), lang) }))}</p>`
    + `<p><a class="button" href="${escape(safeBack(item.back))}">${escape(text(lang, 'back'))}</a></p></section>`;
  return htmlPage(lang, text(lang, 'saved'), body, 200);
}

const safeBack = (href) => { try { const u = new URL(href); return u.origin === self.location.origin ? u.pathname + u.search : '/'; } catch { return '/'; } };

let flushing = null;
/** Send every stored tap; at most one run at a time. Rejects while taps remain unsent for want of a network (Background Sync retries). */
function flush() {
  flushing ??= sendAll().finally(() => { flushing = null; });
  return flushing;
}

async function sendAll() {
  const { csrf, person } = await meta();
  let sent = 0;
  let offline = false;
  for (const item of await items()) {
    if (item.state === 'refused') continue;
    if (item.person && item.person !== person) { await setState(item, 'signin'); continue; }
    const body = new FormData();
    for (const [name, value] of item.entries) body.append(name, value);
    const headers = new Headers(item.headers);
    if (csrf) headers.set('X-CSRF-Token', csrf); // the form's own token dies with its session
    let response;
    try {
      response = await fetch(item.url, { method: 'POST', body, headers, credentials: 'same-origin' });
    } catch {
      offline = true;
      break;
    }
    if (response.status === 401 || (response.redirected && new URL(response.url).pathname.startsWith('/auth/'))) {
      await setState(item, 'signin'); // the session ended: keep it until the person signs in again
    } else if (response.ok) {
      await idb('items', 'readwrite', (s) => s.delete(item.id));
      sent += 1;
    } else if (response.status >= 500 || response.status === 408 || response.status === 429) {
      offline = true; // the server could not take it now: try again later
      break;
    } else {
      item.answer = (await response.text()).slice(0, 20_000);
      item.status = response.status;
      await setState(item, 'refused'); // kept, with the server's reason, until the person has read it
    }
  }
  await report({ sent });
  if (offline) throw new Error('outbox: not sent yet');
}

async function setState(item, state) {
  item.state = state;
  await idb('items', 'readwrite', (s) => s.put(item));
}

/** Tell every open page what the outbox holds. */
async function report(extra = {}) {
  const all = await items();
  const status = {
    type: 'outbox',
    pending: all.filter((i) => i.state === 'pending').length,
    signin: all.filter((i) => i.state === 'signin').length,
    refused: all.filter((i) => i.state === 'refused').map(({ id, tappedAt, answer, status: code }) => ({ id, tappedAt, answer, status: code })),
    ...extra,
  };
  for (const client of await self.clients.matchAll({ type: 'window' })) client.postMessage(status);
}

self.addEventListener('sync', (event) => {
  if (event.tag === 'outbox') event.waitUntil(flush());
});

// Pages say who is signed in (and their CSRF token) on load, and ask for a send on load,
// focus and reconnect; they dismiss refused taps once read.
self.addEventListener('message', (event) => {
  const data = event.data ?? {};
  event.waitUntil((async () => {
    if (data.type === 'hello') {
      const current = await meta();
      await idb('meta', 'readwrite', (s) => s.put({
        ...current, lang: data.lang === 'en' ? 'en' : 'zh-CN', person: String(data.person ?? ''), ...(data.csrf ? { csrf: String(data.csrf) } : {}),
      }, 'session'));
    }
    if (data.type === 'dismiss') await idb('items', 'readwrite', (s) => s.delete(Number(data.id)));
    await flush().catch(() => report());
  })());
});

// ---- IndexedDB ---------------------------------------------------------------------------

let database = null;
function db() {
  database ??= new Promise((resolve, reject) => {
    const open = indexedDB.open('houqin-outbox', 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore('items', { keyPath: 'id', autoIncrement: true });
      open.result.createObjectStore('meta');
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => { database = null; reject(open.error); };
  });
  return database;
}

async function idb(store, mode, action) {
  const tx = (await db()).transaction(store, mode);
  const request = action(tx.objectStore(store));
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

const items = () => idb('items', 'readonly', (s) => s.getAll());
const meta = async () => ({ lang: 'zh-CN', person: '', csrf: '', ...((await idb('meta', 'readonly', (s) => s.get('session'))) ?? {}) });

// ---- text --------------------------------------------------------------------------------

function text(lang, key, params = {}) {
  const template = (TEXT[lang] ?? TEXT['zh-CN'])[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** HH:mm in school time, with the date when it is not today. */
function clock(ms, lang) {
  const zone = { timeZone: 'Asia/Shanghai' };
  const day = (t) => new Intl.DateTimeFormat('en-CA', { ...zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
  const time = new Intl.DateTimeFormat('en-GB', { ...zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
  if (day(ms) === day(Date.now())) return time;
  const date = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { ...zone, month: lang === 'en' ? 'short' : 'numeric', day: 'numeric' }).format(ms);
  return `${date} ${time}`;
}

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function htmlPage(lang, title, body, status) {
  const html = `<!doctype html>\n<html lang="${lang}">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n`
    + `<title>${escape(title)}</title>\n<link rel="stylesheet" href="${CSS_URL}">\n<script src="${OUTBOX_URL}" defer></script>\n</head>\n<body>\n<main id="main">\n${body}\n</main>\n</body>\n</html>\n`;
  return new Response(html, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' } });
}
