/** Core pages: the desk (home) and the data-problems list for the head of logistics. */
import { Hono } from 'hono';
import { allTabs, type TabKey } from '../../sheets-schema/index.js';
import type { AppEnv } from '../env.js';
import { authMessages, requireRole, requireSignedIn } from './auth/index.js';
import { schoolCalendar } from './calendar.js';
import type { SyncedSchoolData } from './data/school-data.js';
import { MISSING_TAB, type TabNotice } from './sync/tab-directory.js';
import { messages } from './i18n/messages.js';
import type { Plugin, PluginNav } from './plugin.js';
import type { DataProblem } from './table/types.js';
import { localDate } from './time.js';
import { render } from './views/render.js';

/** Menu entries of the core pages (plugins bring their own). */
export const coreNav: readonly PluginNav[] = [
  // Leaders' first page after the desk; the head reaches it from the desk's alerts and the store (the menu is full).
  { path: '/approvals', label: messages['approvals.title'], roles: ['leader'] },
  { path: '/problems', label: { ...messages['nav.problems'], en: 'Data issues' }, roles: ['head', 'staff', 'leader'] },
  { path: '/sync', label: messages['nav.sync'], roles: ['head'] },
  { path: '/auth/people', label: { ...authMessages['auth.people'], en: 'People' }, roles: ['head'] },
];

const readable = allTabs.filter((tab) => !tab.appendOnly).map((tab) => tab.key as TabKey);

/** The tabs a page will read: its plugin's, or every tab for the desk; always 人员 (sign-in). */
export function prefetchTabs(plugins: readonly Plugin[], path: string): TabKey[] {
  const plugin = plugins.find((p) => path === `/${p.id}` || path.startsWith(`/${p.id}/`));
  const tabs: TabKey[] = plugin ? [...plugin.tabs] : path === '/' || path === '/problems' ? [...readable] : [];
  return [...new Set<TabKey>(['people', ...tabs])];
}

/**
 * Every data problem: cells no tab could read (the table layer), rows that make no sense
 * in the school calendar, and each plugin's cross-tab checks (an asset in an unknown room…).
 */
async function allProblems(data: SyncedSchoolData, plugins: readonly Plugin[]): Promise<{ problems: DataProblem[]; notices: TabNotice[] }> {
  const [cells, { calendar }, notices, ...fromPlugins] = await Promise.all([
    data.problems(readable),
    data.read(['calendar']),
    data.tabNotices(),
    ...plugins.map((p) => (p.problems ? p.problems(data) : Promise.resolve([]))),
  ]);
  // A deleted tab no page read (a log) is still a problem at its header.
  const listed = new Set(cells.filter((p) => p.column === MISSING_TAB).map((p) => p.sheet));
  const gone = notices.filter((n) => n.kind === 'missing' && !listed.has(n.from)).map((n): DataProblem => ({ sheet: n.from, cell: 'A1', value: null, column: MISSING_TAB, header: true, expected: n.text }));
  return { problems: [...gone, ...cells, ...schoolCalendar(calendar).problems, ...fromPlugins.flat()], notices };
}

/** The desk shows every plugin's alerts for the signed-in person, and the data-problem count. */
export function corePages(plugins: readonly Plugin[]) {
  const pages = new Hono<AppEnv>();

  pages.get('/', requireSignedIn(), async (c) => {
    const ctx = { data: c.var.data, person: c.var.person!, today: localDate(), plugins };
    const [{ problems, notices }, status, ...alertLists] = await Promise.all([
      allProblems(c.var.data, plugins),
      c.var.data.status(),
      ...plugins.map((p) => (p.alerts ? p.alerts(ctx) : Promise.resolve([]))),
    ]);
    const alerts = alertLists.flat();
    // The head of logistics is told when writes are stuck or parked, with the reason.
    if (ctx.person.role === 'head' && (status.warning || status.conflicts > 0)) {
      alerts.unshift({ level: 'bad', text: status.warning ?? messages['home.conflicts'], params: { count: status.conflicts }, href: '/sync' });
    }
    // Tabs renamed (followed) or deleted in the sheet: the head hears of it here.
    if (ctx.person.role === 'head') {
      for (const n of notices) alerts.unshift({ level: n.kind === 'missing' ? 'bad' : 'info', text: n.text, href: '/problems' });
    }
    return render(c, 'home', { problemCount: problems.length, alerts });
  });

  pages.get('/problems', requireRole('head', 'staff', 'leader'), async (c) => {
    const { problems, notices } = await allProblems(c.var.data, plugins);
    return render(c, 'problems', { problems, renamed: notices.filter((n) => n.kind === 'renamed') });
  });
  return pages;
}
