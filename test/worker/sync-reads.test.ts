/** Cached reads: cost per page, staleness, renamed tabs, append-only tails, two schools. */
import { describe, expect, it } from 'vitest';
import { assets, audit, people, rooms } from '../../sheets-schema/index.js';
import { col, emulator, gateway, lastLogId, meta, requestsFor } from './sync-helpers.js';

const emu = emulator('main');

describe('reads', () => {
  it('a page costs one values:batchGet on a miss (all tabs together) and none on a hit', async () => {
    const id = await emu.create([rooms, assets, people, audit]);
    const data = await gateway(id);
    const t = await data.read(['rooms', 'assets', 'people']);
    expect(t.rooms.rows.length).toBeGreaterThan(10);
    expect(t.assets.rows.length).toBeGreaterThan(10);
    expect((await requestsFor(emu, id)).map((e) => e.kind)).toEqual(['values.batchGet']);
    const since = await lastLogId(emu);
    await data.read(['rooms', 'assets']);
    await data.read(['people']);
    expect(await requestsFor(emu, id, since)).toEqual([]);
  });

  it('reads that miss together (sign-in check, page, desk alerts) share one values:batchGet', async () => {
    const id = await emu.create([rooms, assets, people, audit]);
    const data = await gateway(id);
    const [p, page, alerts] = await Promise.all([data.read(['people']), data.read(['assets', 'rooms']), data.read(['rooms'])]);
    expect(p.people.rows.length).toBeGreaterThan(10);
    expect(page.assets.rows.length).toBeGreaterThan(10);
    expect(alerts.rooms.rows.length).toBe(page.rooms.rows.length);
    expect((await requestsFor(emu, id)).map((e) => e.kind)).toEqual(['values.batchGet']);
  });

  it('shows a staff edit after the staleness window or on a fresh read, not before', async () => {
    const id = await emu.create([rooms, audit]);
    const data = await gateway(id, { readStalenessMs: 400 });
    const { rooms: t1 } = await data.read(['rooms']);
    const target = t1.rows[0]!;
    const grid = await emu.values(id, '场所');
    const c = String.fromCharCode(65 + col(grid, '名称'));
    await emu.edit(id, { data: [{ range: `'场所'!${c}${target.row}`, values: [['员工改的']] }], valueInputOption: 'RAW' });
    expect((await data.read(['rooms'])).rooms.rows[0]!.values.name).toBe(target.values.name);
    expect((await data.read(['rooms'], { fresh: true })).rooms.rows[0]!.values.name).toBe('员工改的');
    await emu.edit(id, { data: [{ range: `'场所'!${c}${target.row}`, values: [['第二次']] }], valueInputOption: 'RAW' });
    await new Promise((r) => setTimeout(r, 450));
    expect((await data.read(['rooms'])).rooms.rows[0]!.values.name).toBe('第二次');
  });

  it('read-your-writes: own queued appends and updates show at once', async () => {
    const id = await emu.create([rooms, audit]);
    const data = await gateway(id, { flushDelayMs: 60_000 });
    const { rooms: t } = await data.read(['rooms']);
    await data.update('rooms', t.rows[1]!.id, { name: '刚改的' }, meta());
    await data.append('rooms', { id: 'RM-RYW', name: '刚加的', type: 'office' }, meta());
    const since = await lastLogId(emu);
    const { rooms: t2 } = await data.read(['rooms']);
    expect(t2.rows.find((r) => r.id === t.rows[1]!.id)?.values.name).toBe('刚改的');
    expect(t2.rows.find((r) => r.id === 'RM-RYW')).toMatchObject({ row: 0, values: { name: '刚加的' } });
    expect(await requestsFor(emu, id, since)).toEqual([]);
    await data.flush();
    const { rooms: t3 } = await data.read(['rooms']);
    expect(t3.rows.filter((r) => r.id === 'RM-RYW')).toHaveLength(1);
    expect(t3.rows.find((r) => r.id === t.rows[1]!.id)?.values.name).toBe('刚改的');
  });

  it('finds a renamed tab by alias with one spreadsheets.get, then remembers its title', async () => {
    const id = await emu.create([rooms, audit]);
    const sheetId = (await emu.snapshot(id)).sheets.find((s) => s.title === '场所')!.sheetId;
    await emu.edit(id, { requests: [{ updateSheetProperties: { properties: { sheetId, title: '房间' }, fields: 'title' } }] });
    const data = await gateway(id, { readStalenessMs: 0 });
    const { rooms: t } = await data.read(['rooms']);
    expect(t.title).toBe('房间');
    expect(t.rows.length).toBeGreaterThan(10);
    const since = await lastLogId(emu);
    await data.read(['rooms']);
    // The title is remembered: one batchGet of '房间' (no failed range first). The get beside it is the
    // look at the tabs once per staleness window (here 0) that brings new merges.
    expect((await requestsFor(emu, id, since)).map((e) => e.kind).sort()).toEqual(['spreadsheets.get', 'values.batchGet']);
    await data.update('rooms', t.rows[0]!.id, { name: '改名后写入' }, meta());
    await data.flush();
    const grid = await emu.values(id, '房间');
    expect(grid.find((r) => r[col(grid, '编号')] === t.rows[0]!.id)?.[col(grid, '名称')]).toBe('改名后写入');
  });

  it('reads an append-only log by its tail, not whole, once it has a snapshot', async () => {
    const id = await emu.create([rooms, audit]);
    const data = await gateway(id, { readStalenessMs: 0 });
    for (let i = 0; i < 3; i++) await data.append('rooms', { id: `RM-A${i}`, name: 'x', type: 'office' }, meta());
    await data.flush();
    const first = await data.read(['audit']);
    expect(first.audit.rows).toHaveLength(3);
    await data.append('rooms', { id: 'RM-A9', name: 'x', type: 'office' }, meta());
    await data.flush();
    const since = await lastLogId(emu);
    const again = await data.read(['audit']);
    expect(again.audit.rows).toHaveLength(4);
    const log = await emu.log();
    const reads = log.filter(
      // The value reads only: with a staleness of 0 every read also looks at the tabs again (spreadsheets.get).
      (e: { id: number; spreadsheetId?: string; kind: string }) => e.id > since && e.spreadsheetId === id && e.kind === 'values.batchGet',
    );
    expect(reads).toHaveLength(1);
    expect(reads[0].ranges.some((r: string) => /!A\d+:ZZ$/.test(r))).toBe(true);
    expect(reads[0].ranges).not.toContain("'操作日志'");
  });

  it('tail-reads a log whose grid ends at its last row, and re-reads it whole when staff delete rows', async () => {
    const id = await emu.create([rooms, audit]);
    const data = await gateway(id, { readStalenessMs: 0 });
    for (let i = 0; i < 4; i++) await data.append('rooms', { id: `RM-G${i}`, name: 'x', type: 'office' }, meta());
    await data.flush();
    expect((await data.read(['audit'])).audit.rows).toHaveLength(4);
    const snap = await emu.snapshot(id);
    const log = snap.sheets.find((x) => x.title === '操作日志')!;
    // Trim the grid to the data (no empty rows below), as a tidy sheet may be.
    await emu.edit(id, {
      requests: [
        {
          updateSheetProperties: {
            properties: { sheetId: log.sheetId, gridProperties: { rowCount: 5 } },
            fields: 'gridProperties.rowCount',
          },
        },
      ],
    });
    expect((await data.read(['audit'])).audit.rows).toHaveLength(4);
    // Staff delete the last two log rows: the overlap check notices and the tab is read whole.
    await emu.edit(id, {
      requests: [{ deleteDimension: { range: { sheetId: log.sheetId, dimension: 'ROWS', startIndex: 3, endIndex: 5 } } }],
    });
    expect((await data.read(['audit'])).audit.rows).toHaveLength(2);
  });

  it('keeps two schools apart: each spreadsheet its own gateway, queue and cache', async () => {
    const a = await emu.create([rooms, audit], 'school A');
    const b = await emu.create([rooms, audit], 'school B');
    const da = await gateway(a, { flushDelayMs: 60_000 });
    const db = await gateway(b, { flushDelayMs: 60_000 });
    await da.append('rooms', { id: 'RM-ONLY-A', name: 'A', type: 'office' }, meta('x', 'shared-key'));
    const rb = await db.append('rooms', { id: 'RM-ONLY-B', name: 'B', type: 'office' }, meta('x', 'shared-key'));
    expect(rb.duplicate).toBe(false); // idempotency keys are per school
    expect((await db.read(['rooms'])).rooms.rows.some((r) => r.id === 'RM-ONLY-A')).toBe(false);
    await da.flush();
    await db.flush();
    const ga = await emu.values(a, '场所');
    const gb = await emu.values(b, '场所');
    expect(ga.some((r) => r.includes('RM-ONLY-B'))).toBe(false);
    expect(gb.some((r) => r.includes('RM-ONLY-A'))).toBe(false);
    expect(ga.some((r) => r.includes('RM-ONLY-A'))).toBe(true);
    expect(gb.some((r) => r.includes('RM-ONLY-B'))).toBe(true);
  });
});
