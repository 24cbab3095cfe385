/**
 * A log read by a column's value (one asset's history) after the gateway restarted is answered
 * from the rows the gateway kept by that column (snapshot-store.ts `keyBy`), not by loading
 * and parsing the whole stored log, and gives exactly what the whole log filtered gives, the
 * app's own unsynced writes included.
 */
import { abortAllDurableObjects, env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { assetTabs, audit } from '../../sheets-schema/index.js';
import { gatewayFor } from '../../src/core/data/school-data.js';
import type { SheetsGateway } from '../../src/core/sync/gateway.js';
import { HEADER_SEARCH_ROWS } from '../../src/core/table/headers.js';
import type { Env } from '../../src/env.js';
import { col, emulator, gateway, lastLogId, meta, requestsFor } from './sync-helpers.js';

const emu = emulator('main');
const stub = (id: string) => gatewayFor(env as unknown as Pick<Env, 'GATEWAY'>, id);

describe('a log read by a column after a restart', () => {
  it('is answered from the rows kept by that column, the same as the whole log filtered', async () => {
    const id = await emu.create([assetTabs.assetEvents, audit]);
    await gateway(id, { flushDelayMs: 60_000 });
    const whole = (await stub(id).read(id, ['assetEvents'], {})).tables.assetEvents!;
    const counts = new Map<string, number>();
    for (const r of whole.rows) counts.set(String(r.values.tag), (counts.get(String(r.values.tag)) ?? 0) + 1);
    const [tag] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const where = { assetEvents: { column: 'tag', values: [tag] } };
    const first = (await stub(id).read(id, ['assetEvents'], { where })).tables.assetEvents!;
    expect(first.rows.length).toBe(counts.get(tag));

    await abortAllDurableObjects();
    // The stored log itself is gone: only the rows kept by tag can answer (before: an empty table).
    await runInDurableObject(stub(id) as unknown as DurableObjectStub<SheetsGateway>, (_, state) => {
      state.storage.sql.exec(`DELETE FROM snapshot_chunks WHERE tab = 'assetEvents'`);
    });
    const since = await lastLogId(emu);
    const kept = (await stub(id).read(id, ['assetEvents'], { where })).tables.assetEvents!;
    expect(kept).toEqual(first);
    expect(await requestsFor(emu, id, since)).toEqual([]);
  });

  it('lays the queued writes over the kept rows as over the whole log', async () => {
    const id = await emu.create([assetTabs.assetEvents, audit]);
    const data = await gateway(id, { flushDelayMs: 60_000 });
    const whole = (await stub(id).read(id, ['assetEvents'], {})).tables.assetEvents!;
    const tag = String(whole.rows[0]!.values.tag);
    const b = whole.rows.find((r) => r.values.tag !== tag);
    const where = { assetEvents: { column: 'tag', values: [tag] } };
    await stub(id).read(id, ['assetEvents'], { where }); // kept by tag from here on
    const event = (evId: string, evTag: string) => ({
      id: evId,
      at: '2026-03-05T09:00:00',
      tag: evTag,
      type: 'moved' as const,
      toRoom: '新地点',
    });
    // Queued, not synced: a new event of this asset, one of another, and one reusing the ID of a row of another asset.
    await data.append('assetEvents', event('EV-NEW-1', tag), meta());
    await data.append('assetEvents', event('EV-NEW-2', `${tag}-OTHER`), meta());
    await data.append('assetEvents', event(b!.id, tag), meta());

    await abortAllDurableObjects();
    const fromKept = (await stub(id).read(id, ['assetEvents'], { where })).tables.assetEvents!;
    // The same read with the whole log loaded (a read without `where` loads it).
    await stub(id).read(id, ['assetEvents'], {});
    const fromWhole = (await stub(id).read(id, ['assetEvents'], { where })).tables.assetEvents!;
    expect(fromKept).toEqual(fromWhole);
    expect(fromKept.rows.map((r) => r.id)).toContain('EV-NEW-1');
    expect(fromKept.rows.map((r) => r.id)).not.toContain(b!.id);
  });

  it('adds the rows a tail read brings to the rows kept', async () => {
    const id = await emu.create([assetTabs.assetEvents, audit]);
    const data = await gateway(id, { readStalenessMs: 0 });
    const grid = await emu.values(id, '资产变动记录');
    const [header, sample] = [grid[0]!, grid[1]!];
    const tag = String(sample[col(grid, '资产编号')]);
    const where = { assetEvents: { column: 'tag', values: [tag] } };
    const before = (await stub(id).read(id, ['assetEvents'], { where })).tables.assetEvents!;
    // Staff add an event of this asset at the bottom; the next read reads the log's tail only.
    const added = header.map((_, i) => (i === col(grid, '记录号') ? 'EV-STAFF-1' : sample[i]));
    await emu.edit(id, { data: [{ range: `'资产变动记录'!A${grid.length + 1}`, values: [added] }], valueInputOption: 'RAW' });
    const fresh = (await stub(id).read(id, ['assetEvents'], { where })).tables.assetEvents!;
    expect(fresh.rows.length).toBe(before.rows.length + 1);

    await data.configure({ readStalenessMs: 60_000 });
    await abortAllDurableObjects();
    await runInDurableObject(stub(id) as unknown as DurableObjectStub<SheetsGateway>, (_, state) => {
      state.storage.sql.exec(`DELETE FROM snapshot_chunks WHERE tab = 'assetEvents'`);
    });
    expect((await stub(id).read(id, ['assetEvents'], { where })).tables.assetEvents).toEqual(fresh);
  });

  it('re-reads a stale log after a restart by its tail without loading it when nothing was added', async () => {
    const id = await emu.create([assetTabs.assetEvents, audit]);
    await gateway(id, { readStalenessMs: 0 });
    const grid = await emu.values(id, '资产变动记录');
    expect(grid.length).toBeGreaterThan(HEADER_SEARCH_ROWS + 2);
    const tag = String(grid[1]![col(grid, '资产编号')]);
    const where = (t: string) => ({ assetEvents: { column: 'tag', values: [t] } });
    const before = (await stub(id).read(id, ['assetEvents'], { where: where(tag) })).tables.assetEvents!;
    await abortAllDurableObjects();
    // A row in the middle of the stored log (neither the header rows nor the last) is altered in storage only:
    // a gateway that loads the stored log would show it; one that checks the tail's edges never sees it.
    await runInDurableObject(stub(id) as unknown as DurableObjectStub<SheetsGateway>, (_, state) => {
      const chunk = state.storage.sql.exec<{ body: string }>(`SELECT body FROM snapshot_chunks WHERE tab = 'assetEvents' AND n = 0`).one();
      const rows = JSON.parse(chunk.body) as unknown[][];
      rows[HEADER_SEARCH_ROWS]![col(grid, '资产编号')] = 'ZZ-ONLY-IN-STORAGE';
      state.storage.sql.exec(`UPDATE snapshot_chunks SET body = ? WHERE tab = 'assetEvents' AND n = 0`, JSON.stringify(rows));
    });
    const since = await lastLogId(emu);
    const again = (await stub(id).read(id, ['assetEvents'], { where: where(tag) })).tables.assetEvents!;
    expect(again.rows).toEqual(before.rows);
    const reads = await requestsFor(emu, id, since);
    expect(reads.map((e) => e.kind)).toEqual(['values.batchGet']); // the tail, as before
    expect((await stub(id).read(id, ['assetEvents'], { where: where('ZZ-ONLY-IN-STORAGE') })).tables.assetEvents!.rows).toEqual([]);
  });
});
