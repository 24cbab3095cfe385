/**
 * `npm run bench -- --growth` (`--quick`: fewer views): how page time and memory grow with
 * the school, from 500 assets / 5,000 history events to 20,000 / 200,000, with the real app in
 * workerd (tools/bench/assets-worker.ts) against the emulator, one fresh workerd per size.
 * Memory is the workerd process's resident memory (both isolates: the gateway's snapshots and
 * the Worker's tables) after the pages were served, over the same process just started; in
 * production each isolate has its own 128 MB, so the JS heap is also weighed through workerd's
 * inspector (heap.ts): all of it, then with the gateway restarted, then with the Worker's tables
 * dropped too, which splits it into what each of the two isolates would hold.
 * Writes RESULTS-growth.md beside this file.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bigRegister, startAssetsBench } from './assets.js';
import { freePort, heapProbe } from './heap.js';
import { pct } from './run.js';

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
const log = (...a: unknown[]) => console.log('[bench:growth]', ...a);

/** Resident and peak memory (MB) of the workerd processes this process started. */
function workerdMemory(): { rssMb: number; peakMb: number } {
  const kids = execFileSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
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
  deploy: number[];
  coldDetail: number[];
  list: number[];
  search: number[];
  detail: number[];
  rssMb: number;
  peakMb: number;
  /**
   * JS heap after a full GC, MB: after the register's pages (both sides); then, with every tab loaded, code and module
   * state alone, the Worker's tables and the gateway's snapshots.
   */
  heap: { pagesMb: number; baseMb: number; workerMb: number; gatewayMb: number };
  /** Pages of the memory phase that failed, and why. */
  failed: string[];
}

async function measureSize(size: { assets: number; events: number }): Promise<Row> {
  const register = bigRegister(5000, size);
  const { detailTag } = register;
  const inspectorPort = await freePort();
  const { emu, mf, cookie } = await startAssetsBench(register, 'bench-growth', { inspectorPort });
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
    const row: Row = {
      ...size,
      cold: [],
      deploy: [],
      coldDetail: [],
      list: [],
      search: [],
      detail: [],
      rssMb: 0,
      peakMb: 0,
      heap: { pagesMb: 0, baseMb: 0, workerMb: 0, gatewayMb: 0 },
      failed: [],
    };
    await get(pages.list[0]); // the gateway has read the tabs once (stored before a restart)
    for (const mode of ['cold', 'deploy'] as const) {
      for (let i = 0; i < COLD; i++) {
        await mf.dispatchFetch(`https://bench.test/__bench/restart${mode === 'deploy' ? '?deploy' : ''}`, { method: 'POST' });
        row[mode].push(await get(pages.list[0]));
      }
    }
    await get(pages.detail[0]);
    for (let i = 0; i < COLD; i++) {
      await mf.dispatchFetch('https://bench.test/__bench/restart', { method: 'POST' });
      row.coldDetail.push(await get(pages.detail[0]));
    }
    for (const [name, [path, headers]] of Object.entries(pages)) {
      await get(path, headers);
      for (let i = 0; i < WARM; i++) row[name as 'list'].push(await get(path, headers));
    }
    const after = workerdMemory();
    row.rssMb = after.rssMb - base.rssMb;
    row.peakMb = after.peakMb - base.rssMb;
    const heap = await heapProbe(inspectorPort);
    try {
      row.heap.pagesMb = await heap.usedMb();
      // The most either side holds: every tab loaded in the gateway (/problems reads them all), the whole history in the Worker (labels "new since").
      for (const path of ['/problems', '/assets/labels?since=2000-01-01'])
        await get(path).catch((err: Error) => row.failed.push(err.message));
      const all = await heap.usedMb();
      // The gateway first: workerd evicts a Durable Object idle for ~10 s, and a large heap snapshot takes longer.
      await mf.dispatchFetch('https://bench.test/__bench/restart', { method: 'POST' });
      const workerOnly = await heap.usedMb();
      await mf.dispatchFetch('https://bench.test/__bench/forget', { method: 'POST' });
      const baseMb = await heap.usedMb();
      Object.assign(row.heap, { baseMb, workerMb: workerOnly - baseMb, gatewayMb: all - workerOnly });
    } finally {
      heap.close();
    }
    log(
      JSON.stringify({
        ...size,
        coldMedian: pct(row.cold, 0.5),
        deployMedian: pct(row.deploy, 0.5),
        coldDetailMedian: pct(row.coldDetail, 0.5),
        listP95: pct(row.list, 0.95),
        rssMb: row.rssMb,
        peakMb: row.peakMb,
        heap: row.heap,
      }),
    );
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
  // Growth per 10,000 events between the two largest sizes at which that side's page loaded its tables (the fixed
  // part cancels out), and where a line from there reaches 128 MB.
  const reach = (mb: (r: Row) => number, page: string) => {
    const [a, b] = rows.filter((r) => !r.failed.some((f) => f.startsWith(page))).slice(-2) as [Row, Row];
    const per = (mb(b) - mb(a)) / ((b.events - a.events) / 10_000);
    return { per, at: per > 0 ? b.events + ((128 - mb(b)) / per) * 10_000 : Infinity, from: a.events, to: b.events };
  };
  const workerIsolate = (r: Row) => r.heap.baseMb + r.heap.workerMb;
  const gatewayIsolate = (r: Row) => r.heap.baseMb + r.heap.gatewayMb;
  const w = reach(workerIsolate, '/assets/labels');
  const g = reach(gatewayIsolate, '/problems');
  const near = (x: number) => (Number.isFinite(x) ? `~${n(Math.round(x / 10_000) * 10_000)}` : 'never (it does not grow)');
  const md = `# Growth benchmark

Generated by \`npm run bench -- --growth${quick ? ' --quick' : ''}\` (tools/bench/growth.ts): the asset register from a small school to a
very large one (the rest of the demo school as in \`npm start\`), the real app in workerd against the emulator, a
fresh workerd per size. Server ms = inside the Worker, median / p95; cold = the gateway restarted before the view
(${COLD} views; the Worker keeps its tables), after a deploy = the Worker's tables dropped too (${COLD} views), warm = snapshots
cached (${WARM} views per page). Absolute times: one shared 2-core machine.

| assets | history events | cold list | list after a deploy | cold detail | warm list | warm search | warm detail |
|---|---|---|---|---|---|---|---|
${rows.map((r) => `| ${n(r.assets)} | ${n(r.events)} | ${f(r.cold)} | ${f(r.deploy)} | ${f(r.coldDetail)} | ${f(r.list)} | ${f(r.search)} | ${f(r.detail)} |`).join('\n')}

Memory. *JS heap* is what counts against an isolate's 128 MB: the used V8 heap of the app's isolate after a full
collection, read through workerd's inspector (tools/bench/heap.ts). *After the register's pages*: after the views above
(both sides together). Then the most each side holds: after one \`/problems\` (the gateway loads every tab) and one
labels page "new since" (the Worker is sent the whole history and keeps it), weighed as it is, with the gateway
restarted, and with the Worker's tables dropped too. In workerd both run in one isolate; in production the gateway Durable
Object has an isolate of its own, so each isolate holds the code (*base*) plus its own share. *Process* is the workerd
process's resident memory after the register's pages over the same process before them (both sides, SQLite's page cache
and workerd itself), and its high-water mark.

| assets | history events | JS heap after the register's pages | with every tab loaded: base | Worker's tables | gateway's snapshots | Worker isolate | gateway isolate | process | process peak |
|---|---|---|---|---|---|---|---|---|---|
${rows.map((r) => `| ${n(r.assets)} | ${n(r.events)} | ${r.heap.pagesMb.toFixed(1)} | ${r.heap.baseMb.toFixed(1)} | ${r.heap.workerMb.toFixed(1)} | ${r.heap.gatewayMb.toFixed(1)} | ${workerIsolate(r).toFixed(1)} | ${gatewayIsolate(r).toFixed(1)} | ${r.rssMb.toFixed(0)} | ${r.peakMb.toFixed(0)} |`).join('\n')}

${rows
  .filter((r) => r.failed.length)
  .map(
    (r) =>
      `At ${n(r.events)} events these pages failed (workerd's log says why): ${r.failed.join(', ')}; the heap was weighed after them all the same.\n`,
  )
  .join('')}
With every tab loaded, the Worker isolate grows by ${w.per.toFixed(1)} MB per 10,000 history events (with their share of
assets) from ${n(w.from)} to ${n(w.to)} events and the gateway isolate by ${g.per.toFixed(1)} MB from ${n(g.from)} to ${n(g.to)};
on those lines the Worker isolate would reach 128 MB near ${near(w.at)} events and the gateway isolate near
${near(g.at)} (heap after a collection: a page's transient garbage comes on top).
`;
  writeFileSync(join(here, quick ? 'RESULTS-growth-quick.md' : 'RESULTS-growth.md'), md);
  console.log(md);
}
