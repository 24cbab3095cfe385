/**
 * 安全月报 pages (/summary/safety): the months, one month's report — a live draft the head of
 * logistics adds remarks to and publishes, or the frozen snapshot — like the monthly summary.
 * Publishing freezes it into the 安全月报 tab, which is what the district reads.
 */
import { Hono, type Context } from 'hono';
import { requireRole } from '../../core/auth/index.js';
import type { SchoolData } from '../../core/data/types.js';
import { t } from '../../core/i18n/index.js';
import { isMonth, parseNotable } from '../../core/summary/report.js';
import { assembleSafetyReport, SAFETY_TABS, safetyView, type SafetyReport } from '../../core/summary/safety.js';
import { localDate, localDateTime } from '../../core/time.js';
import { render } from '../../core/views/render.js';
import type { AppEnv } from '../../env.js';
import { brokenReason, frozenReport, publishReport, readIndex, safetyBook, saveNotable, type ReportIndex } from './store.js';
import { monthLabel, monthList } from './view.js';

type C = Context<AppEnv>;

const currentMonth = () => localDate().slice(0, 7);

function message(c: C, text: string, status: number) {
  return render(c, 'summary/message', { title: t(c.var.locale, 'summary.safety.title'), message: text }, { status });
}

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

  routes.get('/', requireRole('head', 'leader'), async (c) => {
    const locale = c.var.locale;
    const isHead = c.var.person!.role === 'head';
    const index = await readIndex(c.var.data, safetyBook);
    return render(c, 'summary/safety-index', { title: t(locale, 'summary.safety.title'), months: monthList(index.reports, isHead, currentMonth(), locale) });
  });

  routes.get('/:month', requireRole('head', 'leader'), async (c) => {
    const locale = c.var.locale;
    const month = c.req.param('month');
    if (!isMonth(month) || month > currentMonth()) return message(c, t(locale, 'summary.notFound'), 404);
    const isHead = c.var.person!.role === 'head';
    const index = await readIndex(c.var.data, safetyBook);
    if (!isHead && index.reports.get(month)?.status !== 'published') return message(c, t(locale, 'summary.unpublished', { month: monthLabel(month, locale) }), 404);
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
  async function draftMonth(c: C): Promise<{ month: string; index: ReportIndex } | Response> {
    const month = c.req.param('month') ?? '';
    if (!isMonth(month) || month > currentMonth()) return message(c, t(c.var.locale, 'summary.notFound'), 404);
    const index = await readIndex(c.var.data, safetyBook);
    if (index.reports.get(month)?.status === 'published') return message(c, t(c.var.locale, 'summary.alreadyPublished'), 409);
    return { month, index };
  }
  const actor = (c: C) => ({ id: c.var.person!.id, name: c.var.person!.name });
  const remarksOf = async (c: C) => {
    const body = await c.req.parseBody();
    return { notable: typeof body.notable === 'string' ? parseNotable(body.notable) : null, key: typeof body._key === 'string' && body._key ? body._key.slice(0, 60) : crypto.randomUUID() };
  };

  routes.post('/:month/remarks', requireRole('head'), async (c) => {
    const found = await draftMonth(c);
    if (found instanceof Response) return found;
    const { notable, key } = await remarksOf(c);
    await saveNotable(c.var.data, found.index, found.month, notable ?? [], actor(c), localDateTime(), key, safetyBook);
    return c.redirect(`/summary/safety/${found.month}?done=saved`, 303);
  });

  routes.post('/:month/publish', requireRole('head'), async (c) => {
    const found = await draftMonth(c);
    if (found instanceof Response) return found;
    const { notable } = await remarksOf(c);
    const loaded = await loadSafety(c.var.data, found.index, found.month);
    if (loaded.state === 'published' || loaded.state === 'broken') return message(c, t(c.var.locale, 'summary.alreadyPublished'), 409);
    // The remarks in the form are what the head last saw; publish exactly those.
    const report: SafetyReport = notable ? { ...loaded.report, notable } : loaded.report;
    await publishReport(c.var.data, found.index, report, actor(c), localDateTime(), safetyBook);
    return c.redirect(`/summary/safety/${found.month}?done=published`, 303);
  });

  return routes;
}
