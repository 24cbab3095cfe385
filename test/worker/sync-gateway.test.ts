/** The gateway's core promises, against the emulator inside workerd. */
import { abortAllDurableObjects } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { audit, rooms } from '../../sheets-schema/index.js';
import { col, emulator, gateway, lastLogId, meta, requestsFor, settled } from './sync-helpers.js';

const emu = emulator('main');
const room = (id: string, name = `测试室 ${id}`) => ({ id, name, building: '实验楼', floor: 2, type: 'lab' }) as const;

describe('writes', () => {
  it('acknowledges once queued, before anything reaches the sheet, then syncs with an audit row', async () => {
    const id = await emu.create([rooms, audit]);
    const data = await gateway(id, { flushDelayMs: 60_000 });
    const receipt = await data.append('rooms', room('RM-T1'), meta('rooms.add'));
    expect(receipt).toMatchObject({ rowId: 'RM-T1', state: 'queued', duplicate: false });
    expect(await requestsFor(emu, id)).toHaveLength(0);
    expect((await data.status()).pending).toBe(1);
    // Read-your-writes before the sheet has it.
    const { rooms: t } = await data.read(['rooms']);
    expect(t.rows.find((r) => r.id === 'RM-T1')?.values.name).toBe('测试室 RM-T1');

    await data.flush();
    expect((await data.writeStates([receipt.writeId]))[receipt.writeId]?.state).toBe('synced');
    const sheet = await emu.values(id, '场所');
    expect(sheet.filter((r) => r[col(sheet, '编号')] === 'RM-T1')).toHaveLength(1);
    const log = await emu.values(id, '操作日志');
    const row = log.find((r) => r[col(log, '行编号')] === 'RM-T1');
    expect(row?.[col(log, '操作')]).toBe('rooms.add');
    expect(row?.[col(log, '操作人')]).toContain('测试员');
  });

  it('records a write once per idempotency key (double tap)', async () => {
    const id = await emu.create([rooms, audit]);
    const data = await gateway(id, { flushDelayMs: 60_000 });
    const m = meta('rooms.add', 'same-key');
    const a = await data.append('rooms', room('RM-D1'), m);
    const b = await data.append('rooms', room('RM-D1'), m);
    expect(b).toMatchObject({ writeId: a.writeId, duplicate: true });
    await data.flush();
    const c = await data.append('rooms', room('RM-D1'), m);
    expect(c).toMatchObject({ writeId: a.writeId, duplicate: true, state: 'synced' });
    await data.flush();
    const sheet = await emu.values(id, '场所');
    expect(sheet.filter((r) => r[col(sheet, '编号')] === 'RM-D1')).toHaveLength(1);
  });

  it('batches a burst: N appends and their audit rows → one spreadsheets.batchUpdate, each row tagged', async () => {
    const id = await emu.create([rooms, audit]);
    const data = await gateway(id, { flushDelayMs: 60_000 });
    await Promise.all(Array.from({ length: 25 }, (_, i) => data.append('rooms', room(`RM-B${i}`), meta())));
    await data.update('rooms', 'RM-B3', { name: '改名 3' }, meta());
    await data.flush();
    const kinds = (await requestsFor(emu, id)).map((e) => e.kind);
    // The sheet IDs are looked up once in a gateway's life (spreadsheets.get), then kept.
    expect(kinds).toEqual(['values.batchGet', 'spreadsheets.get', 'spreadsheets.batchUpdate']);
    const sheet = await emu.values(id, '场所');
    expect(sheet.filter((r) => String(r[col(sheet, '编号')]).startsWith('RM-B'))).toHaveLength(25);
    expect(sheet.find((r) => r[col(sheet, '编号')] === 'RM-B3')?.[col(sheet, '名称')]).toBe('改名 3');
    expect((await emu.values(id, '操作日志')).length - 1).toBe(26);

    // Rows the gateway appended carry their tag from the start: a first update is written by tag
    // at once (no tagging round), its tag read with the fresh read in one request, and its audit
    // row goes in one batchUpdate.
    const since = await lastLogId(emu);
    await data.update('rooms', 'RM-B5', { name: '改名 5' }, meta());
    await data.flush();
    const calls = await requestsFor(emu, id, since);
    expect(calls.map((e) => e.kind)).toEqual(['values.batchGetByDataFilter', 'values.batchUpdateByDataFilter', 'spreadsheets.batchUpdate']);
    const after = await emu.values(id, '场所');
    expect(after.find((r) => r[col(after, '编号')] === 'RM-B5')?.[col(after, '名称')]).toBe('改名 5');
  });

  it('flushes on its own within about 2 s under light load', async () => {
    const id = await emu.create([rooms, audit]);
    const data = await gateway(id, { flushDelayMs: 500 });
    const t0 = Date.now();
    await data.append('rooms', room('RM-L1'), meta());
    await settled(data, 5000);
    expect(Date.now() - t0).toBeLessThan(2500);
  });

  it('updates in one write by row tag (values:batchUpdateByDataFilter), by ID, leaving staff-owned and unknown columns alone', async () => {
    const id = await emu.create([rooms, audit]);
    const data = await gateway(id, { flushDelayMs: 60_000 });
    const before = await emu.values(id, '场所');
    const [a, b] = [before[1]![col(before, '编号')] as string, before[2]![col(before, '编号')] as string];
    await data.update('rooms', a, { name: '甲', notes: 'app may not write notes' }, meta());
    await data.update('rooms', b, { responsible: '乙' }, meta());
    await data.flush();
    const kinds = (await requestsFor(emu, id)).map((e) => e.kind);
    // Both rows' changes travel in one write, addressed by the rows' tags, not by row numbers.
    expect(kinds.filter((k) => k === 'values.batchUpdateByDataFilter')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'values.batchUpdate')).toHaveLength(0);
    const after = await emu.values(id, '场所');
    expect(after.find((r) => r[col(after, '编号')] === a)?.[col(after, '名称')]).toBe('甲');
    expect(after.find((r) => r[col(after, '编号')] === a)?.[col(after, '备注')] ?? '').not.toBe('app may not write notes');
    expect(after.find((r) => r[col(after, '编号')] === b)?.[col(after, '责任人')]).toBe('乙');
    const log = await emu.values(id, '操作日志');
    const entry = log.find((r) => r[col(log, '行编号')] === a)!;
    expect(JSON.parse(String(entry[col(log, '修改后')]))).toMatchObject({ name: '甲' });
    expect(JSON.parse(String(entry[col(log, '修改前')]))).toHaveProperty('name');
  });

  it('survives a restart: queued writes are flushed by the re-armed alarm', async () => {
    const id = await emu.create([rooms, audit]);
    const data = await gateway(id, { flushDelayMs: 60_000 });
    await data.append('rooms', room('RM-R1'), meta());
    await data.append('rooms', room('RM-R2'), meta());
    await abortAllDurableObjects();
    const again = await gateway(id, { flushDelayMs: 50 }); // a stub of the aborted object is dead: take a new one
    expect((await again.status()).pending).toBe(2);
    await settled(again, 5000);
    const sheet = await emu.values(id, '场所');
    expect(sheet.filter((r) => ['RM-R1', 'RM-R2'].includes(String(r[col(sheet, '编号')])))).toHaveLength(2);
  });

  it('hands out sequence numbers atomically, never below atLeast', async () => {
    const id = await emu.create([rooms, audit]);
    const data = await gateway(id);
    const got = await Promise.all(Array.from({ length: 20 }, () => data.nextSequence('assets:JJ', 42)));
    expect(new Set(got).size).toBe(20);
    expect(Math.min(...got)).toBe(42);
    expect(Math.max(...got)).toBe(61);
    expect(await data.nextSequence('assets:JJ', 100)).toBe(100);
  });
});
