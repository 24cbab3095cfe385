/**
 * The outbox on Cloudflare Queues. A request only enqueues a notice (`notify`, never failing the
 * request); the queue consumer in the same Worker fans each notice out into one delivery per
 * person and 通知 rule, and sends each delivery once: claimed in NotifyStore, rate-limited per
 * target, held through quiet hours, retried with backoff, and after the last retry handed to the
 * dead-letter queue, whose consumer writes it on the delivery log.
 */
import type { Context } from 'hono';
import type { AppEnv, Env, Locale } from '../../env.js';
import { schoolData } from '../data/school-data.js';
import type { Plugin } from '../plugin.js';
import type { TableRow } from '../table/types.js';
import { localDateTime } from '../time.js';
import { RATE_PER_MINUTE, sendDelivery } from './channels.js';
import { coreEvents } from './events.js';
import { signedLink } from './link.js';
import { renderNotice } from './render.js';
import type { LogLine } from './store.js';
import { why, type ChannelConfig, type ChannelKind, type Delivery, type Notice, type NotifyEventDef, type NotifyMessage } from './types.js';

/** The dead-letter queue's name (wrangler.toml). */
export const DEAD_LETTER_QUEUE = 'houqin-notify-dlq';

/**
 * Queue a notice from a request. Awaited so it is on the queue before the user is answered,
 * but a queue that is missing or failing is only logged: the user's work is already saved.
 * @example await notify(c, { event: 'repairs.assigned', id: `${key}:notify`, to: [worker.id], params: { id, room }, href: `/repairs/${id}` })
 */
export async function notify(c: Context<AppEnv>, notice: Notice): Promise<void> {
  await enqueueNotice(c.env, c.var.school.spreadsheetId, new URL(c.req.url).origin, notice);
}

/** Queue a notice outside a request (the daily run). */
export async function enqueueNotice(env: Env, school: string, origin: string, notice: Notice): Promise<void> {
  if (!env.NOTIFY_QUEUE || notice.to.length === 0) return;
  try {
    await env.NOTIFY_QUEUE.send({ kind: 'notice', school, origin, notice } satisfies NotifyMessage);
  } catch (error) {
    console.error(`notify: could not queue ${notice.event} ${notice.id}`, error);
  }
}

export const storeFor = (env: Pick<Env, 'NOTIFY_STORE'>, school: string) => env.NOTIFY_STORE.get(env.NOTIFY_STORE.idFromName(school));

/** NOTIFY_CHANNELS (a Worker secret): JSON of target name → channel config; unreadable JSON reads as none (and is logged per delivery). */
export function channelConfigs(env: Pick<Env, 'NOTIFY_CHANNELS'>): Record<string, ChannelConfig> {
  try {
    return env.NOTIFY_CHANNELS ? (JSON.parse(env.NOTIFY_CHANNELS) as Record<string, ChannelConfig>) : {};
  } catch {
    return {};
  }
}

export interface ConsumerDeps {
  plugins: readonly Plugin[];
  fetch?: typeof fetch;
  now?: () => number;
}

/** Every event the modules declare, plus the core's (the daily digest). */
export function allEvents(plugins: readonly Plugin[]): NotifyEventDef[] {
  return [...coreEvents, ...plugins.flatMap((p) => p.events ?? [])];
}

/** The queue handler: notices fan out, deliveries are sent; the dead-letter queue's messages are logged. */
export async function consumeNotifications(batch: MessageBatch<NotifyMessage>, env: Env, deps: ConsumerDeps): Promise<void> {
  const now = deps.now ?? Date.now;
  for (const msg of batch.messages) {
    const body = msg.body;
    try {
      if (batch.queue === DEAD_LETTER_QUEUE) {
        const store = storeFor(env, body.school);
        if (body.kind === 'delivery') await store.settle(line(body.delivery, 'dead', msg.attempts, why('dead'), now()));
        // A notice that could not even be fanned out (the sheet unreadable all along): said once, on the log.
        else
          await store.log({
            at: now(),
            key: body.notice.id,
            event: body.notice.event,
            person: body.notice.to.join(', '),
            channel: '',
            target: '',
            outcome: 'dead',
            attempt: msg.attempts,
            detail: why('dead'),
          });
        msg.ack();
      } else if (body.kind === 'notice') {
        await fanOut(env, body, deps);
        msg.ack();
      } else {
        const retryIn = await deliver(env, body.school, body.delivery, msg.attempts, deps);
        if (retryIn === null) msg.ack();
        else msg.retry({ delaySeconds: retryIn });
      }
    } catch (error) {
      console.error('notify: consumer error', error);
      msg.retry({ delaySeconds: backoff(env, msg.attempts) });
    }
  }
}

/** Exponential backoff from NOTIFY_RETRY_SECONDS (default 10 s), capped at an hour, with jitter. */
export function backoff(env: Pick<Env, 'NOTIFY_RETRY_SECONDS'>, attempts: number): number {
  const base = Number(env.NOTIFY_RETRY_SECONDS ?? 10);
  if (!(base > 0)) return 0;
  return Math.min(3600, Math.round(base * 2 ** Math.max(0, attempts - 1) * (0.75 + Math.random() * 0.5)));
}

function line(d: Delivery, outcome: LogLine['outcome'], attempt: number, detail: string, at: number): LogLine {
  return {
    at,
    key: d.key,
    event: d.event,
    person: `${d.person.name} (${d.person.id})`,
    channel: d.channel,
    target: d.target,
    outcome,
    attempt,
    detail,
  };
}

/** Seconds until quiet hours end ('21:30-06:30' school time, NOTIFY_QUIET_HOURS; empty = none), or 0 outside them. */
export function quietWait(quiet: string | undefined, now: number): number {
  const m = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec((quiet ?? '').trim());
  if (!m) return 0;
  const clock = localDateTime(now).slice(11, 19).split(':').map(Number);
  const sec = clock[0]! * 3600 + clock[1]! * 60 + clock[2]!;
  const from = Number(m[1]) * 3600 + Number(m[2]) * 60;
  const to = Number(m[3]) * 3600 + Number(m[4]) * 60;
  const inside = from <= to ? sec >= from && sec < to : sec >= from || sec < to;
  if (!inside) return 0;
  return (to - sec + 86400) % 86400 || 86400;
}

/** Send one delivery; null when done with it (sent, already sent, or failed for good), else seconds until the next try. */
export async function deliver(env: Env, school: string, d: Delivery, attempts: number, deps: ConsumerDeps): Promise<number | null> {
  const now = (deps.now ?? Date.now)();
  const store = storeFor(env, school);
  const quiet = quietWait(env.NOTIFY_QUIET_HOURS, now);
  if (quiet > 0) {
    await store.log(line(d, 'deferred', attempts, why('quiet', { hours: String(env.NOTIFY_QUIET_HOURS) }), now));
    // Queues delay at most 12 hours.
    return Math.min(quiet, 43_200);
  }
  const claim = await store.claim(d.key, now);
  if (claim.state === 'sent') {
    await store.log(line(d, 'duplicate', claim.attempt, why('duplicate'), now));
    return null;
  }
  if (claim.state === 'busy') return 30;
  if (!(await store.take(`${d.channel}:${d.target}`, RATE_PER_MINUTE[d.channel], now))) {
    await store.settle(line(d, 'deferred', claim.attempt, why('rate', { limit: RATE_PER_MINUTE[d.channel] }), now));
    return 60 - Math.floor((now / 1000) % 60) + 1;
  }
  const result = await sendDelivery(d, channelConfigs(env)[d.target], {
    fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
    now,
    token: { get: (n) => store.tokenGet(n, now), put: (n, t, ttl) => store.tokenPut(n, t, ttl, now), drop: (n) => store.tokenDrop(n) },
  });
  if (result.ok) {
    await store.settle(line(d, 'sent', claim.attempt, result.detail ?? '', now));
    return null;
  }
  // Our own reasons are already why-coded; a platform's answer is kept as its code and message.
  const reason = result.reason.startsWith('notify.why.') ? result.reason : why('platform', { code: result.reason });
  if (!result.retry) {
    await store.settle(line(d, 'failed', claim.attempt, reason, now));
    return null;
  }
  await store.settle(line(d, 'retry', claim.attempt, reason, now));
  return backoff(env, attempts);
}

/** Active people by ID, by exact name, and by role. */
function recipients(people: readonly TableRow[], to: readonly string[]): { found: TableRow[]; missing: string[] } {
  const active = people.filter((p) => p.values.active === true);
  const found = new Map<string, TableRow>();
  const missing: string[] = [];
  for (const who of to) {
    const matches = who.startsWith('role:')
      ? active.filter((p) => p.values.role === who.slice(5))
      : active
          .filter((p) => p.id === who)
          .concat(active.filter((p) => p.id !== who && String(p.values.name ?? '').trim() === who.trim()))
          .slice(0, 1);
    if (matches.length === 0 && !who.startsWith('role:')) missing.push(who);
    for (const p of matches) found.set(p.id, p);
  }
  return { found: [...found.values()], missing };
}

const matchesEvent = (cell: unknown, def: NotifyEventDef) => {
  const v = String(cell ?? '').trim();
  return v === def.key || v === def.label.zh || v.toLowerCase() === def.label.en.toLowerCase();
};

/** One delivery per (person, rule); enqueued together. A notice for an unknown event or person is a log line. */
async function fanOut(env: Env, msg: Extract<NotifyMessage, { kind: 'notice' }>, deps: ConsumerDeps): Promise<void> {
  const now = (deps.now ?? Date.now)();
  const { notice, school } = msg;
  const store = storeFor(env, school);
  const def = allEvents(deps.plugins).find((e) => e.key === notice.event);
  const note = (detail: string) =>
    store.log({
      at: now,
      key: notice.id,
      event: notice.event,
      person: notice.to.join(', '),
      channel: '',
      target: '',
      outcome: 'failed',
      attempt: 1,
      detail,
    });
  if (!def) return note(why('unknownEvent', { event: notice.event }));
  const { people, notifyRules } = await schoolData(env, school).read(['people', 'notifyRules']);
  const rules = notifyRules.rows.filter(
    (r) => r.values.active === true && matchesEvent(r.values.event, def) && r.values.channel && r.values.target,
  );
  if (rules.length === 0) return;
  const { found, missing } = recipients(people.rows, notice.to);
  if (missing.length) await note(why('noPerson', { names: missing.join(', ') }));
  const origin = env.PORTAL_URL || msg.origin;
  const deliveries: Delivery[] = [];
  for (const person of found) {
    const locale: Locale = person.values.language === 'en' ? 'en' : 'zh-CN';
    const { title, body } = renderNotice(def, notice.params, locale);
    const link = await signedLink(origin, env.SESSION_SECRET, notice.href, person.id);
    for (const rule of rules) {
      deliveries.push({
        key: `${notice.id}|${person.id}|${rule.id}`,
        event: notice.event,
        channel: String(rule.values.channel) as ChannelKind,
        target: String(rule.values.target).trim(),
        person: {
          id: person.id,
          name: String(person.values.name ?? ''),
          account: String(person.values.account ?? '').trim(),
          phone: String(person.values.phone ?? '').trim(),
        },
        locale,
        title,
        body,
        link,
        at: now,
      });
    }
  }
  for (let i = 0; i < deliveries.length; i += 100) {
    await env.NOTIFY_QUEUE.sendBatch(
      deliveries.slice(i, i + 100).map((delivery) => ({ body: { kind: 'delivery', school, delivery } satisfies NotifyMessage })),
    );
  }
}
