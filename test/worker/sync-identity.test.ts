/** Row identity under staff edits: never a wrong row; applied or a visible conflict. */
import { describe, expect, it } from 'vitest';
import { audit, rooms } from '../../sheets-schema/index.js';
import { checkFlush, randomStaffEdit, randomWindowEdit, rng, type AppUpdate, type ColumnSpec } from '../../tools/bench/interleave.js';
import { col, emulator, gateway, meta } from './sync-helpers.js';

const emu = emulator('main');
const ID: ColumnSpec = { key: 'id', headers: ['编号', '房间号', '场所编号', 'ID'] };
const NAME: ColumnSpec = { key: 'name', headers: ['名称', '场所名称', '房间名称', 'Name'] };
const RESP: ColumnSpec = { key: 'responsible', headers: ['责任人', 'Responsible'] };
const RENAMES = [{ from: ['名称', '场所名称', '房间名称', '房间名字'], to: ['场所名称', '房间名称', '名称', '房间名字'] }];

async function setup() {
  const id = await emu.create([rooms, audit]);
  const data = await gateway(id, { flushDelayMs: 60_000 });
  const sheetId = (await emu.snapshot(id)).sheets.find((s) => s.title === '场所')!.sheetId;
  return { id, data, sheetId };
}

const idsOf = (grid: unknown[][]) =>
  grid
    .slice(1)
    .map((r) => String(r[col(grid, '编号')] ?? ''))
    .filter(Boolean);

describe('row identity', () => {
  it('writes the right row after a sort, a column move and blank rows', async () => {
    const { id, data, sheetId } = await setup();
    const grid = await emu.values(id, '场所');
    const target = idsOf(grid)[5]!;
    await data.update('rooms', target, { name: '目标行' }, meta());
    await emu.edit(id, {
      requests: [
        {
          sortRange: {
            range: { sheetId, startRowIndex: 1, endRowIndex: grid.length },
            sortSpecs: [{ dimensionIndex: 1, sortOrder: 'DESCENDING' }],
          },
        },
        { insertDimension: { range: { sheetId, dimension: 'ROWS', startIndex: 3, endIndex: 6 } } },
        { moveDimension: { source: { sheetId, dimension: 'COLUMNS', startIndex: 1, endIndex: 2 }, destinationIndex: 5 } },
      ],
    });
    const before = await emu.values(id, '场所');
    await data.flush();
    const after = await emu.values(id, '场所');
    const res = checkFlush(before, after, [{ id: target, column: NAME, value: '目标行', state: 'synced' }], ID);
    expect(res.wrongRowWrites).toEqual([]);
    expect(after.find((r) => r[col(after, '编号')] === target)?.[col(after, '名称')]).toBe('目标行');
  });

  it('writes the right row when staff sort, insert and delete rows between the flush read and its write (row tags)', async () => {
    const { id, data, sheetId } = await setup();
    const grid = await emu.values(id, '场所');
    const [a, b] = [idsOf(grid)[3]!, idsOf(grid)[7]!];
    await data.update('rooms', a, { name: '第一次' }, meta());
    await data.flush(); // tags the row, then writes by tag
    await data.update('rooms', a, { name: '窗口中排序' }, meta());
    await data.update('rooms', b, { name: '窗口中删行' }, meta());
    // Armed in the emulator: applied just before the gateway's by-tag write reaches the sheet.
    await emu.call('POST', `/spreadsheets/${encodeURIComponent(id)}/edit-before`, {
      kind: 'values.batchUpdateByDataFilter',
      sheet: '场所',
      requests: [
        {
          sortRange: {
            range: { sheetId, startRowIndex: 1, endRowIndex: grid.length },
            sortSpecs: [{ dimensionIndex: col(grid, '名称'), sortOrder: 'DESCENDING' }],
          },
        },
        { insertDimension: { range: { sheetId, dimension: 'ROWS', startIndex: 1, endIndex: 3 } } },
        { deleteDimension: { range: { sheetId, dimension: 'ROWS', startIndex: 6, endIndex: 7 } } },
      ],
    });
    await data.flush();
    const fired = await emu.call<{ fired: Array<{ kind: string; values: unknown[][] }> }>(
      'GET',
      `/spreadsheets/${encodeURIComponent(id)}/edit-before`,
    );
    expect(fired.fired.length).toBeGreaterThanOrEqual(1);
    const before = fired.fired[0]!.values;
    const after = await emu.values(id, '场所');
    const updates = [a, b].map((rowId, i) => ({ id: rowId, column: NAME, value: ['窗口中排序', '窗口中删行'][i]!, state: 'synced' }));
    const stillThere = updates.filter((u) => before.some((r) => r[col(before, '编号')] === u.id));
    const res = checkFlush(before, after, stillThere, ID);
    expect(res.wrongRowWrites).toEqual([]);
    expect(after.find((r) => r[col(after, '编号')] === a)?.[col(after, '名称')]).toBe('窗口中排序');
  });

  it('parks an update whose row was deleted, or whose ID is duplicated, or whose column is gone; retry and discard', async () => {
    const { id, data, sheetId } = await setup();
    const grid = await emu.values(id, '场所');
    const ids = idsOf(grid);
    const [gone, dup, fine] = [ids[2]!, ids[4]!, ids[6]!];
    const a = await data.update('rooms', gone, { name: 'x' }, meta());
    const b = await data.update('rooms', dup, { name: 'y' }, meta());
    const c = await data.update('rooms', fine, { building: '新楼' }, meta());
    const goneRow = grid.findIndex((r) => r[col(grid, '编号')] === gone);
    const c0 = col(grid, '编号');
    await emu.edit(id, {
      requests: [{ deleteDimension: { range: { sheetId, dimension: 'ROWS', startIndex: goneRow, endIndex: goneRow + 1 } } }],
      data: [{ range: `'场所'!${String.fromCharCode(65 + c0)}${grid.length + 5}`, values: [[dup]] }],
      valueInputOption: 'RAW',
    });
    // And the building column renamed to something the schema does not know.
    const bc = col(grid, '楼栋');
    await emu.edit(id, { data: [{ range: `'场所'!${String.fromCharCode(65 + bc)}1`, values: [['楼号?']] }], valueInputOption: 'RAW' });
    await data.flush();
    const states = await data.writeStates([a.writeId, b.writeId, c.writeId]);
    expect(states[a.writeId]?.state).toBe('conflict');
    expect(states[a.writeId]?.reason?.en).toMatch(/No row with ID/);
    expect(states[b.writeId]?.state).toBe('conflict');
    expect(states[b.writeId]?.reason?.en).toMatch(/several rows/);
    expect(states[c.writeId]?.state).toBe('conflict');
    expect(states[c.writeId]?.reason?.en).toMatch(/Column "Building" was not found/);
    const parked = await data.conflicts();
    expect(parked.map((p) => p.writeId).sort()).toEqual([a.writeId, b.writeId, c.writeId].sort());
    expect((await data.status()).conflicts).toBe(3);

    // The head of logistics fixes the header and retries; discards the others.
    await emu.edit(id, { data: [{ range: `'场所'!${String.fromCharCode(65 + bc)}1`, values: [['楼栋']] }], valueInputOption: 'RAW' });
    expect(await data.retry(c.writeId)).toBe(true);
    await data.flush();
    expect((await data.writeStates([c.writeId]))[c.writeId]?.state).toBe('synced');
    expect(await data.discard(a.writeId, { id: 'P-HEAD', name: '主任' })).toBe(true);
    expect(await data.discard(b.writeId, { id: 'P-HEAD', name: '主任' })).toBe(true);
    expect(await data.conflicts()).toEqual([]);
  });

  it('an update of a row appended in the same flush is merged into the append', async () => {
    const { id, data } = await setup();
    await data.append('rooms', { id: 'RM-NEW', name: '新', type: 'office' }, meta());
    await data.update('rooms', 'RM-NEW', { name: '新名字' }, meta());
    await data.flush();
    const after = await emu.values(id, '场所');
    const rows = after.filter((r) => r[col(after, '编号')] === 'RM-NEW');
    expect(rows).toHaveLength(1);
    expect(rows[0]![col(after, '名称')]).toBe('新名字');
  });

  it('50 seeded random interleavings of staff edits (incl. cut/paste rows, filters, groups) and app updates: 0 wrong-row writes', async () => {
    const { id, data, sheetId } = await setup();
    const r = rng(20261121);
    const total = { applied: 0, conflicts: 0, windowEdits: 0, wrong: [] as string[], unexplained: [] as string[] };
    for (let i = 0; i < 50; i++) {
      const updates: Array<AppUpdate & { writeId: string }> = [];
      const n = 1 + Math.floor(r() * 3);
      for (let j = 0; j < n; j++) {
        const grid = await emu.values(id, '场所');
        const ids = [...new Set(idsOf(grid))].filter((x) => !updates.some((u) => u.id === x));
        const target = ids[Math.floor(r() * ids.length)]!;
        const column = r() < 0.6 ? NAME : RESP;
        const value = `V${i}-${j}`;
        const receipt = await data.update('rooms', target, { [column.key]: value }, meta());
        updates.push({ id: target, column, value, state: 'queued', writeId: receipt.writeId });
        if (r() < 0.8) {
          const edit = randomStaffEdit(r, await emu.values(id, '场所'), sheetId, '场所', ID, RENAMES);
          if (edit.requests || edit.data) await emu.edit(id, { ...edit, valueInputOption: 'RAW' });
        }
      }
      // Most flushes also meet a staff edit inside their read-then-write window.
      const windowEdit = r() < 0.6 ? randomWindowEdit(r, await emu.values(id, '场所'), sheetId) : null;
      if (windowEdit?.requests)
        await emu.call('POST', `/spreadsheets/${encodeURIComponent(id)}/edit-before`, {
          kind: 'values.batchUpdateByDataFilter',
          sheet: '场所',
          ...windowEdit,
        });
      const beforeFlush = await emu.values(id, '场所');
      await data.flush();
      const after = await emu.values(id, '场所');
      const fired = (
        await emu.call<{ fired: Array<{ values: unknown[][] }> }>('GET', `/spreadsheets/${encodeURIComponent(id)}/edit-before`)
      ).fired;
      total.windowEdits += fired.length;
      const before = fired[0]?.values ?? beforeFlush;
      const states = await data.writeStates(updates.map((u) => u.writeId));
      for (const u of updates) u.state = states[u.writeId]?.state ?? 'missing';
      const res = checkFlush(before, after, updates, ID);
      total.applied += res.applied;
      total.conflicts += res.conflicts;
      total.wrong.push(...res.wrongRowWrites.map((w) => `#${i}: ${w}`));
      total.unexplained.push(...res.unexplained.map((w) => `#${i}: ${w}`));
    }
    expect(total.wrong).toEqual([]);
    expect(total.unexplained).toEqual([]);
    expect(total.applied).toBeGreaterThan(20);
  }, 180_000);
});
