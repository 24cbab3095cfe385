/**
 * Notifications, typed once: what a module declares (events), what it emits (notices), and
 * what travels on the queue (a notice to fan out, or one delivery to one person by one channel).
 */
import type { Locale } from '../../env.js';
import type { Text } from '../table/types.js';

/** An event a module can emit, declared once on its plugin (`events`), listed in the README and the 通知 tab. */
export interface NotifyEventDef {
  /** Stable key written in the 通知 tab's 事件 column, e.g. 'repairs.assigned'. */
  key: string;
  /** Its name in the 通知 tab (the zh label is accepted there too), e.g. 报修已派工. */
  label: Text;
  /** Who receives it, for the README and the setup guide, e.g. 维修人. */
  to: Text;
  /** The message, with {placeholders} filled from the notice's params (a param may itself be a Text). */
  title: Text;
  body: Text;
}

export type NoticeParam = string | number | Text;

/**
 * One occurrence of an event, as a module emits it. `id` makes it once-only: the same id
 * (a redelivered request, a cron run twice) is delivered once per person and channel.
 */
export interface Notice {
  event: string;
  id: string;
  /** Person IDs (P004), exact names from 人员 (loans and hazards name people), or `role:head`. */
  to: readonly string[];
  params?: Record<string, NoticeParam>;
  /** The portal page the message opens, e.g. '/repairs/R-…'. */
  href: string;
}

export type ChannelKind = 'wecom_robot' | 'dingtalk' | 'feishu' | 'wecom_app' | 'webhook';

/** One message to one person through one channel: the unit that is retried, rate-limited and logged. */
export interface Delivery {
  /** Idempotency key: notice id, person, rule. */
  key: string;
  event: string;
  channel: ChannelKind;
  /** The NOTIFY_CHANNELS entry the rule names. */
  target: string;
  person: { id: string; name: string; account: string; phone: string };
  locale: Locale;
  title: string;
  body: string;
  /** Signed deep link into the portal. */
  link: string;
  /** When the notice was emitted (ms), for the log. */
  at: number;
}

export type NotifyMessage =
  | { kind: 'notice'; school: string; origin: string; notice: Notice }
  | { kind: 'delivery'; school: string; delivery: Delivery };

/** A NOTIFY_CHANNELS entry: a robot's webhook address and signing secret, or a WeCom app's credentials. */
export interface ChannelConfig {
  url?: string;
  secret?: string;
  corpId?: string;
  corpSecret?: string;
  agentId?: number | string;
  /** WeCom API host (default https://qyapi.weixin.qq.com); the local fake in development. */
  apiBase?: string;
}

/**
 * Why a delivery went as it did, for the delivery log: a `notify.why.*` message key and its
 * params, stored as text (`why('noTarget', { target })`) and shown in the reader's language.
 */
export function why(key: string, params: Record<string, string | number> = {}): string {
  return `notify.why.${key}|${JSON.stringify(params)}`;
}

/** How a send went: `retry` false means retrying cannot help (bad config): logged, not retried. */
export type SendResult = { ok: true; detail?: string } | { ok: false; retry: boolean; reason: string };
