/** Worker entry: the portal app, the Cron Triggers, the notification queue consumer, and the Durable Objects it binds. */
import { createApp } from './app.js';
import { runDaily, runTimed, watchSync } from './core/notify/daily.js';
import { consumeNotifications } from './core/notify/outbox.js';
import type { NotifyMessage } from './core/notify/types.js';
import type { Env } from './env.js';
import { plugins } from './plugins/index.js';
import { draftLastMonth, spreadsheetIds } from './plugins/summary/cron.js';

export { SheetsGateway } from './core/sync/gateway.js';
export { AuthStore } from './core/auth/store.js';
export { NotifyStore } from './core/notify/store.js';

const app = createApp();

export default {
  fetch: app.fetch,
  /**
   * wrangler.toml `crons`: on the 1st, draft last month's report (src/plugins/summary/cron.ts);
   * every 15 minutes, the daily digest and reminders (which act once, at their send time) and
   * the check for writes stuck on their way to the sheet.
   */
  scheduled(controller, env, ctx) {
    if (controller.cron === '0 1 1 * *') {
      ctx.waitUntil(draftLastMonth(env, plugins, controller.scheduledTime));
      return;
    }
    for (const school of spreadsheetIds(env)) {
      ctx.waitUntil(
        runDaily(env, plugins, school, controller.scheduledTime).catch((error) =>
          console.error(`notify: daily run failed for ${school}`, error),
        ),
      );
      ctx.waitUntil(
        watchSync(env, school, controller.scheduledTime).catch((error) => console.error(`notify: sync watch failed for ${school}`, error)),
      );
      ctx.waitUntil(
        runTimed(env, plugins, school, controller.scheduledTime).catch((error) =>
          console.error(`notify: timed checks failed for ${school}`, error),
        ),
      );
    }
  },
  /** Cloudflare Queues: the notification outbox and its dead-letter queue (src/core/notify/outbox.ts). */
  queue(batch, env) {
    return consumeNotifications(batch as MessageBatch<NotifyMessage>, env, { plugins });
  },
} satisfies ExportedHandler<Env>;
