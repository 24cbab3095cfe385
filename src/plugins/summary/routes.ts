/**
 * The monthly summary's pages: the list of months and terms, a month's report (a live
 * draft the head of logistics edits and publishes, or the frozen snapshot), the share
 * link leadership opens without signing in, and the term summary.
 */
import { Hono } from 'hono';
import {
  assembleTerm,
  isMissing,
  isMonth,
  localDateTime,
  notify,
  parseNotable,
  publicRoute,
  readForm,
  render,
  requireRole,
  roles,
  schoolCalendar,
  signedIn,
  t,
  termMonths,
  writes,
  type AppEnv,
  type Ctx,
  type MonthlyReport,
  type Plugin,
  type TermMonth,
} from '../../core/kit.js';
import { readShareToken, shareToken } from './share.js';
import { brokenReason, loadReport, publishReport, readIndex, saveNotable, setLink, type ReportIndex } from './store.js';
import { currentMonth, messagePage, monthLabel, monthList, reportView, termView } from './view.js';
import { safetyRoutes } from './safety-routes.js';

const message = (c: Ctx, text: string, status: number) => messagePage(c, 'summary.title', text, status);

async function shareUrl(c: Ctx, month: string, version: number): Promise<string> {
  const token = await shareToken(c.env.SESSION_SECRET, { s: c.var.school.spreadsheetId, m: month, v: version });
  return `${new URL(c.req.url).origin}/summary/shared/${token}`;
}

/** The summary's routes; `plugins` is read per request so every module's section is included. */
export function summaryRoutes(plugins: () => readonly Plugin[]) {
  const routes = new Hono<AppEnv>();
  // Before '/:month', which would take 'safety' for a month.
  routes.route('/safety', safetyRoutes());

  routes.get('/', requireRole(...roles.desk), async (c) => {
    const locale = c.var.locale;
    const isHead = c.var.person!.role === 'head';
    const [index, { calendar }] = await Promise.all([readIndex(c.var.data), c.var.data.read(['calendar'])]);
    const list = monthList(index.reports, isHead, currentMonth(), locale);
    const terms = schoolCalendar(isMissing(calendar) ? undefined : calendar)
      .terms.slice()
      .reverse();
    return render(c, 'summary/index', { title: t(locale, 'summary.index'), months: list, terms });
  });

  routes.get('/term/:id', requireRole(...roles.desk), async (c) => {
    const locale = c.var.locale;
    const { calendar } = await c.var.data.read(['calendar']);
    const term = schoolCalendar(isMissing(calendar) ? undefined : calendar).terms.find((x) => x.id === c.req.param('id'));
    if (!term) return message(c, t(locale, 'summary.term.unknown'), 404);
    const index = await readIndex(c.var.data);
    const now = currentMonth();
    const nowTime = localDateTime();
    const months: TermMonth[] = [];
    // One month after another: each reads the same cached tabs, and the gateway is one object anyway.
    for (const month of termMonths(term)) {
      if (month > now) {
        months.push({ month, report: null, published: false });
        continue;
      }
      const loaded = await loadReport({ data: c.var.data, plugins: plugins(), month, now: nowTime, index, locale: c.var.locale });
      months.push({ month, report: loaded.state === 'broken' ? null : loaded.report, published: loaded.state === 'published' });
    }
    const view = termView(assembleTerm(term, months), locale);
    return render(c, 'summary/term', { title: t(locale, 'summary.term.title', { term: term.name }), ...view });
  });

  routes.get('/shared/:token', publicRoute(), async (c) => {
    const locale = c.var.locale;
    c.header('Cache-Control', 'private, no-store');
    c.header('X-Robots-Tag', 'noindex, nofollow');
    c.header('Referrer-Policy', 'no-referrer'); // the link is the key: never sent on to another site
    const claims = await readShareToken(c.env.SESSION_SECRET, c.req.param('token'));
    const bad = () => message(c, t(locale, 'summary.badLink'), 404);
    if (!claims || claims.s !== c.var.school.spreadsheetId) return bad();
    const index = await readIndex(c.var.data);
    const row = index.reports.get(claims.m);
    if (!row || row.status !== 'published' || row.linkOff || row.linkVersion !== claims.v) return bad();
    const loaded = await loadReport({
      data: c.var.data,
      plugins: plugins(),
      month: claims.m,
      now: localDateTime(),
      index,
      locale: c.var.locale,
    });
    if (loaded.state !== 'published') return bad();
    return render(c, 'summary/shared', {
      shared: true,
      title: t(locale, 'summary.reportTitle', { month: monthLabel(claims.m, locale) }),
      report: reportView(loaded.report, locale),
    });
  });

  routes.get('/:month', requireRole(...roles.desk), async (c) => {
    const locale = c.var.locale;
    const month = c.req.param('month');
    if (!isMonth(month)) return message(c, t(locale, 'summary.notFound'), 404);
    const isHead = c.var.person!.role === 'head';
    const index = await readIndex(c.var.data);
    if (!isHead && index.reports.get(month)?.status !== 'published')
      return message(c, t(locale, 'summary.unpublished', { month: monthLabel(month, locale) }), 404);
    const loaded = await loadReport({ data: c.var.data, plugins: plugins(), month, now: localDateTime(), index, locale: c.var.locale });
    const title = t(locale, 'summary.reportTitle', { month: monthLabel(month, locale) });
    if (loaded.state === 'broken') return message(c, t(locale, 'summary.broken', { reason: t(locale, brokenReason(loaded.problem)) }), 500);
    const row = loaded.row;
    const share = isHead && loaded.state === 'published' && row && !row.linkOff ? await shareUrl(c, month, row.linkVersion) : null;
    return render(c, 'summary/report', {
      title,
      state: loaded.state,
      isHead,
      canPublish: isHead && loaded.state !== 'published' && month <= currentMonth(),
      report: reportView(loaded.report, locale),
      notableText: loaded.report.notable.join('\n'),
      share,
      shareOff: loaded.state === 'published' && row?.linkOff,
      done: c.req.query('done') ?? null,
    });
  });

  /** Shared by the three POSTs: a valid month whose report is not yet frozen (or, for links, is). */
  async function target(c: Ctx): Promise<{ month: string; index: ReportIndex } | Response> {
    const month = c.req.param('month') ?? '';
    if (!isMonth(month)) return message(c, t(c.var.locale, 'summary.notFound'), 404);
    const index = await readIndex(c.var.data);
    if (index.reports.has(month)) return { month, index };
    // A new draft only for a month of the school's data: from the calendar's first term to now.
    const { calendar } = await c.var.data.read(['calendar']);
    const first = schoolCalendar(calendar).terms[0]?.start.slice(0, 7) ?? month;
    if (month < first || month > currentMonth()) {
      const locale = c.var.locale;
      return message(
        c,
        t(locale, 'summary.outOfRange', {
          month: monthLabel(month, locale),
          first: monthLabel(first < currentMonth() ? first : currentMonth(), locale),
        }),
        422,
      );
    }
    return { month, index };
  }

  routes.post('/:month/notable', requireRole(...roles.head), async (c) => {
    const found = await target(c);
    if (found instanceof Response) return found;
    const { month, index } = found;
    if (index.reports.get(month)?.status === 'published') return message(c, t(c.var.locale, 'summary.alreadyPublished'), 409);
    const form = await readForm(c);
    const notable = parseNotable(form.text('notable'));
    await saveNotable(writes(c), index, month, notable, localDateTime(), form.key('summary.notable', month));
    return c.redirect(`/summary/${month}?done=saved`, 303);
  });

  routes.post('/:month/publish', requireRole(...roles.head), async (c) => {
    const found = await target(c);
    if (found instanceof Response) return found;
    const { month, index } = found;
    if (index.reports.get(month)?.status === 'published') return message(c, t(c.var.locale, 'summary.alreadyPublished'), 409);
    if (month > currentMonth()) return message(c, t(c.var.locale, 'summary.future'), 422);
    const form = await readForm(c);
    const now = localDateTime();
    const loaded = await loadReport({ data: c.var.data, plugins: plugins(), month, now, index, locale: c.var.locale });
    if (loaded.state === 'published' || loaded.state === 'broken') return message(c, t(c.var.locale, 'summary.alreadyPublished'), 409);
    // The list in the form is what the head last saw; publish exactly that.
    const report: MonthlyReport = form.has('notable') ? { ...loaded.report, notable: parseNotable(form.text('notable')) } : loaded.report;
    const by = signedIn(c).name;
    await publishReport(writes(c), index, report, by, now);
    await notify(c, {
      event: 'summary.published',
      id: `summary.published:${month}`,
      to: ['role:leader'],
      params: { month, by },
      href: `/summary/${month}`,
    });
    return c.redirect(`/summary/${month}?done=published`, 303);
  });

  routes.post('/:month/link', requireRole(...roles.head), async (c) => {
    const found = await target(c);
    if (found instanceof Response) return found;
    const { month, index } = found;
    const row = index.reports.get(month);
    if (!row || row.status !== 'published')
      return message(c, t(c.var.locale, 'summary.unpublished', { month: monthLabel(month, c.var.locale) }), 404);
    const action = (await readForm(c)).text('action') === 'issue' ? 'issue' : 'revoke';
    await setLink(writes(c), row, action, localDateTime());
    return c.redirect(`/summary/${month}?done=${action === 'issue' ? 'linkIssued' : 'linkRevoked'}`, 303);
  });

  return routes;
}
