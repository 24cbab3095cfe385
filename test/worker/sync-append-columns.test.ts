/**
 * The gateway's appends against Google's table detection (the emulator has it, checked against
 * recorded Google answers): blank cells, blank rows, data below the table, inserted columns.
 * Every value must land under its own header, in the row holding the new ID.
 */
import { describe, expect, it } from 'vitest';
import { audit, rooms } from '../../sheets-schema/index.js';
import { col, emulator, gateway, meta } from './sync-helpers.js';

const emu = emulator('main');
const room = (id: string) => ({ id, name: `测试室 ${id}`, building: '实验楼', floor: 2, type: 'lab' }) as const;
const letter = (i: number) => String.fromCharCode(65 + i);

async function setup() {
  const id = await emu.create([rooms, audit]);
  const data = await gateway(id, { flushDelayMs: 60_000 });
  const sheetId = (await emu.snapshot(id)).sheets.find((s) => s.title === '场所')!.sheetId;
  return { id, data, sheetId, grid: await emu.values(id, '场所') };
}

/** Appends one room, flushes, and returns the new row read back by header text. */
async function appendAndRead(id: string, data: Awaited<ReturnType<typeof setup>>['data'], rowId: string) {
  await data.append('rooms', room(rowId), meta('rooms.add'));
  await data.flush();
  const after = await emu.values(id, '场所');
  const found = after.filter((r) => r.includes(rowId));
  expect(found).toHaveLength(1);
  const row = found[0]!;
  const at = (header: string) => row[col(after, header)];
  return { after, row, at };
}

function expectInPlace(r: Awaited<ReturnType<typeof appendAndRead>>, rowId: string) {
  expect(r.at('编号')).toBe(rowId);
  expect(r.at('名称')).toBe(`测试室 ${rowId}`);
  expect(r.at('楼栋')).toBe('实验楼');
}

describe('appends land in their columns whatever table Google detects', () => {
  it('blank cells in the first columns of the last rows', async () => {
    const { id, data, grid } = await setup();
    const last = grid.length;
    await emu.edit(id, { data: [{ range: `'场所'!A${last}:C${last}`, values: [['', '', '']] }], valueInputOption: 'RAW' });
    expectInPlace(await appendAndRead(id, data, 'RM-A1'), 'RM-A1');
  });

  it('blank rows in the middle: the row goes into the gap, in its columns', async () => {
    const { id, data, sheetId } = await setup();
    await emu.edit(id, { requests: [{ insertDimension: { range: { sheetId, dimension: 'ROWS', startIndex: 4, endIndex: 6 } } }] });
    const r = await appendAndRead(id, data, 'RM-A2');
    expectInPlace(r, 'RM-A2');
  });

  it('data below the table (a total two rows under it, a note far right)', async () => {
    const { id, data, grid } = await setup();
    const width = grid[0]!.length;
    await emu.edit(id, {
      data: [
        { range: `'场所'!${letter(width - 1)}${grid.length + 3}`, values: [['合计 88']] },
        { range: `'场所'!${letter(width + 3)}2`, values: [['备注：三楼在修']] },
      ],
      valueInputOption: 'RAW',
    });
    const r = await appendAndRead(id, data, 'RM-A3');
    expectInPlace(r, 'RM-A3');
    expect(r.after.flat()).toContain('合计 88');
    expect(r.after.flat()).toContain('备注：三楼在修');
  });

  it('an empty column inserted inside the table, and one at A without a header', async () => {
    const { id, data, sheetId } = await setup();
    await emu.edit(id, {
      requests: [
        { insertDimension: { range: { sheetId, dimension: 'COLUMNS', startIndex: 2, endIndex: 3 } } },
        { insertDimension: { range: { sheetId, dimension: 'COLUMNS', startIndex: 0, endIndex: 1 } } },
      ],
    });
    const r = await appendAndRead(id, data, 'RM-A4');
    expectInPlace(r, 'RM-A4');
    expect(r.row[0] ?? '').toBe('');
  });

  it('staff actions (cut/paste rows, a sorting filter, groups) before the append', async () => {
    const { id, data, sheetId, grid } = await setup();
    const width = grid[0]!.length;
    await emu.edit(id, {
      requests: [
        {
          cutPaste: {
            source: { sheetId, startRowIndex: 2, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: width },
            destination: { sheetId, rowIndex: grid.length + 2, columnIndex: 0 },
            pasteType: 'PASTE_NORMAL',
          },
        },
        {
          setBasicFilter: {
            filter: {
              range: { sheetId, startRowIndex: 0, endRowIndex: grid.length, startColumnIndex: 0, endColumnIndex: width },
              sortSpecs: [{ dimensionIndex: 1, sortOrder: 'DESCENDING' }],
            },
          },
        },
        { addDimensionGroup: { range: { sheetId, dimension: 'ROWS', startIndex: 3, endIndex: 8 } } },
      ],
    });
    expectInPlace(await appendAndRead(id, data, 'RM-A5'), 'RM-A5');
  });

  it('a staff totals row (合计, =SUM) closing the table: the new row goes above the last data row and the sum grows to take it', async () => {
    const { id, data, grid } = await setup();
    const n = grid.length; // header + data rows
    const fl = letter(col(grid, '楼层'));
    await emu.edit(id, {
      data: [
        { range: `'场所'!B${n + 1}:${fl}${n + 1}`, values: [['合计', ...Array(col(grid, '楼层') - 2).fill(''), `=SUM(${fl}2:${fl}${n})`]] },
      ],
      valueInputOption: 'USER_ENTERED',
    });
    const r = await appendAndRead(id, data, 'RM-A9');
    expectInPlace(r, 'RM-A9');
    const rowOf = (x: string) => r.after.findIndex((row) => row.includes(x));
    expect(rowOf('RM-A9')).toBe(n - 1); // above the last data row (0-based), inside the sum's range
    expect(rowOf('合计')).toBe(n + 1);
    const formula = (
      await emu.call<{ values: unknown[][] }>(
        'GET',
        `/spreadsheets/${encodeURIComponent(id)}/values?sheet=${encodeURIComponent('场所')}&render=FORMULA`,
      )
    ).values;
    expect(JSON.stringify(formula)).toContain(`=SUM(${fl}2:${fl}${n + 1})`);
  });
});
