/**
 * Which registers a school has — the code declarations plus the enabled rows of its 登记簿
 * tab — and reading a register's rows through the gateway (sheet-declared tabs as `sheet:<ID>`).
 */
import type { TabKey } from '../../../sheets-schema/index.js';
import type { SchoolData } from '../data/types.js';
import type { DataProblem, Table } from '../table/types.js';
import { sheetRegisters } from './sheet.js';
import type { RegisterDef } from './types.js';

/**
 * Costs nothing on a warm gateway: the 登记簿 snapshot and the tabs' layouts (one
 * spreadsheets.get with a field mask) are kept for the read staleness window.
 */
/** Problems of the declarations and layouts (the 登记簿 tab's own unreadable cells are the table layer's). */
export async function registersFor(
  data: SchoolData,
  code: readonly RegisterDef[],
): Promise<{ registers: RegisterDef[]; problems: DataProblem[] }> {
  if (!data.sheetLayouts || !data.declareTabs) return { registers: [...code], problems: [] };
  const { registerCatalog } = await data.read(['registerCatalog']);
  const titles = [
    ...new Set(
      registerCatalog.rows
        .filter((r) => r.values.enabled === true)
        .map((r) => String(r.values.tab ?? '').trim())
        .filter(Boolean),
    ),
  ];
  let layouts = {};
  const problems: DataProblem[] = [];
  try {
    layouts = titles.length ? await data.sheetLayouts(titles) : {};
  } catch (err) {
    // Google down: the school's own registers wait; the shipped ones still work.
    problems.push({
      sheet: registerCatalog.title,
      cell: 'A1',
      value: null,
      expected: { zh: `暂时无法读取登记簿的工作表结构（${String(err)}）`, en: `Cannot read the registers' tabs just now (${String(err)})` },
    });
  }
  const own = sheetRegisters(registerCatalog, layouts, new Set(code.map((r) => r.id)));
  if (own.registers.length) await data.declareTabs(Object.fromEntries(own.registers.map((r) => [r.tabKey, r.tab])));
  return { registers: [...code, ...own.registers], problems: [...problems, ...own.problems] };
}

export async function readRegister(data: SchoolData, def: RegisterDef): Promise<Table> {
  const key = def.tabKey as TabKey;
  return (await data.read([key]))[key];
}
