/** Tabs followed by sheet ID: renamed to anything keeps working (with a notice); deleted is said plainly, cached copies dropped, writes parked in Chinese. */
import { describe, expect, it } from 'vitest';
import { audit, rooms } from '../../sheets-schema/index.js';
import { MISSING_TAB } from '../../src/core/sync/tab-directory.js';
import { emulator, gateway, meta } from './sync-helpers.js';

const emu = emulator('main');
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('tabs followed by sheet ID', { timeout: 30_000 }, () => {
  it('follows a tab renamed to a name no alias knows, and tells the head', async () => {
    const id = await emu.create([rooms, audit]);
    const data = await gateway(id, { readStalenessMs: 200 });
    const before = (await data.read(['rooms'])).rooms;
    expect(await data.tabNotices()).toEqual([]); // learns the sheet IDs
    const sheetId = (await emu.snapshot(id)).sheets.find((s) => s.title === '场所')!.sheetId;
    await emu.edit(id, { requests: [{ updateSheetProperties: { properties: { sheetId, title: '场所（2026春）' }, fields: 'title' } }] });
    await wait(250);
    const after = (await data.read(['rooms'])).rooms;
    expect(after.title).toBe('场所（2026春）');
    expect(after.rows.map((r) => r.id)).toEqual(before.rows.map((r) => r.id));
    expect(after.problems).toEqual([]);
    const notices = await data.tabNotices();
    expect(notices).toMatchObject([{ kind: 'renamed', from: '场所', to: '场所（2026春）' }]);
    expect(notices[0]!.text.zh).toContain('「场所」已改名为「场所（2026春）」');
    // Writes follow it too.
    await data.update('rooms', before.rows[0]!.id, { name: '改名后仍能写' }, meta());
    await data.flush();
    const grid = await emu.values(id, '场所（2026春）');
    expect(grid.some((r) => r.includes('改名后仍能写'))).toBe(true);
  });

  it('a deleted tab: no stale copy within the staleness, a header problem and notice, writes parked naming it in Chinese; restoring brings it back', async () => {
    const id = await emu.create([rooms, audit]);
    const data = await gateway(id, { readStalenessMs: 200, flushDelayMs: 60_000 });
    const before = (await data.read(['rooms'])).rooms;
    expect(before.rows.length).toBeGreaterThan(5);
    await data.tabNotices();
    const snap = await emu.snapshot(id);
    const sheet = snap.sheets.find((s) => s.title === '场所')!;
    await emu.edit(id, { requests: [{ deleteSheet: { sheetId: sheet.sheetId } }] });
    await wait(250);
    const gone = (await data.read(['rooms'])).rooms;
    expect(gone.rows).toEqual([]);
    expect(gone.problems).toHaveLength(1);
    expect(gone.problems[0]).toMatchObject({ column: MISSING_TAB, header: true });
    expect(gone.problems[0]!.expected.zh).toContain('工作表「场所」已被删除');
    expect((await data.tabNotices()).map((n) => n.kind)).toEqual(['missing']);
    // A form that read the tab is told before saving…
    await expect(data.update('rooms', before.rows[0]!.id, { name: 'x' }, meta())).rejects.toThrow(/has no "场所" \(Rooms\) tab/);
    // …and a write that did not (queued earlier, or another request) is parked naming the tab in Chinese.
    const w = await (await gateway(id, { readStalenessMs: 200, flushDelayMs: 60_000 })).update(
      'rooms',
      before.rows[0]!.id,
      { name: 'x' },
      meta(),
    );
    await data.flush();
    const state = (await data.writeStates([w.writeId]))[w.writeId]!;
    expect(state.state).toBe('conflict');
    expect(state.reason?.zh).toContain('找不到工作表「场所」');
    expect(state.reason?.zh).not.toContain('rooms');

    // Staff restore it (a new tab with the old name and rows): found again, notice gone, the write goes through on retry.
    await emu.edit(id, { requests: [{ addSheet: { properties: { title: '场所' } } }] });
    await emu.edit(id, { data: [{ range: "'场所'!A1", values: sheet.values }], valueInputOption: 'RAW' });
    await wait(250);
    expect((await data.read(['rooms'])).rooms.rows.length).toBe(before.rows.length);
    expect(await data.tabNotices()).toEqual([]);
    expect(await data.retry(w.writeId)).toBe(true);
    await data.flush();
    expect((await data.writeStates([w.writeId]))[w.writeId]!.state).toBe('synced');
  });
});
