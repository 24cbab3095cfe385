/**
 * `npm run bench` (`-- --quick` for a small run): the sync engine against the local
 * emulator with Google-like quotas and ~150 ms latency, side by side with a baseline
 * written the usual way with `google-spreadsheet` 5.2.0. Writes RESULTS.md and
 * results.json beside this file. Not a test: figures, not assertions.
 *
 * The Worker side runs the real SheetsGateway in workerd through Miniflare, behind the
 * bench-only HTTP surface in worker.ts; the phones are fetches from this process.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { JWT } from 'google-auth-library';
import { GoogleSpreadsheet } from 'google-spreadsheet';
import { Miniflare } from 'miniflare';
import { rooms, checkins, audit } from '../../sheets-schema/index.js';
import { demoSchool, demoSpreadsheetFor } from '../demo/school.js';
import { startEmulator, type Emulator } from '../sheets-emulator/index.js';
import { checkFlush, findCol, randomStaffEdit, randomWindowEdit, rng, type AppUpdate, type ColumnSpec } from './interleave.js';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const SIZE = quick
  ? { phones: 12, perPhone: 10, burstMs: 12_000, pageViews: 20, pageSpanMs: 10_000, interleavings: 100 }
  : { phones: 60, perPhone: 10, burstMs: 60_000, pageViews: 30, pageSpanMs: 15_000, interleavings: 1000 };
const CHECKIN_TAB = checkins; // 保洁打卡, the cleaning module's append-only check-in log
const GOOGLE = 'https://sheets.googleapis.com';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * p))]! : NaN;
};
const log = (...a: unknown[]) => console.log('[bench]', ...a);

// ---- the Worker (Miniflare) ---------------------------------------------------------

/** Bundles a bench Worker entry (default: worker.ts) and runs it in workerd against the emulator. */
export async function startWorker(
  emu: Emulator,
  key: object,
  options: {
    entry?: string;
    bindings?: Record<string, string>;
    durableObjects?: Record<string, { className: string; useSQLite: boolean }>;
    queues?: { queueProducers?: Record<string, unknown>; queueConsumers?: Record<string, unknown> };
    /** Open workerd's V8 inspector on this port (tools/bench/heap.ts measures the isolate's heap through it). */
    inspectorPort?: number;
  } = {},
) {
  const out = await build({
    entryPoints: [options.entry ?? join(here, 'worker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    external: ['cloudflare:*'],
    write: false,
    logLevel: 'error',
  });
  const mf = new Miniflare({
    modules: [{ type: 'ESModule', path: 'worker.js', contents: out.outputFiles[0]!.text }],
    compatibilityDate: '2026-04-20',
    durableObjects: { GATEWAY: { className: 'SheetsGateway', useSQLite: true }, ...options.durableObjects },
    bindings: {
      SHEETS_API_BASE: emu.url,
      GOOGLE_TOKEN_URL: emu.tokenUrl,
      GOOGLE_SERVICE_ACCOUNT: JSON.stringify(key),
      READ_STALENESS_SECONDS: '30',
      SPREADSHEET_ID: '',
      SESSION_SECRET: 'bench',
      DEFAULT_LOCALE: 'zh-CN',
      ...options.bindings,
    },
    ...options.queues,
    ...(options.inspectorPort ? { inspectorPort: options.inspectorPort } : {}),
  } as ConstructorParameters<typeof Miniflare>[0]);
  await mf.ready;
  const call = async (sheet: string, op: string, body?: unknown) => {
    const res = await mf.dispatchFetch(`http://bench/${encodeURIComponent(sheet)}/${op}`, {
      method: body === undefined ? 'GET' : 'POST',
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    const json = (await res.json()) as any;
    if (!res.ok) throw new Error(`${op}: ${json.error ?? res.status}`);
    return json;
  };
  return { mf, call };
}

// ---- helpers ------------------------------------------------------------------------

export function callsFor(emu: Emulator, id: string, sinceId = 0) {
  const entries = emu.log().filter((e) => e.spreadsheetId === id && e.id > sinceId);
  return {
    total: entries.length,
    reads: entries.filter((e) => e.access === 'read').length,
    writes: entries.filter((e) => e.access === 'write').length,
    quota429: entries.filter((e) => e.status === 429 && !e.fault).length,
    injected: entries.filter((e) => e.fault).length,
    lastId: entries.at(-1)?.id ?? sinceId,
  };
}
export const lastLog = (emu: Emulator) => emu.log().at(-1)?.id ?? 0;

function idCounts(emu: Emulator, id: string, title: string, header: string, prefix: string) {
  const { values } = emu.sheetValues(id, title) as { values: unknown[][] };
  const c = (values[0] ?? []).indexOf(header);
  const counts = new Map<string, number>();
  for (const r of values.slice(1)) {
    const v = String(r[c] ?? '');
    if (v.startsWith(prefix)) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}

function exactlyOnce(emu: Emulator, id: string, prefix: string, expected: number) {
  const rows = idCounts(emu, id, CHECKIN_TAB.zh, '编号', prefix);
  const auditRows = idCounts(emu, id, audit.zh, '行编号', prefix);
  const dup = [...rows.values()].filter((n) => n > 1).length;
  return {
    expected,
    stored: rows.size,
    lost: expected - rows.size,
    duplicated: dup,
    auditRows: auditRows.size,
    auditDuplicated: [...auditRows.values()].filter((n) => n > 1).length,
  };
}

const checkin = (prefix: string, phone: number, i: number) => ({
  id: `${prefix}${phone}-${i}`,
  time: '2026-11-20T08:05:00',
  zone: `Z${String((phone % 49) + 1).padStart(3, '0')}`,
  zoneName: `责任区 ${(phone % 49) + 1}`,
  kind: 'routine',
  person: `学生${phone}`,
  personId: `P-${phone}`,
});

/** Phones: each sends its check-ins spread evenly over the burst window. */
async function burst(prefix: string, send: (phone: number, i: number) => Promise<void>) {
  const acks: number[] = [];
  const errors: string[] = [];
  const gap = SIZE.burstMs / SIZE.perPhone;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: SIZE.phones }, async (_, phone) => {
      await sleep(Math.random() * gap);
      for (let i = 0; i < SIZE.perPhone; i++) {
        const due = t0 + (phone / SIZE.phones) * gap + i * gap;
        if (due > Date.now()) await sleep(due - Date.now());
        const s = Date.now();
        try {
          await send(phone, i);
          acks.push(Date.now() - s);
        } catch (e) {
          errors.push(String((e as Error).message ?? e).slice(0, 120));
        }
      }
    }),
  );
  return { acks, errors, wallMs: Date.now() - t0 };
}

async function drain(call: (s: string, op: string, b?: unknown) => Promise<any>, id: string, maxMs = 300_000) {
  const t0 = Date.now();
  for (;;) {
    const s = await call(id, 'status');
    if (s.pending === 0) return { drainMs: Date.now() - t0, status: s };
    if (Date.now() - t0 > maxMs) return { drainMs: Date.now() - t0, status: s, timedOut: true };
    await sleep(250);
  }
}

// ---- baseline (google-spreadsheet, the usual way) ---------------------------------------

function baselineDoc(id: string, key: { client_email: string; private_key: string }, tokenUrl: string) {
  const jwt = new JWT({ email: key.client_email, key: key.private_key, scopes: ['https://www.googleapis.com/auth/spreadsheets'] });
  // google-auth-library 9 (gtoken 7) posts to www.googleapis.com/oauth2/v4/token through its gaxios instance.
  const gax = (jwt as unknown as { transporter: { instance: { interceptors: { request: { add(i: object): void } } } } }).transporter
    .instance;
  gax.interceptors.request.add({
    resolved: async (config: { url?: string | URL }) => {
      if (/^https:\/\/(www|oauth2)\.googleapis\.com\/(oauth2\/v4\/)?token$/.test(String(config.url))) config.url = tokenUrl;
      return config;
    },
  });
  return new GoogleSpreadsheet(id, jwt);
}

// ---- main ---------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const emu = await startEmulator({ port: 0, seed: 42, latency: { meanMs: 150, jitterMs: 60 }, quotas: { enabled: true } });
  // google-spreadsheet hard-codes Google's host and calls the global fetch (ky): send it here.
  const realFetch = globalThis.fetch;
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.startsWith(GOOGLE)) {
      // google-spreadsheet asks for `/v4/spreadsheets/ID/?…` (Google tolerates the trailing slash; the emulator does not).
      const to = emu.url + url.slice(GOOGLE.length).replace(/\/(\?|$)/, '$1');
      return realFetch(input instanceof Request ? new Request(to, input) : to, init);
    }
    return realFetch(input, init);
  }) as typeof fetch;

  const gwKey = await emu.createServiceAccount('gateway@houqin-bench.iam.gserviceaccount.com');
  const baseKey = await emu.createServiceAccount('baseline@houqin-bench.iam.gserviceaccount.com');
  const sheet = (title: string) => emu.createSpreadsheet({ ...demoSchool(), title }).spreadsheetId;
  const { mf, call } = await startWorker(emu, gwKey);
  const results: Record<string, unknown> = {
    quick,
    size: SIZE,
    emulator: { latency: '150 ± 60 ms', quotas: 'Google defaults: 60 reads + 60 writes per minute per user, 300 per project' },
  };

  try {
    // (a) page views
    log('(a) page views');
    const pvGw = sheet('bench pages gateway');
    let since = lastLog(emu);
    for (let i = 0; i < SIZE.pageViews; i++) {
      await call(pvGw, 'read', { keys: [CHECKIN_TAB.key, rooms.key] });
      await sleep(SIZE.pageSpanMs / SIZE.pageViews);
    }
    const gwPages = callsFor(emu, pvGw, since);
    emu.resetQuotas();
    const pvBase = sheet('bench pages baseline');
    const doc = baselineDoc(pvBase, baseKey, emu.tokenUrl);
    since = lastLog(emu);
    await doc.loadInfo();
    let failedViews = 0;
    for (let i = 0; i < SIZE.pageViews; i++) {
      try {
        await doc.sheetsByTitle[CHECKIN_TAB.zh]!.getRows();
        await doc.sheetsByTitle[rooms.zh]!.getRows();
      } catch {
        failedViews++; // a 429 past the read quota: that person saw an error page
      }
      await sleep(SIZE.pageSpanMs / SIZE.pageViews);
    }
    const basePages = callsFor(emu, pvBase, since);
    results.pageViews = {
      views: SIZE.pageViews,
      spanMs: SIZE.pageSpanMs,
      tabsPerView: 2,
      gateway: { calls: gwPages.total, perView: gwPages.total / SIZE.pageViews },
      baseline: {
        calls: basePages.total,
        perView: basePages.total / SIZE.pageViews,
        failedViews,
        note: 'doc.loadInfo() once, then getRows() per tab per view',
      },
    };
    emu.resetQuotas();

    // (b) burst
    log(`(b) burst: ${SIZE.phones * SIZE.perPhone} check-ins from ${SIZE.phones} phones in ${SIZE.burstMs / 1000} s`);
    const bGw = sheet('bench burst gateway');
    since = lastLog(emu);
    const gwBurst = await burst('BURST-', (phone, i) =>
      call(bGw, 'append', {
        tab: CHECKIN_TAB.key,
        values: checkin('BURST-', phone, i),
        meta: { idempotencyKey: `ck-${phone}-${i}`, actor: { id: `P-${phone}`, name: `phone ${phone}` }, action: 'cleaning.checkin' },
      }),
    );
    const gwDrain = await drain(call, bGw);
    const gwBurstCalls = callsFor(emu, bGw, since);
    const total = SIZE.phones * SIZE.perPhone;
    const gwB = {
      ...exactlyOnce(emu, bGw, 'BURST-', total),
      p50AckMs: pct(gwBurst.acks, 0.5),
      p95AckMs: pct(gwBurst.acks, 0.95),
      errorsShownToUsers: gwBurst.errors.length,
      burstWallMs: gwBurst.wallMs,
      drainAfterBurstMs: gwDrain.drainMs,
      calls: gwBurstCalls,
      callsPerCheckin: gwBurstCalls.total / total,
    };
    log('gateway', JSON.stringify(gwB));
    emu.resetQuotas();

    const bBase = sheet('bench burst baseline');
    since = lastLog(emu);
    const baseBurst = await burst('BURST-', async (phone, i) => {
      const d = baselineDoc(bBase, baseKey, emu.tokenUrl);
      await d.loadInfo();
      const s = d.sheetsByTitle[CHECKIN_TAB.zh]!;
      await s.loadHeaderRow();
      // Rows are keyed by header text in google-spreadsheet.
      const v = checkin('BURST-', phone, i);
      await s.addRow({
        编号: v.id,
        时间: v.time,
        责任区编号: v.zone,
        责任区: v.zoneName,
        类别: '日常保洁',
        打卡人: v.person,
        人员编号: v.personId,
      });
    });
    const baseCalls = callsFor(emu, bBase, since);
    const baseB = {
      ...exactlyOnce(emu, bBase, 'BURST-', total),
      p50AckMs: pct(baseBurst.acks, 0.5),
      p95AckMs: pct(baseBurst.acks, 0.95),
      errorsShownToUsers: baseBurst.errors.length,
      sampleError: baseBurst.errors[0] ?? null,
      burstWallMs: baseBurst.wallMs,
      calls: baseCalls,
      callsPerCheckin: baseCalls.total / total,
      callsPerStoredCheckin: baseCalls.total / Math.max(1, exactlyOnce(emu, bBase, 'BURST-', total).stored),
    };
    log('baseline', JSON.stringify(baseB));
    results.burst = { checkins: total, phones: SIZE.phones, gateway: gwB, baseline: baseB };
    emu.resetQuotas();

    // (c) faults + restart
    log('(c) the same burst with 30% of Sheets calls failing and one restart');
    const cGw = sheet('bench faults gateway');
    await call(cGw, 'configure', { requestTimeoutMs: 2500 });
    emu.configure({ faults: { rate: 0.3, kinds: ['429', '500', '503', 'timeout'], phase: 'after', timeoutMs: 4000, timeoutMode: 'drop' } });
    since = lastLog(emu);
    let restarted = false;
    const faultBurst = await burst('FT-', async (phone, i) => {
      if (!restarted && phone === 0 && i === Math.floor(SIZE.perPhone / 2)) {
        restarted = true;
        await call(cGw, 'restart', {});
      }
      await call(cGw, 'append', {
        tab: CHECKIN_TAB.key,
        values: checkin('FT-', phone, i),
        meta: { idempotencyKey: `ft-${phone}-${i}`, actor: { id: `P-${phone}`, name: `phone ${phone}` }, action: 'cleaning.checkin' },
      });
    });
    const faultDrain = await drain(call, cGw);
    emu.configure({ faults: { rate: 0 } });
    const faultCalls = callsFor(emu, cGw, since);
    const conflicts = await call(cGw, 'conflicts');
    results.faults = {
      checkins: total,
      restarted,
      ...exactlyOnce(emu, cGw, 'FT-', total),
      parked: conflicts.length,
      p95AckMs: pct(faultBurst.acks, 0.95),
      errorsShownToUsers: faultBurst.errors.length,
      drainAfterBurstMs: faultDrain.drainMs,
      calls: faultCalls,
    };
    log('faults', JSON.stringify(results.faults));
    emu.resetQuotas();

    // (d) interleavings, on a second emulator without latency (identity does not depend on speed)
    results.interleavings = await interleavings(call, gwKey);
  } finally {
    globalThis.fetch = realFetch;
    await mf.dispose();
    await emu.close();
  }
  results.runSeconds = Math.round((Date.now() - started) / 1000);
  writeFileSync(join(here, quick ? 'results-quick.json' : 'results.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(here, quick ? 'RESULTS-quick.md' : 'RESULTS.md'), report(results));
  log(`done in ${results.runSeconds} s`);
}

/**
 * (d) App updates and random staff edits on a second emulator without latency (identity
 * does not depend on speed); most flushes also meet a staff edit armed to land between the
 * flush's read and its by-tag write. Each flush is checked by checkFlush (interleave.ts).
 */
async function interleavings(call: (s: string, op: string, b?: unknown) => Promise<any>, gwKey: object) {
  log(`(d) ${SIZE.interleavings} interleavings`);
  const fast = await startEmulator({ port: 0, seed: 7 });
  fast.trustKey(gwKey);
  const dId = fast.createSpreadsheet({ ...demoSpreadsheetFor([rooms, audit]), title: 'bench interleavings' }).spreadsheetId;
  await call(dId, 'configure', {
    apiBase: fast.url,
    tokenUrl: fast.tokenUrl,
    flushDelayMs: 600_000,
    writesPerMinute: 1e6,
    writeBurst: 1e6,
    readsPerMinute: 1e6,
    readBurst: 1e6,
  });
  const sheetId = fast.snapshot(dId).sheets.find((s) => s.title === rooms.zh)!.sheetId;
  const ID: ColumnSpec = { key: 'id', headers: ['编号', '房间号', '场所编号', 'ID'] };
  const NAME: ColumnSpec = { key: 'name', headers: ['名称', '场所名称', '房间名称', 'Name'] };
  const RESP: ColumnSpec = { key: 'responsible', headers: ['责任人', 'Responsible'] };
  const RENAMES = [{ from: ['名称', '场所名称', '房间名称', '房间名字'], to: ['场所名称', '房间名称', '名称', '房间名字'] }];
  const grid = () => (fast.sheetValues(dId, rooms.zh) as { values: unknown[][] }).values;
  const r = rng(20261121);
  const tally = {
    interleavings: 0,
    updates: 0,
    staffEdits: 0,
    applied: 0,
    conflicts: 0,
    wrongRowWrites: 0,
    unexplained: 0,
    examples: [] as string[],
    editKinds: {} as Record<string, number>,
    windowEdits: 0,
    windowEditKinds: {} as Record<string, number>,
    appends: 0,
    appendsLanded: 0,
    appendsParked: 0,
    appendsWrong: 0,
  };
  // App appends (new rooms) on their own random stream, so the updates and edits keep theirs.
  const ra = rng(20261130);
  for (let i = 0; i < SIZE.interleavings; i++) {
    const updates: Array<AppUpdate & { writeId: string }> = [];
    const n = 1 + Math.floor(r() * 3);
    for (let j = 0; j < n; j++) {
      const g = grid();
      const ic = (g[0] ?? []).findIndex((h) => ID.headers.includes(String(h)));
      const ids = [
        ...new Set(
          g
            .slice(1)
            .map((row) => String(row[ic] ?? ''))
            .filter(Boolean),
        ),
      ].filter((x) => !updates.some((u) => u.id === x));
      if (ids.length === 0) break;
      const target = ids[Math.floor(r() * ids.length)]!;
      const column = r() < 0.6 ? NAME : RESP;
      const value = `V${i}-${j}`;
      const rc = await call(dId, 'update', {
        tab: 'rooms',
        id: target,
        changes: { [column.key]: value },
        meta: { idempotencyKey: `d-${i}-${j}`, actor: { id: 'P-1', name: 'bench' }, action: 'rooms.edit' },
      });
      updates.push({ id: target, column, value, state: 'queued', writeId: rc.writeId });
      if (r() < 0.8) {
        const edit = randomStaffEdit(r, grid(), sheetId, rooms.zh, ID, RENAMES);
        if (edit.requests || edit.data) {
          fast.edit(dId, { ...edit, valueInputOption: 'RAW' });
          tally.staffEdits++;
          const k = edit.label.split(/[ ,]/)[0]!;
          tally.editKinds[k] = (tally.editKinds[k] ?? 0) + 1;
        }
      }
    }
    // Some flushes also add a row (inserted under the table, tagged at birth; later rounds may update it).
    const newRoom = ra() < 0.3 ? { id: `RM-N${i}`, name: `新${i}`, writeId: '' } : null;
    if (newRoom)
      newRoom.writeId = (
        await call(dId, 'append', {
          tab: 'rooms',
          values: { id: newRoom.id, name: newRoom.name, type: '教室' },
          meta: { idempotencyKey: `d-new-${i}`, actor: { id: 'P-1', name: 'bench' }, action: 'rooms.add' },
        })
      ).writeId;
    // Most flushes also meet a staff edit between their read and their write (applied by the emulator just before the by-tag write).
    const windowEdit = r() < 0.6 ? randomWindowEdit(r, grid(), sheetId) : null;
    if (windowEdit?.requests)
      fast.armed.arm(dId, { kind: 'values.batchUpdateByDataFilter', sheet: rooms.zh, requests: windowEdit.requests });
    const beforeFlush = grid();
    await call(dId, 'flush', { ignoreBackoff: true });
    const after = grid();
    const fired = fast.armed.take(dId).fired;
    if (fired.length) {
      tally.windowEdits++;
      const k = windowEdit!.label.split(/[ ,]/)[0]!;
      tally.windowEditKinds[k] = (tally.windowEditKinds[k] ?? 0) + 1;
    }
    const before = (fired[0]?.values as unknown[][] | undefined) ?? beforeFlush;
    const parked = new Map<string, string>((await call(dId, 'conflicts')).map((c: any) => [c.writeId, c.state]));
    for (const u of updates) u.state = parked.get(u.writeId) ?? 'synced';
    const pending = (await call(dId, 'status')).pending;
    if (pending) for (const u of updates) if (!parked.has(u.writeId)) u.state = 'queued?';
    // The new row must be there once, its values under their headers; without it the sheet must be as checkFlush
    // expects (`before` may hold it already: a flush that tags an older row first lands its new rows in round one).
    let afterOld = after;
    let beforeOld = before;
    if (newRoom) {
      tally.appends++;
      const [ic] = findCol(after, ID);
      const [nc] = findCol(after, NAME);
      const mine = after.flatMap((row, r) => (r > 0 && ic !== undefined && String(row[ic] ?? '') === newRoom.id ? [r] : []));
      const state = parked.get(newRoom.writeId) ?? (pending ? 'queued?' : 'synced');
      const landed = mine.length === 1 && nc !== undefined && String(after[mine[0]!]![nc] ?? '') === newRoom.name;
      if (state === 'synced' && landed) tally.appendsLanded++;
      else if (state === 'conflict' && mine.length === 0) tally.appendsParked++;
      else {
        tally.appendsWrong++;
        if (tally.examples.length < 5)
          tally.examples.push(`#${i}: new row ${newRoom.id} ${state}, found on rows ${mine.join(', ') || 'none'}`);
      }
      afterOld = after.filter((_, r) => !mine.includes(r));
      const [bc] = findCol(before, ID);
      beforeOld = before.filter((row, r) => !(r > 0 && bc !== undefined && String(row[bc] ?? '') === newRoom.id));
    }
    const res = checkFlush(beforeOld, afterOld, updates, ID);
    tally.interleavings++;
    tally.updates += updates.length;
    tally.applied += res.applied;
    tally.conflicts += res.conflicts;
    tally.wrongRowWrites += res.wrongRowWrites.length;
    tally.unexplained += res.unexplained.length;
    if (tally.examples.length < 5) tally.examples.push(...[...res.wrongRowWrites, ...res.unexplained].map((x) => `#${i}: ${x}`));
    for (const [wid] of parked) await call(dId, 'discard', { writeId: wid });
  }
  await fast.close();
  log('interleavings', JSON.stringify(tally));
  return tally;
}

/** `--interleave`: rerun section (d) alone and put it into the last full run's RESULTS.md. */
async function interleaveOnly() {
  const started = Date.now();
  const emu = await startEmulator({ port: 0, seed: 42 });
  const gwKey = await emu.createServiceAccount('gateway@houqin-bench.iam.gserviceaccount.com');
  const { mf, call } = await startWorker(emu, gwKey);
  try {
    const d = { ...(await interleavings(call, gwKey)), runSeconds: Math.round((Date.now() - started) / 1000) };
    const last = JSON.parse(readFileSync(join(here, 'results.json'), 'utf8'));
    const results = { ...last, quick, interleavings: d };
    writeFileSync(join(here, quick ? 'results-quick.json' : 'results.json'), JSON.stringify(results, null, 2) + '\n');
    writeFileSync(join(here, quick ? 'RESULTS-quick.md' : 'RESULTS.md'), report(results));
    log(`(d) done in ${d.runSeconds} s`);
  } finally {
    await mf.dispose();
    await emu.close();
  }
}

function report(r: any): string {
  const pv = r.pageViews;
  const b = r.burst;
  const f = r.faults;
  const d = r.interleavings;
  const ratio = (x: number, y: number) => (y > 0 ? `${(x / y).toFixed(1)}×` : '∞');
  return `# Sync engine benchmark${r.quick ? ' (quick run)' : ''}

Generated by \`npm run bench${r.quick ? ' -- --quick' : ''}\` (tools/bench/run.ts) in ${r.runSeconds} s. Emulator: latency ${r.emulator.latency}, quotas ON (${r.emulator.quotas}).
Baseline: \`google-spreadsheet\` 5.2.0 written the usual way (load info, load header, addRow per check-in; getRows per page view).
Check-ins are appended to 保洁打卡, the cleaning module's append-only check-in log (the gateway reads it by its tail).
Absolute times are from one machine and a local emulator; the ratios are the point.

## (a) Sheets API calls
| | gateway | baseline | fewer |
|---|---|---|---|
| per page view (${pv.views} views of 2 tabs over ${pv.spanMs / 1000} s) | ${pv.gateway.perView.toFixed(2)} | ${pv.baseline.perView.toFixed(2)}${pv.baseline.failedViews ? ` (${pv.baseline.failedViews} views failed with 429)` : ''} | ${ratio(pv.baseline.perView, pv.gateway.perView)} |
| per check-in under burst | ${b.gateway.callsPerCheckin.toFixed(3)} | ${b.baseline.callsPerCheckin.toFixed(2)} | ${ratio(b.baseline.callsPerCheckin, b.gateway.callsPerCheckin)} |

## (b) Burst: ${b.checkins} check-ins from ${b.phones} phones
| | gateway | baseline |
|---|---|---|
| stored | ${b.gateway.stored} / ${b.checkins} | ${b.baseline.stored} / ${b.checkins} |
| not stored (lost, or refused with an error) | ${b.gateway.lost} | ${b.baseline.lost} |
| duplicated | ${b.gateway.duplicated} | ${b.baseline.duplicated} |
| errors shown to users | ${b.gateway.errorsShownToUsers} | ${b.baseline.errorsShownToUsers}${b.baseline.sampleError ? ` (e.g. \`${String(b.baseline.sampleError).replace(/\|/g, '/')}\`)` : ''} |
| 429s from Google (quota violations) | ${b.gateway.calls.quota429} | ${b.baseline.calls.quota429} |
| p50 / p95 time to acknowledgement | ${b.gateway.p50AckMs} / ${b.gateway.p95AckMs} ms | ${b.baseline.p50AckMs} / ${b.baseline.p95AckMs} ms |
| Sheets calls (reads + writes) | ${b.gateway.calls.total} (${b.gateway.calls.reads} + ${b.gateway.calls.writes}) | ${b.baseline.calls.total} (${b.baseline.calls.reads} + ${b.baseline.calls.writes}) |
| audit rows | ${b.gateway.auditRows} (dup ${b.gateway.auditDuplicated}) | — |
| burst wall time; gateway queue drained after | ${Math.round(b.gateway.burstWallMs / 1000)} s; ${Math.round(b.gateway.drainAfterBurstMs / 1000)} s | ${Math.round(b.baseline.burstWallMs / 1000)} s |

## (c) Faults: the same burst, 30% of Sheets calls failing (429/500/503/timeouts, applied-then-response-lost), one gateway restart
| stored | lost | duplicated | audit rows (dup) | parked | errors shown to users | p95 ack | Sheets calls (injected faults) | drained after burst |
|---|---|---|---|---|---|---|---|---|
| ${f.stored} / ${f.checkins} | ${f.lost} | ${f.duplicated} | ${f.auditRows} (${f.auditDuplicated}) | ${f.parked} | ${f.errorsShownToUsers} | ${f.p95AckMs} ms | ${f.calls.total} (${f.calls.injected}) | ${Math.round(f.drainAfterBurstMs / 1000)} s |

## (d) Staff edits interleaved with app updates
${d.interleavings} seeded interleavings, ${d.updates} app updates, ${d.staffEdits} staff edits (${Object.entries(d.editKinds)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}).
| applied | parked as conflicts (reason checked) | writes to a wrong row | unexplained |
|---|---|---|---|
| ${d.applied} | ${d.conflicts} | **${d.wrongRowWrites}** | ${d.unexplained} |
${
  d.appends !== undefined
    ? `\nApp appends in the same flushes (inserted under the table with their tag, in one atomic batchUpdate): ${d.appends}, landed once with every value under its header ${d.appendsLanded}, parked as conflicts and not in the sheet (e.g. staff had renamed 名称 away) ${d.appendsParked}, misplaced, doubled or unexplained **${d.appendsWrong}**; the sheet without them is checked as above (no staff cell overwritten).\n`
    : ''
}${
  d.windowEdits !== undefined
    ? `\nOf these flushes, ${d.windowEdits} met a staff edit landing between the flush's read and its write (${Object.entries(
        d.windowEditKinds,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(
          ', ',
        )}): the emulator applies it just before the gateway's values:batchUpdateByDataFilter.${d.runSeconds ? ' Section (d) last run alone (`npm run bench -- --interleave`) on a shared, loaded machine: counts, not times.' : ''}\n`
    : ''
}${d.examples.length ? `\nExamples:\n${d.examples.map((x: string) => `- ${x}`).join('\n')}\n` : ''}`;
}

// `npm run bench -- --assets`: the asset register at 5,000 items instead (tools/bench/assets.ts).
// `npm run bench -- --summary`: one monthly report from a year of data (tools/bench/summary.ts).
// `npm run bench -- --notify`: 1,000 notifications with 30% of sends failing (tools/bench/notify.ts).
// `npm run bench -- --checkin`: scan to saved on a phone in Chromium (tools/bench/checkin.ts).
// `npm run bench -- --registers`: the register engine's pages over a 20,000-row 来访登记 (tools/bench/registers.ts).
// `npm run bench -- --growth`: page time and memory from 500 to 20,000 assets (tools/bench/growth.ts).
// `npm run bench -- --interleave`: section (d) alone, written into RESULTS.md and results.json.
// `npm run bench -- --startup`: the Worker's size and first request in a fresh isolate (tools/bench/startup.ts).
// `npm run bench -- --district`: a district of 45 schools: its page cold and warm, and the month-end rush (tools/bench/district.ts).
// `npm run bench -- --emulator-batch [--compare <checkout>]`: one batchUpdate in the Sheets emulator on the demo school (tools/bench/emulator-batch.ts).
// Only when run as the command: the other benches import helpers from this file.
const runAsCommand = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
const which = () =>
  process.argv.includes('--assets')
    ? import('./assets.js').then((m) => m.main())
    : process.argv.includes('--summary')
      ? import('./summary.js').then((m) => m.main())
      : process.argv.includes('--checkin')
        ? import('./checkin.js').then((m) => m.main())
        : process.argv.includes('--stores')
          ? import('./stores.js').then((m) => m.main())
          : process.argv.includes('--notify')
            ? import('./notify.js').then((m) => m.main())
            : process.argv.includes('--registers')
              ? import('./registers.js').then((m) => m.main())
              : process.argv.includes('--growth')
                ? import('./growth.js').then((m) => m.main())
                : process.argv.includes('--startup')
                  ? import('./startup.js').then((m) => m.main())
                  : process.argv.includes('--district')
                    ? import('./district.js').then((m) => m.main())
                    : process.argv.includes('--emulator-batch')
                      ? import('./emulator-batch.js').then((m) => m.main())
                      : process.argv.includes('--interleave')
                        ? interleaveOnly()
                        : main();
if (runAsCommand) {
  which().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
