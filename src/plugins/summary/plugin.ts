/**
 * The monthly summary module, built over a list of plugins: every plugin with a
 * `summary(ctx)` contributes its section, so a module added later appears in the report
 * without a change here. (index.ts passes the real list; tests pass fixtures.)
 */
import {
  definePlugin,
  glossary,
  previousMonth,
  roles,
  SAFETY_TABS,
  type Alert,
  type NotifyEventDef,
  type Plugin,
  type PluginContext,
} from '../../core/kit.js';
import { summaryMessages } from './messages.js';
import { summaryRoutes } from './routes.js';
import { readIndex, safetyBook } from './store.js';

/** The report reaching leadership (src/core/notify). */
export const summaryEvents: readonly NotifyEventDef[] = [
  {
    key: 'summary.published',
    label: { zh: '月报已发布', en: 'Monthly report published' },
    to: { zh: '校领导', en: 'Leadership' },
    title: { zh: '{month} 后勤月报已发布', en: 'Logistics report for {month} published' },
    body: { zh: '{by} 已发布 {month} 的后勤月报，请查阅。', en: '{by} published the logistics report for {month}.' },
  },
];

/** The desk: the head sees last month's report until it is published; leaders see the latest published one. */
async function alerts(ctx: PluginContext): Promise<Alert[]> {
  const role = ctx.person.role;
  if (role !== 'head' && role !== 'leader') return [];
  const index = await readIndex(ctx.data);
  if (role === 'head') {
    const month = previousMonth(ctx.today.slice(0, 7));
    const safety = await readIndex(ctx.data, safetyBook);
    const out: Alert[] = [];
    if (index.reports.get(month)?.status !== 'published')
      out.push({ level: 'warn', text: summaryMessages['summary.alert.draft'], params: { month }, href: `/summary/${month}` });
    if (safety.reports.get(month)?.status !== 'published')
      out.push({ level: 'warn', text: summaryMessages['summary.safety.alert'], params: { month }, href: `/summary/safety/${month}` });
    return out;
  }
  const latest = [...index.reports.values()]
    .filter((r) => r.status === 'published')
    .map((r) => r.month)
    .sort()
    .at(-1);
  return latest
    ? [{ level: 'info', text: summaryMessages['summary.alert.published'], params: { month: latest }, href: `/summary/${latest}` }]
    : [];
}

export function createSummaryPlugin(plugins: () => readonly Plugin[]) {
  return definePlugin({
    id: 'summary',
    // The 安全月报 is reached from /summary and the desk's reminder, keeping the menu short.
    tabs: ['reports', 'safetyReports', 'calendar', ...SAFETY_TABS],
    nav: [{ path: '/summary', label: { ...glossary['term.summary'], en: 'Summary' }, roles: roles.desk }],
    routes: summaryRoutes(plugins),
    messages: summaryMessages,
    events: summaryEvents,
    alerts,
  });
}
