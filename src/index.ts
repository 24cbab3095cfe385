/** Worker entry: the portal app, and the Durable Objects it binds. */
import { createApp } from './app.js';

export { SheetsGateway } from './core/sync/gateway.js';
export { AuthStore } from './core/auth/store.js';

const app = createApp();

export default app;
