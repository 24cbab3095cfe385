/** Core pages: the desk (home) and the data-problems list for the head of logistics. */
import { Hono } from 'hono';
import { allTabs, isTabKey, type TabKey } from '../../sheets-schema/index.js';
import type { AppEnv } from '../env.js';
import { authMessages, requireRole, requireSignedIn } from './auth/index.js';
import { schoolCalendar } from './calendar.js';
import type { SyncedSchoolData } from './data/school-data.js';
import { MISSING_TAB, type TabNotice } from './sync/tab-directory.js';
import { MASS_CHANGE } from './sync/mass-change.js';
import { messages } from './i18n/messages.js';
import type { Plugin, PluginNav } from './plugin.js';
import type { DataProblem } from './table/types.js';
import { localDate } from './time.js';
import { render } from './views/render.js';
import { problemReaders } from './data/missing.js';
import { dutiesFor } from './notify/duties.js';
import { notifyMessages } from './notify/messages.js';
import { failedDeliveries } from './notify/routes.js';

/** Menu entries of the core pages (plugins bring their own). */
export const coreNav: readonly PluginNav[] = [
  // Leaders' first page after the desk; the head reaches it from the desk's alerts and the store (the menu is full).
  { path: '/approvals', label: messages['approvals.title'], roles: ['leader'] },
  { path: '/problems', label: { ...messages['nav.problems'], en: 'Data issues' }, roles: problemReaders },
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
  const [cells, { calendar }, ...fromPlugins] = await Promise.all([
    data.problems(readable),
    data.read(['calendar']),
    ...plugins.map((p) => (p.problems ? p.problems(data) : Promise.resolve([]))),
  ]);
  // After the reads: a mass change they just found is among the notices.
  const notices = await data.tabNotices();
  // A deleted or held tab no page read (a log) is still a problem at its header.
  const listed = new Set(cells.filter((p) => p.column === MISSING_TAB || p.column === MASS_CHANGE).map((p) => `${p.column}\n${p.sheet}`));
  const column = { missing: MISSING_TAB, massChange: MASS_CHANGE, renamed: '' } as const;
  const gone = notices
    .filter((n) => n.kind !== 'renamed' && !listed.has(`${column[n.kind]}\n${n.from}`))
    .map((n): DataProblem => ({ sheet: n.from, cell: 'A1', value: null, column: column[n.kind], header: true, expected: n.text }));
  return { problems: [...gone, ...cells, ...schoolCalendar(calendar).problems, ...fromPlugins.flat()], notices };
}

/** The desk shows every plugin's alerts for the signed-in person, and the data-problem count. */
export function corePages(plugins: readonly Plugin[]) {
  const pages = new Hono<AppEnv>();

  pages.get('/', requireSignedIn(), async (c) => {
    const ctx = { data: c.var.data, person: c.var.person!, today: localDate(), plugins };
    // Staff see their own work ("mine today", the same list as their digest), not the office's alerts.
    const staff = ctx.person.role === 'staff';
    const [{ problems, notices }, status, failed, duties, ...alertLists] = await Promise.all([
      allProblems(c.var.data, plugins),
      c.var.data.status(),
      ctx.person.role === 'head' ? failedDeliveries(c).catch(() => 0) : Promise.resolve(0),
      staff ? dutiesFor(plugins, ctx) : Promise.resolve(null),
      ...(staff ? [] : plugins.map((p) => (p.alerts ? p.alerts(ctx) : Promise.resolve([])))),
    ]);
    const alerts = alertLists.flat();
    // The head of logistics is told when writes are stuck or parked, with the reason.
    if (ctx.person.role === 'head' && (status.warning || status.conflicts > 0)) {
      alerts.unshift({
        level: 'bad',
        text: status.warning ?? messages['home.conflicts'],
        params: { count: status.conflicts },
        href: '/sync',
      });
    }
    // Tabs renamed (followed) or deleted in the sheet: the head hears of it here.
    if (ctx.person.role === 'head') {
      for (const n of notices) alerts.unshift({ level: n.kind === 'renamed' ? 'info' : 'bad', text: n.text, href: '/problems' });
      if (failed > 0)
        alerts.push({ level: 'bad', text: notifyMessages['notify.alert.failed'], params: { count: failed }, href: '/notify' });
    }
    // The delivery log is linked from the desk, not the menu (the desk header stays one line at 1366 px).
    return render(c, 'home', {
      problemCount: problems.length,
      seesProblems: (problemReaders as readonly string[]).includes(ctx.person.role),
      alerts,
      duties,
      notifyLog: ctx.person.role === 'head',
    });
  });

  pages.get('/problems', requireRole(...problemReaders), async (c) => {
    const { problems, notices } = await allProblems(c.var.data, plugins);
    const held = notices.filter((n) => n.kind === 'massChange');
    // A held tab is listed once, above the table, with its link and the head's button.
    const listed = problems.filter((p) => p.column !== MASS_CHANGE || !held.some((n) => n.from === p.sheet));
    return render(c, 'problems', {
      problems: listed,
      renamed: notices.filter((n) => n.kind === 'renamed'),
      held,
      canAccept: c.var.person?.role === 'head',
    });
  });

  // The head of logistics says a held mass change was intended (mass-change.ts).
  pages.post('/problems/accept/:tab', requireRole('head'), async (c) => {
    const key = c.req.param('tab');
    // Schema tabs, and those a school declared in its 登记簿 (`sheet:<ID>`).
    if (isTabKey(key) || /^sheet:[A-Za-z0-9-]{1,40}$/.test(key)) await c.var.data.acceptMassChange(key as TabKey);
    return c.redirect('/problems', 303);
  });
  return pages;
}
