/** Core pages: the desk (home) and the data-problems list for the head of logistics. */
import { Hono } from 'hono';
import { allTabs, type TabKey } from '../../sheets-schema/index.js';
import type { AppEnv } from '../env.js';
import { authMessages, requireRole, requireSignedIn } from './auth/index.js';
import { messages } from './i18n/messages.js';
import type { PluginNav } from './plugin.js';
import { render } from './views/render.js';

/** Menu entries of the core pages (plugins bring their own). */
export const coreNav: readonly PluginNav[] = [
  { path: '/problems', label: messages['nav.problems'], roles: ['head', 'staff', 'leader'] },
  { path: '/auth/people', label: authMessages['auth.people'], roles: ['head'] },
];

export const corePages = new Hono<AppEnv>();

const readable = allTabs.filter((tab) => !tab.appendOnly).map((tab) => tab.key as TabKey);

corePages.get('/', requireSignedIn(), async (c) => {
  const problems = await c.var.data.problems(readable);
  return render(c, 'home', { problemCount: problems.length });
});

corePages.get('/problems', requireRole('head', 'staff', 'leader'), async (c) => {
  const problems = await c.var.data.problems(readable);
  return render(c, 'problems', { problems });
});
