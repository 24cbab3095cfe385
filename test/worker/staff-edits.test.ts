/**
 * The staff-edit table of the README ("Staff edit the sheet"): every kind of edit staff make
 * to the spreadsheet, made in the emulator as a person at a desk would, and what the portal
 * does with it — tolerated (read right, written to the right cell) or reported (where, with
 * what words). One case per README row, named by its number there (`#07 …`).
 */
import { abortAllDurableObjects, createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Env } from '../../src/env.js';
import { login, ORIGIN, personWith, type Login } from './auth-helpers.js';
import {
  allTabs,
  assets,
  audit,
  careCheckins,
  checkins,
  greenAreas,
  repairs,
  storeTabs,
  zones,
  calendar,
  carePlans,
  ledgers,
  people,
  registerCatalog,
  registerChecks,
  rooms,
  type TabDef,
} from '../../sheets-schema/index.js';
import { registersModule } from '../../src/plugins/registers/index.js';
import { activePerson } from '../../src/core/auth/people.js';
import { refuseMissing } from '../../src/core/data/missing.js';
import type { SyncedSchoolData } from '../../src/core/data/school-data.js';
import { MASS_CHANGE } from '../../src/core/sync/mass-change.js';
import { MISSING_TAB } from '../../src/core/sync/tab-directory.js';
import type { RowValues } from '../../src/core/sheets/types.js';
import type { Table } from '../../src/core/table/types.js';
import { assetProblems } from '../../src/plugins/assets/problems.js';
import { assetsPlugin } from '../../src/plugins/assets/index.js';
import { cleaningPlugin } from '../../src/plugins/cleaning/index.js';
import { greeningPlugin } from '../../src/plugins/greening/index.js';
import { repairsPlugin } from '../../src/plugins/repairs/index.js';
import { storesPlugin } from '../../src/plugins/stores/index.js';
import { columnLetter } from '../../src/core/sheets/a1.js';
import { rowsGoAt } from '../../src/core/sync/totals-row.js';
import { col, emulator, gateway, meta } from './sync-helpers.js';

const emu = emulator('main');

/** A spreadsheet of its own for one case, read fresh on every read (staleness 0), writes flushed by hand. */
async function school(tabList: readonly TabDef[] = [rooms, audit]) {
  const id = await emu.create(tabList, 'staff edits');
  const data = await gateway(id, { readStalenessMs: 0, flushDelayMs: 60_000 });
  const sheetId = async (title: string) => (await emu.snapshot(id)).sheets.find((s) => s.title === title)!.sheetId;
  const grid = (title: string) => emu.values(id, title);
  const requests = (...rs: unknown[]) => emu.edit(id, { requests: rs });
  /** Type values into cells (A1 ranges), as typed (USER_ENTERED) or verbatim (RAW). */
  const type = (data: Array<{ range: string; values: unknown[][] }>, valueInputOption: 'RAW' | 'USER_ENTERED' = 'RAW') =>
    emu.edit(id, { data, valueInputOption });
  return { id, data, sheetId, grid, requests, type };
}

const rows = async (data: SyncedSchoolData, key: 'rooms' | 'assets' | 'people') => (await data.read([key]))[key] as Table;
const byId = (t: Table, id: string) => t.rows.find((r) => r.id === id);

/** Update a room through the gateway, flush, and return the 场所 grid after. */
async function writeRoom(s: Awaited<ReturnType<typeof school>>, id: string, changes: Record<string, string>) {
  const w = await s.data.update('rooms', id, changes, meta());
  await s.data.flush({ ignoreBackoff: true });
  return { state: (await s.data.writeStates([w.writeId]))[w.writeId]!, grid: await s.grid('场所') };
}

/** The row of a grid holding `id` in the 编号 column. */
const gridRow = (grid: unknown[][], id: string) => grid.find((r) => r[col(grid, '编号')] === id)!;

/** Type into 场所 as staff would, read it, and expect one problem: at `cell`, saying `says`. */
async function reportedAt(typed: Array<{ range: string; values: unknown[][] }>, cell: string, says: string) {
  const s = await school();
  await s.type(typed);
  const t = await rows(s.data, 'rooms');
  expect(t.problems).toEqual([expect.objectContaining({ cell, expected: expect.objectContaining({ zh: expect.stringContaining(says) }) })]);
}

/** The app on spreadsheet `id` (its own gateway), requested as a signed-in person; a form is POSTed. */
function pages(id: string, plugins: Parameters<typeof createApp>[0] = []) {
  const app = createApp(plugins);
  return async (path: string, who: Login, form?: Record<string, string>) => {
    const headers: Record<string, string> = { 'CF-Connecting-IP': '203.0.113.78', cookie: who.cookie };
    if (form) Object.assign(headers, { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN });
    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request(`${ORIGIN}${path}`, {
        method: form ? 'POST' : 'GET',
        headers,
        body: form ? new URLSearchParams({ _csrf: who.csrf, ...form }).toString() : undefined,
        redirect: 'manual',
      }),
      { ...(env as unknown as Env), SPREADSHEET_ID: id, SCHOOLS: undefined },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return { status: res.status, html: await res.text() };
  };
}

interface Case {
  name: string;
  run: () => Promise<void>;
}

const cases: Case[] = [
  // ---- rows ------------------------------------------------------------------------
  {
    name: '#01 rows sorted (Data → Sort range): read by ID, a write lands on its row',
    run: async () => {
      const s = await school();
      const before = await rows(s.data, 'rooms');
      await s.requests({
        sortRange: {
          range: { sheetId: await s.sheetId('场所'), startRowIndex: 1 },
          sortSpecs: [{ dimensionIndex: 1, sortOrder: 'DESCENDING' }],
        },
      });
      const after = await rows(s.data, 'rooms');
      expect(after.rows.map((r) => r.id).sort()).toEqual(before.rows.map((r) => r.id).sort());
      expect(after.problems).toEqual([]);
      const { state, grid } = await writeRoom(s, 'A-102', { responsible: '排序后' });
      expect(state.state).toBe('synced');
      expect(gridRow(grid, 'A-102')[col(grid, '责任人')]).toBe('排序后');
    },
  },
  {
    name: '#02 a filter view sorts and hides rows: every row still read',
    run: async () => {
      const s = await school();
      const n = (await rows(s.data, 'rooms')).rows.length;
      await s.requests({
        setBasicFilter: {
          filter: {
            range: { sheetId: await s.sheetId('场所') },
            sortSpecs: [{ dimensionIndex: 2, sortOrder: 'ASCENDING' }],
            filterSpecs: [{ columnIndex: 4, filterCriteria: { hiddenValues: ['教室'] } }],
          },
        },
      });
      const t = await rows(s.data, 'rooms');
      expect(t.rows).toHaveLength(n);
      expect(t.problems).toEqual([]);
    },
  },
  {
    name: '#03 blank rows inserted between the data: skipped, nothing reported',
    run: async () => {
      const s = await school();
      const n = (await rows(s.data, 'rooms')).rows.length;
      await s.requests({ insertDimension: { range: { sheetId: await s.sheetId('场所'), dimension: 'ROWS', startIndex: 5, endIndex: 8 } } });
      const t = await rows(s.data, 'rooms');
      expect(t.rows).toHaveLength(n);
      expect(t.problems).toEqual([]);
      const below = t.rows[10]!.id;
      const { state, grid } = await writeRoom(s, below, { responsible: '空行之后' });
      expect(state.state).toBe('synced');
      expect(gridRow(grid, below)[col(grid, '责任人')]).toBe('空行之后');
    },
  },
  {
    name: '#04 rows hidden (right-click → Hide rows): still read and written',
    run: async () => {
      const s = await school();
      const n = (await rows(s.data, 'rooms')).rows.length;
      await s.requests({
        updateDimensionProperties: {
          range: { sheetId: await s.sheetId('场所'), dimension: 'ROWS', startIndex: 1, endIndex: 6 },
          properties: { hiddenByUser: true },
          fields: 'hiddenByUser',
        },
      });
      expect((await rows(s.data, 'rooms')).rows).toHaveLength(n);
      expect((await writeRoom(s, 'A-102', { responsible: '隐藏行' })).state.state).toBe('synced');
    },
  },
  {
    name: '#05 header rows frozen (View → Freeze → 2 rows): tolerated',
    run: async () => {
      const s = await school();
      await s.requests({
        updateSheetProperties: {
          properties: { sheetId: await s.sheetId('场所'), gridProperties: { frozenRowCount: 2, frozenColumnCount: 1 } },
          fields: 'gridProperties.frozenRowCount,gridProperties.frozenColumnCount',
        },
      });
      const t = await rows(s.data, 'rooms');
      expect(t.problems).toEqual([]);
      expect(byId(t, 'A-101')?.values.name).toBe('七年级(1)班教室');
    },
  },
  {
    name: '#06 rows grouped (Data → Group rows) and collapsed: tolerated',
    run: async () => {
      const s = await school();
      const n = (await rows(s.data, 'rooms')).rows.length;
      await s.requests({
        addDimensionGroup: { range: { sheetId: await s.sheetId('场所'), dimension: 'ROWS', startIndex: 2, endIndex: 9 } },
      });
      expect((await rows(s.data, 'rooms')).rows).toHaveLength(n);
    },
  },
  {
    name: '#07 rows cut and pasted lower down (leaving blank rows): read by ID, written where they went',
    run: async () => {
      const s = await school();
      const sid = await s.sheetId('场所');
      const g = await s.grid('场所');
      await s.requests({
        cutPaste: {
          source: { sheetId: sid, startRowIndex: 1, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 8 },
          destination: { sheetId: sid, rowIndex: g.length + 2, columnIndex: 0 },
          pasteType: 'PASTE_NORMAL',
        },
      });
      const { state, grid } = await writeRoom(s, 'A-101', { responsible: '剪切后' });
      expect(state.state).toBe('synced');
      expect(grid.findIndex((r) => r[0] === 'A-101')).toBeGreaterThan(g.length);
      expect(gridRow(grid, 'A-101')[col(grid, '责任人')]).toBe('剪切后');
    },
  },
  {
    name: '#08 a row deleted while a change to it waits: parked, saying the row is gone',
    run: async () => {
      const s = await school();
      await rows(s.data, 'rooms');
      const w = await s.data.update('rooms', 'A-101', { responsible: 'x' }, meta());
      await s.requests({ deleteDimension: { range: { sheetId: await s.sheetId('场所'), dimension: 'ROWS', startIndex: 1, endIndex: 2 } } });
      await s.data.flush({ ignoreBackoff: true });
      const st = (await s.data.writeStates([w.writeId]))[w.writeId]!;
      expect(st.state).toBe('conflict');
      expect(st.reason?.zh).toContain('找不到编号为 A-101 的行');
    },
  },
  {
    name: '#09 rows inserted and typed by staff (a new room): read, with its own ID',
    run: async () => {
      const s = await school();
      await s.requests({ insertDimension: { range: { sheetId: await s.sheetId('场所'), dimension: 'ROWS', startIndex: 3, endIndex: 4 } } });
      await s.type([{ range: "'场所'!A4:E4", values: [['Z-901', '新建库房', '综合楼', 1, '库房']] }]);
      expect(byId(await rows(s.data, 'rooms'), 'Z-901')?.values).toMatchObject({ name: '新建库房', type: 'warehouse' });
    },
  },
  {
    name: '#10 a totals row under the data (合计 / 小计 in any cell, or a row of =SUM alone): recognised and left out of the register, nothing reported',
    run: async () => {
      const s = await school([assets, rooms, audit]);
      const g = await s.grid('资产');
      const n = g.length; // header + data rows
      await s.type([{ range: `'资产'!B${n + 1}:I${n + 1}`, values: [['合计', '', '', '', '', '', '', `=SUM(I2:I${n})`]] }], 'USER_ENTERED');
      const t = await rows(s.data, 'assets');
      expect(t.rows).toHaveLength(n - 1);
      expect(t.problems).toEqual([]);
      // 合计 typed in the ID column itself is not an asset called 合计.
      await s.type([{ range: `'资产'!A${n + 1}:B${n + 1}`, values: [['合 计：', '']] }]);
      const typedInId = await rows(s.data, 'assets');
      expect(typedInId.rows.map((r) => r.id)).not.toContain('合 计：');
      expect(typedInId.problems).toEqual([]);
      // A row of =SUM without a label at the bottom reads as numbers only: a totals row too…
      await s.type([{ range: `'资产'!A${n + 1}:I${n + 1}`, values: [['', '', '', '', '', '', '', '', `=SUM(I2:I${n})`]] }], 'USER_ENTERED');
      expect((await rows(s.data, 'assets')).problems).toEqual([]);
      // …but numbers alone with more rows below are a row missing its ID, reported as before.
      await s.type([{ range: `'资产'!A${n + 2}:B${n + 2}`, values: [['QT-9100', '合计行下面的资产']] }]);
      const below = await rows(s.data, 'assets');
      expect(below.problems[0]).toMatchObject({ cell: `A${n + 1}`, expected: { zh: expect.stringContaining('缺少"资产编号"') } });
    },
  },
  {
    name: '#11 an ID typed twice: the first row is used, the second reported; a write to it is parked naming both rows',
    run: async () => {
      const s = await school();
      await rows(s.data, 'rooms');
      await s.type([{ range: "'场所'!A4", values: [['A-101']] }]);
      const t = await rows(s.data, 'rooms');
      expect(t.problems).toEqual([
        expect.objectContaining({
          cell: 'A4',
          expected: expect.objectContaining({ zh: expect.stringContaining('"编号"重复：与第 2 行相同') }),
        }),
      ]);
      const { state } = await writeRoom(s, 'A-101', { responsible: 'x' });
      expect(state.state).toBe('conflict');
      expect(state.reason?.zh).toContain('编号 A-101 出现在多行（第 2、4 行）');
    },
  },
  {
    name: '#12 an ID changed by staff: the new ID is read; a queued change to the old one is parked',
    run: async () => {
      const s = await school();
      await rows(s.data, 'rooms');
      const w = await s.data.update('rooms', 'A-101', { responsible: 'x' }, meta());
      await s.type([{ range: "'场所'!A2", values: [['A-101B']] }]);
      await s.data.flush({ ignoreBackoff: true });
      expect(byId(await rows(s.data, 'rooms'), 'A-101B')).toBeDefined();
      expect((await s.data.writeStates([w.writeId]))[w.writeId]!.state).toBe('conflict');
    },
  },
  {
    name: '#13 IDs typed with spaces or as numbers: the same ID',
    run: async () => {
      const s = await school();
      await s.type([{ range: "'场所'!A2:A3", values: [[' A-101 '], [1203]] }]);
      const t = await rows(s.data, 'rooms');
      expect(byId(t, 'A-101')).toBeDefined();
      expect(byId(t, '1203')).toBeDefined();
      expect((await writeRoom(s, 'A-101', { responsible: '空格编号' })).state.state).toBe('synced');
    },
  },
  {
    name: '#14 a row with data but no ID: reported at its ID cell',
    run: () => reportedAt([{ range: "'场所'!A3", values: [['']] }], 'A3', '缺少"编号"'),
  },
  // ---- columns and headers --------------------------------------------------------
  {
    name: '#15 a column moved (drag the column): found by its header, written in its new place',
    run: async () => {
      const s = await school();
      await s.requests({
        moveDimension: {
          source: { sheetId: await s.sheetId('场所'), dimension: 'COLUMNS', startIndex: 6, endIndex: 7 },
          destinationIndex: 0,
        },
      });
      const { state, grid } = await writeRoom(s, 'A-101', { responsible: '挪列后' });
      expect(state.state).toBe('synced');
      expect(grid[0]![0]).toBe('责任人');
      expect(gridRow(grid, 'A-101')[0]).toBe('挪列后');
    },
  },
  {
    name: '#16 a column of their own inserted: kept, never written, the portal writes around it',
    run: async () => {
      const s = await school();
      await s.requests({
        insertDimension: { range: { sheetId: await s.sheetId('场所'), dimension: 'COLUMNS', startIndex: 2, endIndex: 3 } },
      });
      await s.type([{ range: "'场所'!C1:C2", values: [['钥匙编号'], ['K-7']] }]);
      const { grid } = await writeRoom(s, 'A-101', { responsible: '新列旁' });
      expect(gridRow(grid, 'A-101')[2]).toBe('K-7');
      expect(gridRow(grid, 'A-101')[col(grid, '责任人')]).toBe('新列旁');
      await s.data.append('rooms', { id: 'Z-902', name: '新房间', type: 'office' }, meta());
      await s.data.flush({ ignoreBackoff: true });
      const after = await s.grid('场所');
      expect(gridRow(after, 'Z-902')[col(after, '名称')]).toBe('新房间');
    },
  },
  {
    name: '#17 a header renamed to an alias (名称 → 场所名称) or to English (Name): tolerated',
    run: async () => {
      const s = await school();
      await s.type([{ range: "'场所'!B1:C1", values: [['场所名称', 'Building']] }]);
      const t = await rows(s.data, 'rooms');
      expect(t.problems).toEqual([]);
      expect(byId(t, 'A-101')?.values).toMatchObject({ name: '七年级(1)班教室', building: '教学楼A' });
    },
  },
  {
    name: '#18 headers typed full-width, with spaces, a * marker or a colon (编 号 , ＊名称：): tolerated',
    run: async () => {
      const s = await school();
      await s.type([{ range: "'场所'!A1:B1", values: [['编 号 ', '＊名称：']] }]);
      const t = await rows(s.data, 'rooms');
      expect(t.problems).toEqual([]);
      expect(byId(t, 'A-101')?.values.name).toBe('七年级(1)班教室');
    },
  },
  {
    name: '#19 a known optional column renamed to something unknown (资产 存放地点 → 放哪儿): reported, not read as blank, a form refuses to write it',
    run: async () => {
      const s = await school([assets, rooms, people, audit]);
      await s.type([{ range: "'资产'!E1", values: [['放哪儿']] }]);
      const t = await rows(s.data, 'assets');
      expect(t.problems).toEqual([
        expect.objectContaining({
          header: true,
          column: 'room',
          expected: expect.objectContaining({
            zh: expect.stringContaining('缺少列"存放地点"（也可写作：地点、位置、所在场所、存放位置）'),
          }),
        }),
      ]);
      // …and the header staff typed instead, so the head finds it at once.
      expect(t.problems[0]!.expected.zh).toContain('表头中有门户不认识的列：「放哪儿」（E1）');
      expect(t.problems[0]!.expected.en).toContain('Headers the portal does not know: "放哪儿" (E1).');
      expect(() => refuseMissing(t, { room: '库房' })).toThrow(/has no column "存放地点"/);
      // Pages say the column is missing where its values would be; the form says so before saving.
      const req = pages(s.id, [assetsPlugin]);
      const head = await login(personWith('head'));
      const list = await req('/assets', head);
      expect(list.html).toContain('缺少列&quot;存放地点&quot;');
      expect(list.html.match(/（缺列）/g)?.length).toBeGreaterThan(5);
      expect((await req('/assets/JJ-0001', head)).html).toContain('<dd><span class="missing-col">（缺列）</span></dd>');
      expect((await req('/assets?lang=en', head)).html).toContain('(column missing)');
      const form = (await req('/assets/new', head)).html;
      expect(form).toContain('表格中缺少「存放地点」列');
      expect(form).toMatch(/id="f-room"[^>]*disabled/);
    },
  },
  {
    name: '#20 a required column deleted (类型): reported at the cell where it would go back',
    run: async () => {
      const s = await school();
      await s.requests({
        deleteDimension: { range: { sheetId: await s.sheetId('场所'), dimension: 'COLUMNS', startIndex: 4, endIndex: 5 } },
      });
      const t = await rows(s.data, 'rooms');
      expect(t.problems).toContainEqual(
        expect.objectContaining({
          header: true,
          cell: 'H1',
          column: 'type',
          expected: expect.objectContaining({ zh: expect.stringContaining('缺少必填列"类型"') }),
        }),
      );
    },
  },
  {
    name: '#21 the ID column deleted: no rows shown, the missing 编号 reported',
    run: async () => {
      const s = await school();
      await s.requests({
        deleteDimension: { range: { sheetId: await s.sheetId('场所'), dimension: 'COLUMNS', startIndex: 0, endIndex: 1 } },
      });
      const t = await rows(s.data, 'rooms');
      expect(t.rows).toEqual([]);
      expect(t.problems).toContainEqual(expect.objectContaining({ header: true, column: 'id' }));
    },
  },
  {
    name: '#22 a header typed twice: the first used, the second reported at its own cell',
    run: () => reportedAt([{ range: "'场所'!I1", values: [['责任人']] }], 'I1', '列标题"责任人"重复'),
  },
  {
    name: '#23 the header row cleared: one problem at A1 saying row 1 should be the header',
    run: async () => {
      const s = await school();
      await s.type([{ range: "'场所'!A1:H1", values: [['', '', '', '', '', '', '', '']] }]);
      const t = await rows(s.data, 'rooms');
      expect(t.rows).toEqual([]);
      expect(t.problems).toContainEqual(
        expect.objectContaining({ cell: 'A1', expected: expect.objectContaining({ zh: expect.stringContaining('第 1 行应为表头') }) }),
      );
    },
  },
  {
    name: '#24 a merged title row above the header (育才实验学校资产登记表): the header is found below it, writes and new rows land right',
    run: async () => {
      const s = await school([assets, rooms, audit]);
      const sid = await s.sheetId('资产');
      await s.requests({ insertDimension: { range: { sheetId: sid, dimension: 'ROWS', startIndex: 0, endIndex: 2 } } });
      await s.type([{ range: "'资产'!A1", values: [['育才实验学校资产登记表']] }]);
      await s.requests({
        mergeCells: {
          range: { sheetId: sid, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 13 },
          mergeType: 'MERGE_ALL',
        },
      });
      const t = await rows(s.data, 'assets');
      expect(t.problems).toEqual([]);
      expect(t.header.row).toBe(3);
      expect(byId(t, 'JJ-0001')).toMatchObject({ row: 4, values: { name: '讲台' } });
      await s.data.update('assets', 'JJ-0002', { responsible: '标题行下' }, meta());
      await s.data.append('assets', { tag: 'QT-9001', name: '标题行下的新资产', category: 'other', status: 'in_use' }, meta());
      await s.data.flush({ ignoreBackoff: true });
      const g = await s.grid('资产');
      expect(g[0]![0]).toBe('育才实验学校资产登记表');
      expect(g[1]!.every((v) => v === '' || v === null)).toBe(true);
      expect(g[3]![0]).toBe('JJ-0001');
      const h = g[2] as unknown[];
      expect(g.find((r) => r[0] === 'JJ-0002')![h.indexOf('责任人')]).toBe('标题行下');
      expect(g.at(-1)![0]).toBe('QT-9001');
      expect(g.filter((r) => r[0] === 'QT-9001')).toHaveLength(1);
    },
  },
  // ---- cells ----------------------------------------------------------------------
  {
    name: '#25 dates typed six ways (2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日, 20260305, a date cell): one date',
    run: async () => {
      const s = await school([assets, rooms, audit]);
      const typed = ['2026-03-05', '2026/3/5', '2026.3.5', '2026年3月5日', '20260305'];
      await s.type(typed.map((v, i) => ({ range: `'资产'!H${i + 2}`, values: [[v]] })));
      await s.type([{ range: "'资产'!H7", values: [['2026-03-05']] }], 'USER_ENTERED');
      const t = await rows(s.data, 'assets');
      expect(t.problems).toEqual([]);
      expect(t.rows.slice(0, 6).map((r) => r.values.acquired)).toEqual(Array(6).fill('2026-03-05'));
    },
  },
  {
    name: '#26 an unreadable date (下周一): reported at its cell, the rest of the row kept',
    run: async () => {
      const s = await school([assets, rooms, audit]);
      await s.type([{ range: "'资产'!H2", values: [['下周一']] }]);
      const t = await rows(s.data, 'assets');
      expect(t.problems).toEqual([expect.objectContaining({ cell: 'H2', value: '下周一', rowId: 'JJ-0001' })]);
      expect(byId(t, 'JJ-0001')?.values).toMatchObject({ acquired: null, name: '讲台' });
    },
  },
  {
    name: '#27 money typed ¥1,200.50 / 1200元 / ￥８００ / a number cell: amounts',
    run: async () => {
      const s = await school([assets, rooms, audit]);
      await s.type([{ range: "'资产'!I2:I4", values: [['¥1,200.50'], ['1200元'], ['￥８００']] }]);
      await s.type([{ range: "'资产'!I5", values: [['1,234.5']] }], 'USER_ENTERED');
      const t = await rows(s.data, 'assets');
      expect(t.problems).toEqual([]);
      expect(t.rows.slice(0, 4).map((r) => r.values.price)).toEqual([1200.5, 1200, 800, 1234.5]);
    },
  },
  {
    name: '#28 an amount that cannot be read (1,5) or is negative: reported, not guessed',
    run: async () => {
      const s = await school([assets, rooms, audit]);
      await s.type([{ range: "'资产'!I2:I3", values: [['1,5'], [-30]] }]);
      const t = await rows(s.data, 'assets');
      expect(t.problems.map((p) => p.cell)).toEqual(['I2', 'I3']);
    },
  },
  {
    name: '#29 yes/no typed as 是, √, 停用, ×, TRUE/FALSE: read as yes and no',
    run: async () => {
      const s = await school([people, audit]);
      await s.type([{ range: "'人员'!F2:F5", values: [['是'], ['√'], ['停用'], ['×']] }]);
      await s.type([{ range: "'人员'!F6:F7", values: [['TRUE'], ['FALSE']] }], 'USER_ENTERED');
      const t = await rows(s.data, 'people');
      expect(t.problems).toEqual([]);
      expect(t.rows.slice(0, 6).map((r) => r.values.active)).toEqual([true, true, false, false, true, false]);
    },
  },
  {
    name: '#30 a choice typed another way (使用中 for 在用, 维修 with full-width spaces for 维修中): read as that choice',
    run: async () => {
      const s = await school([assets, rooms, audit]);
      await s.type([{ range: "'资产'!J2:J3", values: [['使用中'], ['\u3000维修 ']] }]);
      const t = await rows(s.data, 'assets');
      expect(t.problems).toEqual([]);
      expect([byId(t, 'JJ-0001')?.values.status, byId(t, 'JJ-0002')?.values.status]).toEqual(['in_use', 'repairing']);
    },
  },
  {
    name: '#31 a choice the portal does not know (损毁待查): reported with the choices allowed',
    run: async () => {
      const s = await school([assets, rooms, audit]);
      await s.type([{ range: "'资产'!J2", values: [['损毁待查']] }]);
      const t = await rows(s.data, 'assets');
      expect(t.problems).toEqual([
        expect.objectContaining({ cell: 'J2', expected: expect.objectContaining({ zh: expect.stringContaining('在用') }) }),
      ]);
    },
  },
  {
    name: '#32 full-width digits and text (３, Ａ座): numbers read, text kept as typed',
    run: async () => {
      const s = await school();
      await s.type([{ range: "'场所'!C2:D2", values: [['Ａ座', '３']] }]);
      const t = await rows(s.data, 'rooms');
      expect(t.problems).toEqual([]);
      expect(byId(t, 'A-101')?.values).toMatchObject({ building: 'Ａ座', floor: 3 });
    },
  },
  {
    name: '#33 formulas in cells (=B2&"楼", =1+2): their results are read; the portal never writes a formula',
    run: async () => {
      const s = await school();
      await s.type([{ range: "'场所'!C2:D2", values: [['=B2&"楼"', '=1+2']] }], 'USER_ENTERED');
      const t = await rows(s.data, 'rooms');
      expect(byId(t, 'A-101')?.values).toMatchObject({ building: '七年级(1)班教室楼', floor: 3 });
      const { grid } = await writeRoom(s, 'A-101', { responsible: '=1+1' });
      expect(gridRow(grid, 'A-101')[col(grid, '责任人')]).toBe('=1+1');
    },
  },
  {
    name: '#34 line breaks inside a cell (Alt+Enter): kept in text',
    run: async () => {
      const s = await school();
      await s.type([{ range: "'场所'!H2", values: [['第一行\n第二行']] }]);
      expect(byId(await rows(s.data, 'rooms'), 'A-101')?.values.notes).toBe('第一行\n第二行');
    },
  },
  {
    name: '#35 a very long cell (20,000 characters): read whole, nothing breaks',
    run: async () => {
      const s = await school();
      await s.type([{ range: "'场所'!H2", values: [['长'.repeat(20_000)]] }]);
      const t = await rows(s.data, 'rooms');
      expect(String(byId(t, 'A-101')?.values.notes)).toHaveLength(20_000);
    },
  },
  {
    name: '#36 hostile text typed into cells (<script>, a quoted =HYPERLINK): read as plain text',
    run: async () => {
      const s = await school();
      await s.type([{ range: "'场所'!B2:C2", values: [['<script>alert(1)</script>', '\'=HYPERLINK("http://x")']] }]);
      const t = await rows(s.data, 'rooms');
      expect(byId(t, 'A-101')?.values.name).toBe('<script>alert(1)</script>');
      expect(t.problems).toEqual([]);
    },
  },
  {
    name: '#37 colours, cell notes and dropdowns added by staff: tolerated',
    run: async () => {
      const s = await school();
      const sid = await s.sheetId('场所');
      await s.requests(
        {
          repeatCell: {
            range: { sheetId: sid, startRowIndex: 1, endRowIndex: 5 },
            cell: { userEnteredFormat: { backgroundColor: { red: 1, green: 0.9, blue: 0.6 } }, note: '检查过' },
            fields: 'userEnteredFormat.backgroundColor,note',
          },
        },
        {
          setDataValidation: {
            range: { sheetId: sid, startRowIndex: 1, endRowIndex: 80, startColumnIndex: 4, endColumnIndex: 5 },
            rule: {
              condition: { type: 'ONE_OF_LIST', values: [{ userEnteredValue: '教室' }, { userEnteredValue: '办公室' }] },
              showCustomUi: true,
            },
          },
        },
      );
      const t = await rows(s.data, 'rooms');
      expect(t.problems).toEqual([]);
      expect((await writeRoom(s, 'A-101', { responsible: '格式' })).state.state).toBe('synced');
    },
  },
  {
    name: '#38 cells merged down a column (one 楼栋 over three rooms): each row reads the merged value; a merged ID is reported naming the range; a change that would split a merge is parked',
    run: async () => {
      const s = await school();
      const sid = await s.sheetId('场所');
      const before = await rows(s.data, 'rooms');
      await s.data.tabNotices(); // the desk's first look at the tabs (merges come with it)
      const [a, b, c] = before.rows.slice(0, 3).map((r) => r.id);
      await s.requests({
        mergeCells: {
          range: { sheetId: sid, startRowIndex: 1, endRowIndex: 4, startColumnIndex: 2, endColumnIndex: 3 },
          mergeType: 'MERGE_ALL',
        },
      });
      // No desk visit needed: a read past the staleness looks at the tabs again beside its batchGet.
      const t = await rows(s.data, 'rooms');
      expect([a, b, c].map((id) => byId(t, id!)?.values.building)).toEqual(Array(3).fill(byId(before, a!)?.values.building));
      expect(t.problems).toEqual([]);
      // Changing 楼栋 for one of the three rooms would change the others (or land in a hidden cell): parked, naming the range.
      const split = await writeRoom(s, b!, { building: '实验楼' });
      expect(split.state.state).toBe('conflict');
      expect(split.state.reason?.zh).toContain('合并单元格 C2:C4');
      expect(split.grid[2]![2]).toBe('');
      // The same value, or another column of that row, is written as usual.
      expect((await writeRoom(s, b!, { building: String(byId(before, a!)?.values.building), responsible: '合并后' })).state.state).toBe(
        'synced',
      );
      // A merged ID cell is never filled down (it would duplicate IDs): one problem naming the range.
      await s.requests({
        mergeCells: {
          range: { sheetId: sid, startRowIndex: 5, endRowIndex: 8, startColumnIndex: 0, endColumnIndex: 1 },
          mergeType: 'MERGE_ALL',
        },
      });
      const ids = await rows(s.data, 'rooms');
      expect(ids.rows).toHaveLength(before.rows.length - 2);
      expect(ids.problems).toEqual([
        expect.objectContaining({
          cell: 'A6',
          expected: expect.objectContaining({ zh: expect.stringContaining('"编号"单元格被合并（A6:A8）') }),
        }),
      ]);
    },
  },
  // ---- rooms and people -----------------------------------------------------------
  {
    name: '#39 a room renamed in 场所 while assets still name it: each asset reported on /problems',
    run: async () => {
      const s = await school([assets, rooms, audit]);
      await s.type([{ range: "'场所'!B2", values: [['七年级一班']] }]);
      const { assets: a, rooms: r } = await s.data.read(['assets', 'rooms']);
      const empty = { ...r, rows: [] } as Table as never; // any tab, no rows
      const found = assetProblems({ assets: a, rooms: r, classes: empty, assetLoans: empty, assetWriteOffs: empty, classChecks: empty });
      expect(found.length).toBeGreaterThan(0);
      expect(found.every((p) => p.column === 'room' && p.expected.zh.includes('七年级(1)班教室'))).toBe(true);
    },
  },
  {
    name: '#40 a room deleted from 场所: its assets reported on /problems; a change to it parked',
    run: async () => {
      const s = await school([assets, rooms, audit]);
      await s.requests({ deleteDimension: { range: { sheetId: await s.sheetId('场所'), dimension: 'ROWS', startIndex: 1, endIndex: 2 } } });
      const { assets: a, rooms: r } = await s.data.read(['assets', 'rooms']);
      const empty = { ...r, rows: [] } as Table as never; // any tab, no rows
      expect(
        assetProblems({ assets: a, rooms: r, classes: empty, assetLoans: empty, assetWriteOffs: empty, classChecks: empty }).length,
      ).toBeGreaterThan(0);
      expect((await writeRoom(s, 'A-101', { responsible: 'x' })).state.state).toBe('conflict');
    },
  },
  {
    name: '#41 a person renamed, re-roled, switched off or deleted in 人员: sign-in follows within the staleness',
    run: async () => {
      const s = await school([people, audit]);
      await s.type([
        { range: "'人员'!B2:C2", values: [['董长青（退休）', '后勤人员']] },
        { range: "'人员'!F3", values: [['否']] },
      ]);
      await s.requests({ deleteDimension: { range: { sheetId: await s.sheetId('人员'), dimension: 'ROWS', startIndex: 3, endIndex: 4 } } });
      const t = await rows(s.data, 'people');
      expect(activePerson(t, 'P001')).toMatchObject({ name: '董长青（退休）', role: 'staff' });
      expect(activePerson(t, 'P002')).toBeNull();
      expect(activePerson(t, 'P003')).toBeNull();
    },
  },
  // ---- tabs -----------------------------------------------------------------------
  {
    name: '#42 a tab of their own added (备忘): ignored, nothing reported',
    run: async () => {
      const s = await school();
      await s.requests({ addSheet: { properties: { title: '备忘' } } });
      expect((await rows(s.data, 'rooms')).problems).toEqual([]);
      expect(await s.data.tabNotices()).toEqual([]);
    },
  },
  {
    name: '#43 tabs reordered, coloured or hidden: tolerated',
    run: async () => {
      const s = await school();
      await s.requests({
        updateSheetProperties: {
          properties: { sheetId: await s.sheetId('场所'), index: 1, hidden: true, tabColor: { red: 1 } },
          fields: 'index,hidden,tabColor',
        },
      });
      expect((await rows(s.data, 'rooms')).rows.length).toBeGreaterThan(50);
    },
  },
  {
    name: '#44 a tab renamed (场所 → 场所（2026春）): followed by its sheet ID, the head told',
    run: async () => {
      const s = await school();
      await rows(s.data, 'rooms');
      await s.data.tabNotices();
      await s.requests({
        updateSheetProperties: { properties: { sheetId: await s.sheetId('场所'), title: '场所（2026春）' }, fields: 'title' },
      });
      expect((await rows(s.data, 'rooms')).title).toBe('场所（2026春）');
      expect((await s.data.tabNotices())[0]?.text.zh).toContain('「场所」已改名为「场所（2026春）」');
    },
  },
  {
    name: '#45 a tab deleted, then restored: said plainly while gone (no stale copy), back when restored',
    run: async () => {
      const s = await school([rooms, people, audit]);
      const n = (await rows(s.data, 'rooms')).rows.length;
      await s.data.tabNotices();
      const sheet = (await emu.snapshot(s.id)).sheets.find((x) => x.title === '场所')!;
      await s.requests({ deleteSheet: { sheetId: sheet.sheetId } });
      await s.data.tabNotices();
      const gone = await rows(s.data, 'rooms');
      expect(gone.rows).toEqual([]);
      expect(gone.problems[0]).toMatchObject({ column: MISSING_TAB, expected: { zh: expect.stringContaining('已被删除') } });
      // The banner on a page that reads it names the tab once (the message names it already).
      const banner = (await pages(s.id)('/problems', await login(personWith('head')))).html;
      expect(banner).toContain('工作表「场所」已被删除');
      expect(banner).toContain('<a href="/problems">工作表「校历」已被删除'); // the layout reads 校历, absent here
      expect(banner).not.toMatch(/「([^」]+)」工作表「\1」/);
      // A teacher is told too, without a link to /problems (a page they may not open).
      const teacher = (await pages(s.id)('/', await login(personWith('teacher')))).html;
      expect(teacher).toContain('工作表「校历」已被删除');
      expect(teacher).not.toContain('href="/problems"');
      await s.requests({ addSheet: { properties: { title: '场所' } } });
      await s.type([{ range: "'场所'!A1", values: sheet.values }]);
      await s.data.tabNotices();
      expect((await rows(s.data, 'rooms')).rows).toHaveLength(n);
    },
  },
  {
    name: '#46 a column renamed and renamed back: reported while renamed, gone after',
    run: async () => {
      const s = await school();
      // A new room queued before the rename (its form saw 责任人) reaches the flush after it.
      const queued = await s.data.append(
        'rooms',
        { id: 'Z-950', name: '改名时新建', building: '实验楼', floor: 2, type: 'lab', responsible: '董老师' },
        meta('rooms.add'),
      );
      await s.type([{ range: "'场所'!G1", values: [['管理员']] }]);
      expect((await rows(s.data, 'rooms')).problems).toContainEqual(expect.objectContaining({ column: 'responsible' }));
      // Parked naming the column, never appended with its 责任人 dropped (or put under 管理员).
      await s.data.flush({ ignoreBackoff: true });
      const parked = (await s.data.writeStates([queued.writeId]))[queued.writeId]!;
      expect(parked.state).toBe('conflict');
      expect(parked.reason?.zh).toContain('责任人');
      expect((await s.grid('场所')).flat()).not.toContain('Z-950');
      await s.type([{ range: "'场所'!G1", values: [['责任人']] }]);
      expect((await rows(s.data, 'rooms')).problems).toEqual([]);
      // Renamed back: retried, it lands whole.
      await s.data.retry(queued.writeId);
      await s.data.flush({ ignoreBackoff: true });
      const grid = await s.grid('场所');
      expect(gridRow(grid, 'Z-950')[col(grid, '责任人')]).toBe('董老师');
      // A register's list and form say the same, from the same core rule.
      const r = await school([ledgers.visitors, registerCatalog, registerChecks, calendar, people, audit]);
      await r.type([{ range: "'来访登记'!D1", values: [['来自哪里']] }]);
      const req = pages(r.id, [registersModule]);
      const head = await login(personWith('head'));
      const list = (await req('/registers/visitors', head)).html;
      expect(list.match(/<td>（缺列）<\/td>/g)?.length).toBeGreaterThan(0);
      expect((await req('/registers/visitors/new', head)).html).toContain('表格中缺少「单位」列');
      await r.type([{ range: "'来访登记'!D1", values: [['单位']] }]);
      expect((await req('/registers/visitors', head)).html).not.toContain('（缺列）');
    },
  },
  // ---- mass changes ---------------------------------------------------------------
  {
    name: '#47 most rows deleted at once (select all → Delete rows): held — pages keep the rows as they were, the head is warned with the way back',
    run: async () => {
      const s = await school();
      const before = await rows(s.data, 'rooms');
      await s.requests({
        deleteDimension: {
          range: { sheetId: await s.sheetId('场所'), dimension: 'ROWS', startIndex: 6, endIndex: before.rows.length + 1 },
        },
      });
      const held = await rows(s.data, 'rooms');
      expect(held.rows).toHaveLength(before.rows.length);
      expect(held.problems[0]).toMatchObject({
        header: true,
        column: MASS_CHANGE,
        expected: { zh: expect.stringContaining(`少了 ${before.rows.length - 5} 行`) },
      });
      expect(held.problems[0]!.expected.zh).toContain('版本记录');
      const notices = await s.data.tabNotices();
      expect(notices).toMatchObject([{ kind: 'massChange', key: 'rooms' }]);
      expect(notices[0]!.text.en).toContain('Version history');
    },
  },
  {
    name: '#48 a known column cleared (select the column → Delete): held, the head is warned',
    run: async () => {
      const s = await school();
      const before = await rows(s.data, 'rooms');
      const g = await s.grid('场所');
      await s.type([{ range: `'场所'!G2:G${g.length}`, values: g.slice(1).map(() => ['']) }]);
      const held = await rows(s.data, 'rooms');
      expect(byId(held, 'A-101')?.values.responsible).toBe(byId(before, 'A-101')?.values.responsible);
      expect(held.problems[0]).toMatchObject({ column: MASS_CHANGE, expected: { zh: expect.stringContaining('「责任人」列被整列清空') } });
    },
  },
  {
    name: '#49 a mass change undone from the version history: the guard lifts by itself',
    run: async () => {
      const s = await school();
      await rows(s.data, 'rooms');
      const sheet = (await emu.snapshot(s.id)).sheets.find((x) => x.title === '场所')!;
      const g = await s.grid('场所');
      await s.type([{ range: `'场所'!B2:B${g.length}`, values: g.slice(1).map(() => ['']) }]);
      expect((await rows(s.data, 'rooms')).problems[0]?.column).toBe(MASS_CHANGE);
      await s.type([{ range: "'场所'!A1", values: sheet.values }]);
      expect((await rows(s.data, 'rooms')).problems).toEqual([]);
      expect(await s.data.tabNotices()).toEqual([]);
    },
  },
  {
    name: '#50 a mass change the head confirms as intended: the portal takes the tab as it now is',
    run: async () => {
      const s = await school();
      await rows(s.data, 'rooms');
      await s.requests({
        deleteDimension: { range: { sheetId: await s.sheetId('场所'), dimension: 'ROWS', startIndex: 4, endIndex: 80 } },
      });
      expect((await rows(s.data, 'rooms')).problems[0]?.column).toBe(MASS_CHANGE);
      expect(await s.data.acceptMassChange('rooms')).toBe(true);
      const now = await rows(s.data, 'rooms');
      expect(now.problems).toEqual([]);
      expect(now.rows.length).toBeLessThan(20);
      expect(await s.data.tabNotices()).toEqual([]);
    },
  },
  {
    name: '#51 the care plan emptied (8 plans, 7 deleted): held, so a schedule generated meanwhile works from the plans as they were',
    run: async () => {
      const s = await school([carePlans, audit]);
      const before = (await s.data.read(['carePlans'])).carePlans as Table;
      expect(before.rows).toHaveLength(8);
      await s.requests({
        deleteDimension: { range: { sheetId: await s.sheetId('养护计划'), dimension: 'ROWS', startIndex: 2, endIndex: 9 } },
      });
      const held = (await s.data.read(['carePlans'])).carePlans as Table;
      expect(held.rows.map((r) => r.id)).toEqual(before.rows.map((r) => r.id));
      expect(held.problems[0]).toMatchObject({ column: MASS_CHANGE, expected: { zh: expect.stringContaining('少了 7 行（8 → 1）') } });
    },
  },
  {
    name: '#52 most rows deleted while the gateway was evicted (a Durable Object idles out): held from the stored copy, not shown empty',
    run: async () => {
      const s = await school();
      const before = await rows(s.data, 'rooms');
      await abortAllDurableObjects();
      await s.requests({
        deleteDimension: {
          range: { sheetId: await s.sheetId('场所'), dimension: 'ROWS', startIndex: 3, endIndex: before.rows.length + 1 },
        },
      });
      const again = await gateway(s.id, { readStalenessMs: 0 });
      const held = await rows(again, 'rooms');
      expect(held.rows.map((r) => r.id)).toEqual(before.rows.map((r) => r.id));
      expect(held.problems[0]?.column).toBe(MASS_CHANGE);
    },
  },
];

describe('staff edit the sheet: the README table, one case per row', { timeout: 30_000 }, () => {
  for (const c of cases) it(c.name, c.run);
});

// The README cites each row by its number: numbers are unique and in order.
it('staff-edit cases are numbered #01… in order', () => {
  expect(cases.map((c) => c.name.slice(0, 3))).toEqual(cases.map((_, i) => `#${String(i + 1).padStart(2, '0')}`));
});

// The head's side of the guard through the real app (its own spreadsheet, so no other test sees the slip).
describe('the mass-change guard on the desk and /problems', { timeout: 30_000 }, () => {
  it('warns the head in both languages with the way back; only the head may confirm; confirming takes the tab as it is', async () => {
    const s = await school([rooms, people, audit]);
    const req = pages(s.id);
    const head = await login(personWith('head'));
    const staff = await login(personWith('staff'));
    expect((await req('/problems', head)).html).not.toContain('突然少了');
    await s.requests({ deleteDimension: { range: { sheetId: await s.sheetId('场所'), dimension: 'ROWS', startIndex: 4, endIndex: 80 } } });
    const problems = await req('/problems', head);
    expect(problems.html).toContain('工作表「场所」突然少了 76 行（88 → 12）');
    expect(problems.html).toContain('文件 → 版本记录 → 查看版本记录');
    expect(problems.html).toContain('action="/problems/accept/rooms"');
    const en = (await req('/problems?lang=en', head)).html;
    expect(en).toContain('(Rooms) suddenly lost 76 rows (88 → 12)');
    expect(en).toContain('File → Version history → See version history');
    expect(en).toContain('This change was intended');
    expect((await req('/', head)).html).toContain('突然少了 76 行');
    expect((await req('/problems', staff)).html).not.toContain('action="/problems/accept/rooms"');
    expect((await req('/problems/accept/rooms', staff, {})).status).toBe(403);
    expect((await rows(s.data, 'rooms')).rows).toHaveLength(88);
    expect((await req('/problems/accept/rooms', head, {})).status).toBe(303);
    expect((await req('/problems', head)).html).not.toContain('突然少了');
    expect((await rows(s.data, 'rooms')).rows).toHaveLength(12);
  });
});

// Row #10's new rows: where they go so the staff's =SUM takes them (rowsGoAt), made in the emulator as the
// batched append will make them (insertDimension, then the values), against where values.append puts them.
describe('#10 new rows and a staff totals row: inserted above the last data row, the =SUM grows', { timeout: 30_000 }, () => {
  it('takes the new row into the total there, and not when inserted right above the totals row', async () => {
    const s = await school([assets, rooms, audit]);
    const g = await s.grid('资产');
    const n = g.length; // header + data rows; the totals row goes under them, at sheet row n + 1
    const amount = col(g, '单价');
    const letter = columnLetter(amount);
    await s.type(
      [
        {
          range: `'资产'!B${n + 1}:${letter}${n + 1}`,
          values: [['合计', ...Array(amount - 2).fill(''), `=SUM(${letter}2:${letter}${n})`]],
        },
      ],
      'USER_ENTERED',
    );
    const total = async () => {
      const now = await s.grid('资产');
      return now.find((r) => r[1] === '合计')![amount];
    };
    const before = Number(await total());
    const at = rowsGoAt((await s.grid('资产')) as RowValues[], 1, col(g, '资产编号'), n + 1);
    expect(at).toBe(n - 1); // above the last data row
    const sheetId = await s.sheetId('资产');
    const insert = (index: number) =>
      s.requests({
        insertDimension: { range: { sheetId, dimension: 'ROWS', startIndex: index, endIndex: index + 1 }, inheritFromBefore: true },
      });
    await insert(at);
    await s.type([
      { range: `'资产'!A${at + 1}:B${at + 1}`, values: [['QT-9200', '新课桌']] },
      { range: `'资产'!${letter}${at + 1}`, values: [[1000]] },
    ]);
    expect(Number(await total())).toBe(before + 1000);
    // Where values.append (or an insert at the table's end) puts it: under the data, outside =SUM(…2:…n+1).
    await insert(n + 1);
    await s.type([
      { range: `'资产'!A${n + 2}:B${n + 2}`, values: [['QT-9201', '新椅子']] },
      { range: `'资产'!${letter}${n + 2}`, values: [[500]] },
    ]);
    expect(Number(await total())).toBe(before + 1000);
    expect((await rows(s.data, 'assets')).rows.map((r) => r.id)).toEqual(expect.arrayContaining(['QT-9200', 'QT-9201']));
  });
});

// Row #19 on every module's pages: a known column staff renamed shows as missing where its
// values would be (never blanks), the form that would write it says so, and a submit is
// refused before anything is queued — no row lands with a value in a wrong column.
describe('#19 on each module: a renamed column is said missing on lists, details, prints and forms', { timeout: 60_000 }, () => {
  /** Rename header `from` of `tab` to `to` in the sheet (as a person would retype it). */
  async function rename(id: string, tab: TabDef, from: string, to: string) {
    const grid = await emu.values(id, tab.zh);
    await emu.edit(id, { data: [{ range: `'${tab.zh}'!${columnLetter(col(grid, from))}1`, values: [[to]] }], valueInputOption: 'RAW' });
    return grid;
  }
  const missingIn = (html: string) => html.match(/<span class="missing-col">（缺列）<\/span>/g)?.length ?? 0;
  const warns = (column: string) => `表格中缺少「${column}」列`;

  it('repairs: board, detail and the report form; a report naming an asset is refused', async () => {
    const id = await emu.create(allTabs, 'missing column: repairs');
    const grid = await rename(id, repairs, '资产编号', '设备码');
    const withAsset = grid.find((r, i) => i > 0 && r[col(grid, '资产编号')])!;
    const req = pages(id, [repairsPlugin]);
    const head = await login(personWith('head'));
    const board = (await req('/repairs?status=all', head)).html;
    expect(board).toContain('缺少列&quot;资产编号&quot;');
    expect(missingIn(board)).toBeGreaterThan(3);
    const detail = (await req(`/repairs/${withAsset[0]}`, head)).html;
    expect(detail).toContain('<dt>资产编号</dt><dd><span class="missing-col">（缺列）</span></dd>');
    expect((await req(`/repairs/${withAsset[0]}?lang=en`, head)).html).toContain(
      '<dd><span class="missing-col">(column missing)</span></dd>',
    );
    expect((await req('/repairs/new', head)).html).toContain(warns('资产编号'));
    const before = (await emu.values(id, repairs.zh)).length;
    const sent = await req('/repairs', head, {
      _key: 'k-missing-asset',
      room: String(withAsset[col(grid, '地点')]),
      asset: String(withAsset[0 + col(grid, '资产编号')]),
      category: 'electrical',
      urgency: 'small',
      description: '灯不亮',
    });
    expect(sent.status).toBe(409);
    expect(sent.html).toContain('缺少列「资产编号」');
    expect(await emu.values(id, repairs.zh)).toHaveLength(before);
    // The form disables the field; the report without it goes in whole, nothing under 设备码.
    expect((await req('/repairs/new', head)).html).toMatch(/id="f-asset"[^>]*disabled/);
    const plain = await req('/repairs', head, {
      _key: 'k-missing-asset-2',
      room: String(withAsset[col(grid, '地点')]),
      category: 'electrical',
      urgency: 'small',
      description: '灯不亮',
    });
    expect(plain.status).toBeLessThan(400);
    await (await gateway(id)).flush({ ignoreBackoff: true });
    const after = await emu.values(id, repairs.zh);
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)![col(after, '问题描述')]).toBe('灯不亮');
    expect(after.at(-1)![col(after, '设备码')] ?? '').toBe('');
  });

  it('greening: areas list, area page, labels and the check-in form; a problem report is refused', async () => {
    const id = await emu.create(allTabs, 'missing column: greening');
    const grid = await rename(id, greenAreas, '位置', '在哪');
    await rename(id, careCheckins, '问题描述', '啥问题');
    const area = String(grid[1]![0]);
    const req = pages(id, [greeningPlugin]);
    const head = await login(personWith('head'));
    const list = (await req('/greening/areas', head)).html;
    expect(missingIn(list)).toBe(grid.length - 1);
    expect((await req('/greening/areas?lang=en', head)).html).toContain('(column missing)');
    expect((await req(`/greening/a/${area}`, head)).html).toContain('位置 <span class="missing-col">（缺列）</span>');
    const form = (await req(`/greening/checkin?area=${area}&outcome=problem`, head)).html;
    expect(form).toContain(warns('问题描述'));
    const before = (await emu.values(id, careCheckins.zh)).length;
    const sent = await req('/greening/checkin', head, { _key: 'k-missing-problem', area, outcome: 'problem', problem: '树倒了' });
    expect(sent.status).toBe(409);
    expect(await emu.values(id, careCheckins.zh)).toHaveLength(before);
  });

  it('cleaning: zones list, today board, posters and the zone form; a new zone with a 楼栋 is refused', async () => {
    const id = await emu.create(allTabs, 'missing column: cleaning');
    const grid = await rename(id, zones, '楼栋', '楼');
    await rename(id, checkins, '问题说明', '情况');
    const req = pages(id, [cleaningPlugin]);
    const head = await login(personWith('head'));
    const list = (await req('/cleaning/zones', head)).html;
    expect(missingIn(list)).toBe(grid.length - 1);
    expect(missingIn((await req('/cleaning', head)).html)).toBeGreaterThan(0);
    expect((await req('/cleaning/zones?lang=en', head)).html).toContain('(column missing)');
    expect((await req('/cleaning/zones/new', head)).html).toContain(warns('楼栋'));
    // The zone's own page (its QR poster's target) and the check-in note whose column staff renamed.
    const zonePage = (await req(`/cleaning/c/${grid[1]![0]}`, head)).html;
    expect(missingIn(zonePage)).toBeGreaterThan(0);
    expect(zonePage).toContain(warns('问题说明'));
    expect(zonePage).toMatch(/id="cl-note"[^>]*disabled/);
    const before = (await emu.values(id, zones.zh)).length;
    const sent = await req('/cleaning/zones', head, {
      _key: 'k-missing-building',
      name: '新操场',
      building: '东区',
      partyType: 'class',
      party: '七年级(1)班',
    });
    expect(sent.status).toBe(409);
    expect(await emu.values(id, zones.zh)).toHaveLength(before);
  });

  it('stores: stock list, request page and print, and the request form; a request with a 部门 is refused', async () => {
    const id = await emu.create(allTabs, 'missing column: stores');
    const items = await rename(id, storeTabs.storeItems, '存放位置', '放在');
    const requests = await rename(id, storeTabs.purchaseRequests, '部门', '科室');
    const req = pages(id, [storesPlugin]);
    const head = await login(personWith('head'));
    const stock = (await req('/stores/stock', head)).html;
    expect(missingIn(stock)).toBeGreaterThan(0);
    expect(missingIn(stock)).toBeLessThanOrEqual(items.length - 1);
    const number = String(requests[1]![0]);
    expect((await req(`/stores/requests/${number}`, head)).html).toContain('<span class="missing-col">（缺列）</span>');
    expect((await req(`/stores/requests/${number}/print`, head)).html).toContain('<td><span class="missing-col">（缺列）</span></td>');
    expect((await req(`/stores/requests/${number}?lang=en`, head)).html).toContain('(column missing)');
    expect((await req('/stores/requests/new', head)).html).toContain(warns('部门'));
    const before = (await emu.values(id, storeTabs.purchaseRequests.zh)).length;
    const neededBy = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const sent = await req('/stores/requests', head, {
      _key: 'k-missing-department',
      purpose: '大扫除',
      department: '总务处',
      neededBy,
      name_1: '扫帚',
      unit_1: '把',
      qty_1: '2',
    });
    expect(sent.status).toBe(409);
    expect(await emu.values(id, storeTabs.purchaseRequests.zh)).toHaveLength(before);
  });
});
