/** Worker entry: the portal app, the monthly Cron Trigger, and the Durable Objects it binds. */
import { createApp } from './app.js';
import type { Env } from './env.js';
import { plugins } from './plugins/index.js';
import { draftLastMonth } from './plugins/summary/cron.js';

export { SheetsGateway } from './core/sync/gateway.js';
export { AuthStore } from './core/auth/store.js';

const app = createApp();

export default {
  fetch: app.fetch,
  /** wrangler.toml `crons`: on the 1st, draft last month's report (src/plugins/summary/cron.ts). */
  scheduled(controller, env, ctx) {
    ctx.waitUntil(draftLastMonth(env, plugins, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
