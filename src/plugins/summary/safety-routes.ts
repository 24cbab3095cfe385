/**
 * 安全月报 pages (/summary/safety): the months, one month's report — a live draft the head of
 * logistics adds remarks to and publishes, or the frozen snapshot — like the monthly summary.
 * Publishing freezes it into the 安全月报 tab, which is what the district reads.
 */
import { Hono } from 'hono';
import {
  assembleSafetyReport,
  isMonth,
  localDate,
  localDateTime,
  parseNotable,
  readForm,
  render,
  requireRole,
  roles,
  SAFETY_TABS,
  safetyView,
  signedIn,
  t,
  writes,
  type AppEnv,
  type Ctx,
  type SafetyReport,
  type SchoolData,
} from '../../core/kit.js';
import { brokenReason, frozenReport, publishReport, readIndex, safetyBook, saveNotable, type ReportIndex } from './store.js';
import { currentMonth, messagePage, monthLabel, monthList } from './view.js';

const message = (c: Ctx, text: string, status: number) => messagePage(c, 'summary.safety.title', text, status);

/** The month's report: its frozen snapshot once published, else assembled now from the school's tabs. */
async function loadSafety(data: SchoolData, index: ReportIndex, month: string) {
  const frozen = await frozenReport<SafetyReport>(index, month, safetyBook);
  if (frozen) return frozen;
  const row = index.reports.get(month) ?? null;
  const tables = await data.read(SAFETY_TABS);
  const report = assembleSafetyReport({ tables, month, today: localDate(), now: localDateTime(), notable: row?.notable ?? [] });
  return { state: row ? ('draft' as const) : ('none' as const), row, report };
}

export function safetyRoutes() {
  const routes = new Hono<AppEnv>();

  routes.get('/', requireRole(...roles.desk), async (c) => {
    const locale = c.var.locale;
    const isHead = c.var.person!.role === 'head';
    const index = await readIndex(c.var.data, safetyBook);
    return render(c, 'summary/safety-index', {
      title: t(locale, 'summary.safety.title'),
      months: monthList(index.reports, isHead, currentMonth(), locale),
    });
  });

  routes.get('/:month', requireRole(...roles.desk), async (c) => {
    const locale = c.var.locale;
    const month = c.req.param('month');
    if (!isMonth(month) || month > currentMonth()) return message(c, t(locale, 'summary.notFound'), 404);
    const isHead = c.var.person!.role === 'head';
    const index = await readIndex(c.var.data, safetyBook);
    if (!isHead && index.reports.get(month)?.status !== 'published')
      return message(c, t(locale, 'summary.unpublished', { month: monthLabel(month, locale) }), 404);
    const loaded = await loadSafety(c.var.data, index, month);
    if (loaded.state === 'broken') return message(c, t(locale, 'summary.broken', { reason: t(locale, brokenReason(loaded.problem)) }), 500);
    return render(c, 'summary/safety', {
      title: t(locale, 'summary.safety.reportTitle', { month: monthLabel(month, locale) }),
      safetyTitle: t(locale, 'summary.safety.reportTitle', { month: monthLabel(month, locale) }),
      safetySchool: c.var.school.name,
      state: loaded.state,
      canPublish: isHead && loaded.state !== 'published',
      safety: safetyView(loaded.report, locale),
      notableText: loaded.report.notable.join('\n'),
      done: c.req.query('done') ?? null,
    });
  });

  /** Shared by both POSTs: a month up to now whose report is not frozen yet. */
  async function draftMonth(c: Ctx): Promise<{ month: string; index: ReportIndex } | Response> {
    const month = c.req.param('month') ?? '';
    if (!isMonth(month) || month > currentMonth()) return message(c, t(c.var.locale, 'summary.notFound'), 404);
    const index = await readIndex(c.var.data, safetyBook);
    if (index.reports.get(month)?.status === 'published') return message(c, t(c.var.locale, 'summary.alreadyPublished'), 409);
    return { month, index };
  }
  const remarksOf = async (c: Ctx, month: string) => {
    const form = await readForm(c);
    return { notable: form.has('notable') ? parseNotable(form.text('notable')) : null, key: form.key('safety.notable', month) };
  };

  routes.post('/:month/remarks', requireRole(...roles.head), async (c) => {
    const found = await draftMonth(c);
    if (found instanceof Response) return found;
    const { notable, key } = await remarksOf(c, found.month);
    await saveNotable(writes(c), found.index, found.month, notable ?? [], localDateTime(), key, safetyBook);
    return c.redirect(`/summary/safety/${found.month}?done=saved`, 303);
  });

  routes.post('/:month/publish', requireRole(...roles.head), async (c) => {
    const found = await draftMonth(c);
    if (found instanceof Response) return found;
    const { notable } = await remarksOf(c, found.month);
    const loaded = await loadSafety(c.var.data, found.index, found.month);
    if (loaded.state === 'published' || loaded.state === 'broken') return message(c, t(c.var.locale, 'summary.alreadyPublished'), 409);
    // The remarks in the form are what the head last saw; publish exactly those.
    const report: SafetyReport = notable ? { ...loaded.report, notable } : loaded.report;
    await publishReport(writes(c), found.index, report, signedIn(c).name, localDateTime(), safetyBook);
    return c.redirect(`/summary/safety/${found.month}?done=published`, 303);
  });

  return routes;
}
