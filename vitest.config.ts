import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

/**
 * Four layers, one command (`npm test`):
 * unit (pure Node), conformance (googleapis against the emulator),
 * worker (inside workerd against the emulator), e2e (Debian's Chromium).
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'conformance', include: ['test/conformance/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'tools', include: ['test/tools/**/*.test.ts'], environment: 'node' } },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            main: './src/index.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                SHEETS_API_BASE: inject('emulatorUrl'),
                GOOGLE_TOKEN_URL: `${inject('emulatorUrl')}/token`,
                GOOGLE_SERVICE_ACCOUNT: inject('serviceAccount'),
                SPREADSHEET_ID: inject('spreadsheetId'),
                SESSION_SECRET: 'test-secret-0123456789abcdef0123456789abcdef',
                READ_STALENESS_SECONDS: '30',
                // Notifications reach the local fakes at any hour, and retry after a second.
                NOTIFY_CHANNELS: inject('notifyChannels'),
                NOTIFY_QUIET_HOURS: '',
                NOTIFY_RETRY_SECONDS: '1',
                // A second school on this deployment, on its own emulator, for outage tests (test/worker/sync-outage.test.ts).
                // …and a district office on its own host (test/worker/district.test.ts).
                SCHOOLS: JSON.stringify({
                  'outage.portal.test': { spreadsheetId: inject('outageSpreadsheetId'), name: '停电测试学校' },
                  'district.portal.test': { spreadsheetId: inject('districtSpreadsheetId'), name: '测试区教育局', district: true },
                }),
                GOOGLE_SERVICE_ACCOUNTS: inject('serviceAccounts'),
              },
            },
          })),
        ],
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.ts'],
          // Guards against a hung request, not speed limits: CI machines run these at a fraction of a desk's speed.
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: ['test/worker/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
