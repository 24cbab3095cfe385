/** /notify: the delivery log the head of logistics reads, and the signed deep links messages carry. */
import { Hono } from 'hono';
import { notifyChannels } from '../../../sheets-schema/index.js';
import type { AppEnv } from '../../env.js';
import { publicRoute, requireRole } from '../auth/policy.js';
import type { Plugin } from '../plugin.js';
import { translate } from '../i18n/index.js';
import { localDateTime } from '../time.js';
import { render } from '../views/render.js';
import { readLink } from './link.js';
import { notifyMessages } from './messages.js';
import { allEvents, storeFor } from './outbox.js';
import type { Outcome } from './store.js';

const outcomes: readonly Outcome[] = ['sent', 'retry', 'failed', 'dead', 'deferred', 'duplicate'];
const channelLabel = (key: string) => notifyChannels.find((c) => c.key === key) ?? null;

/** A log line's reason in the reader's language; a platform's own words stay in the tooltip, its code is shown. */
function explain(detail: string, locale: 'zh-CN' | 'en'): { text: string; raw: string } {
  const m = /^(notify\.why\.\w+)\|(.*)$/s.exec(detail);
  if (!m) return { text: detail, raw: '' };
  let params: Record<string, string> = {};
  try {
    params = JSON.parse(m[2]!);
  } catch {}
  if (m[1] === 'notify.why.platform')
    return { text: translate(locale, m[1], { code: /\d{3,}/.exec(params.code ?? '')?.[0] ?? '—' }), raw: params.code ?? '' };
  return { text: translate(locale, m[1]!, params), raw: '' };
}

export function notifyRoutes(plugins: readonly Plugin[]) {
  const routes = new Hono<AppEnv>();

  routes.get('/', requireRole('head'), async (c) => {
    const events = allEvents(plugins);
    const [{ lines, counts }, { notifyRules }] = await Promise.all([
      storeFor(c.env, c.var.school.spreadsheetId).recent(200, Date.now() - 24 * 3600_000),
      c.var.data.read(['notifyRules']),
    ]);
    return render(c, 'notify/log', {
      title: c.var.locale === 'en' ? notifyMessages['notify.title'].en : notifyMessages['notify.title'].zh,
      counts: outcomes.map((key) => ({ key, label: notifyMessages[`notify.outcome.${key}`], count: counts[key] ?? 0 })),
      lines: lines.map((l) => ({
        ...l,
        time: localDateTime(l.at),
        eventLabel: events.find((e) => e.key === l.event)?.label ?? { zh: l.event, en: l.event },
        channelLabel: channelLabel(l.channel),
        outcomeLabel: notifyMessages[`notify.outcome.${l.outcome}`],
        why: explain(l.detail, c.var.locale),
      })),
      events: events.map((e) => ({
        ...e,
        routes: notifyRules.rows
          .filter((r) => r.values.active === true && [e.key, e.label.zh].includes(String(r.values.event ?? '').trim()))
          .map((r) => ({
            channel: channelLabel(String(r.values.channel)) ?? { zh: String(r.values.channel), en: String(r.values.channel) },
            target: r.values.target,
          })),
      })),
    });
  });

  /** A message's link: to its page when signed in, through sign-in (then the page) when not. */
  routes.get('/go/:token', publicRoute(), async (c) => {
    const link = await readLink(c.env.SESSION_SECRET, c.req.param('token'));
    if (!link)
      return render(
        c,
        'error',
        {
          title: c.var.locale === 'en' ? 'Link' : '链接',
          message: c.var.locale === 'en' ? notifyMessages['notify.badLink'].en : notifyMessages['notify.badLink'].zh,
        },
        { status: 400 },
      );
    if (c.var.person) return c.redirect(link.to, 302);
    return c.redirect(`/auth/signin?next=${encodeURIComponent(link.to)}`, 302);
  });

  return routes;
}

/** The head's desk line when deliveries failed in the last day. */
export async function failedDeliveries(c: { env: AppEnv['Bindings']; var: { school: { spreadsheetId: string } } }): Promise<number> {
  if (!c.env.NOTIFY_STORE) return 0;
  const { counts } = await storeFor(c.env, c.var.school.spreadsheetId).recent(0, Date.now() - 24 * 3600_000);
  return (counts.failed ?? 0) + (counts.dead ?? 0);
}
