/**
 * A restarted gateway (evicted when idle, or a deploy) does not read every tab again: its
 * snapshots are in its SQLite storage. Staff edits still show within the staleness window,
 * a stale log is read by its tail, and a tab deleted while it was down is still noticed.
 */
import { abortAllDurableObjects, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { audit, rooms } from '../../sheets-schema/index.js';
import { gatewayFor } from '../../src/core/data/school-data.js';
import { MISSING_TAB } from '../../src/core/sync/tab-directory.js';
import type { Env } from '../../src/env.js';
import { col, emulator, gateway, lastLogId, meta, requestsFor } from './sync-helpers.js';

const emu = emulator('main');
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stub = (id: string) => gatewayFor(env as unknown as Pick<Env, 'GATEWAY'>, id);

describe('restart without re-reading', () => {
  it('serves the stored snapshot after a restart, and a staff edit made meanwhile within the staleness', async () => {
    const id = await emu.create([rooms, audit]);
    const data = await gateway(id, { readStalenessMs: 2500 });
    const t0 = Date.now();
    const first = (await data.read(['rooms'])).rooms;
    const target = first.rows[0]!;
    const grid = await emu.values(id, '场所');
    const c = String.fromCharCode(65 + col(grid, '名称'));
    await emu.edit(id, { data: [{ range: `'场所'!${c}${target.row}`, values: [['重启时员工改的']] }], valueInputOption: 'RAW' });

    await abortAllDurableObjects();
    const since = await lastLogId(emu);
    // Asked without the versions a Worker holds: the rows themselves come from storage, no Sheets call.
    const stored = (await stub(id).read(id, ['rooms'], {})).tables.rooms!;
    expect(stored.rows).toHaveLength(first.rows.length);
    expect(stored.rows[0]!.values.name).toBe(target.values.name);
    expect(await requestsFor(emu, id, since)).toEqual([]);

    await wait(Math.max(0, t0 + 2600 - Date.now()));
    const again = await gateway(id, { readStalenessMs: 2500 });
    expect((await again.read(['rooms'])).rooms.rows[0]!.values.name).toBe('重启时员工改的');
    expect((await requestsFor(emu, id, since)).map((e) => e.kind)).toEqual(['values.batchGet']);
  });

  it('a Worker holding the tables is sent none of them after the gateway restarts (versions survive it)', async () => {
    const id = await emu.create([rooms, audit]);
    await gateway(id, { flushDelayMs: 60_000 });
    const first = await stub(id).read(id, ['rooms'], {});
    const known = { rooms: first.snapshots.rooms!.version };
    await abortAllDurableObjects();
    const after = await stub(id).read(id, ['rooms'], { known });
    expect(after.tables).toEqual({});
    expect(after.snapshots.rooms!.version).toBe(known.rooms);
    // An own write still changes the version, and the table sent shows it.
    await (await gateway(id, { flushDelayMs: 60_000 })).update('rooms', first.tables.rooms!.rows[0]!.id, { name: '重启后改的' }, meta());
    const changed = await stub(id).read(id, ['rooms'], { known });
    expect(changed.tables.rooms!.rows[0]!.values.name).toBe('重启后改的');
  });

  it('reads a stale log by its tail from the stored rows after a restart, not whole', async () => {
    const id = await emu.create([rooms, audit]);
    const data = await gateway(id, { readStalenessMs: 0 });
    for (let i = 0; i < 3; i++) await data.append('rooms', { id: `RM-S${i}`, name: 'x', type: 'office' }, meta());
    await data.flush();
    expect((await data.read(['audit'])).audit.rows).toHaveLength(3);
    await data.append('rooms', { id: 'RM-S9', name: 'x', type: 'office' }, meta());
    await data.flush();
    await abortAllDurableObjects();
    const since = await lastLogId(emu);
    const again = await gateway(id, { readStalenessMs: 0 });
    expect((await again.read(['audit'])).audit.rows).toHaveLength(4);
    const reads = (await emu.log()).filter(
      // The value reads only: with a staleness of 0 every read also looks at the tabs again (spreadsheets.get).
      (e: { id: number; spreadsheetId?: string; kind: string }) => e.id > since && e.spreadsheetId === id && e.kind === 'values.batchGet',
    );
    expect(reads).toHaveLength(1);
    expect(reads[0].ranges.some((r: string) => /!A\d+:ZZ$/.test(r))).toBe(true);
    expect(reads[0].ranges).not.toContain("'操作日志'");
  });

  it('notices a tab deleted while the gateway was down, within the staleness', async () => {
    const id = await emu.create([rooms, audit]);
    const data = await gateway(id, { readStalenessMs: 300 });
    expect((await data.read(['rooms'])).rooms.rows.length).toBeGreaterThan(5);
    await data.tabNotices();
    const sheet = (await emu.snapshot(id)).sheets.find((s) => s.title === '场所')!;
    await abortAllDurableObjects();
    await emu.edit(id, { requests: [{ deleteSheet: { sheetId: sheet.sheetId } }] });
    await wait(350);
    const gone = (await (await gateway(id, { readStalenessMs: 300 })).read(['rooms'])).rooms;
    expect(gone.rows).toEqual([]);
    expect(gone.problems[0]).toMatchObject({ column: MISSING_TAB, header: true });
    // And it stays gone after another restart: the stored copy went with it.
    await abortAllDurableObjects();
    expect((await stub(id).read(id, ['rooms'], {})).tables.rooms!.rows).toEqual([]);
  });
});
