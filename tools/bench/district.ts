/**
 * `npm run bench -- --district`: a district of 45 schools on the real Worker (src/index.ts in
 * workerd) against the emulator with Google's quotas (60 reads and 60 writes a minute per
 * account, 300 per project) and latency switched on.
 *
 * 1. The district page cold (fresh gateways) and warm: time and Sheets calls.
 * 2. The month-end rush: all 45 heads of logistics publish their 安全月报 at the same moment,
 *    once with every school on one service account and once spread over five (one project),
 *    counting requests, 429s and the time until every report is in its sheet.
 *
 * Figures, not assertions: prints a table and writes RESULTS-district.md beside this file.
 * The machine is shared: compare call counts and ratios; times are context.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSession, csrfTokenFor, SESSION_COOKIE } from '../../src/core/auth/session.js';
import { localDate, previousMonth } from '../../src/core/time.js';
import { DEMO_AREAS, demoDistrict, demoSchoolName, demoSmallSchool, type DemoDistrictSchool } from '../demo/district.js';
import { startEmulator } from '../sheets-emulator/index.js';
import { pct, startWorker } from './run.js';

const here = dirname(fileURLToPath(import.meta.url));
const SCHOOLS = Number(process.env.BENCH_SCHOOLS ?? 45);
const ACCOUNTS = 5;
const WARM_RUNS = 10;
const SECRET = 'bench-district-session-secret-0123456789abcdef';
const LATENCY = { meanMs: 120, jitterMs: 60 };
const log = (...a: unknown[]) => console.log('[bench:district]', ...a);

type Emu = Awaited<ReturnType<typeof startEmulator>>;

export async function main() {
  const emu = await startEmulator({ port: 0 });
  const key = await emu.createServiceAccount('houqin-bench@houqin-local.iam.gserviceaccount.com');
  const accounts: Record<string, object> = {};
  for (let i = 1; i <= ACCOUNTS; i++)
    accounts[`group${i}`] = await emu.createServiceAccount(`houqin-group${i}@houqin-local.iam.gserviceaccount.com`);

  const today = localDate();
  const month = previousMonth(today.slice(0, 7));
  const before = previousMonth(month);
  // Two districts of SCHOOLS each: "one" on the default account, "five" spread over five accounts.
  const hosts: Record<string, { spreadsheetId: string; name: string; district?: boolean; serviceAccount?: string }> = {};
  const sets: Record<'one' | 'five', { district: string; schools: Array<DemoDistrictSchool & { host: string }> }> = {
    one: { district: '', schools: [] },
    five: { district: '', schools: [] },
  };
  log(`seeding ${2 * SCHOOLS} small schools…`);
  for (const set of ['one', 'five'] as const) {
    for (let n = 0; n < SCHOOLS; n++) {
      // Every school published the month before; last month's 安全月报 is what the rush publishes.
      const spec = await demoSmallSchool({ n, today, published: [before] });
      const { spreadsheetId } = emu.createSpreadsheet({ ...spec, title: `${set} ${n}` });
      const host = `s${n}.${set}.bench`;
      const serviceAccount = set === 'five' ? `group${(n % ACCOUNTS) + 1}` : undefined;
      hosts[host] = { spreadsheetId, name: demoSchoolName(n), ...(serviceAccount ? { serviceAccount } : {}) };
      sets[set].schools.push({
        id: `S${n}`,
        name: demoSchoolName(n),
        spreadsheetId,
        host,
        area: DEMO_AREAS[n % DEMO_AREAS.length]!,
        boarding: true,
        contact: '',
        phone: '',
        ...(serviceAccount ? { serviceAccount } : {}),
      });
    }
    sets[set].district = emu.createSpreadsheet(demoDistrict(sets[set].schools)).spreadsheetId;
    hosts[`district.${set}.bench`] = { spreadsheetId: sets[set].district, name: `bench ${set}`, district: true };
  }

  const { mf } = await startWorker(emu, key, {
    entry: join(here, '../../src/index.ts'),
    bindings: { SESSION_SECRET: SECRET, SCHOOLS: JSON.stringify(hosts), GOOGLE_SERVICE_ACCOUNTS: JSON.stringify(accounts) },
    durableObjects: { AUTH: { className: 'AuthStore', useSQLite: true } },
  });
  emu.configure({ quotas: { enabled: true, windowMs: 60_000 }, latency: LATENCY });

  const signedIn = async (personId: string) => {
    const sid = `bench-${personId}-${Math.random().toString(36).slice(2)}`;
    return { cookie: `${SESSION_COOKIE}=${await createSession(SECRET, personId, { sid })}`, csrf: await csrfTokenFor(SECRET, sid) };
  };
  const get = async (host: string, path: string, who: { cookie: string }) => {
    const t0 = performance.now();
    const res = await mf.dispatchFetch(`https://${host}${path}`, { headers: { cookie: who.cookie }, redirect: 'manual' });
    const html = await res.text();
    return { ms: performance.now() - t0, status: res.status, html };
  };
  const since = () => emu.log().at(-1)?.id ?? 0;
  const requests = (from: number, ids?: Set<string>) => emu.log().filter((e) => e.id > from && (!ids || ids.has(e.spreadsheetId ?? '')));

  try {
    // ---- 1. the district page, cold and warm ----------------------------------------------
    const officer = await signedIn('D002');
    const schoolIds = new Set(sets.one.schools.map((s) => s.spreadsheetId));
    let mark = since();
    const cold = await get('district.one.bench', `/district?month=${before}`, officer);
    const coldCalls = requests(mark, schoolIds);
    const districtCalls = requests(mark, new Set([sets.one.district])).length;
    const publishedShown = (cold.html.match(/class="st-published"/g) ?? []).length;
    log(
      `cold: ${cold.status} ${cold.ms.toFixed(0)} ms, ${coldCalls.length} calls to ${SCHOOLS} schools (+${districtCalls} to the district's sheet), ${publishedShown} published rows`,
    );
    const warm: number[] = [];
    mark = since();
    for (let i = 0; i < WARM_RUNS; i++) warm.push((await get('district.one.bench', `/district?month=${before}`, officer)).ms);
    const warmCalls = requests(mark).length;
    log(`warm: median ${pct(warm, 0.5).toFixed(0)} ms, ${warmCalls} calls in ${WARM_RUNS} loads`);

    // ---- 2. the month-end rush ----------------------------------------------------------------
    // The second district's gateways start as warm as the first's (objects up, tokens fetched).
    await get('district.five.bench', `/district?month=${before}`, officer);
    const rush = async (set: 'one' | 'five') => {
      emu.resetQuotas();
      const ids = new Set(sets[set].schools.map((s) => s.spreadsheetId));
      const from = since();
      const heads = await Promise.all(sets[set].schools.map(() => signedIn('P001')));
      const t0 = performance.now();
      const answers = await Promise.all(
        sets[set].schools.map(async (s, i) => {
          const res = await mf.dispatchFetch(`https://${s.host}/summary/safety/${month}/publish`, {
            method: 'POST',
            headers: { cookie: heads[i]!.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: `https://${s.host}` },
            body: new URLSearchParams({ _csrf: heads[i]!.csrf, notable: '本月隐患均已落实整改责任人。' }).toString(),
            redirect: 'manual',
          });
          await res.text();
          return { status: res.status, ms: performance.now() - t0 };
        }),
      );
      const acknowledged = Math.max(...answers.map((a) => a.ms));
      // Landed = the report row reads 已发布 in the school's sheet (the emulator's own view: no quota, not logged).
      const landedAt = new Map<string, number>();
      const deadline = Date.now() + 10 * 60_000;
      while (landedAt.size < ids.size && Date.now() < deadline) {
        for (const s of sets[set].schools)
          if (!landedAt.has(s.spreadsheetId) && published(emu, s.spreadsheetId, month))
            landedAt.set(s.spreadsheetId, performance.now() - t0);
        await new Promise((r) => setTimeout(r, 500));
      }
      const reqs = requests(from, ids);
      const byMinute = new Map<number, { read: number; write: number }>();
      const start = Date.parse(reqs[0]?.time ?? new Date().toISOString());
      for (const r of reqs.filter((x) => x.status !== 429)) {
        const m = Math.floor((Date.parse(r.time) - start) / 60_000);
        const slot = byMinute.get(m) ?? { read: 0, write: 0 };
        slot[r.access]++;
        byMinute.set(m, slot);
      }
      const kinds: Record<string, number> = {};
      for (const r of reqs) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
      const out = {
        set,
        statuses: [...new Set(answers.map((a) => a.status))].join(','),
        acknowledged,
        landed: landedAt.size,
        allLandedMs: landedAt.size === ids.size ? Math.max(...landedAt.values()) : null,
        medianLandedMs: pct([...landedAt.values()], 0.5),
        requests: reqs.length,
        ok: reqs.filter((r) => r.status < 400).length,
        quota429: reqs.filter((r) => r.status === 429).length,
        reads: reqs.filter((r) => r.access === 'read' && r.status !== 429).length,
        writes: reqs.filter((r) => r.access === 'write' && r.status !== 429).length,
        peak: [...byMinute.values()].reduce((a, b) => ({ read: Math.max(a.read, b.read), write: Math.max(a.write, b.write) }), {
          read: 0,
          write: 0,
        }),
        kinds,
      };
      log(`rush (${set}):`, JSON.stringify(out));
      return out;
    };
    const one = await rush('one');
    // Let the first rush's minute pass, so the second starts with the project's quota unspent.
    await new Promise((r) => setTimeout(r, 5000));
    const five = await rush('five');

    // ---- 3. the district page right after the rush: the new reports show, still one call per school at most ----
    mark = since();
    const after = await get('district.one.bench', `/district?month=${month}`, officer);
    const afterCalls = requests(mark, schoolIds).length;
    const afterPublished = (after.html.match(/class="st-published"/g) ?? []).length;
    log(`after the rush: ${afterPublished} published shown, ${afterCalls} calls`);

    const secs = (ms: number | null) => (ms === null ? 'not all within 10 min' : `${(ms / 1000).toFixed(1)} s`);
    const rushRow = (r: typeof one, label: string) =>
      `| ${label} | ${r.statuses} | ${secs(r.acknowledged)} | ${r.landed}/${SCHOOLS} | ${secs(r.medianLandedMs)} | ${secs(r.allLandedMs)} | ${r.reads} | ${r.writes} | ${r.quota429} | ${r.peak.read} / ${r.peak.write} |`;
    const md = `# District benchmark (45 schools)

\`npm run bench -- --district\`: the real Worker (src/index.ts in workerd via Miniflare) serving ${SCHOOLS} small schools and
their district office, against the Sheets emulator with Google's quotas on (60 reads and 60 writes per minute per
account, 300 each per project, fixed one-minute windows) and ${LATENCY.meanMs} ± ${LATENCY.jitterMs} ms latency per request. Each
school's spreadsheet holds three months of hazards, patrols, drills, fire-equipment checks and incidents and its
published ${before} reports (tools/demo/district.ts). Measured ${new Date().toISOString().slice(0, 10)} on a shared, loaded
2-core machine: **compare calls and ratios; times are context only.**

## The district page

| | time | Sheets calls to the ${SCHOOLS} schools | other calls |
|---|---|---|---|
| cold (no gateway has read anything) | ${cold.ms.toFixed(0)} ms | **${coldCalls.length}** (${coldCalls.filter((c) => c.kind === 'values.batchGet').length} values.batchGet, ${coldCalls.filter((c) => c.status === 429).length} answered 429) | ${districtCalls} to the district's own sheet (学校 + 人员) |
| warm, ${WARM_RUNS} loads | median ${pct(warm, 0.5).toFixed(0)} ms, p95 ${pct(warm, 0.95).toFixed(0)} ms | **${warmCalls}** in all ${WARM_RUNS} loads | — |
| right after the rush below | ${after.ms.toFixed(0)} ms | ${afterCalls} | ${afterPublished} of ${SCHOOLS} shown as published |

Cold, the page reads every school in parallel through that school's own gateway: one \`values:batchGet\` of its
月报 and 安全月报 tabs each, nothing else (the ${SCHOOLS} reads go out together; each gateway's read bucket is its own).
Warm, every school's published tabs are served from its gateway's snapshot (\`maxAgeMs\`: 10 minutes for published
tabs, which change only by publishing). A school's publishing goes through the same gateway, which drops its copy of
the tab it wrote, so the next district page reads that school once more and shows the new report at once (last row:
one read per school that published). A district page therefore costs at most ${SCHOOLS} reads per 10 minutes, plus one per
school that publishes, however many people open it.

## The month-end rush: ${SCHOOLS} schools publish their 安全月报 at the same moment

| accounts | HTTP answers | all acknowledged | landed | median landed | all landed | reads sent | writes sent | 429 answers | accepted reads / writes in the busiest minute from the start |
|---|---|---|---|---|---|---|---|---|---|
${rushRow(one, 'one service account')}
${rushRow(five, `${ACCOUNTS} service accounts, one project`)}

Requests by kind, one account: ${Object.entries(one.kinds)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}.
Requests by kind, five accounts: ${Object.entries(five.kinds)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}.

Each publish is acknowledged once durably queued in the school's gateway (the head sees "published" at once); the gateway
then writes the snapshot's pieces and the report row in one flush, paced by its own budget and retried with backoff on
429 — nothing is lost and nothing is written twice (${one.landed}/${SCHOOLS} and ${five.landed}/${SCHOOLS} landed, one report row each).
${describeRush(one, 'One account', SCHOOLS)}
${describeRush(five, `${ACCOUNTS} accounts in one project`, SCHOOLS)}
`;
    writeFileSync(join(here, 'RESULTS-district.md'), md);
    console.log(md);
  } finally {
    await mf.dispose();
    await emu.close();
  }
}

function describeRush(
  r: { quota429: number; reads: number; writes: number; peak: { read: number; write: number }; allLandedMs: number | null },
  label: string,
  schools: number,
): string {
  const perSchool = ((r.reads + r.writes) / schools).toFixed(1);
  const limit =
    r.quota429 > 0
      ? `Google answered **${r.quota429} requests with 429** (over a quota) and the gateways backed off and retried`
      : 'no request met a 429';
  return `**${label}**: ${perSchool} requests per school (${r.reads} reads, ${r.writes} writes); ${limit}; every report was in its sheet after ${r.allLandedMs === null ? 'more than 10 minutes' : `${(r.allLandedMs / 1000).toFixed(1)} s`}.`;
}

/** Whether the school's 安全月报 row for `month` reads 已发布 in the emulator. */
function published(emu: Emu, spreadsheetId: string, month: string): boolean {
  const { values } = emu.sheetValues(spreadsheetId, '安全月报') as { values: unknown[][] };
  const header = (values[0] ?? []) as string[];
  const row = values.find((r) => r[0] === `SR-${month}`);
  return !!row && row[header.indexOf('状态')] === '已发布';
}
