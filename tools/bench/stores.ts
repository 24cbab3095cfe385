/**
 * `npm run bench -- --stores`: what one approval and one issue cost in Sheets calls, beside a
 * cleaning check-in (issue #16: "no more Sheets calls than a check-in"). Real portal (wrangler
 * dev + the emulator), Chromium phones; each action is taken with the pages already open (the
 * cache warm, as on a phone in use), then the emulator's request counters are read once the
 * gateway has flushed (`--verbose` lists the approval's calls). Writes RESULTS-stores.md and
 * results-stores.json. Figures, not assertions.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { signInLink } from '../../src/core/auth/grants.js';
import { launchChromium, phoneContext } from '../../test/e2e/browser.js';
import { demoRecords } from '../demo/school.js';
import { startPortal, type Portal } from '../start.js';

const here = dirname(fileURLToPath(import.meta.url));
const log = (...a: unknown[]) => console.log('[bench:stores]', ...a);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Counters {
  requests: number;
  reads: number;
  writes: number;
}

async function counters(portal: Portal): Promise<Counters> {
  const c = (await (await fetch(`${portal.emulatorUrl}/__emulator/counters`)).json()) as Counters;
  return { requests: c.requests, reads: c.reads, writes: c.writes };
}

/** Waits until the emulator has seen no request for `quietMs` (the gateway has flushed). */
async function quiet(portal: Portal, quietMs = 4000): Promise<void> {
  let last = -1;
  let since = Date.now();
  for (;;) {
    const now = (await counters(portal)).requests;
    if (now !== last) [last, since] = [now, Date.now()];
    if (Date.now() - since >= quietMs) return;
    await sleep(250);
  }
}

/** The Sheets calls one action causes, from the tap until the gateway is done. */
async function cost(portal: Portal, action: () => Promise<void>): Promise<Counters> {
  await quiet(portal);
  await fetch(`${portal.emulatorUrl}/__emulator/log/reset`, { method: 'POST' });
  await action();
  await quiet(portal);
  return counters(portal);
}

export async function main(): Promise<void> {
  const started = Date.now();
  const portal = await startPortal({ localDir: null });
  const browser = await launchChromium();
  const people = demoRecords().people!;
  const phoneOf = async (notes: string): Promise<Page> => {
    const person = people.find((p) => String(p.notes).startsWith(notes))!;
    const page = await (await phoneContext(browser)).newPage();
    await page.goto(await signInLink({ baseUrl: portal.portalUrl, secret: portal.sessionSecret, personId: String(person.id) }));
    return page;
  };
  try {
    const cleaner = await phoneOf('保洁员');
    const principal = await phoneOf('校长');
    const keeper = await phoneOf('保管员');
    const zone = String(demoRecords().zones!.find((z) => z.partyType === 'cleaner')!.id);

    await cleaner.goto(`${portal.portalUrl}/cleaning/c/${zone}`);
    const checkin = await cost(portal, async () => {
      await cleaner.locator('button.cl-done').tap();
      await cleaner.locator('#cl-saved').waitFor({ state: 'visible' });
    });
    log('check-in', checkin);

    // A request made on a phone (its row goes in tagged), then the principal approves it.
    const teacher = await phoneOf('教务主任');
    await teacher.goto(`${portal.portalUrl}/stores`);
    await teacher.locator('a', { hasText: '填写请购单' }).tap();
    await teacher.fill('#st-purpose', '期末考试试卷印刷用纸');
    await teacher.fill('#st-needed', new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10));
    await teacher.selectOption('select[name=item_1]', 'WP005');
    await teacher.fill('input[name=qty_1]', '220');
    const request = await cost(portal, async () => {
      await teacher.locator('button', { hasText: '提交请购' }).tap();
      await teacher.locator('main', { hasText: '已提交' }).waitFor();
    });
    log('request', request);
    const requestId = (await teacher.textContent('h1'))!.replace('请购单', '').trim();

    const verbose = process.argv.includes('--verbose');
    const approve = async (card: ReturnType<Page['locator']>) => {
      // The inbox opened with its tabs just read (a page open on a phone, cache warm): what the tap costs, not staleness.
      await sleep(31_000);
      await principal.goto(`${portal.portalUrl}/approvals`);
      const c = await cost(portal, async () => {
        await card.locator('button[value=approved]').tap();
        await principal.locator('[role=status]').waitFor({ state: 'visible' });
      });
      if (verbose) log(JSON.stringify(await (await fetch(`${portal.emulatorUrl}/__emulator/log`)).json()));
      return c;
    };
    const approval = await approve(principal.locator(`#ap-${requestId}`));
    log('approval', approval);
    // A request already in the sheet before (the demo's, or typed by staff): its row is tagged on its first update.
    const seededApproval = await approve(
      principal
        .locator('.approval-card')
        .filter({ has: principal.locator('form[action^="/approvals/stores/"]') })
        .first(),
    );
    log('approval of an older row', seededApproval);

    await keeper.goto(`${portal.portalUrl}/stores/issue`);
    await keeper.selectOption('#st-item-0', 'WP001');
    await keeper.fill('#st-qty-0', '1');
    await keeper.fill('#st-receiver', String(people.find((p) => p.role === 'teacher')!.name));
    const issue = await cost(portal, async () => {
      await keeper.locator('button[type=submit]').tap();
      await keeper.locator('[role=status]').waitFor({ state: 'visible' });
    });
    log('issue', issue);

    const results = { runSeconds: Math.round((Date.now() - started) / 1000), checkin, request, approval, seededApproval, issue };
    writeFileSync(join(here, 'results-stores.json'), `${JSON.stringify(results, null, 2)}\n`);
    const row = (name: string, c: Counters) => `| ${name} | ${c.requests} | ${c.reads} | ${c.writes} |`;
    writeFileSync(
      join(here, 'RESULTS-stores.md'),
      `# Stores: Sheets calls per action

Generated by \`npm run bench -- --stores\` (tools/bench/stores.ts) in ${results.runSeconds} s. Each action is one tap on a
phone whose page is already open (cache warm: the inbox is opened just after its tabs went stale, so it reads them
then), counted from the tap until the gateway has flushed (4 s without a request), by the emulator's own counters.
Before new rows were tagged at birth and sent in one batch (commit 85454f2): check-in 3, approval 10, issue 5; before
decisions and issues stopped reading Google at the tap and tags came with the fresh read (commit 396f422): approval 5,
issue 3.

| action | Sheets requests | reads | writes |
|---|---|---|---|
${row('cleaning check-in (完成)', checkin)}
${row('purchase request (提交请购)', request)}
${row('approval (同意 in the inbox) of that request', approval)}
${row('approval of a request already in the sheet (first update of an untagged row)', seededApproval)}
${row('issue (领用出库)', issue)}

Every flush is one fresh read of the tabs it touches and one spreadsheets.batchUpdate carrying every tab's new rows and
their 操作日志 rows (insertDimension + updateCells, and createDeveloperMetadata tagging each new row of a tab whose rows are
updated: src/core/sync/append-batch.ts). A flush with updates makes its fresh read a values:batchGetByDataFilter that also
brings the rows' tags (same request), and adds one values:batchUpdateByDataFilter (the write by tag, verified from its own
answer) — a row's first update also one tagging round when the row was not added through the portal (it has no tag yet).
Where an approval's calls go (\`--verbose\`): nothing at the tap (the decision is checked on the cached rows, the app's own
writes included, and queued with a guard: the request must still be waiting); then one flush: the fresh read with the
request row's tag (the guard checked on it), the write by tag, and one batchUpdate with the 审批记录 row and the audit rows.
Google has no write by row identity inside spreadsheets.batchUpdate (updateCells takes a grid position only), so the
by-tag update cannot join the atomic batch without going back to a row number read earlier: an approval, which must
update a row found at write time, is one request above a check-in, which only appends (see the sync README, "Cost"). An
issue is one flush of its slip and movement rows (1 read, 1 write): stock is checked at the tap on the cached book, which
holds every portal movement the moment it is saved.
`,
    );
  } finally {
    await browser.close();
    await portal.stop();
  }
}
