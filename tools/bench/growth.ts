/**
 * `npm run bench -- --growth` (`--quick`: fewer views): how page time and memory grow with
 * the school, from 500 assets / 5,000 history events to 20,000 / 200,000, with the real app in
 * workerd (tools/bench/assets-worker.ts) against the emulator, one fresh workerd per size.
 * Memory is the workerd process's resident memory (both isolates: the gateway's snapshots and
 * the Worker's tables) after the pages were served, over the same process just started; in
 * production each isolate has its own 128 MB. Writes RESULTS-growth.md beside this file.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSession, SESSION_COOKIE } from '../../src/core/auth/session.js';
import { startEmulator } from '../sheets-emulator/index.js';
import { bigRegister } from './assets.js';
import { pct, startWorker } from './run.js';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const SIZES = [
  { assets: 500, events: 5_000 },
  { assets: 2_000, events: 20_000 },
  { assets: 5_000, events: 50_000 },
  { assets: 10_000, events: 100_000 },
  { assets: 20_000, events: 200_000 },
];
const WARM = quick ? 5 : 20;
const COLD = quick ? 2 : 5;
const SECRET = 'bench-growth-session-secret-0123456789abcdef';
const log = (...a: unknown[]) => console.log('[bench:growth]', ...a);

/** Resident and peak memory (MB) of the workerd processes this process started. */
function workerdMemory(): { rssMb: number; peakMb: number } {
  const kids = execFileSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' }).split('\n').filter(Boolean);
  let rss = 0;
  let peak = 0;
  for (const pid of kids) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('workerd')) continue;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      rss += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      peak += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    } catch {
      // gone
    }
  }
  return { rssMb: rss, peakMb: peak };
}

interface Row {
  assets: number;
  events: number;
  cold: number[];
  list: number[];
  search: number[];
  detail: number[];
  rssMb: number;
  peakMb: number;
}

async function measureSize(size: { assets: number; events: number }): Promise<Row> {
  const { spreadsheet, detailTag, headId } = bigRegister(5000, size);
  const emu = await startEmulator({ port: 0, seed: 42 });
  const key = await emu.createServiceAccount('gateway@houqin-bench.iam.gserviceaccount.com');
  const id = emu.createSpreadsheet({ ...spreadsheet, owner: key.client_email }).spreadsheetId;
  const { mf } = await startWorker(emu, key, {
    entry: join(here, 'assets-worker.ts'),
    bindings: { SPREADSHEET_ID: id, SESSION_SECRET: SECRET, SCHOOL_NAME: '育才实验学校' },
    durableObjects: { AUTH: { className: 'AuthStore', useSQLite: true } },
  });
  const cookie = `${SESSION_COOKIE}=${await createSession(SECRET, headId, { sid: 'bench-growth' })}`;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await mf.dispatchFetch(`https://bench.test${path}`, { headers: { cookie, ...headers }, redirect: 'manual' });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return Number(res.headers.get('x-bench-ms'));
  };
  const pages = {
    list: ['/assets', {}],
    search: [`/assets?q=${encodeURIComponent('空调')}`, { 'HX-Request': 'true', 'HX-Target': '#asset-results' }],
    detail: [`/assets/${detailTag}`, {}],
  } as const;
  try {
    const base = workerdMemory();
    const row: Row = { ...size, cold: [], list: [], search: [], detail: [], rssMb: 0, peakMb: 0 };
    for (let i = 0; i < COLD; i++) {
      await mf.dispatchFetch('https://bench.test/__bench/restart', { method: 'POST' });
      row.cold.push(await get(pages.list[0]));
    }
    for (const [name, [path, headers]] of Object.entries(pages)) {
      await get(path, headers);
      for (let i = 0; i < WARM; i++) row[name as 'list'].push(await get(path, headers));
    }
    const after = workerdMemory();
    row.rssMb = after.rssMb - base.rssMb;
    row.peakMb = after.peakMb - base.rssMb;
    log(JSON.stringify({ ...size, coldMedian: pct(row.cold, 0.5), listP95: pct(row.list, 0.95), rssMb: row.rssMb, peakMb: row.peakMb }));
    return row;
  } finally {
    await mf.dispose();
    await emu.close();
  }
}

export async function main() {
  const rows: Row[] = [];
  for (const size of SIZES) rows.push(await measureSize(size));
  const f = (xs: number[]) => `${pct(xs, 0.5).toFixed(0)} / ${pct(xs, 0.95).toFixed(0)}`;
  const n = (x: number) => x.toLocaleString('en-US');
  // Memory per 10,000 events from the two largest sizes (the fixed part cancels out).
  const [a, b] = rows.slice(-2) as [Row, Row];
  const perEvents = (b.peakMb - a.peakMb) / ((b.events - a.events) / 10_000);
  const limitAt = b.events + ((128 - b.peakMb) / perEvents) * 10_000;
  const md = `# Growth benchmark

Generated by \`npm run bench -- --growth${quick ? ' --quick' : ''}\` (tools/bench/growth.ts): the asset register from a small school to a
very large one (the rest of the demo school as in \`npm start\`), the real app in workerd against the emulator, a
fresh workerd per size. Server ms = inside the Worker, median / p95; cold = the gateway restarted before the view
(${COLD} views), warm = snapshots cached (${WARM} views per page). Memory = the workerd process's resident memory after
the views, over the same process before them (MB): both isolates together, the gateway's snapshots (sheet rows and
parsed tables) and the Worker's tables; "peak" is its high-water mark. Absolute times: one shared 2-core machine.

| assets | history events | cold list | warm list | warm search | warm detail | memory | peak |
|---|---|---|---|---|---|---|---|
${rows.map((r) => `| ${n(r.assets)} | ${n(r.events)} | ${f(r.cold)} | ${f(r.list)} | ${f(r.search)} | ${f(r.detail)} | ${r.rssMb.toFixed(0)} | ${r.peakMb.toFixed(0)} |`).join('\n')}

Memory grows by about ${perEvents.toFixed(1)} MB per 10,000 history events (with their share of assets) between the two
largest sizes; at that rate the 128 MB of one isolate would be reached near ${n(Math.round(limitAt / 10_000) * 10_000)} events if
both isolates' share sat in one (each has its own 128 MB, so the real margin is wider).
`;
  writeFileSync(join(here, quick ? 'RESULTS-growth-quick.md' : 'RESULTS-growth.md'), md);
  console.log(md);
}
