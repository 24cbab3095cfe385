/**
 * The portal: core middleware (school, language, auth, CSRF, security headers),
 * core pages, and one sub-app per plugin mounted at `/{id}`.
 */
import { Hono } from 'hono';
import { languageDetector } from 'hono/language';
import type { AppEnv, Locale } from './env.js';
import { schoolMiddleware } from './core/school.js';
import { getCookie } from 'hono/cookie';
import { authMiddleware, authRoutes, SESSION_COOKIE } from './core/auth/index.js';
import { coreNav, corePages, prefetchTabs } from './core/pages.js';
import { syncRoutes } from './core/sync/routes.js';
import { approvalRoutes } from './core/approvals.js';
import { errorPage, notFoundPage } from './core/errors.js';
import { registerMessages } from './core/i18n/index.js';
import type { Plugin } from './core/plugin.js';
import { plugins as allPlugins } from './plugins/index.js';
import { notifyMessages } from './core/notify/messages.js';
import { notifyRoutes } from './core/notify/routes.js';

export function createApp(plugins: readonly Plugin[] = allPlugins) {
  const app = new Hono<AppEnv>();
  registerMessages(notifyMessages);
  for (const plugin of plugins) if (plugin.messages) registerMessages(plugin.messages);

  app.use(
    languageDetector({
      supportedLanguages: ['zh-CN', 'en'],
      fallbackLanguage: 'zh-CN',
      order: ['querystring', 'cookie'],
      lookupQueryString: 'lang',
      lookupCookie: 'lang',
      caches: ['cookie'],
      cookieOptions: { sameSite: 'Lax', secure: true, httpOnly: true, maxAge: 365 * 24 * 3600, path: '/' },
    }),
  );
  app.use(async (c, next) => {
    c.set('locale', (c.get('language') === 'en' ? 'en' : 'zh-CN') satisfies Locale);
    c.set('person', null);
    c.set('csrfToken', '');
    c.set('nav', []);
    c.set('plugins', plugins);
    await next();
  });
  app.use(schoolMiddleware());
  // A district's host serves the district pages and sign-in only: no school module runs over
  // the district's spreadsheet. (On a school's host the district routes refuse by role.)
  app.use(async (c, next) => {
    if (!c.var.school.district) return next();
    const path = new URL(c.req.url).pathname;
    if (path === '/') return c.redirect('/district', 302);
    if (path === '/district' || path.startsWith('/district/') || path.startsWith('/auth/')) return next();
    return notFoundPage(c);
  });
  // A signed-in page's tabs are asked for now, beside the sign-in check's 人员, so a cache
  // miss costs one batchGet for both (the gateway coalesces reads that arrive together).
  app.use(async (c, next) => {
    if (getCookie(c, SESSION_COOKIE)) void c.var.data.warm(prefetchTabs(plugins, new URL(c.req.url).pathname)).catch(() => {});
    await next();
  });
  // Sign-in, roles, CSRF, security headers, body limit (src/core/auth).
  for (const mw of authMiddleware()) app.use(mw);
  const menu = [...plugins.flatMap((p) => p.nav), ...coreNav];
  app.use(async (c, next) => {
    const person = c.var.person;
    c.set('nav', person ? menu.filter((n) => n.roles.includes(person.role)).map(({ path, label }) => ({ path, label })) : []);
    await next();
  });

  app.route('/auth', authRoutes);
  app.route('/sync', syncRoutes);
  app.route('/approvals', approvalRoutes(plugins));
  app.route('/notify', notifyRoutes(plugins));
  app.route('/', corePages(plugins));
  for (const plugin of plugins) app.route(`/${plugin.id}`, plugin.routes);

  app.notFound(notFoundPage);
  app.onError(errorPage);
  return app;
}
