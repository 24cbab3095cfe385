// The page side of the phone app's outbox (the service worker, views/pwa/sw.js, does the
// storing and sending). tools/build-pwa.ts writes it to views/static/outbox.js behind a prelude
// defining TEXT (src/core/pwa/messages.ts). The layout loads it on every page.
//
// - Registers the service worker.
// - Stamps each form marked data-offline with the time of the tap (`tapped_at`) and, for forms
//   without a server-issued `_key`, a fresh idempotency key per tap.
// - Tells the service worker who is signed in and the page's CSRF token, and asks it to send
//   what it holds on load, focus and reconnect.
// - Shows what is waiting on the phone, and the server's reason for any tap it refused.
/* global TEXT */
(() => {
  if (!('serviceWorker' in navigator) || window.__houqinOutbox) return;
  window.__houqinOutbox = true;
  const lang = document.documentElement.lang === 'en' ? 'en' : 'zh-CN';
  const text = (key, params = {}) => (TEXT[lang][key] ?? key).replace(/\{(\w+)\}/g, (w, n) => (n in params ? String(params[n]) : w));

  navigator.serviceWorker.register('/sw.js').catch(() => {});

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-offline')) return;
    hidden(form, 'tapped_at').value = new Date().toISOString();
    const key = form.querySelector('input[name="_key"]');
    if (!key || key.hasAttribute('data-per-tap')) {
      const perTap = key ?? hidden(form, '_key');
      perTap.setAttribute('data-per-tap', '');
      perTap.value = crypto.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2, 12)}`;
    }
  }, true);

  function hidden(form, name) {
    let input = form.querySelector(`input[name="${name}"]`);
    if (!input) {
      input = Object.assign(document.createElement('input'), { type: 'hidden', name });
      form.append(input);
    }
    return input;
  }

  // An htmx form whose tap the service worker stored: nothing was swapped; say so beside it.
  document.addEventListener('htmx:after:request', (event) => {
    const ctx = event.detail?.ctx;
    if (ctx?.response?.headers?.get('X-Houqin-Outbox') !== 'saved') return;
    const form = ctx.sourceElement?.closest?.('form') ?? ctx.sourceElement;
    if (!form) return;
    form.querySelector(':scope > .outbox-note')?.remove();
    const note = Object.assign(document.createElement('p'), { className: 'outbox-note', textContent: `✓ ${text('saved')}` });
    note.setAttribute('role', 'status');
    form.append(note);
  });

  // ---- talking to the service worker ----
  // A page the server rendered just now knows the person and a valid CSRF token; an offline
  // copy or the service worker's own "saved" page does not.
  const live = document.body?.hasAttribute('data-person') && !document.querySelector('.offline-notice');
  async function send(message) {
    const registration = await navigator.serviceWorker.ready;
    registration.active?.postMessage(message);
  }
  function hello() {
    if (!live) return send({ type: 'flush' });
    let csrf = '';
    try { csrf = JSON.parse(document.body.getAttribute('hx-headers:inherited') ?? '{}')['X-CSRF-Token'] ?? ''; } catch {}
    return send({ type: 'hello', lang, person: document.body.dataset.person ?? '', csrf });
  }
  hello();
  window.addEventListener('online', () => send({ type: 'flush' }));
  window.addEventListener('focus', () => send({ type: 'flush' }));
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') send({ type: 'flush' }); });
  let retry = null;

  navigator.serviceWorker.addEventListener('message', (event) => {
    const status = event.data;
    if (status?.type !== 'outbox') return;
    show(status);
    // Taps still waiting while the page stays open: try again now and then.
    clearTimeout(retry);
    if (status.pending > 0) retry = setTimeout(() => send({ type: 'flush' }), 30_000);
  });

  // ---- the banner ----
  function show(status) {
    const main = document.getElementById('main');
    if (!main) return;
    let banner = document.getElementById('outbox');
    if (!banner) {
      banner = Object.assign(document.createElement('div'), { id: 'outbox', className: 'outbox' });
      banner.setAttribute('role', 'status');
      main.prepend(banner);
    }
    banner.replaceChildren();
    const line = (className, content) => banner.append(Object.assign(document.createElement('p'), { className, textContent: content }));
    if (status.sent > 0) line('outbox-sent', `✓ ${text('sent', { count: status.sent })}`);
    if (status.pending > 0) line('outbox-pending', text('pending', { count: status.pending }));
    if (status.signin > 0) {
      line('outbox-signin', `${text('signIn', { count: status.signin })} `);
      const link = Object.assign(document.createElement('a'), { href: `/auth/signin?next=${encodeURIComponent(location.pathname)}`, textContent: text('signInLink') });
      banner.lastChild.append(link);
    }
    for (const item of status.refused ?? []) {
      line('outbox-refused', text('refused', { time: schoolTime(item.tappedAt), reason: reason(item) }));
      const ok = Object.assign(document.createElement('button'), { type: 'button', className: 'link', textContent: text('dismiss') });
      ok.addEventListener('click', () => send({ type: 'dismiss', id: item.id }));
      banner.lastChild.append(' ', ok);
    }
    banner.hidden = banner.childElementCount === 0;
  }

  /** 'YYYY-MM-DD HH:mm' in school time. */
  function schoolTime(iso) {
    return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
  }

  /** The server's own words: the alert text of the page it answered with. */
  function reason(item) {
    const doc = new DOMParser().parseFromString(item.answer ?? '', 'text/html');
    const said = [...doc.querySelectorAll('.field-error, [role="alert"] p:not(:has(a)), .flash.bad')].map((e) => e.textContent.trim()).filter(Boolean);
    return [...new Set(said)].join('；').slice(0, 300) || `HTTP ${item.status}`;
  }
})();
