/**
 * `npm run import -- <file.xlsx|file.csv> --into <tab>` — bring an existing register
 * (资产登记册, 人员名单, …) into the school's spreadsheet.
 *
 *   npm run import -- 资产登记册.xlsx --into 资产 --spreadsheet <ID> --key key.json --dry-run
 *   npm run import -- 资产登记册.xlsx --into 资产 --spreadsheet <ID> --key key.json --default 状态=在用 --yes
 *
 * Columns are matched by header (aliases, or `--map map.json`), every row is validated,
 * IDs are de-duplicated (and assigned where missing), a preview is shown, and only then
 * are rows written — RAW, header-mapped, in batches, each with an audit row.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tabs as schemaTabs, type TabDef } from '../../sheets-schema/index.js';
import { columnLetter } from '../../src/core/sheets/a1.js';
import { matchColumn, normalizeHeader } from '../../src/core/table/headers.js';
import type { Value } from '../../src/core/table/types.js';
import { localDateTime } from '../../src/core/time.js';
import { bindValues, valueOptionNames } from '../setup/args.js';
import type { CliIo } from '../setup/cli.js';
import { connect, type ConnectDeps } from '../setup/connect.js';
import { explainGoogleError, SetupError } from '../setup/errors.js';
import { findHeader, type ColumnMap, type HeaderMatch } from './header.js';
import { AUTO_COLUMNS, IdAssigner, planImport, type ImportPlan } from './plan.js';
import { readGrid } from './read-file.js';
import { appendRecords, readTarget, type Target } from './write.js';

const consoleIo: CliIo = { out: (t) => console.log(t), err: (t) => console.error(t) };

const USAGE = `用法 / Usage:
  npm run import -- <文件.xlsx|文件.csv> --into <工作表> --spreadsheet <ID> (--key <服务账号密钥.json> | --oauth-client credentials.json)
      [--map map.json] [--default 列=值 …] [--sheet <Excel 工作表>] [--by <导入人>] [--dry-run] [--yes] [--api <url>]`;

export interface ImportDeps extends ConnectDeps {
  /** Asked before writing when not --yes (default: a y/N question on a terminal, yes otherwise). */
  confirm?: (question: string) => Promise<boolean>;
}

/** The schema tab named by --into: key, zh or English title, or an alias. Never the audit log. */
export function tabNamed(name: string): TabDef {
  const n = normalizeHeader(name);
  const tab = (Object.values(schemaTabs) as TabDef[]).find((t) =>
    [t.key, t.zh, t.en, ...(t.aliases ?? [])].some((x) => normalizeHeader(x) === n),
  );
  if (!tab || tab.key === 'audit') {
    const list = (Object.values(schemaTabs) as TabDef[])
      .filter((t) => t.key !== 'audit')
      .map((t) => `${t.zh}（${t.key}）`)
      .join('、');
    throw new SetupError(
      {
        zh: tab ? '操作日志不能导入' : `没有名为「${name}」的工作表`,
        en: tab ? 'The audit log cannot be imported into' : `There is no tab called "${name}"`,
      },
      { zh: `用 --into 指定以下之一：${list}`, en: `Use --into with one of: ${list}` },
    );
  }
  return tab;
}

function readMap(path: string): ColumnMap {
  try {
    const map = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (!map || typeof map !== 'object' || Array.isArray(map) || Object.values(map).some((v) => v !== null && typeof v !== 'string'))
      throw new Error('{"文件中的列标题": "表格中的列标题" 或 null}');
    return map as ColumnMap;
  } catch (e) {
    throw new SetupError(
      { zh: `映射文件 ${path} 无法读取：${(e as Error).message}`, en: `Cannot read the mapping file ${path}: ${(e as Error).message}` },
      {
        zh: '映射文件是 JSON，如 {"物品名称": "名称", "存放处": "存放地点", "序号": null}（null = 不导入该列）。',
        en: 'A mapping file is JSON such as {"物品名称": "名称", "存放处": "存放地点", "序号": null} (null = leave that column out).',
      },
    );
  }
}

/** --default 状态=在用 → { status: '在用' } (column by header or key). */
function readDefaults(tab: TabDef, items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf('=');
    const name = at > 0 ? item.slice(0, at) : '';
    const col = tab.columns.find((c) => c.key === name) ?? matchColumn(tab, name);
    if (!col) {
      throw new SetupError(
        { zh: `--default ${item}：「${tab.zh}」没有列「${name}」`, en: `--default ${item}: "${tab.zh}" has no column "${name}"` },
        {
          zh: `写成 --default 列标题=值，如 --default ${tab.columns.find((c) => c.required && c.key !== tab.idColumn)?.zh ?? '列'}=…`,
          en: 'Write --default <column>=<value>.',
        },
      );
    }
    out[col.key] = item.slice(at + 1);
  }
  return out;
}

function display(tab: TabDef, key: string, v: Value | undefined): string {
  if (v === null || v === undefined) return '';
  const col = tab.columns.find((c) => c.key === key);
  if (col?.type === 'enum') return col.allowed?.find((a) => a.key === v)?.zh ?? String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v).replace('T', ' ');
}

/** The preview: mapping, what will be written, and every skipped row with its reason. */
export function preview(tab: TabDef, header: HeaderMatch, target: Target, plan: ImportPlan, source: string): string {
  const lines: string[] = [
    `读取 / Read: ${source}，表头在第 ${header.row + 1} 行 / header on row ${header.row + 1}`,
    '',
    '列对应 / Columns:',
  ];
  for (const c of header.columns) {
    const to = c.column
      ? `${c.column.zh}（${c.column.en}）${c.via === 'alias' ? ' [别名 alias]' : c.via === 'map' ? ' [映射 map]' : ''}`
      : '';
    const what =
      c.via === 'ignored'
        ? '不导入 / left out (map)'
        : c.via === 'unknown'
          ? '不导入：不认识此列 / left out: unknown column'
          : c.via === 'duplicate'
            ? `不导入：与前面的列重复 / left out: repeats ${c.column?.zh}`
            : `→ ${to}`;
    lines.push(`  ${columnLetter(c.index)}「${c.text}」 ${what}`);
  }
  const absent = tab.columns.filter((c) => header.index[c.key] !== undefined && target.target.header.index[c.key] === undefined);
  if (absent.length) {
    lines.push(
      '',
      `注意：表格「${target.target.title}」没有这些列，其值不会写入（先运行 npm run setup -- --upgrade）：${absent.map((c) => c.zh).join('、')}`,
      `Note: "${target.target.title}" lacks these columns; their values are not written (run npm run setup -- --upgrade first): ${absent.map((c) => c.en).join(', ')}`,
    );
  }
  const assigned = plan.records.filter((r) => r.assigned).length;
  lines.push(
    '',
    `将写入 ${plan.records.length} 行（其中 ${assigned} 行自动分配编号），跳过 ${plan.skipped.length} 行。`,
    `${plan.records.length} row(s) to write (${assigned} with an assigned ID), ${plan.skipped.length} skipped.`,
  );
  const shown = plan.records.slice(0, 10);
  if (shown.length) {
    const keys = tab.columns.filter((c) => header.index[c.key] !== undefined || c.key === tab.idColumn).map((c) => c.key);
    lines.push(
      '',
      `前 ${shown.length} 行 / First ${shown.length} row(s):`,
      `  行 | ${keys.map((k) => tab.columns.find((c) => c.key === k)!.zh).join(' | ')}`,
    );
    for (const r of shown)
      lines.push(`  ${r.line} | ${keys.map((k) => display(tab, k, r.values[k])).join(' | ')}${r.assigned ? '  (新编号 new ID)' : ''}`);
  }
  if (plan.skipped.length) {
    lines.push('', '跳过的行 / Skipped rows:');
    for (const s of plan.skipped) lines.push(`  第 ${s.line} 行：${s.reason.zh}`, `    row ${s.line}: ${s.reason.en}`);
  }
  return lines.join('\n');
}

async function askOnTerminal(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return true;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^(y|yes|是|好)$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

const OPTIONS = {
  into: { type: 'string' },
  spreadsheet: { type: 'string' },
  map: { type: 'string' },
  default: { type: 'string', multiple: true },
  sheet: { type: 'string' },
  by: { type: 'string' },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  key: { type: 'string' },
  'oauth-client': { type: 'string' },
  api: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Run the importer; returns the process exit code. */
export async function main(argv: string[], deps: ImportDeps = {}, io: CliIo = consoleIo): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: bindValues(argv, valueOptionNames(OPTIONS)),
        allowPositionals: true,
        options: OPTIONS,
      });
    } catch (e) {
      throw new SetupError(
        { zh: `参数有误：${(e as Error).message}`, en: `Bad arguments: ${(e as Error).message}` },
        { zh: USAGE, en: 'See the usage above.' },
      );
    }
    const { values: a, positionals } = parsed;
    if (a.help) {
      io.out(USAGE);
      return 0;
    }
    const file = positionals[0];
    if (!file || !a.into)
      throw new SetupError(
        { zh: '请给出要导入的文件和 --into 工作表', en: 'Give the file to import and --into <tab>' },
        { zh: USAGE, en: 'See the usage above.' },
      );
    const spreadsheetId = a.spreadsheet ?? process.env.SPREADSHEET_ID;
    if (!spreadsheetId)
      throw new SetupError(
        { zh: '请用 --spreadsheet 指定表格 ID', en: 'Give the spreadsheet ID with --spreadsheet' },
        { zh: '表格 ID 是表格地址中 /d/ 与 /edit 之间的部分。', en: 'The ID is the part of its address between /d/ and /edit.' },
      );

    // Everything about the file is checked before Google is contacted.
    const tab = tabNamed(a.into);
    const defaults = readDefaults(tab, a.default ?? []);
    const map = a.map ? readMap(a.map) : undefined;
    const { grid, source } = await readGrid(file, tab, a.sheet ? { sheet: a.sheet } : {});
    const header = findHeader(grid, tab, { ...(map ? { map } : {}), defaults, canAssignIds: new IdAssigner(tab, []).canAssign });

    const google = await connect({ key: a.key, oauthClient: a['oauth-client'], api: a.api }, deps);
    const ctx = { spreadsheetId, ...(google.actingAs ? { actingAs: google.actingAs } : {}) };
    const target = await readTarget(google.sheets, spreadsheetId, tab, ctx);
    const by = a.by?.trim() || 'npm run import';
    const auto: Record<string, Value> = {};
    for (const key of AUTO_COLUMNS) {
      if (header.index[key] !== undefined || !tab.columns.some((c) => c.key === key)) continue;
      auto[key] = key === 'updatedAt' ? localDateTime() : by;
    }
    const plan = planImport(grid, tab, header, {
      existing: new Set(target.target.table.rows.map((r) => r.id)),
      existingRows: target.target.table.rows,
      defaults,
      auto,
    });
    io.out(preview(tab, header, target, plan, source));

    if (a['dry-run']) {
      io.out('\n试运行：没有写入任何内容。/ Dry run: nothing was written.');
      return 0;
    }
    if (plan.records.length === 0) {
      io.out('\n没有要写入的行。/ Nothing to write.');
      return 0;
    }
    const ask = deps.confirm ?? askOnTerminal;
    if (
      !a.yes &&
      !(await ask(`\n写入 ${plan.records.length} 行到「${target.target.title}」？(y/N) / Write ${plan.records.length} rows? `))
    ) {
      io.out('已取消，没有写入任何内容。/ Cancelled: nothing was written.');
      return 0;
    }
    const written = await appendRecords(
      google.sheets,
      spreadsheetId,
      target,
      plan.records,
      { person: by, action: `${tab.key}.import` },
      ctx,
      (n) => io.out(`  … ${n}/${plan.records.length}`),
    );
    io.out(
      `\n✔ 已写入 ${written} 行到「${target.target.title}」，并记入「${target.audit.title}」。跳过 ${plan.skipped.length} 行（见上）。`,
    );
    io.out(
      `✔ Wrote ${written} row(s) to "${target.target.title}", each recorded in "${target.audit.title}". ${plan.skipped.length} row(s) skipped (listed above).`,
    );
    return 0;
  } catch (err) {
    io.err(explainGoogleError(err).display());
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
