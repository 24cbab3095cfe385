/**
 * Faults and quotas, on the separate "chaos" emulator so other test files never see
 * them. Small versions of bench (b) and (c): every write stored exactly once.
 */
import { abortAllDurableObjects } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { audit, rooms } from '../../sheets-schema/index.js';
import { col, emulator, gateway, meta, requestsFor, settled } from './sync-helpers.js';

const emu = emulator('chaos');
const room = (id: string) => ({ id, name: `房间 ${id}`, type: 'office' }) as const;
const noFaults = { faults: { rate: 0 }, quotas: { enabled: false }, latency: { meanMs: 0, jitterMs: 0 } };

afterEach(async () => {
  await emu.configure(noFaults);
  await emu.resetQuotas();
});

async function countIds(id: string, sheet: string, prefix: string) {
  const grid = await emu.values(id, sheet);
  const c = col(grid, sheet === '操作日志' ? '行编号' : '编号');
  const counts = new Map<string, number>();
  for (const r of grid.slice(1)) {
    const v = String(r[c] ?? '');
    if (v.startsWith(prefix)) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}

describe('faults', () => {
  it('30% of Sheets calls failing (429/500/503/timeouts, applied-then-lost too) and a restart: 0 lost, 0 duplicated', async () => {
    const id = await emu.create([rooms, audit]);
    const opts = { flushDelayMs: 20, backoffBaseMs: 20, backoffCapMs: 200, requestTimeoutMs: 400 };
    let data = await gateway(id, opts, 'chaos');
    await emu.configure({
      seed: 7,
      faults: { rate: 0.3, kinds: ['429', '500', '503', 'timeout'], phase: 'after', timeoutMs: 150, timeoutMode: 'drop' },
    });
    const N = 60;
    const receipts = [];
    for (let i = 0; i < N; i++) {
      receipts.push(await data.append('rooms', room(`RM-F${i}`), meta()));
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 60));
      if (i === 30) {
        await abortAllDurableObjects(); // a restart mid-burst
        data = await gateway(id, opts, 'chaos');
      }
      if (i === 40) await emu.configure({ faults: { phase: 'before' } });
    }
    await settled(data, 60_000);
    await emu.configure(noFaults);
    expect(await data.conflicts()).toEqual([]);
    const counts = await countIds(id, '场所', 'RM-F');
    expect(counts.size).toBe(N);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const log = await countIds(id, '操作日志', 'RM-F');
    expect(log.size).toBe(N);
    expect([...log.values()].every((n) => n === 1)).toBe(true);
    const faults = (await emu.log()).filter((e: { spreadsheetId?: string; fault?: string }) => e.spreadsheetId === id && e.fault);
    expect(faults.length).toBeGreaterThan(3);
  }, 90_000);
});

describe('quotas', () => {
  it('stays inside Google-like quotas during a burst: no 429 reaches a user, all writes land', async () => {
    const id = await emu.create([rooms, audit]);
    // A 2-second quota window of 8 reads and 8 writes (Google: 60 a minute).
    await emu.configure({
      quotas: { enabled: true, windowMs: 2000, readPerUser: 8, writePerUser: 8, readPerProject: 100, writePerProject: 100 },
    });
    const data = await gateway(
      id,
      { flushDelayMs: 100, writesPerMinute: 150, writeBurst: 2, readsPerMinute: 150, readBurst: 2, backoffBaseMs: 100 },
      'chaos',
    );
    const N = 80;
    const t0 = Date.now();
    const acks: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, phone) => {
        for (let i = 0; i < N / 8; i++) {
          const s = Date.now();
          await data.append('rooms', room(`RM-Q${phone}-${i}`), meta());
          acks.push(Date.now() - s);
          if (i % 3 === 0) await data.read(['rooms']); // page views during the burst
          await new Promise((r) => setTimeout(r, 40));
        }
      }),
    );
    await settled(data, 60_000);
    const counts = await countIds(id, '场所', 'RM-Q');
    expect(counts.size).toBe(N);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const reqs = await requestsFor(emu, id);
    expect(reqs.filter((e) => e.status === 429)).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(60_000);
    acks.sort((a, b) => a - b);
    expect(acks[Math.floor(acks.length * 0.95)]).toBeLessThan(150);
  }, 90_000);
});
