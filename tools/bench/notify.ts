/**
 * `npm run bench -- --notify`: 1,000 notifications through the real outbox — Miniflare's local
 * Queues, the real consumer, NotifyStore and the generic-webhook channel — to the platform fake
 * (tools/notify-fake) answering 30% of sends with HTTP 500. Every notice is also enqueued twice,
 * as an at-least-once producer may. Counts what arrived: lost (never delivered), duplicated
 * (delivered more than once), dead-lettered, and how long it took. Writes RESULTS-notify.md.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoSchool } from '../demo/school.js';
import { startNotifyFake } from '../notify-fake/index.js';
import { startEmulator } from '../sheets-emulator/index.js';
import { startWorker } from './run.js';

const here = dirname(fileURLToPath(import.meta.url));
const EVENTS = process.argv.includes('--quick') ? 200 : 1000;
const FAIL_RATE = 0.3;
const log = (...a: unknown[]) => console.log('[bench:notify]', ...a);

export async function main() {
  const emu = await startEmulator({ port: 0 });
  const key = await emu.createServiceAccount();
  const school = demoSchool();
  // One rule: the benchmark's event to the office webhook (its Idempotency-Key header identifies each delivery).
  const rules = school.sheets.find((s) => s.title === '通知')!;
  rules.rows = [rules.rows[0]!, ['N001', 'summary.published', '通用Webhook', 'office-webhook', true, '', '']];
  const { spreadsheetId } = emu.createSpreadsheet(school);
  const fake = await startNotifyFake();
  fake.faults.failRate = FAIL_RATE;
  const consumer = { maxBatchSize: 10, maxBatchTimeout: 1, maxRetries: 8, deadLetterQueue: 'houqin-notify-dlq' };
  const { mf } = await startWorker(emu, key, {
    entry: join(here, 'notify-worker.ts'),
    bindings: {
      SESSION_SECRET: 'bench-notify-session-secret-0123456789abcdef',
      NOTIFY_CHANNELS: fake.channelsSecret,
      NOTIFY_RETRY_SECONDS: '1',
      NOTIFY_QUIET_HOURS: '',
      PORTAL_URL: 'http://bench',
    },
    durableObjects: { AUTH: { className: 'AuthStore', useSQLite: true }, NOTIFY_STORE: { className: 'NotifyStore', useSQLite: true } },
    queues: {
      queueProducers: { NOTIFY_QUEUE: { queueName: 'houqin-notify' } },
      queueConsumers: { 'houqin-notify': consumer, 'houqin-notify-dlq': { maxBatchSize: 10, maxBatchTimeout: 1 } },
    },
  });
  const started = Date.now();
  for (let from = 0; from < EVENTS; from += 100) {
    const res = await mf.dispatchFetch(`http://bench/__bench/emit?sheet=${spreadsheetId}&n=${Math.min(100, EVENTS - from)}&from=${from}`, {
      method: 'POST',
    });
    if (!res.ok) throw new Error(`emit: ${res.status} ${await res.text()}`);
  }
  log(`queued ${EVENTS} notices twice each; ${FAIL_RATE * 100}% of sends fail`);
  const deadline = Date.now() + 15 * 60_000;
  let settled = 0;
  for (;;) {
    const { states } = (await (await mf.dispatchFetch(`http://bench/__bench/log?sheet=${spreadsheetId}`)).json()) as {
      states: Record<string, string>;
    };
    settled = Object.values(states).filter((s) => s === 'sent' || s === 'failed').length;
    if (settled >= EVENTS || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  // A little longer, so any late duplicate would have arrived too.
  await new Promise((r) => setTimeout(r, 5000));
  const seconds = (Date.now() - started) / 1000;
  const { counts } = (await (await mf.dispatchFetch(`http://bench/__bench/log?sheet=${spreadsheetId}`)).json()) as {
    counts: Record<string, number>;
  };
  const perKey = new Map<string, number>();
  for (const m of fake.messages) if (m.idempotencyKey) perKey.set(m.idempotencyKey, (perKey.get(m.idempotencyKey) ?? 0) + 1);
  const delivered = perKey.size;
  const duplicated = [...perKey.values()].filter((n) => n > 1).length;
  const lost = EVENTS - delivered;
  const failedSends = counts.retry ?? 0;
  await mf.dispose();
  await fake.close();
  await emu.close();

  const row = (k: string, v: string | number) => `| ${k} | ${v} |`;
  const md = [
    '# Notifications under fault injection (`npm run bench -- --notify`)',
    '',
    `${EVENTS} notices, each enqueued twice (an at-least-once producer), fanned out by the real consumer to the generic webhook`,
    `channel of the platform fake, which answered ${FAIL_RATE * 100}% of sends with HTTP 500. Miniflare local Queues (batch 10,`,
    'max_retries 8, dead-letter queue), NOTIFY_RETRY_SECONDS=1 (backoff 1 s, 2 s, 4 s …), webhook rate limit 600/min.',
    '',
    '| figure | value |',
    '|---|---|',
    row('events', EVENTS),
    row('delivered (distinct idempotency keys at the fake)', delivered),
    row('**lost**', lost),
    row('**duplicated** (a key received more than once)', duplicated),
    row('duplicate copies dropped by the once-only record', counts.duplicate ?? 0),
    row('sends that failed and were retried', failedSends),
    row('dead-lettered', counts.dead ?? 0),
    row('failed for good (configuration)', counts.failed ?? 0),
    row('time to settle, s', seconds.toFixed(1)),
    '',
    'The injected failures happen before the fake accepts a message (as a 5xx or a timeout would). A platform that',
    'accepts a message and then loses its answer would see it again on the retry: the webhook carries `Idempotency-Key`',
    'for that; the robots offer no such key, which is the one window left (README "Notifications").',
    '',
    `Run on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform}.`,
    '',
  ].join('\n');
  writeFileSync(join(here, 'RESULTS-notify.md'), md);
  console.log(md);
  if (lost || duplicated) process.exitCode = 1;
}
