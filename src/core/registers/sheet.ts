/**
 * Registers a school declares in its own spreadsheet: one row of the 登记簿 tab names a tab,
 * and that tab's header row, dropdowns (data validation), number formats and header notes
 * make the columns. No code, no deploy; a mistake is a data problem naming the cell.
 *
 * Column types: a dropdown → a choice of its values; a checkbox → yes/no; a date / date-time
 * / currency / number format on the first data row → that type; otherwise text. A header note
 * can say more: 人员 / 场所 / 班级 / 资产 (a choice from that tab), 照片 (a photo), 多行 (long
 * text), 必填 (required), 自动 (filled in by the portal: now, today or the person). The first
 * note line is shown as the field's help. The ID column is the one headed 编号 (or ID).
 */
import type { ColumnDef, TabDef } from '../../../sheets-schema/index.js';
import type { Role } from '../../env.js';
import { parseRule } from '../rules.js';
import { columnLetter } from '../sheets/a1.js';
import type { GridCell, SheetLayout } from '../sheets/types.js';
import { normalizeHeader } from '../table/headers.js';
import type { DataProblem, Table, TableRow, Text } from '../table/types.js';
import type { FieldOptions, RefKind, RegisterDef } from './types.js';

const ROLE_WORDS: Array<[RegExp, Role[]]> = [
  [/^(所有人|全部|全体|everyone|all)$/i, ['head', 'staff', 'class_head', 'teacher', 'leader']],
  [/^(后勤主任|总务主任|主任|head|headoflogistics)$/i, ['head']],
  [/^(后勤人员|后勤|工勤|staff|logisticsstaff)$/i, ['staff']],
  [/^(班主任|classhead|classheadteacher)$/i, ['class_head']],
  [/^(教师|老师|teacher|teachers)$/i, ['teacher']],
  [/^(校领导|领导|校长|leader|leadership)$/i, ['leader']],
];

/** '后勤主任、后勤人员' → roles, or the words it could not read. */
export function parseRoles(text: string): { roles: Role[]; unknown: string[] } {
  const roles = new Set<Role>();
  const unknown: string[] = [];
  for (const word of text
    .split(/[,，、;；/\s]+/)
    .map((w) => normalizeHeader(w))
    .filter(Boolean)) {
    const found = ROLE_WORDS.find(([re]) => re.test(word));
    if (found) found[1].forEach((r) => roles.add(r));
    else unknown.push(word);
  }
  return { roles: [...roles], unknown };
}

const REF_WORDS: Array<[RegExp, RefKind]> = [
  [/人员|people|person/i, 'person'],
  [/场所|房间|room/i, 'room'],
  [/班级|class/i, 'class'],
  [/资产|asset/i, 'asset'],
  [/责任区|zone/i, 'zone'],
];
const isIdHeader = (h: string) => /^(编号|id|序号|编码)$/i.test(normalizeHeader(h));

function typeOf(first: GridCell | undefined): { type: ColumnDef['type']; allowed?: ColumnDef['allowed'] } {
  const rule = first?.dataValidation?.condition;
  if (rule?.type === 'ONE_OF_LIST') {
    const values = (rule.values ?? []).map((v) => String(v.userEnteredValue ?? '').trim()).filter(Boolean);
    if (values.length) return { type: 'enum', allowed: values.map((v) => ({ key: v, zh: v, en: v })) };
  }
  if (rule?.type === 'BOOLEAN') return { type: 'boolean' };
  switch (first?.userEnteredFormat?.numberFormat?.type) {
    case 'DATE':
      return { type: 'date' };
    case 'DATE_TIME':
    case 'TIME':
      return { type: 'datetime' };
    case 'CURRENCY':
      return { type: 'money' };
    case 'NUMBER':
    case 'PERCENT':
    case 'SCIENTIFIC':
      return { type: 'number' };
  }
  return { type: 'text' };
}

/** The register's tab and field options from the tab's layout. */
export function tabFromLayout(
  id: string,
  title: string,
  layout: SheetLayout,
): { tab: TabDef; fields: Record<string, FieldOptions>; problems: DataProblem[] } {
  const problems: DataProblem[] = [];
  const columns: ColumnDef[] = [];
  const fields: Record<string, FieldOptions> = {};
  const seen = new Set<string>();
  let idColumn: string | null = null;
  layout.header.forEach((cell, i) => {
    const text = String(cell.formattedValue ?? '').trim();
    if (!text) return;
    const key = normalizeHeader(text);
    if (seen.has(key)) {
      problems.push({
        sheet: title,
        sheetId: layout.sheetId,
        cell: `${columnLetter(i)}1`,
        value: text,
        expected: { zh: '表头重复：每列的标题要不同', en: 'Duplicate header: every column needs its own title' },
      });
      return;
    }
    seen.add(key);
    const note = String(cell.note ?? '').trim();
    const { type, allowed } = typeOf(layout.first[i]);
    const col: ColumnDef = { key: text, zh: text, en: text, type: isIdHeader(text) ? 'id' : type, ...(allowed ? { allowed } : {}) };
    if (/必填|required/i.test(note)) Object.assign(col, { required: true });
    const opts: FieldOptions = {};
    const ref = REF_WORDS.find(([re]) => re.test(note));
    if (ref && type === 'text') opts.ref = ref[1];
    if (/照片|photo/i.test(note) || /^照片$/.test(text)) opts.photo = true;
    if (/多行|longtext/i.test(note) && type === 'text') col.type = 'longtext' as ColumnDef['type'];
    if (/自动|auto/i.test(note)) opts.auto = type === 'datetime' ? 'now' : type === 'date' ? 'today' : 'me';
    const help = note.split('\n')[0]!.trim();
    if (help) Object.assign(col, { help: { zh: help, en: help } });
    if (Object.keys(opts).length) fields[text] = opts;
    if (col.type === 'id' && !idColumn) idColumn = text;
    columns.push(col);
  });
  if (!idColumn) {
    problems.push({
      sheet: title,
      sheetId: layout.sheetId,
      cell: 'A1',
      value: String(layout.header[0]?.formattedValue ?? ''),
      expected: {
        zh: '登记簿的工作表需要一列“编号”（门户用它找到每一行）',
        en: 'A register tab needs an "ID" (编号) column: the portal finds rows by it',
      },
    });
  }
  const tab: TabDef = {
    key: `sheet:${id}`,
    zh: title,
    en: title,
    idColumn: idColumn ?? '编号',
    idPrefix:
      id
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .slice(0, 6) || 'RG',
    columns,
  };
  return { tab, fields, problems };
}

/** The school's own registers from its 登记簿 rows and their tabs' layouts. */
export function sheetRegisters(
  catalog: Table,
  layouts: Record<string, SheetLayout>,
  takenIds: ReadonlySet<string>,
): { registers: RegisterDef[]; problems: DataProblem[] } {
  const registers: RegisterDef[] = [];
  const problems: DataProblem[] = [];
  const cellOf = (row: TableRow, key: string) => `${columnLetter(catalog.header.index[key] ?? 0)}${row.row}`;
  for (const row of catalog.rows) {
    const v = row.values;
    if (v.enabled !== true) continue;
    const problem = (key: string, expected: Text, value: unknown = v[key]) =>
      problems.push({
        sheet: catalog.title,
        cell: cellOf(row, key),
        value: value === undefined || value === null ? null : String(value),
        column: key,
        rowId: row.id,
        expected,
      });
    const id = row.id.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/.test(id)) {
      problem('id', {
        zh: '编号只能用字母、数字和短横线（它是网址的一部分），如 first-aid',
        en: 'The ID may hold letters, digits and dashes only (it is part of the address), e.g. first-aid',
      });
      continue;
    }
    if (takenIds.has(id) || registers.some((r) => r.id === id)) {
      problem('id', { zh: `编号“${id}”已被另一个登记簿使用`, en: `The ID "${id}" is already used by another register` });
      continue;
    }
    const title = String(v.tab ?? '').trim();
    const layout = layouts[title];
    if (!layout) {
      problem('tab', {
        zh: `找不到工作表“${title}”：请先建好该工作表（第一行为表头）`,
        en: `There is no tab "${title}": make it first (headers in row 1)`,
      });
      continue;
    }
    const { tab, fields, problems: tabProblems } = tabFromLayout(id, title, layout);
    problems.push(...tabProblems);
    if (tabProblems.some((p) => p.cell === 'A1' && !tab.columns.some((c) => c.type === 'id'))) continue;
    const roles = (key: 'add' | 'view', fallback: Role[]) => {
      const text = String(v[key] ?? '').trim();
      if (!text) return fallback;
      const { roles: found, unknown } = parseRoles(text);
      if (unknown.length)
        problem(key, {
          zh: `无法识别“${unknown.join('、')}”：可写 后勤主任、后勤人员、班主任、教师、校领导 或 所有人`,
          en: `Cannot read "${unknown.join(', ')}": write head of logistics, logistics staff, class head teacher, teacher, leadership or everyone`,
        });
      return found.length ? found : fallback;
    };
    const add = roles('add', ['head']).filter((r) => r !== 'leader');
    const view = [...new Set([...roles('view', [...add, 'leader']), ...add])];
    const column = (key: 'qrColumn' | 'expiryColumn' | 'groupBy', ok: (c: ColumnDef) => boolean, what: Text): string | undefined => {
      const text = String(v[key] ?? '').trim();
      if (!text) return undefined;
      const col = tab.columns.find((c) => normalizeHeader(c.zh) === normalizeHeader(text));
      if (!col) problem(key, { zh: `工作表“${title}”中没有“${text}”这一列`, en: `The tab "${title}" has no column "${text}"` });
      else if (!ok(col)) problem(key, what);
      else return col.key;
      return undefined;
    };
    const qrColumn = column('qrColumn', () => true, { zh: '', en: '' });
    const expiry = column('expiryColumn', (c) => c.type === 'date' || c.type === 'datetime', {
      zh: '有效期列应为日期格式的列（在表格中把该列设为“日期”格式）',
      en: 'The expiry column must be date-formatted (format the column as a date in the sheet)',
    });
    const groupBy = column('groupBy', (c) => c.type === 'enum', {
      zh: '汇总列应为有下拉选项的列',
      en: 'The summary column must be a column with a dropdown',
    });
    const ruleText = String(v.rule ?? '').trim();
    let rule: string | undefined;
    if (ruleText) {
      const parsed = parseRule(ruleText);
      if (parsed.ok) rule = ruleText;
      else problem('rule', parsed.message);
    }
    registers.push({
      id,
      tab,
      tabKey: `sheet:${id}`,
      name: { zh: String(v.name ?? id), en: String(v.name ?? id) },
      ...(v.notes ? { help: { zh: String(v.notes), en: String(v.notes) } } : {}),
      add,
      view,
      fields,
      dateColumn: tab.columns.find((c) => c.type === 'datetime' || c.type === 'date')?.key,
      ...(qrColumn ? { qrColumn } : {}),
      ...(rule ? { checks: { rule } } : {}),
      ...(expiry ? { expiry: { column: expiry } } : {}),
      ...(groupBy ? { groupBy } : {}),
      declaredAt: { sheet: catalog.title, row: row.row },
    });
  }
  return { registers, problems };
}
